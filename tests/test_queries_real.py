"""The canned queries on the curated data, checked against what the seed texts say."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.store import open_store
from tests.querykit import rows, run

CLSPD_LYON, CDPD_RHONE, CIPDR = "bfr:clspd-lyon", "bfr:cdpd-69", "bfr:cipdr"
BFR = "https://w3id.org/psgraph/id/body/fr/"


@pytest.fixture(scope="module")
def store(real_project) -> ox.Store:
    build(real_project)
    return open_store(real_project)


def _names(table, column: str) -> set[str]:
    return {value.replace(BFR, "bfr:") for (value,) in rows(table, column) if value}


def test_same_level_overlap_finds_the_lyon_council_and_observatory(store) -> None:
    found = rows(run(store, "same-level-overlap", country="terr:fr"), "bodyA", "bodyB", "sharedDomains")
    assert any("clspd-lyon" in a and "lyon-observatory" in b and "urban crime and safety" in d for a, b, d in found)


def test_vertical_overlap_sees_county_and_national_unlinked_but_not_the_linked_clspd(store) -> None:
    pairs = {(lower.rsplit("/", 1)[-1], higher.rsplit("/", 1)[-1])
             for lower, higher in rows(run(store, "vertical-overlap", territory="tfrd:69"), "lower", "higher")}
    assert ("cdpd-69", "cipdr") in pairs          # no recorded link between the two levels
    assert ("clspd-lyon", "cdpd-69") not in pairs  # the CLSPD reports to the CDPD (CSI D132-7)
    # France's 101 departmental councils and the national committee make one row, not 101
    national = rows(run(store, "vertical-overlap", country="terr:fr"), "lower", "higher", "lowerBodies")
    assert ("psg:CDPD", "https://w3id.org/psgraph/id/body/fr/cipdr", "101") in national
    assert not any(lower.endswith("/cdpd-69") for lower, _, _ in national)


def test_vertical_overlap_with_linked_pairs_shows_each_csp_beside_its_pcc(store) -> None:
    """Each Community Safety Partnership co-operates with its police and crime commissioner (Police
    Reform and Social Responsibility Act 2011, s. 10): linked, they never show by default; asked for,
    they do, with the link named."""
    pcc = "https://w3id.org/psgraph/id/body/uk/pcc-"

    def csp_pcc(table) -> dict[tuple[str, str], str]:
        return {(lower, higher): link or "" for lower, higher, link in rows(table, "lower", "higher", "link")
                if (lower == "psg:CSP" or "/body/uk/csp-" in lower) and higher.startswith(pcc)}

    default = run(store, "vertical-overlap")
    linked = run(store, "vertical-overlap", linked="true")
    assert csp_pcc(default) == {}
    found = csp_pcc(linked)
    assert len(found) >= 30  # a row per commissioner, its partnerships counted in lowerBodies
    assert all("co-operates with" in link.split(" | ") for link in found.values())
    assert all("← supports (body type)" in link.split(" | ") for link in found.values())  # PCC supports CSP
    # the unlinked pairs are the default answer's, with no link
    columns = [c for c in default.variables if c != "linked"]
    unlinked = {row for row in rows(linked, *columns) if row[columns.index("link")] is None}
    assert unlinked == rows(default, *columns)


def test_vertical_overlap_already_shows_cispds_beside_their_communes_clspds(store) -> None:
    """A CISPD may stand beside the CLSPDs of its communes (CSI D132-8): no link joins the two types, so
    the default answer shows them; same-level-overlap does not, the two sitting at different levels."""
    pairs = rows(run(store, "vertical-overlap", country="terr:fr"), "lower", "higher", "lowerBodies")
    beside = [(lower, int(bodies)) for lower, higher, bodies in pairs
              if higher.startswith(BFR + "cispd-") and (lower == "psg:CLSPD" or lower.startswith(BFR + "clspd-"))]
    assert len(beside) >= 5 and sum(bodies for _, bodies in beside) >= 10
    same_level = rows(run(store, "same-level-overlap", country="terr:fr"), "bodyA", "bodyB")
    assert not any({"cispd" in a, "cispd" in b} == {True, False} and ("clspd" in a or "clspd" in b)
                   for a, b in same_level)


_SITS_IN_THE_RHONE = """PREFIX psg: <https://w3id.org/psgraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?body ?name WHERE {
  ?membership a org:Membership ; org:organization ?body ;
    org:member <https://w3id.org/psgraph/id/office/fr/%s> .
  ?body psg:territory/psg:within* <https://w3id.org/psgraph/id/territory/fr/departement/69> ;
    rdfs:label ?name FILTER (LANG(?name) = "en")
  FILTER NOT EXISTS { ?membership psg:endDate ?left } FILTER NOT EXISTS { ?body psg:endDate ?ended } }"""


def test_partnership_load_puts_prefect_and_prosecutor_on_every_rhone_council_they_sit_on(store) -> None:
    # The seed's two councils (the CDPD and the Lyon CLSPD) and those the harvest recorded in the
    # département, counted from the memberships themselves rather than from the load entries.
    found = rows(run(store, "partnership-load", territory="tfrd:69"), "seat", "member", "bodies", "bodyNames")
    load = {member.rsplit("/", 1)[-1]: (int(count), set(names.split(" | ")))
            for seat, member, count, names in found if seat.endswith("/departement/69")}
    for office in ("prefect", "procureur"):
        sits = [(row["body"].value, row["name"].value) for row in store.query(_SITS_IN_THE_RHONE % office)]
        names = {name for _, name in sits}
        assert {BFR + "cdpd-69", BFR + "clspd-lyon"} <= {body for body, _ in sits}
        assert load[office] == (len({body for body, _ in sits}), names), office


def test_partnership_load_of_a_country_covers_every_seat_inside_it(store) -> None:
    seats = {seat.rsplit("/", 1)[-1] for (seat,) in rows(run(store, "partnership-load", territory="terr:fr"), "seat")}
    assert {"69", "13", "69123"} <= seats          # the Rhône, the Bouches-du-Rhône, Lyon
    assert "essex" not in seats                     # a UK police area is not inside France


def test_statutory_seat_load_ranks_the_prosecutor_first_and_names_the_gltd_chair(store) -> None:
    table = run(store, "statutory-seat-load", country="terr:fr")
    first = dict(zip(table.variables, table.rows[0], strict=True))
    assert first["holder"].value.endswith("/procureur")
    assert "local crime treatment group (GLTD) (chair)" in first["seats"].value


def test_cls_and_clspd_coexist_and_ccpd_did_only_in_2002(store) -> None:
    today = rows(run(store, "coexisting-successors"), "predecessor", "successor", "partial")
    assert ("psg:CLS", "psg:CLSPD", "true") in today  # "not been entirely scrapped" (seed-000)
    assert ("psg:CCPD", "psg:CLSPD", "false") not in today
    in_2002 = rows(run(store, "coexisting-successors", as_of="2002-08-01"), "predecessor", "successor")
    assert ("psg:CCPD", "psg:CLSPD") in in_2002       # replaced by 1 October 2002 at the latest


def test_parallel_coordination_types_finds_cdpd_and_cdpr_on_radicalisation(store) -> None:
    found = rows(run(store, "parallel-coordination-types", country="terr:fr"), "level", "domainLabel", "typeNames")
    county = {names for level, domain, names in found if level == "psg:County" and domain.startswith("radicalisation")}
    assert county and "CDPD" in next(iter(county)) and "CDPR" in next(iter(county))


def test_similar_membership_finds_kent_essex_collaboration_and_athena(store) -> None:
    found = rows(run(store, "similar-membership"), "bodyA", "bodyB", "similarity")
    assert ("https://w3id.org/psgraph/id/body/uk/kent-essex-collaboration",
            "https://w3id.org/psgraph/id/body/uk/project-athena", "1") in found


def test_decoupled_bodies_are_the_voluntary_local_initiatives(store) -> None:
    names = _names(run(store, "decoupled-bodies", country="terr:fr"), "body")
    assert {"bfr:lyon-observatory", "bfr:roubaix-partners-meeting"} <= names
    assert CLSPD_LYON not in names  # reports to the CDPD


def test_level_chain_gap_no_regional_crime_prevention_body_in_france(store) -> None:
    found = rows(run(store, "level-chain-gaps", country="terr:fr"), "level", "domain")
    assert ("psg:Regional", "psg:CrimePrevention") in found
    assert ("psg:County", "psg:CrimePrevention") not in found


def test_mandates_without_oversight_include_the_fund_not_the_cdpd(store) -> None:
    names = _names(run(store, "mandates-without-oversight", country="terr:fr"), "arrangement")
    assert "bfr:fipd" in names and CDPD_RHONE not in names


def test_missing_statutory_members_only_before_the_2024_act(store) -> None:
    # The shapes require today's statutory seats, so the curated data has no gap today.
    assert run(store, "missing-statutory-members").rows == ()
    in_2010 = rows(run(store, "missing-statutory-members", as_of="2010-01-01"), "body", "holder")
    assert {(f"{BFR}clspd-{city}", "https://w3id.org/psgraph/id/office/fr/president-conseil-departemental")
            for city in ("lyon", "marseille", "nantes")} <= in_2010


def test_unsound_legal_basis_flags_bodies_without_one(store) -> None:
    names = _names(run(store, "unsound-legal-basis"), "arrangement")
    assert "bfr:scrt" in names and CLSPD_LYON not in names
    # No statutory body rests on a repealed text in the curated data: the EUCPN moved to its 2009 decision.
    assert "https://w3id.org/psgraph/id/body/eu/eucpn" not in names


def test_comparison_by_level_counts_both_french_municipal_types(store) -> None:
    found = rows(run(store, "bodies-by-country-level-domain", domain="psg:CrimePrevention"),
                 "country", "level", "bodyTypes")
    assert ("https://w3id.org/psgraph/id/territory/fr", "psg:Municipal", "2") in found  # CLSPD and CLS


def test_functional_equivalents_contrast_mayor_chair_and_no_statutory_chair(store) -> None:
    found = rows(run(store, "functional-equivalents"), "typeA", "typeB", "match", "chairsA", "chairsB")
    assert ("psg:CLSPD", "psg:CSP", "close", "mayor", None) in found


def test_lineage_of_the_departmental_council(store) -> None:
    steps = rows(run(store, "lineage", root="psg:CDPD1983"), "from", "to")
    assert steps == {("psg:CDPD1983", "psg:CDP2002"), ("psg:CDP2002", "psg:CDPD"), ("psg:CDPD", "psg:CDPD")}


def test_who_leads_the_gltd_is_the_prosecutor_led_body(store) -> None:
    found = rows(run(store, "who-leads"), "country", "authorityKind", "examples")
    judicial = [examples for country, kind, examples in found
                if country.endswith("/fr") and kind == "psg:Judicial"]
    assert judicial == ["local crime treatment group (GLTD): public prosecutor"]


def test_findings_compare_countries_and_levels(store) -> None:
    """The seeds' theme, as data: duplication in France and the UK, mismatches between levels."""
    duplication = run(store, "findings", kind="psg:DuplicationFinding")
    by_country = {(finding.rsplit("/", 1)[-1], country.rsplit("/", 1)[-1])
                  for finding, country in rows(duplication, "finding", "country")}
    assert by_country == {("superimposed-coordination-bodies", "fr"), ("cls-not-entirely-scrapped", "fr"),
                          ("multi-agency-duplication", "uk")}
    county = run(store, "findings", country="terr:fr", kind="psg:LevelMismatchFinding", level="psg:County")
    assert {f.rsplit("/", 1)[-1] for (f,) in rows(county, "finding")} == {
        "multi-layered-coordination", "multi-level-pitfalls", "centralised-expertise-out-of-step"}
    belgium = run(store, "findings", country="terr:be")
    assert len({f for (f,) in rows(belgium, "finding")}) == 3


def test_lineage_of_a_type_in_the_middle_of_its_chain(store) -> None:
    """A researcher asks for the lineage of the CLSPD: its roots, although the CLSPD is not first."""
    roots = {root for (root,) in rows(run(store, "lineage", of="psg:CLSPD"), "root")}
    assert roots == {"psg:CCPD", "psg:CLS"}
    councils = {(a.replace(BFR, ""), b.replace(BFR, ""))
                for a, b in rows(run(store, "lineage", of="bfr:cdpd-69"), "from", "to")}
    assert councils == {("cdpd-1992-69", "cdp-2002-69"), ("cdp-2002-69", "cdpd-69")}
    assert len(rows(run(store, "lineage"), "root", "from", "to")) > len(councils)  # unfiltered: all


def _examples():
    from psgraph.catalogue import load_catalogue
    from psgraph.project import Project
    from tests.conftest import REPO

    catalogue = load_catalogue(Project(REPO))
    return [(name, param.name, str(param.example)) for name, query in sorted(catalogue.items())
            for param in query.params if param.example is not None]


@pytest.mark.parametrize(("name", "param", "example"), _examples())
def test_every_example_a_query_page_offers_finds_something(store, name, param, example) -> None:
    """A query's form suggests an example value for each parameter: given alone, it must answer."""
    assert run(store, name, **{param: example}).rows, f"{name} with {param}={example} finds nothing"


def _names_of_queries():
    return sorted(name for name, _, _ in {(n, None, None) for n, _, _ in _examples()})


@pytest.mark.parametrize("name", _names_of_queries())
def test_a_query_in_french_answers_the_same_rows_with_french_labels(store, name) -> None:
    """lang=fr changes the language of the labels, never which rows are found."""
    from psgraph.querying import run_embedded
    from tests.querykit import canned

    query = canned(name)
    english = run_embedded(store, query, query.bind({}))
    french = run_embedded(store, query.in_language("fr"), query.bind({}))
    assert len(french.rows) == len(english.rows)
    labels = [i for i, v in enumerate(english.variables) if v.endswith("Label")]
    if labels and english.rows:
        tags = {row[i].language for row in french.rows for i in labels if isinstance(row[i], ox.Literal)}
        assert tags == {"fr"}, f"{name}: labels in {tags}"


def test_every_labelled_resource_has_a_label_in_each_language(store) -> None:
    """So that a query in either language never leaves a label cell empty (no fallback needed)."""
    for have, lacks in (("en", "fr"), ("fr", "en")):
        missing = list(store.query(f"""
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT DISTINCT ?x WHERE {{
              {{ ?x rdfs:label ?l }} UNION {{ ?x skos:prefLabel ?l }} FILTER(LANG(?l) = "{have}")
              FILTER NOT EXISTS {{ {{ ?x rdfs:label ?m }} UNION {{ ?x skos:prefLabel ?m }}
                                   FILTER(LANG(?m) = "{lacks}") }} }} LIMIT 5"""))
        assert missing == [], f"labelled in {have} but not in {lacks}: {[row[0].value for row in missing]}"


def _ontology_names() -> set[str]:
    from tests.conftest import REPO

    text = " ".join(path.read_text(encoding="utf-8") for path in (REPO / "ontology").glob("*.ttl"))
    return set(re.findall(r"(?:psg|skos|org):(\w+)", text)) | {"closeMatch", "relatedMatch", "exactMatch"}


@pytest.mark.parametrize("name", _names_of_queries())
def test_every_column_a_description_names_is_in_the_answer(store, name) -> None:
    """A description that names a column (rule_kind, coveredAbove …) promises it: the answer has it."""
    from tests.querykit import canned

    query = canned(name)
    columns = set(run(store, name).variables) | {param.name for param in query.params}
    known = _ontology_names()
    for text in (query.description_in("en"), query.description_in("fr")):
        named = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]+[A-Z]\w*\b", text))
        assert named <= columns | known, f"{name} names {sorted(named - columns - known)}, not in its answer"


def test_a_renaming_gives_both_names(store) -> None:
    renamed = rows(run(store, "lineage", of="bfr:cipdr"), "from", "to", "nameBefore", "nameAfter")
    assert renamed == {("https://w3id.org/psgraph/id/body/fr/cipdr", "https://w3id.org/psgraph/id/body/fr/cipdr",
                        "CIPD", "CIPDR")}
