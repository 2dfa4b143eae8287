"""No query text can crash a worker (issue 33, defect 3): 400,000 chained ``!`` — not counted by the
first round's nesting check — crashed a worker, four of them every worker.

For every shape that takes the engine one level deeper per repetition (unary and binary operator
chains, property paths, triple, predicate and object lists, collections, nested calls, groups,
sub-queries, EXISTS, UNION, OPTIONAL, MINUS …), plain and hidden from a reading of the text behind
``FILTER(?a<'x>#'||true)``, the largest version the guard accepts runs in a real worker without
crashing it, and the next one is refused with 400 naming the limit.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pyoxigraph as ox
import pytest

from psgraph.server.execution import QueryRequest
from psgraph.server.guard import TooComplex, check_query
from psgraph.server.workers import QueryTimeout, WorkerPool

P = "<p:p>"
SHAPES: dict[str, Callable[[int], str]] = {
    "not": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "or": lambda n: "ASK { FILTER(true" + "||true" * n + ") }",
    "and": lambda n: "ASK { FILTER(true" + "&&true" * n + ") }",
    "add": lambda n: "SELECT ?x { BIND(1" + "+1" * n + " AS ?x) }",
    "subtract": lambda n: "SELECT ?x { BIND(1" + "-1" * n + " AS ?x) }",
    "multiply": lambda n: "SELECT ?x { BIND(1" + "*1" * n + " AS ?x) }",
    "divide": lambda n: "SELECT ?x { BIND(1" + "/1" * n + " AS ?x) }",
    "not in": lambda n: "ASK { FILTER(" + "!" * n + "(1 IN (1))) }",
    "path sequence": lambda n: "SELECT * { ?s " + "/".join([P] * (n + 1)) + " ?o }",
    "path alternative": lambda n: "SELECT * { ?s " + "|".join([P] * (n + 1)) + " ?o }",
    "inverse paths": lambda n: "SELECT * { ?s " + "^(" * n + P + ")" * n + " ?o }",
    "triples": lambda n: "SELECT * { " + "?a?b?c." * n + "}",
    "predicate list": lambda n: "SELECT * { ?s " + ";".join(["?p ?o"] * (n + 1)) + " }",
    "object list": lambda n: "SELECT * { ?s ?p ?o" + ",1" * n + " }",
    "collection": lambda n: "SELECT * { ?s " + P + " (" + " 1" * n + ") }",
    "blank nodes": lambda n: "SELECT * { ?s " + P + " " + ("[" + P + " ") * n + "1" + " ]" * n + " }",
    "nested calls": lambda n: "SELECT ?x { BIND(" + "COALESCE(" * n + "1" + ")" * n + " AS ?x) }",
    "brackets": lambda n: "SELECT ?x { BIND(" + "(" * n + "1" + ")" * n + " AS ?x) }",
    "groups": lambda n: "SELECT * " + "{" * n + "}" * n,
    "sub-queries": lambda n: "SELECT * { " + "{ SELECT * { " * n + "}}" * n + " }",
    "exists": lambda n: "ASK { FILTER(" + "NOT EXISTS {FILTER(" * n + "true" + ")}" * n + ") }",
    "union": lambda n: "SELECT * { {} " + "UNION {} " * n + "}",
    "optional": lambda n: "SELECT * { " + "OPTIONAL {} " * n + "}",
    "minus": lambda n: "SELECT * { " + "MINUS {} " * n + "}",
    "filters": lambda n: "SELECT * { " + "FILTER(true) " * n + "}",
}
HIDING = "FILTER(?a<'x>#'||true) "  # the rest of the line was a comment to the first round's reading


def hidden(text: str) -> str:
    """``text`` with its body behind the trick, on the same line (the engine still reads all of it)."""
    head, _, body = text.partition("{")
    return f"{head}{{ {HIDING}{body}"


def largest_accepted(make: Callable[[int], str]) -> int:
    """The largest repetition the guard lets through (0 if none): bisected."""
    def accepted(n: int) -> bool:
        try:
            check_query(make(n), ())
            return True
        except TooComplex:
            return False
    low, high = 0, 1
    while accepted(high):
        low, high = high, high * 2
        if high > 500_000:  # accepted at a size no query may have (1 MB): the first round's guard
            return low
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if accepted(middle) else (low, middle)
    return low


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    location = tmp_path_factory.mktemp("store") / "db"
    store = ox.Store(str(location))
    store.add(ox.Quad(ox.NamedNode("p:s"), ox.NamedNode("p:p"), ox.Literal("1")))
    store.flush()
    del store
    pool = WorkerPool(location, 1)
    yield pool
    pool.close()


def _run(pool: WorkerPool, text: str) -> int:
    """The query's status in a worker (503 at its time limit); a crash fails the test."""
    try:
        return pool.run(QueryRequest(text), timeout_s=5).status
    except QueryTimeout:
        return 503


@pytest.mark.parametrize("name", sorted(SHAPES))
@pytest.mark.parametrize("hide", [False, True], ids=["plain", "hidden"])
def test_the_deepest_query_the_guard_accepts_does_not_crash_a_worker(pool, name, hide):
    make = SHAPES[name] if not hide else (lambda n, shape=SHAPES[name]: hidden(shape(n)))
    largest = largest_accepted(make)
    assert largest >= 1
    with pytest.raises(TooComplex, match="this endpoint accepts"):
        check_query(make(largest + 1), ())
    assert _run(pool, make(largest)) in (200, 400, 503)
    assert not pool.deaths, pool.deaths  # time limits may stop a worker; nothing crashed one


def test_fuzzed_mixes_of_operators_do_not_crash_a_worker(pool):
    """Random chains mixing the operators and separators, as long as the guard lets them through."""
    generator = random.Random(33)
    pieces = ["!", "||true&&", "+1-", "*1/", "|", "/", ",1", ";?p ?o"]
    for _ in range(12):
        chosen = generator.sample(pieces, 3)
        head = generator.choice(["", HIDING])

        def make(n: int, chosen: list[str] = chosen, head: str = head) -> str:
            return "ASK { " + head + "FILTER(" + "".join(chosen) * n + "true) }"

        largest = largest_accepted(make)
        assert _run(pool, make(largest)) in (200, 400, 503)
    assert not pool.deaths, pool.deaths


def test_the_issue_crasher_is_refused_with_a_400_naming_the_limit():
    from psgraph.server.guard import MAX_LEVEL_UNITS

    crasher = "ASK { FILTER(" + "!" * 400_000 + "true) }"
    with pytest.raises(TooComplex, match=f"more than the {MAX_LEVEL_UNITS:,} this endpoint accepts"):
        check_query(crasher, ())
