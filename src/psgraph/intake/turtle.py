"""Deterministic, readable Turtle for the bodies of a workbook: the same rows always give the same
bytes (prefixes declared, bodies in identifier order, properties in a fixed order, blank nodes
written inline), so that importing a sheet again changes nothing and a diff shows what a curator
changed."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.reference.writer import iri, literal
from psgraph.results import compact

_FIRST = [
    PREFIXES["rdf"] + "type",
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "altLabel",
    PREFIXES["org"] + "organization",
    PREFIXES["org"] + "member",
    PREFIXES["org"] + "role",
]
_LOCAL = re.compile(r"^[A-Za-z0-9_]([\w.-]*[\w-])?$")


def term(node: ox.NamedNode | ox.Literal) -> str:
    """A term as Turtle: a compact name where its local part is a valid one, escaped as the reference
    data's writer escapes."""
    if isinstance(node, ox.NamedNode):
        short = compact(node.value)
        return short if short != node.value and _LOCAL.match(short.partition(":")[2]) else iri(node.value)
    if node.language:
        return literal(node.value, node.language)
    if node.datatype.value == PREFIXES["xsd"] + "string":
        return literal(node.value)
    if node.datatype.value == PREFIXES["xsd"] + "boolean" and node.value in ("true", "false"):
        return node.value
    return f"{literal(node.value)}^^{term(node.datatype)}"


class TurtleWriter:
    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
        for triple in triples:
            self.by_subject[triple.subject].append(triple)

    def document(self, header: str) -> str:
        used = self._used_prefixes()
        lines = [f"# {line}".rstrip() for line in header.splitlines()]
        lines += [f"@prefix {p}: <{PREFIXES[p]}> ." for p in PREFIXES if p in used] + [""]
        named = sorted((s for s in self.by_subject if isinstance(s, ox.NamedNode)), key=lambda s: s.value)
        for subject in named:
            lines.append(f"{term(subject)} {self._properties(subject, 1)} .\n")
        # Blank subjects that nothing points at: memberships, written after their bodies.
        pointed = {
            t.object for ts in self.by_subject.values() for t in ts if isinstance(t.object, ox.BlankNode)
        }
        loose = [s for s in self.by_subject if isinstance(s, ox.BlankNode) and s not in pointed]
        for text in sorted(f"[] {self._properties(s, 1)} ." for s in loose):
            lines.append(text + "\n")
        return "\n".join(lines).rstrip() + "\n"

    def describe(self, subject: ox.NamedNode | ox.BlankNode) -> str:
        """One subject's properties, blank nodes inline: the same facts always give the same text."""
        return self._properties(subject, 1)

    def _properties(self, subject: ox.NamedNode | ox.BlankNode, depth: int) -> str:
        grouped: dict[str, list[str]] = defaultdict(list)
        for triple in self.by_subject[subject]:
            grouped[triple.predicate.value].append(self._object(triple.object, depth))
        order = sorted(
            grouped, key=lambda p: (_FIRST.index(p) if p in _FIRST else len(_FIRST), term(ox.NamedNode(p)))
        )
        indent = "\n" + "    " * depth
        parts = []
        for predicate in order:
            name = "a" if predicate == PREFIXES["rdf"] + "type" else term(ox.NamedNode(predicate))
            parts.append(f"{name} {' , '.join(sorted(set(grouped[predicate])))}")
        return (" ;" + indent).join(parts) if depth == 1 else " ; ".join(parts)

    def _object(self, node: object, depth: int) -> str:
        if isinstance(node, ox.BlankNode):
            return f"[ {self._properties(node, depth + 1)} ]"
        assert isinstance(node, ox.NamedNode | ox.Literal)
        return term(node)

    def _used_prefixes(self) -> set[str]:
        text = " ".join(
            term(n)
            for ts in self.by_subject.values()
            for t in ts
            for n in (t.subject, t.predicate, t.object)
            if isinstance(n, ox.NamedNode | ox.Literal)
        )
        return {p for p in PREFIXES if f"{p}:" in text}
