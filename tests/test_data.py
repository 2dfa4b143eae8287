"""Facts of the curated data, checked against what the seeds and the legal texts say."""

import subprocess
import sys
from pathlib import Path

import pytest

from psgraph.turtle import memory_store

PREFIXES = """
PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX bfr: <https://w3id.org/psgraph/id/body/fr/>
PREFIX buk: <https://w3id.org/psgraph/id/body/uk/>
PREFIX ofr: <https://w3id.org/psgraph/id/office/fr/>
PREFIX src: <https://w3id.org/psgraph/id/source/>
"""


@pytest.fixture(scope="module")
def store(real_project):
    return memory_store(real_project.graph_files())


def ask(store, query: str) -> bool:
    return bool(store.query(PREFIXES + query))


def test_gltd_is_headed_by_the_prosecutor(store) -> None:
    assert ask(store, """ASK { psg:GLTD psg:requiresMember [ psg:seatHolder ofr:procureur ; org:role psg:ChairRole ] }""")


def test_cls_replacement_by_clspd_is_recorded_as_partial(store) -> None:
    assert ask(store, """ASK { ?e psg:originalType psg:CLS ; psg:resultingType psg:CLSPD ; psg:partial true ;
                               psg:citation/dcterms:source src:seed-000 }""")


def test_cdpd_date_disagreement_keeps_both_sides(store) -> None:
    rows = list(store.query(PREFIXES + """
        SELECT ?value ?source WHERE { ?d psg:about psg:CDPD ; psg:aspect psg:startDate ;
            psg:claim [ psg:claimedValue ?value ; psg:citation/dcterms:source ?source ] }"""))
    values = {row["value"].value for row in rows}
    assert "2002" in values and any("1983" in v for v in values)
    assert any(row["source"].value.endswith("seed-000") for row in rows)


def test_cispd_is_inter_municipal_with_the_seed_wording_recorded(store) -> None:
    assert ask(store, "ASK { psg:CISPD psg:typeLevel psg:InterMunicipal }")
    assert ask(store, """ASK { ?d psg:about psg:CISPD ; psg:claim [ psg:claimedValue "regional" ] }""")


def test_lyon_clspd_has_a_citizens_committee_and_statutory_seats(store) -> None:
    assert ask(store, "ASK { ?c a psg:CitizensAdvisoryCommittee ; psg:subBodyOf bfr:clspd-lyon }")
    for office in ("mayor", "prefect", "procureur"):
        assert ask(store, f"ASK {{ [] org:organization bfr:clspd-lyon ; org:member ofr:{office} }}"), office


def test_kent_and_essex_collaboration_and_project_athena(store) -> None:
    assert ask(store, """ASK { buk:kent-essex-collaboration a psg:PoliceCollaboration ; psg:level psg:Regional .
        [] org:organization buk:kent-essex-collaboration ; org:member <https://w3id.org/psgraph/id/organisation/uk/kent-police> .
        [] org:organization buk:kent-essex-collaboration ; org:member <https://w3id.org/psgraph/id/organisation/uk/essex-police> }""")
    assert ask(store, "ASK { buk:project-athena psg:classifiedAs psg:N8PoliceCollaboration }")
    assert ask(store, "ASK { buk:n8prp a psg:PoliceAcademicPartnership ; psg:level psg:Regional }")


def test_official_eli_uris_use_the_publishers_patterns(store) -> None:
    rows = store.query(PREFIXES + "SELECT ?law ?eli WHERE { ?law psg:eli ?eli }")
    patterns = {"/law/fr/": "https://www.legifrance.gouv.fr/eli/",
                "/law/uk/": "http://www.legislation.gov.uk/id/",
                "/law/eu/": "http://data.europa.eu/eli/"}
    seen = 0
    for row in rows:
        law, eli = row["law"].value, row["eli"].value
        expected = next(prefix for marker, prefix in patterns.items() if marker in law)
        assert eli.startswith(expected), (law, eli)
        seen += 1
    assert seen >= 15


def test_repealed_eucpn_decision_is_marked_and_linked(store) -> None:
    assert ask(store, """ASK { <https://w3id.org/psgraph/id/law/eu/dec-2009-902> eli:repeals ?old .
                               ?old eli:in_force eli:InForce-notInForce ; psg:celex "32001D0427" }""")


def test_medium_confidence_facts_say_so(store) -> None:
    # The CODAF decree numbers are rated medium in the sources file.
    assert ask(store, """ASK { <https://w3id.org/psgraph/id/law/fr/decret-2008-371>
                                   psg:citation/psg:confidence psg:MediumConfidence }""")


def test_every_quote_occurs_in_the_seed_texts(real_project) -> None:
    tool = real_project.root.parent / "shared" / "tools" / "check-quotes"
    if not tool.exists():
        pytest.skip(f"{tool} is not beside the checkout")
    result = subprocess.run([sys.executable, str(tool), str(Path(real_project.root) / "data")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 not found" in result.stdout
