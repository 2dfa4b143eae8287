"""The statutory-gaps and statutory-gap-counts queries against hand-computed cases (thresholds by
date, stand-in bodies, counts per area) and the real reference communes."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest

from psgraph.results import compact
from tests.querykit import WORLD, fixture_store, rows, run


@pytest.fixture(scope="module")
def world():
    return fixture_store(WORLD)


def test_2026_applies_the_5000_threshold_and_the_intercommunal_council(world) -> None:
    table = run(world, "statutory-gaps", as_of="2026-01-01")
    assert rows(table, "obligedTerritory", "threshold") == {("ex:townB", "5000"), ("ex:townC", "5000")}


def test_2010_applies_the_10000_threshold_before_the_intercommunal_council_existed(world) -> None:
    table = run(world, "statutory-gaps", as_of="2010-01-01")
    assert rows(table, "obligedTerritory", "threshold", "obligation") == {
        ("ex:townB", "10000", "ex:rule-2007"), ("ex:townG", "10000", "ex:rule-2007")}


def test_the_day_the_2024_version_came_into_force(world) -> None:
    before = rows(run(world, "statutory-gaps", as_of="2024-03-22"), "obligedTerritory")
    after = rows(run(world, "statutory-gaps", as_of="2024-03-23"), "obligedTerritory")
    assert before == {("ex:townB",)}
    assert after == {("ex:townB",), ("ex:townC",)}


def test_before_any_obligation_nothing_is_missing(world) -> None:
    assert rows(run(world, "statutory-gaps", as_of="2000-01-01"), "obligedTerritory") == set()


def test_body_type_parameter_selects_the_obligations(world) -> None:
    assert rows(run(world, "statutory-gaps", as_of="2026-01-01", body_type="psg:CSP"), "obligedTerritory") == set()


COUNT_COLUMNS = ("area", "area_level", "obliged", "recorded", "missing", "missingPercent", "missingPopulation")


def test_counts_2026_per_area_count_each_commune_once(world) -> None:
    # Towns E and G lie in the county directly and through intercommunality X: counted once.
    table = run(world, "statutory-gap-counts", as_of="2026-01-01")
    assert rows(table, *COUNT_COLUMNS) == {
        ("ex:gapland", "psg:National", "5", "3", "2", "40", "19000"),
        ("ex:county", "psg:County", "5", "3", "2", "40", "19000"),
        ("ex:epciX", "psg:InterMunicipal", "2", "2", "0", "0", "0")}


def test_counts_2010_apply_the_old_threshold(world) -> None:
    table = run(world, "statutory-gap-counts", as_of="2010-01-01", area_level="psg:County")
    assert rows(table, *COUNT_COLUMNS, "obligation") == {
        ("ex:county", "psg:County", "3", "1", "2", "66.7", "27000", "ex:rule-2007")}


def test_counts_agree_with_the_list_of_gaps(world) -> None:
    for as_of in ("2010-01-01", "2024-03-22", "2024-03-23", "2026-01-01"):
        listed = rows(run(world, "statutory-gaps", as_of=as_of), "obligedTerritory")
        counted = rows(run(world, "statutory-gap-counts", as_of=as_of, area_level="psg:National"), "missing")
        assert counted == {(str(len(listed)),)}


def test_counts_before_any_obligation_and_for_another_body_type_are_empty(world) -> None:
    assert rows(run(world, "statutory-gap-counts", as_of="2000-01-01"), "area") == set()
    assert rows(run(world, "statutory-gap-counts", as_of="2026-01-01", body_type="psg:CSP"), "area") == set()


# A rule by which the text itself creates a board in every county, with the board it generates, and a
# second county where the generator also placed one but a source describes it too.
INSTITUTED = """
ex:Board a owl:Class , psg:BodyType ; rdfs:label "county board"@en .
ex:county2 a psg:Territory ; rdfs:label "Second county"@en ; psg:territoryLevel psg:County ; psg:within ex:gapland .
ex:rule-board a psg:StatutoryObligation ; psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType ex:Board ;
    psg:obligedLevel psg:County ; psg:obligedWithin ex:gapland ; psg:startDate "2000-01-01"^^xsd:date .
ex:board-1 a ex:Board ; psg:territory ex:county ; psg:level psg:County ; psg:startDate "2000-01-01"^^xsd:date ;
    psg:recordBasis psg:InstitutedByLaw ; psg:institutedBy ex:rule-board .
ex:board-2 a ex:Board ; psg:territory ex:county2 ; psg:level psg:County ; psg:startDate "2000-01-01"^^xsd:date ;
    psg:recordBasis psg:InstitutedByLaw , psg:ObservedInSource ; psg:institutedBy ex:rule-board .
"""


def test_counts_tell_bodies_that_exist_in_law_from_observed_ones() -> None:
    store = fixture_store(WORLD + INSTITUTED)
    table = run(store, "statutory-gap-counts", as_of="2026-01-01", body_type="https://example.org/psgraph-test/Board")
    assert rows(table, "area", "rule_kind", "obliged", "recorded", "observed", "missing") == {
        ("ex:gapland", "psg:InstitutesRule", "2", "2", "1", "0")}
    councils = run(store, "statutory-gap-counts", as_of="2026-01-01", body_type="https://example.org/psgraph-test/Council",
                       area_level="psg:National")
    # hand-recorded councils are observed (derived): every recorded one counts as observed
    assert rows(councils, "recorded", "observed") == {("3", "3")}
    assert rows(run(store, "statutory-gaps", as_of="2026-01-01", body_type="https://example.org/psgraph-test/Board"), "obligedTerritory") == set()


def test_real_reference_communes_by_date(real_store) -> None:
    in_2026 = real_clspd_gaps(real_store, "2026-11-22")
    in_2010 = real_clspd_gaps(real_store, "2010-01-01")
    # Caluire-et-Cuire (69034, about 43,600) has no recorded council at either date; Lyon has one (the
    # seed's), Villeurbanne one (harvested, data/fr/intake/fr-councils.ttl, its start date unknown).
    for gaps in (in_2026, in_2010):
        assert ("tfrd:69", "tfrc:69034") in gaps
        assert not any(territory in ("tfrc:69123", "tfrc:69266") for _, territory in gaps)
    # No commune on which a CLSPD in office is recorded is listed as lacking one.
    with_council = {compact(row["commune"].value) for row in real_store.query(
        "PREFIX psg: <https://w3id.org/psgraph/ontology#> SELECT DISTINCT ?commune WHERE { "
        "?council a psg:CLSPD ; psg:territory ?commune FILTER NOT EXISTS { ?council psg:endDate ?end } }")}
    assert len(with_council) > 100 and not with_council & {territory for _, territory in in_2026}
    # Anse (69009, 8,206 inhabitants) is obliged since 2024 only.
    assert ("tfrd:69", "tfrc:69009") in in_2026 and ("tfrd:69", "tfrc:69009") not in in_2010
    # Every commune listed is above the threshold of the version in force: 10,000 inhabitants in
    # 2010, 5,000 since 2024, which obliges more communes.
    for as_of, threshold in (("2010-01-01", 10000), ("2026-11-22", 5000)):
        found = rows(run(real_store, "statutory-gaps", as_of=as_of, body_type="psg:CLSPD"), "population", "threshold")
        assert found and all(int(limit) == threshold < int(population) for population, limit in found), as_of
    assert len(in_2026) > len(in_2010)


def test_real_counts_per_departement_match_the_list(real_store) -> None:
    for as_of in ("2010-01-01", "2026-11-22"):
        listed = Counter(department for department, _ in real_clspd_gaps(real_store, as_of))
        table = run(real_store, "statutory-gap-counts", as_of=as_of, body_type="psg:CLSPD",
                    area_level="psg:County")
        area, missing = table.variables.index("area"), table.variables.index("missing")
        counted = {compact(row[area].value): int(row[missing].value) for row in table.rows}
        assert {name: n for name, n in counted.items() if n} == listed
        assert len(counted) == 101  # every département has obliged communes


def real_clspd_gaps(store: ox.Store, as_of: str) -> set[tuple[str, str]]:
    """(département, commune) of the statutory-gaps rows for the CLSPD obligation on as_of."""
    table = run(store, "statutory-gaps", as_of=as_of, body_type="psg:CLSPD")
    area, territory = table.variables.index("area"), table.variables.index("obligedTerritory")
    return {(compact(row[area].value), compact(row[territory].value)) for row in table.rows}


@pytest.fixture(scope="module")
def real_store(real_project) -> ox.Store:
    from psgraph.build import build
    from psgraph.store import open_store

    build(real_project)
    return open_store(real_project)
