"""Searching the index: words of a query, accent- and case-insensitive, each matched as a prefix."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_QUERY_CHARS = 200
_WORD = re.compile(r"\w+", re.UNICODE)
_CANDIDATES = 300  # the best matches by relevance, re-ordered by exactness and kind


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    label: str
    context: str
    names: str  # every name and acronym of the resource, in every language


def match_expression(query: str) -> str:
    """The FTS5 expression for what a person typed: every word, as a prefix ("clspd lyon" →
    "clspd"* "lyon"*). Punctuation and FTS5 syntax are dropped, so any input is safe."""
    words = _WORD.findall(query[:MAX_QUERY_CHARS])
    return " ".join(f'"{word}"*' for word in words[:12])


LANGUAGES = ("en", "fr")


def _normal(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(_WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c))))


def search(index: Path, query: str, lang: str = "en", limit: int = 60) -> list[Hit]:
    """Resources whose names (or type's names) contain every word of ``query``, best first: a
    resource one of whose names is exactly the query; then bodies before types, territories, texts
    and offices; then by relevance (a match in the resource's own names outweighs one in its
    type's, a short name one in a long text)."""
    expression = match_expression(query)
    if not expression:
        return []
    lang = lang if lang in LANGUAGES else "en"
    other = "fr" if lang == "en" else "en"
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        rows = connection.execute(f"""
            SELECT r.iri, r.kind, r.rank, COALESCE(r.label_{lang}, r.label_{other}, r.names),
                   COALESCE(r.context_{lang}, r.context_{other}, ''), r.names
            FROM documents AS d JOIN resources AS r ON r.iri = d.iri
            WHERE documents MATCH ?
            ORDER BY bm25(documents, 10.0, 1.0), length(r.names)
            LIMIT ?""", (expression, max(limit, _CANDIDATES))).fetchall()
    finally:
        connection.close()
    wanted = _normal(query)

    def order(position: int) -> tuple[bool, int, int]:
        _, _, rank, _, _, names = rows[position]
        exact = any(_normal(name) == wanted for name in names.split(" | "))
        return (not exact, rank, position)

    best = sorted(range(len(rows)), key=order)[:limit]
    return [Hit(rows[i][0], rows[i][1], rows[i][3], rows[i][4], rows[i][5]) for i in best]
