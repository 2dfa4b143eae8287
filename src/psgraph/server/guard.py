"""What the endpoint refuses before a query reaches the engine: updates, and federated ``SERVICE``
calls to hosts outside the operator's allow-list.

Neither check is the barrier. The store is opened read-only, so an update could not change it; and
query workers run in a network namespace of their own with no interface up
(:mod:`psgraph.server.confinement`), so a ``SERVICE`` call that got past this reading cannot leave
the machine — nor can one from the federated worker reach anything but the allowed hosts and ports,
the only routes of its namespace (:mod:`psgraph.server.egress`). These checks give the client a
clear 403 instead of an engine error, and, when the operator allows some hosts, send the queries
that call only those hosts to the federated worker. A host allowed without a port is allowed on its
web ports (80, 443), as the federated worker's routes are. They read the query the way the SPARQL
grammar does — strings, IRIs, comments and prefixed names with local escapes (``ex:a\\#b``) are
never mistaken for one another, and a prefixed or relative target is expanded before its host is
compared.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from psgraph.sparqltext import query_form, tokens

MAX_NESTING = 128
MAX_GROUP_OPERATORS = 1000
# How deep the engine can be taken, bounded from the raw text (see check_levels). Measured on the
# workers' 128 MiB query thread (pyoxigraph 0.5.13, benchmarks/README.md): the deepest shapes per
# character are a collection's elements, ``( 1 1 1 …`` (64,000 crash it: 2 KiB of stack each), and
# nested function calls, ``COALESCE(COALESCE(…`` (14,500 crash it: 9 KiB each, for one bracket);
# chained operators take 0.9 to 1.3 KiB a level (``!``: 148,000 crash it; ``-``: 109,000).
QUERY_STACK_KIB = 128 * 1024
KIB_PER_UNIT = 2  # a word, an operator or a term's first character; a bracket counts BRACKET_UNITS
BRACKET_UNITS = 4.5
MAX_LEVEL_UNITS = 32_000  # half the stack: 2 KiB × 32,000 = 62.5 MiB
_UNIT_CHARS = "!&|+-*/^=<>.;,?$\"'"
_BRACKETS = "({["
_WORD = re.compile(r"\S+")
_NESTING = {"{": 1, "(": 1, "[": 1, "}": -1, ")": -1, "]": -1}
_GROUP_OPERATORS = {"OPTIONAL", "UNION", "MINUS", "SERVICE", "GRAPH", "FILTER", "BIND", "VALUES"}
UPDATE_OPERATIONS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_SEPARATORS = set(";,{}()[]")
_PNAME = re.compile(r"^([A-Za-z][\w.-]*)?:(.*)$", re.DOTALL)
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# The keyword wherever it could stand: not a variable's or a prefixed name's part.
_SERVICE_WORD = re.compile(r"(?<![\w:?$\\])service(?![\w-])", re.IGNORECASE)
WEB_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    """The query is well-formed but not allowed here; ``str()`` says why, for the client."""


class TooComplex(Exception):
    """The query is nested deeper or chained longer than the engine can safely take (400)."""


@dataclass(frozen=True)
class Lexeme:
    kind: str  # "chunk" (keyword or prefixed name), "iri", "var", "string", "open", "close", "punct"
    text: str


def lexemes(text: str) -> Iterator[Lexeme]:
    """The query as keywords/prefixed names, IRIs, variables and punctuation (no space or comments)."""
    chunk: list[str] = []
    for token in tokens(text):
        if token.kind in ("word", "pname", "other") and token.text not in _SEPARATORS:
            chunk.append(token.text)
            continue
        if chunk:
            yield Lexeme("chunk", "".join(chunk))
            chunk = []
        if token.kind in ("space", "comment"):
            continue
        if token.kind in ("iri", "var", "string", "open", "close"):
            yield Lexeme(token.kind, token.text)
        else:
            yield Lexeme("punct", token.text)
    if chunk:
        yield Lexeme("chunk", "".join(chunk))


def check_read_only(text: str) -> None:
    """Refuse SPARQL Update operations sent as a query."""
    operation = query_form(text)
    if operation in UPDATE_OPERATIONS:
        raise Refused(f"This endpoint is read-only: SPARQL Update ({operation}) is refused.")


def check_levels(text: str, max_units: int = MAX_LEVEL_UNITS) -> None:
    """Refuse a query that could take the engine deeper than its stack allows, whatever it means.

    Every level of the engine's recursion (its parser, optimiser and evaluator) starts at a bracket,
    an operator or separator (``! || && + - * / = < >``, a path's ``/ | ^``, a triple's ``. ; ,``)
    or a term of a list (a word, or a term's first character ``< " ' ? $``). They are counted in the
    raw text — strings, IRIs and comments included — because a reading of the text can be fooled
    about which is which (``<`` starts an IRI or compares; ``FILTER(?a<'x>#')`` hid the rest of its
    line from the first-round checks, which counted only brackets: 400,000 chained ``!`` crashed a
    worker). So the count bounds the depth the engine can reach, and the limit is half of what its
    stack takes at the costliest characters; a real query is far below it (the catalogue's largest,
    about 2,000)."""
    words = sum(1 for _ in _WORD.finditer(text))
    brackets = sum(text.count(character) for character in _BRACKETS)
    units = words + sum(text.count(character) for character in _UNIT_CHARS) + BRACKET_UNITS * brackets
    if units > max_units:
        raise TooComplex(f"The query has {units:,.0f} words, operators and brackets (brackets count "
                         f"{BRACKET_UNITS:g} each; strings, IRIs and comments are counted too), more "
                         f"than the {max_units:,} this endpoint accepts, so that no query can exhaust the "
                         "engine's stack; shorten it: prefixed names instead of full IRIs (the project's "
                         "prefixes are predeclared), VALUES instead of long chains of || or UNION, or "
                         "several queries.")


def check_complexity(text: str, max_nesting: int = MAX_NESTING,
                     max_operators: int = MAX_GROUP_OPERATORS) -> None:
    """Refuse queries nested deeper than ``max_nesting`` brackets or with more group operators
    (OPTIONAL, UNION, MINUS …) than ``max_operators``: the engine recurses once per level, and
    about 5,000 levels crash it (measured; the workers' large stacks are the backstop)."""
    _check_complexity(list(lexemes(text)), max_nesting, max_operators)


def _check_complexity(items: Sequence[Lexeme], max_nesting: int = MAX_NESTING,
                      max_operators: int = MAX_GROUP_OPERATORS) -> None:
    depth = deepest = operators = 0
    for item in items:
        depth += _NESTING.get(item.text, 0) if item.kind in ("open", "close", "punct") else 0
        deepest = max(deepest, depth)
        if item.kind == "chunk" and item.text.upper() in _GROUP_OPERATORS:
            operators += 1
    if deepest > max_nesting:
        raise TooComplex(f"The query nests brackets {deepest} levels deep; this endpoint accepts at most "
                         f"{max_nesting}. Flatten it (a VALUES block, fewer nested groups).")
    if operators > max_operators:
        raise TooComplex(f"The query has {operators} OPTIONAL, UNION, MINUS, FILTER and similar clauses; "
                         f"this endpoint accepts at most {max_operators}. Split it into several queries.")


def service_targets(text: str) -> list[str]:
    """The IRI of every ``SERVICE`` call (expanded), or ``?var`` for a variable target."""
    return _service_targets(list(lexemes(text)))


def _service_targets(items: Sequence[Lexeme]) -> list[str]:
    prefixes: dict[str, str] = {}
    base = ""
    targets: list[str] = []
    for index, item in enumerate(items):
        word = item.text.upper() if item.kind == "chunk" else ""
        following = items[index + 1:index + 3]
        if word == "PREFIX" and len(following) == 2 and following[1].kind == "iri":
            prefixes[following[0].text.rstrip(":")] = _resolve(base, following[1].text[1:-1])
        elif word == "BASE" and following and following[0].kind == "iri":
            base = following[0].text[1:-1]
        elif word == "SERVICE":
            position = index + 1  # indexes, not slices: a long query may hold many SERVICE calls
            if position < len(items) and items[position].kind == "chunk" \
                    and items[position].text.upper() == "SILENT":
                position += 1
            if position >= len(items):
                continue
            target = items[position]
            if target.kind == "iri":
                targets.append(_resolve(base, target.text[1:-1]))
            elif target.kind == "var":
                targets.append(target.text)
            elif target.kind == "chunk" and (match := _PNAME.match(target.text)):
                namespace = prefixes.get(match.group(1) or "")
                local = _LOCAL_ESCAPE.sub(r"\1", match.group(2))
                targets.append(namespace + local if namespace is not None else target.text)
            else:
                targets.append(target.text)
    return targets


def _resolve(base: str, iri: str) -> str:
    iri = _UCHAR.sub(lambda match: chr(int(match.group(1) or match.group(2), 16)), iri)
    return urllib.parse.urljoin(base, iri) if base else iri


def check_services(text: str, allowed_hosts: Collection[str]) -> list[str]:
    """The query's ``SERVICE`` targets, all allowed; Refused unless each host (or host:port) is."""
    return _check_targets(service_targets(text), allowed_hosts)


def check_query(text: str, allowed_hosts: Collection[str]) -> list[str]:
    """Every check of this module: the depth the text could reach (TooComplex), then on one reading
    of the text read-only, nesting (TooComplex), SERVICE hosts (Refused). Returns the SERVICE
    targets, all allowed."""
    check_levels(text)
    check_read_only(text)
    items = list(lexemes(text))
    _check_complexity(items)
    targets = _check_targets(_service_targets(items), allowed_hosts)
    check_hidden_services(text, targets)
    return targets


def check_hidden_services(text: str, targets: list[str]) -> None:
    """Refuse a federated query that has the word SERVICE in more places than this reading found
    calls (in a comment, a string, or a trick such as ``….SERVICE`` or ``FILTER(?a<'x>#')`` that
    hides a call from it): it could not be told whether each is an allowed call."""
    found = len(_SERVICE_WORD.findall(text))
    if targets and found > len(targets):
        raise Refused(f"Federated query refused: the word SERVICE occurs {found} times but only "
                      f"{len(targets)} are calls this server can check; write SERVICE only for the calls "
                      "(not in comments or strings) and put spaces around each.")


def _check_targets(targets: list[str], allowed_hosts: Collection[str]) -> list[str]:
    allowed = {host.lower() for host in allowed_hosts}
    for target in targets:
        if target.startswith(("?", "$")):
            raise Refused(f"Federated query refused: SERVICE {target} names its endpoint by a variable, "
                          "which this endpoint does not allow.")
        address = urllib.parse.urlsplit(target)
        host = (address.hostname or "").lower()
        if address.scheme not in ("http", "https") or not host:
            raise Refused(f"Federated query refused: SERVICE <{target}> is not an http(s) URL.")
        try:
            port = address.port or WEB_PORTS[address.scheme]
        except ValueError:
            raise Refused(f"Federated query refused: SERVICE <{target}> has no valid port.") from None
        with_port = f"{host}:{port}"
        if with_port not in allowed and not (host in allowed and port in WEB_PORTS.values()):
            hint = ("no host is allowed on this server" if not allowed
                    else f"allowed: {', '.join(sorted(allowed))}")
            raise Refused(f"Federated query refused: SERVICE host {with_port} is not in the allow-list "
                          f"({hint}; the operator adds hosts with --allow-service).")
    return targets
