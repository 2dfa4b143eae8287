"""Where an import's records go, and writing them.

The files a workbook wrote before (``data/*/intake/<workbook>.ttl``) are replaced whole by its new
records; a record that another intake file already keeps (a body exported from the whole graph, a
web page cited before) is replaced where it is, so a body is never defined twice. Shared records (a
web page, a kept passage, a document) that this workbook no longer cites stay if another file cites
them. Each file is written atomically; one that would not change is not touched.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from psgraph.files import write_atomically
from psgraph.i18n import Text, plural, text
from psgraph.intake.cells import Problem
from psgraph.intake.records import INTAKE_FOLDER, Record, intake_files, read_file, split
from psgraph.intake.turtle import TurtleWriter
from psgraph.project import Project

INSTITUTED_BY = ox.NamedNode("https://w3id.org/psgraph/ontology#institutedBy")


@dataclass
class Plan:
    data: Path
    stem: str
    files: dict[Path, dict[str, Record]]  # every intake file as it is, by record key
    new: dict[Path, dict[str, Record]] = field(default_factory=dict)  # as the import leaves them
    incoming: set[str] = field(default_factory=set)  # the keys of the records the import brings

    @property
    def location(self) -> dict[str, Path]:
        return {key: path for path, records in self.files.items() for key in records}

    def own(self) -> set[Path]:
        return {path for path in self.files if path.stem == self.stem}

    def foreign_resources(self, store: ox.Store) -> _Foreign:
        return _Foreign(store, self.location)

    def refused_bodies(self, project: Project, store: ox.Store, assembled: object) -> list[Problem]:
        """A body id the graph already has outside the intake files: a body written by hand, or one
        that `psgraph instances` generates from a rule."""
        from psgraph.validation.readable import definitions

        location = self.location
        problems: list[Problem] = []
        where: dict[str, str] | None = None
        for iri, row in assembled.bodies.items():  # type: ignore[attr-defined]
            node = ox.NamedNode(iri)
            if iri in location or not any(True for _ in store.quads_for_pattern(node, None, None)):
                continue
            if any(True for _ in store.quads_for_pattern(node, INSTITUTED_BY, None)):
                problems.append(
                    Problem(
                        "bodies",
                        row.number,
                        "id",
                        text(
                            "'{cell}' is a body that `psgraph instances` generates from a rule of the law; "
                            "change the "
                            "rule (data/*/obligations.ttl) rather than the body",
                            cell=row.get("id"),
                        ),
                    )
                )
                continue
            if where is None:
                curated = project.curated_files()
                where = definitions(curated, {path: project.relative(path) for path in curated})
            place = where.get(iri, "")
            problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "id",
                    text(
                        "'{cell}' is already a body in the graph{where}; choose another id, or correct that "
                        "body there",
                        cell=row.get("id"),
                        where=f" ({place})" if place else "",
                    ),
                )
            )
        return problems

    def incoming_others(self) -> list[list[str]]:
        """The keys of the records the import brings that are not bodies, by file."""
        return [[k for k, r in records.items() if not r.is_body and k in self.incoming]
                for records in self.new.values()]

    def with_records(self, triples: Iterable[ox.Triple]) -> Plan:
        incoming = split(triples)
        location = self.location
        own = self.own()
        new: dict[Path, dict[str, Record]] = {path: dict(records) for path, records in self.files.items()}
        for path in own:
            new[path] = {}
        for key, record in incoming.items():
            where = location.get(key)
            if where is not None and where not in own:
                new[where][key] = record
            else:
                target = self.data / record.folder / INTAKE_FOLDER / f"{self.stem}.ttl"
                new.setdefault(target, {})[key] = record
        cited = {
            t.object.value
            for records in new.values()
            for r in records.values()
            for t in r.triples
            if isinstance(t.object, ox.NamedNode)
        }
        for path in own:
            for key, record in self.files[path].items():
                if key not in incoming and not record.is_body and key in cited and not _kept(new, key):
                    new[path][key] = record
        return Plan(self.data, self.stem, self.files, new, set(incoming))

    def contents(self, workbook: str) -> dict[Path, bytes | None]:
        """Each file the import touches and its new bytes (None: the file goes)."""
        out: dict[Path, bytes | None] = {}
        for path, records in self.new.items():
            if not records:
                if path.is_file():
                    out[path] = None
                continue
            header = _header(path) or (
                f"Records imported by `psgraph intake` from {workbook}: edit the spreadsheet and import it\n"
                "again rather than this file (an import replaces what it imported before)."
            )
            triples = [t for record in records.values() for t in record.triples]
            payload = TurtleWriter(triples).document(header).encode("utf-8")
            if not path.is_file() or path.read_bytes() != payload:
                out[path] = payload
        return out

    def changes(self) -> list[tuple[Path, Text]]:
        """What the import would change, file by file: bodies and other records added, changed, removed."""
        found = []
        for path in sorted(set(self.files) | set(self.new)):
            before, after = self.files.get(path, {}), self.new.get(path, {})
            added = [k for k in after if k not in before]
            removed = [k for k in before if k not in after]
            changed = [k for k in after if k in before and after[k].text() != before[k].text()]
            if added or removed or changed:
                parts = [
                    plural("{count} record added", "{count} records added", len(added)) if added else None,
                    plural("{count} changed", "{count} changed", len(changed)) if changed else None,
                    plural("{count} removed", "{count} removed", len(removed)) if removed else None,
                ]
                found.append((path, _joined([p for p in parts if p is not None])))
        return found

    def write(self, workbook: str) -> list[tuple[Path, bool]]:
        written = []
        for path, payload in sorted(self.contents(workbook).items()):
            if payload is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, payload)
            written.append((path, True))
        touched = {path for path, _ in written}
        written += [
            (path, False)
            for path, records in sorted(self.new.items())
            if records and path not in touched and path.stem == self.stem
        ]
        return written


def _joined(parts: list[Text]) -> Text:
    if len(parts) == 1:
        return parts[0]
    return text("{first}, {rest}", first=parts[0], rest=_joined(parts[1:]))


def _kept(new: dict[Path, dict[str, Record]], key: str) -> bool:
    return any(key in records for records in new.values())


def _header(path: Path) -> str:
    if not path.is_file():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    return "\n".join(lines)


class _Foreign:
    """The resources of the graph that no intake file keeps (written by hand or generated)."""

    def __init__(self, store: ox.Store, location: dict[str, Path]) -> None:
        self.store, self.location = store, location

    def __contains__(self, iri: object) -> bool:
        return (
            isinstance(iri, str)
            and iri not in self.location
            and any(True for _ in self.store.quads_for_pattern(ox.NamedNode(iri), None, None))
        )


def plan_import(project: Project, stem: str) -> Plan:
    data = project.root / "data"
    return Plan(data, stem, {path: read_file(path) for path in intake_files(data)})
