"""The statutory-gaps query against hand-computed cases: thresholds by date, stand-in bodies, and
the real reference communes."""

from __future__ import annotations

import pytest

from tests.querykit import WORLD, fixture_store, rows, run


@pytest.fixture(scope="module")
def world():
    return fixture_store(WORLD)


def test_2026_applies_the_5000_threshold_and_the_intercommunal_council(world) -> None:
    table = run(world, "statutory-gaps", as_of="2026-01-01")
    assert rows(table, "territory", "threshold") == {("ex:townB", "5000"), ("ex:townC", "5000")}


def test_2010_applies_the_10000_threshold_before_the_intercommunal_council_existed(world) -> None:
    table = run(world, "statutory-gaps", as_of="2010-01-01")
    assert rows(table, "territory", "threshold", "obligation") == {
        ("ex:townB", "10000", "ex:rule-2007"), ("ex:townG", "10000", "ex:rule-2007")}


def test_the_day_the_2024_version_came_into_force(world) -> None:
    before = rows(run(world, "statutory-gaps", as_of="2024-03-22"), "territory")
    after = rows(run(world, "statutory-gaps", as_of="2024-03-23"), "territory")
    assert before == {("ex:townB",)}
    assert after == {("ex:townB",), ("ex:townC",)}


def test_before_any_obligation_nothing_is_missing(world) -> None:
    assert rows(run(world, "statutory-gaps", as_of="2000-01-01"), "territory") == set()


def test_body_type_parameter_selects_the_obligations(world) -> None:
    assert rows(run(world, "statutory-gaps", as_of="2026-01-01", body_type="psg:CSP"), "territory") == set()


def test_real_reference_communes_by_date(real_store_rows) -> None:
    in_2026 = real_store_rows("2026-11-22")
    in_2010 = real_store_rows("2010-01-01")
    # Villeurbanne (69266, about 150,000) has no recorded council at either date; Lyon has one.
    assert ("tfrd:69", "tfrc:69266") in in_2026 and ("tfrd:69", "tfrc:69266") in in_2010
    assert not any(territory == "tfrc:69123" for _, territory in in_2026)
    # Anse (69009, 8,206 inhabitants) is obliged since 2024 only.
    assert ("tfrd:69", "tfrc:69009") in in_2026 and ("tfrd:69", "tfrc:69009") not in in_2010
    # Every commune over 10,000 is obliged under both versions; none under 5,000 under either.
    assert len(in_2026) > len(in_2010) > 1000


@pytest.fixture(scope="module")
def real_store_rows(real_project):
    from psgraph.build import build
    from psgraph.catalogue import load_catalogue
    from psgraph.querying import run_embedded
    from psgraph.store import open_store

    build(real_project)
    store = open_store(real_project)
    query = load_catalogue(real_project)["statutory-gaps"]
    prefixes = {"https://w3id.org/psgraph/id/territory/fr/departement/": "tfrd:",
                "https://w3id.org/psgraph/id/territory/fr/commune/": "tfrc:"}

    def short(value: str) -> str:
        for namespace, prefix in prefixes.items():
            if value.startswith(namespace):
                return prefix + value[len(namespace):]
        return value

    def fetch(as_of: str) -> set[tuple[str, str]]:
        table = run_embedded(store, query, query.bind({"as_of": as_of, "body_type": "psg:CLSPD"}))
        area, territory = table.variables.index("area"), table.variables.index("territory")
        return {(short(row[area].value), short(row[territory].value)) for row in table.rows}

    return fetch
