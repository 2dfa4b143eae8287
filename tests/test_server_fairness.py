"""Per-client concurrency and time budget (issue 15, defect 3), on a clock the test moves."""

from __future__ import annotations

import pytest

from psgraph.server.fairness import ClientLedger, Throttled


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_may_run_only_so_many_queries_at_once():
    ledger = ClientLedger(max_concurrent=2, budget_s=60, clock=Clock())
    first, second = ledger.admit("a"), ledger.admit("a")
    assert (first.others_in_flight, second.others_in_flight) == (0, 1)
    with pytest.raises(Throttled, match="already has 2 queries running") as refused:
        ledger.admit("a")
    assert refused.value.retry_after_s == 1
    ledger.admit("b")  # another client is not affected
    ledger.release(first)
    ledger.admit("a")


def test_a_client_over_its_budget_is_told_when_to_come_back():
    clock = Clock()
    ledger = ClientLedger(max_concurrent=4, budget_s=60, window_s=60, clock=clock)
    for seconds in (20, 30, 15):
        ticket = ledger.admit("heavy")
        clock.now += seconds
        ledger.release(ticket)
    with pytest.raises(Throttled, match="used 65 s of query time") as refused:
        ledger.admit("heavy")
    # The first 20 s were spent 65 s ago... they leave the window at +60 s from when they ended.
    assert refused.value.retry_after_s == 15
    clock.now += 15
    ledger.admit("heavy")
    ledger.admit("light")


def test_a_query_that_cost_a_worker_is_charged_the_full_limit():
    clock = Clock()
    ledger = ClientLedger(max_concurrent=4, budget_s=60, clock=clock)
    for _ in range(2):
        ticket = ledger.admit("bomber")
        clock.now += 1
        ledger.release(ticket, charge_s=30)
    with pytest.raises(Throttled):
        ledger.admit("bomber")


def test_idle_clients_are_forgotten():
    clock = Clock()
    ledger = ClientLedger(max_concurrent=2, budget_s=60, window_s=60, clock=clock)
    for number in range(100):
        ledger.release(ledger.admit(f"client-{number}"))
    assert ledger.clients() == 100
    clock.now += 61
    ledger.admit("new")
    assert ledger.clients() == 1


def test_a_client_is_light_until_a_query_of_it_runs_long():
    """Light clients may take the reserved workers and preempt long queries (issue 33, defect 4)."""
    clock = Clock()
    ledger = ClientLedger(max_concurrent=2, budget_s=60, clock=clock)
    assert ledger.light("new")
    ticket = ledger.admit("a")
    assert ledger.light("a")
    clock.now += 0.6  # its query has run past LONG_QUERY_S
    assert not ledger.light("a") and ledger.light("b")
    ledger.release(ticket, charge_s=0.6)
    assert not ledger.light("a")  # it ran long in the last minute
    short = ledger.admit("b")
    clock.now += 0.01
    ledger.release(short, charge_s=0.004)
    assert ledger.light("b")
    clock.now += 60
    assert ledger.light("a")  # a minute later, light again
