"""The canned queries made fast at national scale give the answers they gave as first written
(tests/fixtures/reference-queries/): the materialised inputs of partnership-load,
similar-membership and vertical-overlap, and findings' rewrite, on every date."""

from __future__ import annotations

from datetime import date, timedelta

import pyoxigraph as ox
import pytest

from psgraph.catalogue import load_query
from psgraph.materialise.timeline import Steps, active, active_sets, combine, intersection, periods
from psgraph.querying import run_embedded
from psgraph.store import open_store
from tests.answerkit import concatenated_columns, differences, on_columns_of
from tests.conftest import replace_once
from tests.querykit import REPO, WORLD, canned, fixture_store

REFERENCE = REPO / "tests" / "fixtures" / "reference-queries"
PSG = "https://w3id.org/psgraph/ontology#"
EX = "https://example.org/psgraph-test/"  # the fixture world's territories
PARAMS: dict[str, list[dict[str, str]]] = {
    "partnership-load": [{}, {"min_bodies": "3"}, {"territory": "terr:fr"}, {"territory": "tfrd:69"}],
    "similar-membership": [{}, {"min_similarity": "0.3"}, {"min_similarity": "0.75"}, {"min_similarity": "1"},
                           {"territory": "tfrd:69"}, {"territory": "terr:fr"}, {"territory": EX + "town"}],
    "vertical-overlap": [{}, {"country": "terr:fr"}, {"country": "terr:uk"}, {"territory": "tfrd:69"},
                         {"territory": "terr:uk"}, {"territory": EX + "town"}, {"territory": EX + "abroad"}],
    "findings": [{}, {"country": "terr:fr"}, {"kind": "psg:DuplicationFinding"}],
}
# A second membership history for the fixture world: members who join, leave and come back, so
# that periods start and end on many dates.
CHURN = """
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:  <https://example.org/psgraph-test/> .
[] a org:Membership ; org:organization ex:town-forum ; org:member ex:mayor ;
   psg:startDate "2004-03-01"^^xsd:date ; psg:endDate "2006-03-01"^^xsd:date .
[] a org:Membership ; org:organization ex:town-forum ; org:member ex:mayor ;
   psg:startDate "2008-01-01"^^xsd:date .
[] a org:Membership ; org:organization ex:town-council ; org:member ex:police ;
   psg:startDate "2003-06-15"^^xsd:date ; psg:endDate "2009-12-31"^^xsd:date .
[] a org:Membership ; org:organization ex:committee ; org:member ex:police ;
   psg:startDate "2005-05-05"^^xsd:date .
[] a org:Membership ; org:organization ex:committee ; org:member ex:mayor ;
   psg:startDate "2006-01-01"^^xsd:date ; psg:endDate "2012-01-01"^^xsd:date .
"""


def _dates(store: ox.Store) -> list[str]:
    """Every date on which something starts or ends, the day before each, and today."""
    found = {q.object.value for p in ("activeFrom", "activeUntil")
             for q in store.quads_for_pattern(None, ox.NamedNode(PSG + p), None)}
    days = {date.fromisoformat(day) for day in found}
    days |= {day - timedelta(days=1) for day in days} | {date.today()}
    return sorted(day.isoformat() for day in days)


def _assert_same(store: ox.Store, name: str, dates: list[str]) -> int:
    query, reference = canned(name), load_query(REFERENCE / f"{name}.rq")
    joined = concatenated_columns(query.text)
    found = 0
    dated = any(param.name == "as_of" for param in query.params)
    for day in dates if dated else dates[:1]:
        for params in PARAMS[name]:
            given = {**params, "as_of": day} if dated else params
            new = run_embedded(store, query, query.bind(given))
            old = run_embedded(store, reference, reference.bind(given))
            new = on_columns_of(new, old)
            assert not differences(new, old, joined), f"{name} {given}: {differences(new, old, joined)}"
            found += len(new.rows)
    return found


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_fixture_world_same_rows_on_every_date(name: str) -> None:
    store = fixture_store(WORLD + CHURN)
    assert _assert_same(store, name, _dates(store)) > 0, f"{name} finds rows on some date"


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_real_graph_same_rows_at_three_dates(name: str, real_project) -> None:
    store = open_store(real_project)
    assert _assert_same(store, name, ["1995-01-01", "2010-01-01", date.today().isoformat()]) > 0


def test_a_body_leaving_ends_the_overlap_on_that_day() -> None:
    ended = replace_once(WORLD + CHURN, '[] a org:Membership ; org:organization ex:committee ; org:member ex:police ;\n   psg:startDate "2005-05-05"^^xsd:date .',
                         '[] a org:Membership ; org:organization ex:committee ; org:member ex:police ;\n   psg:startDate "2005-05-05"^^xsd:date ; psg:endDate "2007-01-01"^^xsd:date .')
    store = fixture_store(ended)
    entries = list(store.query(
        "PREFIX psg: <https://w3id.org/psgraph/ontology#> SELECT ?until WHERE { "
        "?e psg:loadMember <https://example.org/psgraph-test/police> ; "
        "psg:loadBody <https://example.org/psgraph-test/committee> ; psg:periodEnd ?until }"))
    assert [row["until"].value for row in entries] == ["2007-01-01"]


def test_below_the_floor_is_refused_with_the_range() -> None:
    with pytest.raises(Exception, match=r"below 0\.3, the smallest value this query answers"):
        canned("similar-membership").bind({"min_similarity": "0.2"})
    with pytest.raises(Exception, match="below 2"):
        canned("partnership-load").bind({"min_bodies": "1"})
    with pytest.raises(Exception, match="above 1"):
        canned("similar-membership").bind({"min_similarity": "1.5"})


def test_active_sets_follow_the_rule_of_the_queries() -> None:
    items = [("a", None, "2001-01-01"), ("b", "2000-06-01", None), ("a", "2003-01-01", "2004-01-01"),
             ("c", "2002-01-01", "2002-01-01"), ("d", "2005-01-01", "2004-01-01")]
    steps = active_sets(items)
    for day in (None, "1999-01-01", "2000-06-01", "2001-01-01", "2002-01-01", "2003-06-30", "2004-01-01"):
        expected = frozenset(key for key, start, end in items if active(start, end, day))
        assert steps.at(day) == expected, day
    assert steps.starts == [None, "2000-06-01", "2001-01-01", "2003-01-01", "2004-01-01"]


def test_combine_merges_equal_neighbours_and_drops_none() -> None:
    first = Steps([None, "2001-01-01", "2002-01-01"], [1, 2, 2])
    second = Steps([None, "2001-06-01"], ["x", "y"])
    periods = list(combine([first, second], lambda n, s: None if n == 1 else (n, s)))
    assert periods == [("2001-01-01", "2001-06-01", (2, "x")), ("2001-06-01", None, (2, "y"))]


def test_periods_and_intersections() -> None:
    items = [("a", "2001-01-01", "2003-01-01"), ("a", "2003-01-01", "2004-01-01"), ("b", "2005-01-01", None)]
    assert list(periods(items)) == [("2001-01-01", "2004-01-01", frozenset({"a"})),
                                    ("2005-01-01", None, frozenset({"b"}))]
    assert intersection((None, "2004-01-01"), ("2002-01-01", None)) == ("2002-01-01", "2004-01-01")
    assert intersection(("2004-01-01", None), (None, "2004-01-01")) is None
