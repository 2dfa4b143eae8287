"""Every identifier has a page (HTML for people, RDF by content negotiation), and search finds it."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from psgraph.build import build
from tests.serverkit import fetch, running_server

LYON = "/id/body/fr/clspd-lyon"


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--workers", "2") as url:
        yield url


def _page(server: str, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    status, response_headers, body = fetch(server + path, headers=headers or None)
    return status, dict(response_headers or {}), body.decode("utf-8")


def test_a_body_page_shows_its_members_sources_and_links(server) -> None:
    status, headers, page = _page(server, LYON)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<h1>Local Security and Crime Prevention Council of Lyon</h1>" in page
    assert "Members and seats" in page and ">mayor</a>" in page and ">chair</a>" in page
    assert "Coordinated by the mayor or a regional administrator" in page  # a verbatim quote
    assert 'href="/id/territory/fr/commune/69123"' in page  # its territory, as a page
    assert 'href="/ontology/CLSPD"' in page  # its type


def test_the_page_speaks_french_when_asked_and_remembers(server) -> None:
    status, headers, page = _page(server, LYON + "?lang=fr")
    assert status == 200 and '<html lang="fr">' in page
    assert "<h1>Conseil local de sécurité et de prévention de la délinquance de Lyon</h1>" in page
    assert "Membres et sièges" in page and ">maire</a>" in page
    assert "psgraph_lang=fr" in headers["Set-Cookie"]
    _, _, again = _page(server, LYON, Cookie="psgraph_lang=fr")
    assert '<html lang="fr">' in again


@pytest.mark.parametrize(("accept", "media", "marker"), [
    ("text/turtle", "text/turtle", "psg:chairedBy"),
    ("application/n-triples", "application/n-triples", "<https://w3id.org/psgraph/id/body/fr/clspd-lyon>"),
    ("application/ld+json", "application/ld+json", "clspd-lyon"),
    ("application/rdf+xml", "application/rdf+xml", "clspd-lyon"),
])
def test_content_negotiation_gives_the_description_as_data(server, accept, media, marker) -> None:
    status, headers, body = _page(server, LYON, Accept=accept)
    assert status == 200 and headers["Content-Type"].startswith(media) and marker in body
    assert "Accept" in headers["Vary"]


def test_the_description_holds_the_memberships_and_their_sources(server) -> None:
    _, _, body = _page(server, LYON + "?format=jsonld")
    assert "Coordinated by the mayor or a regional administrator" in body
    assert json.loads(body)  # well-formed


def test_ontology_terms_territories_offices_and_laws_have_pages(server) -> None:
    for path, heading in [("/ontology/CLSPD", "Local Security and Crime Prevention Council (CLSPD)"),
                          ("/id/territory/fr/departement/69", "Rhône"),
                          ("/id/office/fr/prefect", "prefect"),
                          ("/id/law/fr/csi/D132-5", "Internal Security Code, art. D132-5 (departmental council)")]:
        status, _, page = _page(server, path)
        assert status == 200 and f"<h1>{heading}</h1>" in page, path
    _, _, prefect = _page(server, "/id/office/fr/prefect")
    assert "Sits on" in prefect and "County Council for Crime Prevention (Rhône)" in prefect


def test_unknown_and_malformed_identifiers_get_clean_pages(server) -> None:
    status, _, page = _page(server, "/id/body/fr/no-such-council")
    assert status == 404 and 'action="/search"' in page
    assert _page(server, "/id/body/fr/no-such-council", Accept="text/turtle")[0] == 404
    status, _, page = _page(server, "/resource?iri=" + urllib.parse.quote("javascript:alert(1)"))
    assert status == 400 and "alert(1)" not in page
    for control in ("%00", "%01", "%7F", "%0A"):  # would end the <…> the IRI is written in, or is no IRI
        assert _page(server, f"/id/body/fr/x{control}y")[0] == 400
        assert _page(server, f"/resource?iri=http://a{control}b")[0] == 400
    assert _page(server, LYON + "?format=docx")[0] == 400
    assert _page(server, LYON, Accept="image/png")[0] == 406


def test_search_finds_bodies_and_offices_and_escapes_what_it_echoes(server) -> None:
    status, _, page = _page(server, "/search?q=clspd+lyon")
    assert status == 200 and f'href="{LYON}?lang=en"' in page
    _, _, page = _page(server, "/search?q=pr%C3%A9fet&lang=fr")
    assert 'href="/id/office/fr/prefect?lang=fr"' in page
    status, _, page = _page(server, "/search?q=" + urllib.parse.quote("<script>alert(1)</script>"))
    assert status == 200 and "<script>alert" not in page and "&lt;script&gt;" in page
    assert _page(server, "/search?q=" + "a" * 500)[0] == 400
    assert _page(server, "/search?q=lyon&lang=xx")[0] == 200  # an odd language falls back to English


def test_result_tables_link_to_the_pages(server) -> None:
    _, _, page = _page(server, "/queries/findings")
    assert 'href="/id/finding/' in page and "/sparql?query=DESCRIBE" not in page


def test_a_territory_page_lists_its_rules_and_the_bodies_above_it(server) -> None:
    status, _, page = _page(server, "/id/territory/fr/commune/69123")  # Lyon
    assert status == 200 and "Statutory rules that apply here" in page
    assert "CLSPD mandatory in communes over 5,000 inhabitants (since 2024)" in page
    assert 'href="/id/body/fr/clspd-lyon"' in page  # the body that meets the rule
    assert "Bodies on wider territories" in page and "County Council for Crime Prevention (Rhône)" in page
    # Caluire-et-Cuire: no council recorded (Villeurbanne's CLSPD is now observed, data/fr/intake)
    _, _, unmet = _page(server, "/id/territory/fr/commune/69034")
    section = unmet[unmet.index("Statutory rules that apply here"):unmet.index("Bodies on wider territories")]
    assert "Local Security and Crime Prevention Council of" not in section


def test_search_json_suggests_territories_for_a_form_field(server) -> None:
    status, headers, body = fetch(f"{server}/search.json?q=Avig&kind=territory&lang=fr")
    hits = json.loads(body)
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert hits[0] == {"iri": "https://w3id.org/psgraph/id/territory/fr/commune/84007", "value": "tfrc:84007",
                       "label": "Avignon", "context": "Vaucluse · 84007"}
    assert all(hit["value"].startswith(("tfrc:", "tfrd:", "tfre:", "tfrr:", "terr:")) for hit in hits)
    assert fetch(f"{server}/search.json?q=" + "x" * 300)[0] == 400


def test_levels_come_in_the_order_of_their_rank(real_project) -> None:
    from psgraph.build import build
    from psgraph.server.resources import level_order
    from psgraph.store import open_store

    build(real_project)
    names = [iri.rsplit("#", 1)[-1] for iri in level_order(open_store(real_project))]
    assert names == ["Supranational", "National", "Regional", "County", "InterMunicipal", "Municipal",
                     "Neighbourhood"]


def test_a_page_leaves_out_the_nodes_the_build_materialises(server) -> None:
    status, _, page = _page(server, "/id/office/fr/prefect")
    assert status == 200 and "/id/body/fr/clspd-lyon" in page  # the prefect's memberships are there
    assert ".well-known/genid" not in page and "load entry" not in page.lower()


PAGE_WORLD = """
@prefix ex: <https://example.org/psgraph-test/> .
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:council a ex:Council ; rdfs:label "Council"@en , "Conseil"@fr ;
    psg:hasMandate [ psg:domain ex:drugs ] .
ex:Council skos:prefLabel "council type (preferred)"@en ; rdfs:label "council type"@en .
ex:drugs skos:prefLabel "drugs"@en .
ex:zeta psg:partOf ex:council ; rdfs:label "Zeta"@en .
ex:alpha psg:partOf ex:council ; rdfs:label "alpha"@en , "alpha (fr)"@fr .
ex:unnamed psg:partOf ex:council .
"""


def _world_page(lang: str) -> tuple[object, list[str]]:
    import pyoxigraph as ox

    from psgraph.results import ResultTable
    from psgraph.server.resources import build_page

    store = ox.Store()
    store.load(PAGE_WORLD.encode(), ox.RdfFormat.TURTLE)
    asked: list[str] = []

    def run(query: str) -> ResultTable:
        asked.append(query)
        return ResultTable.from_solutions(store.query(query))

    return build_page("https://example.org/psgraph-test/council", lang, run), asked


def test_a_page_is_labelled_in_the_readers_language_in_one_query() -> None:
    page, asked = _world_page("fr")
    assert page.label == "Conseil"
    # rdfs:label before skos:prefLabel; another language when the reader's has none
    assert [link.text for link in page.types] == ["council type"]
    assert [value.text for node in page.nodes for _, values in node.pairs for value in values] == ["drugs"]
    incoming = [value.text for statement in page.incoming for value in statement.values]
    assert incoming == ["https://example.org/psgraph-test/unnamed", "alpha (fr)", "Zeta"]  # by label
    # not one label query per table: one in the reader's language, one for what has none in it
    assert sum("VALUES ?x" in query for query in asked) == 2


def test_an_english_page_takes_the_english_labels() -> None:
    page, _ = _world_page("en")
    assert page.label == "Council" and [link.text for link in page.types] == ["council type"]
    assert [value.text for statement in page.incoming for value in statement.values] == [
        "https://example.org/psgraph-test/unnamed", "alpha", "Zeta"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", {"Council": "council type", "alpha": "alpha (fr)", "drugs": "drugs"}),  # English when no French
    ("de", {"Council": "council type", "drugs": "drugs"}),  # no German: any language, in one query
])
def test_labels_in_falls_back_to_another_language_and_prefers_rdfs_label(lang, expected) -> None:
    import pyoxigraph as ox

    from psgraph.server.resources import labels_in

    store = ox.Store()
    store.load(PAGE_WORLD.encode(), ox.RdfFormat.TURTLE)
    base = "https://example.org/psgraph-test/"
    asked: list[str] = []
    original = store.query

    class Counting:  # ox.Store's methods cannot be replaced on the instance
        def query(self, text: str) -> object:
            asked.append(text)
            return original(text)

    found = labels_in(Counting(), {base + name for name in expected} | {base + "unnamed"}, lang)  # type: ignore[arg-type]
    assert found == {base + name: label for name, label in expected.items()}
    assert len(asked) == (2 if lang == "fr" else 1)


NON_ASCII = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix bfr: <https://w3id.org/psgraph/id/body/fr/> .
<https://w3id.org/psgraph/id/body/fr/clspd-saint-étienne> rdfs:label "CLSPD de Saint-Étienne"@fr ;
    rdfs:seeAlso <https://w3id.org/psgraph/id/body/fr/a%25b> .
<https://w3id.org/psgraph/id/body/fr/a%25b> rdfs:label "A percent sign in the identifier"@en .
"""


def test_a_non_ascii_identifier_is_reached_at_its_percent_encoded_page(mini_project) -> None:
    """/id/ decoded the path twice and read é as Latin-1: an identifier with é had no page, and some
    paths built an IRI the page query could not parse (500) (issue 33, defect 8)."""
    from psgraph.server.resources import local_path

    project = mini_project()
    (project.root / "data" / "names.ttl").write_text(NON_ASCII, encoding="utf-8")
    build(project)
    etienne = "https://w3id.org/psgraph/id/body/fr/clspd-saint-étienne"
    percent = "https://w3id.org/psgraph/id/body/fr/a%25b"
    assert local_path(etienne) == "/id/body/fr/clspd-saint-%C3%A9tienne"
    with running_server(project.root, "--workers", "1") as server:
        status, _, page = _page(server, local_path(etienne))
        assert status == 200 and "CLSPD de Saint-Étienne" in page
        assert f'href="{local_path(percent)}"' in page  # its link, encoded the same way
        status, _, page = _page(server, local_path(percent))
        assert status == 200 and "A percent sign in the identifier" in page
        status, _, body = _page(server, local_path(etienne), Accept="application/n-triples")
        assert status == 200 and f"<{etienne}>" in body
        for path, expected in (("/id/body/fr/%FF", 400), ("/id/body/fr/%C2%80", 400),
                               ("/id/body/fr/%E2%80%AE", 404), ("/id/body/fr/%25zz", 400)):
            assert _page(server, path)[0] == expected, path
