"""The search index: every named resource's names, accent- and case-insensitive, by word prefix."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.search.index import INDEX_NAME, write_index
from psgraph.search.lookup import MAX_QUERY_CHARS, Filters, counts, match_expression, search
from psgraph.store import current_location

WORLD = """
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix x: <https://example.org/> .
psg:Council a psg:BodyType ; rdfs:label "local council"@en , "conseil local"@fr ; skos:altLabel "CLC" .
x:d1 a psg:Territory ; rdfs:label "Loire"@fr , "Loire"@en ; psg:territoryLevel psg:County ; psg:inseeCode "42" .
x:d2 a psg:Territory ; rdfs:label "Vendée"@fr , "Vendée"@en ; psg:territoryLevel psg:County ; psg:inseeCode "85" .
x:c1 a psg:Territory ; rdfs:label "Saint-Étienne"@fr , "Saint-Étienne"@en ; psg:within x:d1 ; psg:inseeCode "42218" .
x:c2 a psg:Territory ; rdfs:label "Saint-Étienne-du-Bois"@fr , "Saint-Étienne-du-Bois"@en ; psg:within x:d2 ;
    psg:inseeCode "85210" .
x:c3 a psg:Territory ; rdfs:label "Saint-Étienne-du-Bois"@fr , "Saint-Étienne-du-Bois"@en ; psg:within x:d1 ;
    psg:inseeCode "01350" .
x:council a psg:Council ; rdfs:label "Council of Saint-Étienne"@en , "Conseil de Saint-Étienne"@fr ;
    psg:territory x:c1 .
x:prefect a psg:Office ; rdfs:label "prefect"@en , "préfet"@fr .
"""


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    store = ox.Store()
    store.load(WORLD.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    folder = tmp_path_factory.mktemp("index")
    assert write_index(store, folder) == 8  # the type, five territories, the council and the office
    return folder / INDEX_NAME


def _found(index: Path, query: str, lang: str = "en") -> list[tuple[str, str, str]]:
    return [(hit.iri.rsplit("/", 1)[-1], hit.kind, hit.context) for hit in search(index, query, lang)]


def test_accents_and_case_do_not_matter(index) -> None:
    assert _found(index, "PREFET")[0][:2] == ("prefect", "office")
    assert _found(index, "préfet", "fr")[0][:2] == ("prefect", "office")


def test_words_match_as_prefixes_and_all_must_match(index) -> None:
    assert sorted(name for name, _, _ in _found(index, "saint etien bois")) == ["c2", "c3"]
    assert _found(index, "saint nowhere") == []


def test_homonyms_are_told_apart_by_their_wider_territory_and_code(index) -> None:
    contexts = {context for name, _, context in _found(index, "Saint-Étienne-du-Bois")}
    assert contexts == {"Vendée · 85210", "Loire · 01350"}


def test_a_body_is_found_by_its_type_acronym_and_comes_first(index) -> None:
    found = _found(index, "clc saint")
    assert found[0][:2] == ("council", "body")
    # the commune whose whole name is the query comes first, then the council named after it
    assert [name for name, _, _ in _found(index, "saint etienne")][:2] == ["c1", "council"]


def test_the_display_name_follows_the_language(index) -> None:
    assert [hit.label for hit in search(index, "council saint", "fr")][:1] == ["Conseil de Saint-Étienne"]
    assert [hit.label for hit in search(index, "council saint", "xx")][:1] == ["Council of Saint-Étienne"]


def test_query_syntax_and_markup_are_only_words(index) -> None:
    assert match_expression('clspd" OR * NEAR(') == '"clspd"* "OR"* "NEAR"*'
    assert match_expression("<script>") == '"script"*'
    assert match_expression("!!! ???") == ""
    assert search(index, '") OR 1=1 --') == []
    assert len(match_expression("a " * MAX_QUERY_CHARS)) < 100


def test_the_real_index_finds_what_a_researcher_types(real_project) -> None:
    build(real_project)
    index = current_location(real_project) / INDEX_NAME
    assert "https://w3id.org/psgraph/id/body/fr/clspd-lyon" in [h.iri for h in search(index, "clspd lyon")][:2]
    assert search(index, "préfet", "fr")[0].iri == "https://w3id.org/psgraph/id/office/fr/prefect"
    first = search(index, "Saint-Etienne", "fr")[0]
    assert (first.iri.rsplit("/", 1)[-1], first.context) == ("42218", "Loire · 42218")
    assert any(h.iri.endswith("/territory/fr/commune/84007") for h in search(index, "Avig", "fr")[:3])


BODIES = WORLD + """
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
x:c1 psg:withinOrSelf x:c1 , x:d1 .
x:c3 psg:withinOrSelf x:c3 , x:d1 .
x:old a psg:Council ; rdfs:label "Old council of Saint-Étienne"@en ; psg:territory x:c1 ;
    psg:startDate "1992-04-01"^^xsd:date ; psg:endDate "2002-07-17"^^xsd:date ; psg:activeUntil "2002-07-17"^^xsd:date .
x:bois a psg:Council ; rdfs:label "Council of Saint-Étienne-du-Bois"@en ; psg:territory x:c3 ;
    psg:startDate "2010-01-01"^^xsd:date .
"""


@pytest.fixture(scope="module")
def bodies(tmp_path_factory) -> Path:
    store = ox.Store()
    store.load(BODIES.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    folder = tmp_path_factory.mktemp("bodies")
    write_index(store, folder)
    return folder / INDEX_NAME


def test_a_body_is_shown_with_its_type_and_dates_and_ended_ones_come_after(bodies) -> None:
    hits = [hit for hit in search(bodies, "council", "fr") if hit.kind == "body"]
    assert [hit.iri.rsplit("/", 1)[-1] for hit in hits][-1] == "old"  # ended, so after the others
    old = hits[-1]
    assert (old.type, old.start, old.end, old.ended) == ("conseil local", "1992-04-01", "2002-07-17", True)


def test_counts_are_of_everything_found_not_of_what_is_shown(bodies) -> None:
    assert counts(bodies, "council") == {"body": 3, "type": 1}
    assert len(search(bodies, "council", limit=2)) == 2


def test_filters_narrow_to_bodies_of_a_type_a_territory_and_a_period(bodies) -> None:
    council = "https://w3id.org/psgraph/ontology#Council"
    in_loire = Filters(type=council, territory="https://example.org/d1")
    assert {h.iri.rsplit("/", 1)[-1] for h in search(bodies, "", filters=in_loire)} == {"old", "bois", "council"}
    assert counts(bodies, "", in_loire) == {"body": 3}
    # active at some time of 1995: the old council, and the undated one (taken as active, as the
    # canned queries take it); not the one created in 2010
    in_1995 = Filters(territory="https://example.org/d1", start="1995-01-01", end="1995-12-31")
    assert {h.iri.rsplit("/", 1)[-1] for h in search(bodies, "council", filters=in_1995)} == {"old", "council"}
    assert search(bodies, "council", filters=Filters(territory="https://example.org/d2")) == []
