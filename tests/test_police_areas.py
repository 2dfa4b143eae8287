"""The police areas of England and Wales (Police Act 1996 s. 1 and Schedule 1) on the ONS backbone."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.store import open_store

HEAD = "PREFIX psg: <https://w3id.org/psgraph/ontology#>\n"


@pytest.fixture(scope="module")
def store(real_project) -> ox.Store:
    build(real_project)
    return open_store(real_project)


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(HEAD + query)]


def test_there_are_43_police_areas_39_english_and_4_welsh(store) -> None:
    rows = _rows(store, """SELECT ?nation (COUNT(?area) AS ?n) WHERE {
        ?area a psg:PoliceArea ; psg:within ?nation } GROUP BY ?nation""")
    counts = {nation.rsplit("/", 1)[-1]: int(n) for nation, n in rows}
    assert counts == {"uk-england": 39, "uk-wales": 4}


def test_every_english_and_welsh_district_lies_in_exactly_one_police_area(store) -> None:
    rows = _rows(store, """SELECT ?district ?ended (COUNT(DISTINCT ?area) AS ?n) WHERE {
        ?district psg:gssCode ?code ; psg:territoryLevel psg:Municipal .
        FILTER (STRSTARTS(?code, "E0") || STRSTARTS(?code, "W06"))
        BIND (EXISTS { ?district psg:endDate ?end } AS ?ended)
        OPTIONAL { ?district psg:within+ ?area . ?area a psg:PoliceArea }
      } GROUP BY ?district ?ended""")
    # The 331 districts of the April 2021 backbone, and the 11 that the December 2019 lookups of the
    # Community Safety Partnerships still list (4 in Buckinghamshire ended 2020, 7 in
    # Northamptonshire 2021; data/uk/former-districts.ttl), each within its successor.
    assert Counter(ended for _, ended, _ in rows) == {"false": 331, "true": 11}
    assert [district for district, _, n in rows if n != "1"] == []


def test_every_police_area_has_an_ons_code_and_a_cited_extent(store) -> None:
    rows = _rows(store, """SELECT ?area WHERE { ?area a psg:PoliceArea .
        FILTER NOT EXISTS { ?area psg:gssCode ?code ; psg:citation ?citation } }""")
    assert rows == []
