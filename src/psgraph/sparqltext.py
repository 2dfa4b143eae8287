"""Reading the structure of SPARQL query text: which variables a SELECT projects, and binding
parameters for remote endpoints.

The embedded engine binds parameters itself (pyoxigraph ``substitutions``, the pre-binding of
SPARQL SEP-0007: every occurrence of the variable outside sub-SELECTs takes the value, and the
variable must be projected). A remote SPARQL 1.1 endpoint has no such mechanism, so
:func:`bind_text` produces the query those semantics define: each occurrence outside sub-SELECTs
becomes the RDF term, serialised by pyoxigraph in N-Triples syntax (escaped, typed), and the
projection keeps the column as ``(term AS ?name)``. Tokens inside strings, IRIs and comments are
never touched, so a value can never change the shape of the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)'
    r'|(?P<comment>#[^\n]*)'
    r'|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)'
    r'|(?P<open>\{)|(?P<close>\})|(?P<lparen>\()|(?P<rparen>\))'
    r'|(?P<space>\s+)'
    r'|(?P<other>.)',
    re.DOTALL,
)
_SOLUTION_MODIFIERS = {"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    clause: str  # "select", "where", "group", "modifier" (after GROUP BY: HAVING, ORDER BY …) or "sub"
    parens: int  # parenthesis depth within the clause


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query, each labelled with the part of the top-level query it belongs to."""
    clause = "prologue"
    depth = 0
    parens = 0
    sub_depths: list[int] = []
    previous_word = ""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        value = match.group()
        upper = value.upper() if kind == "word" else ""
        if kind == "open":
            depth += 1
            if clause == "select" and depth == 1:
                clause = "where"
        elif kind == "close":
            depth -= 1
            if sub_depths and depth < sub_depths[-1]:
                sub_depths.pop()
        elif kind == "word" and depth > 0 and upper == "SELECT":
            sub_depths.append(depth)
        elif kind == "word" and depth == 0:
            if upper == "SELECT" and clause == "prologue":
                clause = "select"
            elif upper == "WHERE" and clause == "select":
                clause = "where"
            elif upper == "BY" and previous_word == "GROUP":
                clause = "group"
            elif upper in _SOLUTION_MODIFIERS and clause in ("where", "group"):
                clause = "modifier"
        if kind == "lparen":
            parens += 1
        elif kind == "rparen":
            parens -= 1
        if kind == "word":
            previous_word = upper
        yield Token(kind, value, "sub" if sub_depths else clause,
                    parens - (1 if kind == "lparen" else 0))


def projected_variables(text: str) -> set[str]:
    """The plain variables of the top-level SELECT clause (not those bound by ``AS`` inside it)."""
    return {t.text[1:] for t in tokens(text) if t.kind == "var" and t.clause == "select" and t.parens == 0}


def query_form(text: str) -> str:
    """The first keyword after the prologue, upper-cased: SELECT, ASK, CONSTRUCT, DESCRIBE, or the
    first operation of an update (INSERT, LOAD …); "" when there is none."""
    in_declaration = False  # inside ``PREFIX name: <iri>`` or ``BASE <iri>``
    for token in tokens(text):
        if in_declaration:
            in_declaration = token.kind != "iri"
        elif token.kind == "word":
            word = token.text.upper()
            if word not in ("PREFIX", "BASE"):
                return word
            in_declaration = True
    return ""


def is_select(text: str) -> bool:
    """Whether the top-level query form is SELECT (not ASK, CONSTRUCT, DESCRIBE or an update)."""
    return query_form(text) == "SELECT"


def grouped_variables(text: str) -> set[str]:
    return {t.text[1:] for t in tokens(text) if t.kind == "var" and t.clause == "group" and t.parens == 0}


def bind_text(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query with each bound variable replaced by its term, as pyoxigraph's substitution binds it."""
    grouped = grouped_variables(text)
    out: list[str] = []
    for token in tokens(text):
        name = token.text[1:] if token.kind == "var" else ""
        if not name or name not in bindings or token.clause in ("sub", "prologue"):
            out.append(token.text)
            continue
        term = str(bindings[name])
        at_top = token.parens == 0
        if token.clause == "select" and at_top:
            out.append(token.text if name in grouped else f"({term} AS {token.text})")
        elif token.clause == "group" and at_top:
            out.append(f"({term} AS {token.text})")
        elif token.clause == "modifier":
            out.append(f"({term})")  # ORDER BY <iri> would read as a function call
        else:
            out.append(term)
    return "".join(out)
