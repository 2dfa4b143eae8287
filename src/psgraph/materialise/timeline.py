"""Piecewise-constant values over time, for facts that hold from one date to another.

Dates are ISO strings (``YYYY-MM-DD``, which sort as dates) and ``None`` stands for "unknown
start" or "no end". Something dated (from, until) is active on d when from ≤ d (or from is
None) and d < until (or until is None) — the rule every canned query applies to
``psg:activeFrom`` / ``psg:activeUntil``. Between two consecutive dates at which anything starts
or ends, the set of active things cannot change, so a value computed at the start of each such
segment holds for the whole segment; this is what lets the build store a value per *period*
rather than per day and keep every ``as_of`` answer exact.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

Date = str | None
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def active(start: Date, end: Date, on: Date) -> bool:
    """Whether (start, end) holds on ``on``; ``on=None`` is the time before every known date."""
    if on is None:
        return start is None
    return (start is None or start <= on) and (end is None or on < end)


@dataclass(frozen=True)
class Steps(Generic[V]):
    """A value from each of ``starts`` on; ``starts[0]`` is None (from the beginning of time)."""

    starts: list[Date]
    values: list[V]

    def at(self, on: Date) -> V:
        if on is None:
            return self.values[0]
        return self.values[bisect_right(self.starts, on, lo=1) - 1]


def active_sets(items: Iterable[tuple[K, Date, Date]]) -> Steps[frozenset[K]]:
    """The set of keys active in each segment, from (key, start, end) items (a sweep over the dates)."""
    changes: dict[str, list[tuple[int, K]]] = {}
    counts: dict[K, int] = {}
    for key, start, end in items:
        if start is not None and end is not None and end <= start:
            continue  # active on no date at all
        if start is None:
            counts[key] = counts.get(key, 0) + 1
        else:
            changes.setdefault(start, []).append((1, key))
        if end is not None:
            changes.setdefault(end, []).append((-1, key))
    starts: list[Date] = [None]
    values: list[frozenset[K]] = [frozenset(counts)]
    for day in sorted(changes):
        for delta, key in changes[day]:
            left = counts.get(key, 0) + delta
            if left:
                counts[key] = left
            else:
                del counts[key]
        value = frozenset(counts)
        if value != values[-1]:
            starts.append(day)
            values.append(value)
    return Steps(starts, values)


def combine(steps: list[Steps[object]], value: Callable[..., V | None]) -> Iterator[tuple[Date, Date, V]]:
    """(start, end, value) for each maximal period where ``value(*values at that time)`` is the same
    and not None; ``value`` gets each of ``steps``' values in the segment, in order."""
    changes: dict[str, list[tuple[int, int]]] = {}  # day → (step, its segment from that day)
    for index, step in enumerate(steps):
        for position in range(1, len(step.starts)):
            changes.setdefault(step.starts[position], []).append((index, position))  # type: ignore[arg-type]
    values = [step.values[0] for step in steps]
    current: V | None = value(*values)
    since: Date = None
    for day in sorted(changes):
        for index, position in changes[day]:
            values[index] = steps[index].values[position]
        found = value(*values)
        if found != current:
            if current is not None:
                yield since, day, current
            current, since = found, day
    if current is not None:
        yield since, None, current


def periods(items: Iterable[tuple[K, Date, Date]]) -> Iterator[tuple[Date, Date, frozenset[K]]]:
    """(start, end, keys) for each maximal period in which the set of active keys is the same and
    not empty: the segments of :func:`active_sets`, which never repeats a set from one to the next."""
    steps = active_sets(items)
    ends = [*steps.starts[1:], None]
    for start, end, keys in zip(steps.starts, ends, steps.values, strict=True):
        if keys:
            yield start, end, keys


def intersection(first: tuple[Date, Date], second: tuple[Date, Date]) -> tuple[Date, Date] | None:
    """The period in which both (start, end) periods hold, or None when they never hold together."""
    starts = [day for day in (first[0], second[0]) if day is not None]
    ends = [day for day in (first[1], second[1]) if day is not None]
    start, end = (max(starts) if starts else None), (min(ends) if ends else None)
    if start is not None and end is not None and end <= start:
        return None
    return start, end
