"""The records of the intake's Turtle files, and where an import puts each one.

A record is what one workbook row (with the rows about it) becomes: a body with its seats, mandates,
links, citations and the changes it owns; a document; a web page; a kept passage; a figure a source
states. Every intake file (``data/<folder>/intake/<workbook>.ttl``) is a set of records, so an
import can replace one body wherever it is kept: a workbook exported from the whole graph imports
back as a no-op, and a changed cell rewrites its body in the file that holds it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from psgraph.intake.turtle import TurtleWriter
from psgraph.prefixes import PREFIXES

INTAKE_FOLDER = "intake"
ORG, PSG, RDF = PREFIXES["org"], PREFIXES["psg"], PREFIXES["rdf"]
BODIES = "https://w3id.org/psgraph/id/body/"
TERRITORIES = "https://w3id.org/psgraph/id/territory/"
SOURCES_FOLDER = "sources"
# The country folders of data/ that hold bodies; other countries' bodies go to data/europe/.
_FOLDERS = {"fr": "fr", "uk": "uk", "eu": "eu", "coe": "eu"}
_CHANGE = ORG + "ChangeEvent"
_FIGURE = PSG + "StatedFigure"
_SIDES = (ORG + "originalOrganization", ORG + "resultingOrganization")


@dataclass
class Record:
    key: str
    folder: str
    triples: list[ox.Triple] = field(default_factory=list)

    def text(self) -> str:
        """The record as deterministic Turtle: equal records, equal text."""
        return TurtleWriter(self.triples).document("")

    @property
    def is_body(self) -> bool:
        return self.key.startswith(BODIES)


def folder_of(key: str, triples: Iterable[ox.Triple] = ()) -> str:
    """The data/ folder a record is kept in: a body's country; a figure's territory's country; the
    shared sources folder for documents, web pages and passages."""
    if key.startswith(BODIES):
        return _FOLDERS.get(key[len(BODIES) :].split("/", 1)[0], "europe")
    if key.startswith("figure:"):
        about = next((t.object.value for t in triples if t.predicate.value == PSG + "figureAbout"), "")
        if about.startswith(TERRITORIES):
            return _FOLDERS.get(about[len(TERRITORIES) :].split("/", 1)[0], "europe")
    return SOURCES_FOLDER


def split(triples: Iterable[ox.Triple]) -> dict[str, Record]:
    """Group triples into records: each named subject with the blank nodes it leads to; a seat with
    its body (or with the body that sits, when a body described here sits on another); a change with
    the first of its bodies described here; a figure on its own."""
    by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[triple.subject].append(triple)
    pointed = {t.object for ts in by_subject.values() for t in ts if isinstance(t.object, ox.BlankNode)}
    named = {s.value for s in by_subject if isinstance(s, ox.NamedNode)}

    def closure(node: ox.NamedNode | ox.BlankNode) -> list[ox.Triple]:
        found, queue, seen = [], [node], set()
        while queue:
            current = queue.pop()
            if current in seen:
                continue
            seen.add(current)
            for triple in by_subject.get(current, []):
                found.append(triple)
                if isinstance(triple.object, ox.BlankNode):
                    queue.append(triple.object)
        return found

    records: dict[str, Record] = {}

    def put(key: str, found: list[ox.Triple]) -> None:
        record = records.setdefault(key, Record(key, folder_of(key, found)))
        record.triples.extend(found)

    for subject in sorted((s for s in by_subject if isinstance(s, ox.NamedNode)), key=lambda s: s.value):
        put(subject.value, closure(subject))
    for subject in (s for s in by_subject if isinstance(s, ox.BlankNode) and s not in pointed):
        found = closure(subject)
        facts = {t.predicate.value: t.object for t in by_subject[subject]}
        types = {t.object.value for t in by_subject[subject] if t.predicate.value == RDF + "type"}
        owner = facts.get(ORG + "organization")
        member = facts.get(ORG + "member")
        # A body that sits on another body (a national council on the EUCPN) keeps its seat: the body
        # it sits on is described elsewhere, and a record replaces its body whole.
        if isinstance(member, ox.NamedNode) and member.value.startswith(BODIES) and member.value in named:
            owner = member
        sides = sorted(
            t.object.value
            for t in by_subject[subject]
            if t.predicate.value in _SIDES and t.object.value in named
        )
        if isinstance(owner, ox.NamedNode):
            put(owner.value, found)
        elif _CHANGE in types and sides:
            put(sides[0], found)
        elif _FIGURE in types:
            put("figure:" + _digest(found, subject), found)
        else:
            put("loose:" + _digest(found, subject), found)
    return records


def _digest(triples: list[ox.Triple], subject: ox.BlankNode) -> str:
    writer = TurtleWriter(triples)
    return hashlib.sha256(writer.describe(subject).encode("utf-8")).hexdigest()[:16]


def intake_files(data: Path) -> list[Path]:
    return sorted(data.glob(f"*/{INTAKE_FOLDER}/*.ttl"))


def read_file(path: Path) -> dict[str, Record]:
    return split(q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
