"""Answers and pages of canned queries kept for the life of the server.

A server serves one build, opened read-only and pinned, so the answer of a canned query to the same
parameters cannot change while it runs: the second reader of the partnership-load page of a
national graph need not wait a second for a worker to count the same 40,000 load entries again,
nor for the server to draw the same page of labels and charts from 5,000 rows (Python work that
holds the interpreter's lock and slows every other page meanwhile). Kept: successful answers and
pages only, the least recently used dropped first once their bodies pass the byte budget; a page
is kept for the day (its default date is today). Free-form SPARQL sent to /sparql is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

from psgraph.server.execution import QueryOutcome, QueryRequest

DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024

Key = tuple[str, str, tuple[tuple[str, tuple[str, str, str, str]], ...], int]


def answer_key(request: QueryRequest) -> Key:
    """What makes two canned requests the same question: the text (which carries the language of its
    labels), the format, the parameters and the row cap."""
    return request.text, request.format, tuple(sorted(request.substitutions.items())), request.max_rows


V = TypeVar("V")


class Kept(Generic[V]):
    """Values by key, the least recently used dropped first past ``budget_bytes`` of their sizes."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self._values: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def keep(self, key: Hashable, value: V, size: int) -> None:
        if size > self.budget_bytes:
            return
        with self._lock:
            if key in self._values:
                return
            self._values[key] = (value, size)
            self._bytes += size
            while self._bytes > self.budget_bytes:
                _, (_, dropped) = self._values.popitem(last=False)
                self._bytes -= dropped

    def __len__(self) -> int:
        return len(self._values)


class AnswerCache(Kept[QueryOutcome]):
    """Successful answers of canned queries (see answer_key)."""

    def keep_answer(self, key: Key, outcome: QueryOutcome) -> None:
        if outcome.status == 200:
            self.keep(key, outcome, len(outcome.body))
