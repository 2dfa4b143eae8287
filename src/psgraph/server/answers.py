"""Answers of canned queries kept for the life of the server.

A server serves one build, opened read-only and pinned, so the answer of a canned query to the same
parameters cannot change while it runs: the second reader of the partnership-load page of a
national graph need not wait a second for a worker to count the same 40,000 load entries again.
Kept: successful answers only, the least recently used dropped first once their bodies pass the
byte budget. Free-form SPARQL sent to /sparql is not kept (its texts rarely repeat).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from psgraph.server.execution import QueryOutcome, QueryRequest

DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024

Key = tuple[str, str, tuple[tuple[str, tuple[str, str, str, str]], ...], int]


def answer_key(request: QueryRequest) -> Key:
    """What makes two canned requests the same question: the text (which carries the language of its
    labels), the format, the parameters and the row cap."""
    return request.text, request.format, tuple(sorted(request.substitutions.items())), request.max_rows


class AnswerCache:
    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self._answers: OrderedDict[Key, QueryOutcome] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> QueryOutcome | None:
        with self._lock:
            outcome = self._answers.get(key)
            if outcome is not None:
                self._answers.move_to_end(key)
            return outcome

    def keep(self, key: Key, outcome: QueryOutcome) -> None:
        size = len(outcome.body)
        if outcome.status != 200 or size > self.budget_bytes:
            return
        with self._lock:
            if key in self._answers:
                return
            self._answers[key] = outcome
            self._bytes += size
            while self._bytes > self.budget_bytes:
                _, dropped = self._answers.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)
