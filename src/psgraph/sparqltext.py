"""Reading the structure of SPARQL query text: which variables a SELECT projects, and binding
parameters for remote endpoints.

The embedded engine binds parameters itself (pyoxigraph ``substitutions``, the pre-binding of
SPARQL SEP-0007: every occurrence of the variable takes the value, also inside a sub-SELECT that
projects it, and the variable must be projected). A remote SPARQL 1.1 endpoint has no such
mechanism, so :func:`bind_text` produces the query those semantics define: each occurrence, except
inside sub-SELECTs that do not project the variable, becomes the RDF term, serialised by
pyoxigraph in N-Triples syntax (escaped, typed), and each projection that names the variable keeps
the column as ``(term AS ?name)``. Tokens inside strings, IRIs and comments are
never touched, so a value can never change the shape of the query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

# Prefixed names as the SPARQL 1.1 grammar has them (PNAME_LN, PNAME_NS), local escapes (``ex:a\#b``)
# and %-encoding included: read as anything else, ``\#`` would start a comment and ``\'`` a string.
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\uFFFD")
_PN_CHARS = _PN_CHARS_BASE + "_0-9\u00B7\u0300-\u036F\u203F-\u2040-"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PNAME = (rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:"
          rf"(?:(?:[{_PN_CHARS_BASE}_:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?)?")
_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    r'|(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)'
    r'|(?P<comment>#[^\n\r]*)'
    r'|(?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)'
    rf'|(?P<pname>{_PNAME})'
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


def result_variables(text: str) -> set[str]:
    """Every column of the top-level SELECT: its plain variables and those bound by ``AS``."""
    return {t.text[1:] for t in tokens(text) if t.kind == "var" and t.clause == "select"}


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
    return _bind(text, bindings, inner=False)[0]


def _bind(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal], inner: bool) -> tuple[str, set[str]]:
    """The bound text and the bound variables its projection still names.

    A sub-SELECT under OPTIONAL (``inner``) leaves a bound variable out of its projection when
    something else stays projected: pre-bound, the variable holds the same term inside and outside,
    so joining on it adds nothing, and out of scope it lets the enclosing query bind it as
    ``(term AS ?name)``. Kept in scope, such a sub-SELECT that finds nothing leaves it unbound
    outside, where the pre-bound query has the term: statutory-seat-load, given a country, answered
    with an empty country column on a remote endpoint."""
    found = list(tokens(text))
    dropped = _dropped_projections(found, bindings) if inner else set()
    pieces: list[str | Token] = []  # bound sub-SELECT texts and this level's own tokens
    from_sub_selects: set[str] = set()  # variables a sub-SELECT already binds here
    index = 0
    while index < len(found):
        token = found[index]
        index += 1
        if token.kind == "word" and token.clause == "sub" and token.text.upper() == "SELECT":
            end = _end_of_sub_select(found, index)
            sub_text = "".join(t.text for t in found[index - 1:end])
            reaching, star = _projected_bindings(sub_text, bindings)
            bound, still_projected = _bind(sub_text, reaching, inner=_under_optional(found, index - 1))
            if not star:  # SELECT * does not keep a substituted variable in scope
                from_sub_selects |= still_projected
            pieces.append(bound)
            index = end
        else:
            pieces.append(token)
    kept = _kept_group_key(pieces, bindings, from_sub_selects)
    projected = {p.text[1:] for p in pieces if isinstance(p, Token) and p.kind == "var"
                 and p.clause == "select" and p.parens == 0 and p.text[1:] in bindings} - dropped
    return "".join(piece if isinstance(piece, str)
                   else "" if piece.kind == "var" and piece.clause == "select" and piece.parens == 0
                   and piece.text[1:] in dropped
                   else _bound_token(piece, bindings, from_sub_selects, kept) for piece in pieces), projected


def _under_optional(found: list[Token], select: int) -> bool:
    """Whether the sub-SELECT at ``select`` is the whole of an OPTIONAL group (``OPTIONAL { SELECT``).
    Elsewhere it is joined, so it binds what it projects (and Virtuoso 7.2's plans for
    level-chain-gaps lose rows when its joined sub-SELECTs stop projecting the date)."""
    before = [t for t in found[:select] if t.kind not in ("space", "comment")][-2:]
    return len(before) == 2 and before[1].kind == "open" and before[0].text.upper() == "OPTIONAL"


def _dropped_projections(found: list[Token], bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> set[str]:
    """The bound plain variables a sub-SELECT's projection can leave out: all of them when another
    column stays (a plain variable or an ``(expression AS ?name)``), else none."""
    items = [t for t in found if t.clause == "select" and t.parens == 0 and t.kind in ("var", "lparen")]
    bound = {t.text[1:] for t in items if t.kind == "var" and t.text[1:] in bindings}
    others = [t for t in items if not (t.kind == "var" and t.text[1:] in bindings)]
    return bound if others else set()


def _kept_group_key(pieces: list[str | Token], bindings: Mapping[str, ox.NamedNode | ox.Literal],
                    from_sub_selects: set[str]) -> Token | None:
    """A bound variable left out of GROUP BY (grouping by a constant changes nothing) would leave
    an empty GROUP BY when it was the only key, which means one group even without solutions: then
    the first such key stays, as ``(term)``."""
    keys = [p for p in pieces if isinstance(p, Token) and p.clause == "group" and p.parens == 0
            and p.kind in ("var", "lparen")]
    dropped = [k for k in keys if k.kind == "var" and k.text[1:] in bindings
               and k.text[1:] not in from_sub_selects]
    return dropped[0] if dropped and len(dropped) == len(keys) else None


def _bound_token(token: Token, bindings: Mapping[str, ox.NamedNode | ox.Literal],
                 from_sub_selects: set[str], kept: Token | None) -> str:
    """One token of the query itself: a bound variable becomes its term; a projection keeps the
    column as ``(term AS ?name)`` (or the plain name when a sub-SELECT brings it into scope), and
    GROUP BY leaves the variable out — a constant key groups nothing, and some stores (Virtuoso
    7.2) refuse ``GROUP BY (term AS ?name)`` next to a projection of the same name."""
    name = token.text[1:] if token.kind == "var" else ""
    if not name or name not in bindings or token.clause in ("sub", "prologue"):
        return token.text
    term = str(bindings[name])
    at_top = token.parens == 0
    if token.clause == "select" and at_top:
        return token.text if name in from_sub_selects else f"({term} AS {token.text})"
    if token.clause == "group" and at_top:
        if name in from_sub_selects:
            return token.text
        return f"({term})" if token is kept else ""
    if token.clause == "modifier":
        return f"({term})"  # ORDER BY <iri> would read as a function call
    return term


def _end_of_sub_select(found: list[Token], start: int) -> int:
    """The index of the brace that closes the group a sub-SELECT starting before ``start`` sits in."""
    depth = 0
    for index in range(start, len(found)):
        kind = found[index].kind
        depth += (kind == "open") - (kind == "close")
        if depth < 0:
            return index
    return len(found)


def _projected_bindings(sub_select: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]
                        ) -> tuple[dict[str, ox.NamedNode | ox.Literal], bool]:
    """The bindings that reach into a sub-SELECT (those of the variables it projects) and whether
    it is a ``SELECT *``. That projects the variables in scope, read here as those used outside
    parentheses (in triple patterns), so a variable only a FILTER mentions stays unbound, as in
    pyoxigraph."""
    found = list(tokens(sub_select))
    star = any(t.kind == "other" and t.text == "*" and t.clause == "select" and t.parens == 0 for t in found)
    if star:
        projected = {t.text[1:] for t in found
                     if t.kind == "var" and t.clause in ("where", "sub") and t.parens == 0}
    else:
        projected = projected_variables(sub_select)
    return {name: term for name, term in bindings.items() if name in projected}, star
