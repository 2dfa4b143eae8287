"""Searching the index: words of a query, accent- and case-insensitive, each matched as a prefix."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import date
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
    type: str = ""  # a body's type (its label in the language asked)
    start: str = ""  # a body's dates, YYYY-MM-DD
    end: str = ""
    ended: bool = False  # its activity ended before today


@dataclass(frozen=True)
class Filters:
    """What narrows a search to bodies: of a type, in a territory (or inside it), active at some time
    of a period (from one day to another; a body without a start date is taken as active before)."""

    type: str = ""  # IRIs
    territory: str = ""
    start: str = ""  # YYYY-MM-DD
    end: str = ""

    def __bool__(self) -> bool:
        return bool(self.type or self.territory or self.start or self.end)

    def sql(self) -> tuple[str, list[str]]:
        """The conditions on ``r`` (resources) and their parameters."""
        if not self:
            return "", []
        clauses, values = ["r.kind = 'body'"], []
        if self.type:
            clauses.append("r.type = ?")
            values.append(self.type)
        if self.territory:
            clauses.append("EXISTS (SELECT 1 FROM places AS p WHERE p.territory = ? AND p.iri = r.iri)")
            values.append(self.territory)
        if self.end:
            clauses.append("(r.start IS NULL OR r.start <= ?)")
            values.append(self.end)
        if self.start:
            clauses.append("(r.until IS NULL OR r.until > ?)")
            values.append(self.start)
        return " AND " + " AND ".join(clauses), values


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


def _columns(lang: str) -> str:
    other = "fr" if lang == "en" else "en"
    return f"""r.iri, r.kind, r.rank, COALESCE(r.label_{lang}, r.label_{other}, r.names),
               COALESCE(r.context_{lang}, r.context_{other}, ''), r.names,
               COALESCE(t.label_{lang}, t.label_{other}, ''), COALESCE(r.start, ''), COALESCE(r.ends, ''),
               COALESCE(r.until, '')"""


def search(index: Path, query: str, lang: str = "en", limit: int = 60, filters: Filters | None = None,
           today: date | None = None) -> list[Hit]:
    """Resources whose names (or type's names) contain every word of ``query``, best first: a
    resource one of whose names is exactly the query; then bodies before types, territories, texts
    and offices; active bodies before ended ones (a search for "CDPD" shows the 101 councils in
    office before the 200 of earlier decrees); then by relevance (a match in the resource's own
    names outweighs one in its type's, a short name one in a long text). With ``filters`` only
    bodies are found, and an empty query lists them all."""
    expression = match_expression(query)
    filters = filters or Filters()
    if not expression and not filters:
        return []
    lang = lang if lang in LANGUAGES else "en"
    today_text = (today or date.today()).isoformat()
    narrowing, values = filters.sql()
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        if expression:
            rows = connection.execute(f"""
                SELECT {_columns(lang)}
                FROM documents AS d JOIN resources AS r ON r.iri = d.iri
                LEFT JOIN resources AS t ON t.iri = r.type
                WHERE documents MATCH ?{narrowing}
                ORDER BY bm25(documents, 10.0, 1.0), length(r.names)
                LIMIT ?""", (expression, *values, max(limit, _CANDIDATES))).fetchall()
        else:
            rows = connection.execute(f"""
                SELECT {_columns(lang)} FROM resources AS r LEFT JOIN resources AS t ON t.iri = r.type
                WHERE 1{narrowing} ORDER BY r.until IS NOT NULL AND r.until <= ?, r.names
                LIMIT ?""", (*values, today_text, max(limit, _CANDIDATES))).fetchall()
    finally:
        connection.close()
    wanted = _normal(query)

    def ended(position: int) -> bool:
        until = rows[position][9]
        return bool(until) and until <= today_text

    def order(position: int) -> tuple[bool, int, bool, int]:
        names = rows[position][5]
        exact = bool(wanted) and any(_normal(name) == wanted for name in names.split(" | "))
        return (not exact, rows[position][2], ended(position), position)

    best = sorted(range(len(rows)), key=order)[:limit]
    return [Hit(*rows[i][:2], *rows[i][3:6], rows[i][6], rows[i][7], rows[i][8], ended(i)) for i in best]


def counts(index: Path, query: str, filters: Filters | None = None) -> dict[str, int]:
    """How many resources of each kind a search finds in all, however many it shows."""
    expression = match_expression(query)
    filters = filters or Filters()
    if not expression and not filters:
        return {}
    narrowing, values = filters.sql()
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    try:
        if expression:
            rows = connection.execute(f"""
                SELECT r.kind, COUNT(*) FROM documents AS d JOIN resources AS r ON r.iri = d.iri
                WHERE documents MATCH ?{narrowing} GROUP BY r.kind""", (expression, *values)).fetchall()
        else:
            rows = connection.execute(f"SELECT r.kind, COUNT(*) FROM resources AS r WHERE 1{narrowing} "
                                      "GROUP BY r.kind", values).fetchall()
    finally:
        connection.close()
    return dict(rows)
