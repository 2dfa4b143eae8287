"""What changed in the data between two releases, computed from their data packages (never typed by
hand): bodies added, removed or changed — and in what — and the counts of the other tables."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

# The tables that describe a body, and the column that names the body in each.
ABOUT_A_BODY = {"bodies": "iri", "body_territories": "body", "memberships": "body", "mandates": "holder",
                "legal_bases": "subject"}
ASPECTS = {"bodies": "name, type, level, dates or chair", "body_territories": "territories",
           "memberships": "members", "mandates": "mandates", "legal_bases": "legal bases"}
COUNTED = ("body_types", "documents", "territories", "obligations", "findings", "citations")

Tables = Mapping[str, list[dict[str, str]]]


@dataclass
class Changes:
    previous: str  # the previous release's version, "" for the first
    added: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    removed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (iri, label, aspects)
    counts: list[tuple[str, int, int]] = field(default_factory=list)  # table, before, after


def read_tables(package: bytes, names: tuple[str, ...]) -> dict[str, list[dict[str, str]]]:
    """Tables of a data package (the bytes of its .zip)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: list(csv.DictReader(io.StringIO(archive.read(f"data/{name}.csv").decode("utf-8"))))
                for name in names if f"data/{name}.csv" in archive.namelist()}


def compare(before: Tables | None, after: Tables, previous: str) -> Changes:
    changes = Changes(previous)
    after_bodies = _by_body(after)
    labels = {row["iri"]: row["label_en"] for row in after.get("bodies", [])}
    if before is None:
        changes.added = sorted((iri, labels.get(iri, "")) for iri in after_bodies)
    else:
        before_bodies = _by_body(before)
        labels.update({row["iri"]: row["label_en"] for row in before.get("bodies", [])
                       if row["iri"] not in labels})
        for iri in sorted(set(after_bodies) - set(before_bodies)):
            changes.added.append((iri, labels.get(iri, "")))
        for iri in sorted(set(before_bodies) - set(after_bodies)):
            changes.removed.append((iri, labels.get(iri, "")))
        for iri in sorted(set(before_bodies) & set(after_bodies)):
            old, new = before_bodies[iri], after_bodies[iri]
            aspects = [ASPECTS[table] for table in ABOUT_A_BODY
                       if old.get(table, frozenset()) != new.get(table, frozenset())]
            if aspects:
                changes.changed.append((iri, labels.get(iri, ""), aspects))
    for table in COUNTED:
        changes.counts.append((table, len(before.get(table, [])) if before else 0, len(after.get(table, []))))
    return changes


def _by_body(tables: Tables) -> dict[str, dict[str, frozenset[tuple[tuple[str, str], ...]]]]:
    """For each body, the rows of each table that describe it (labels included, ids left out: a
    membership's id changes with its content, which the other columns already show)."""
    bodies = {row["iri"] for row in tables.get("bodies", [])}
    described: dict[str, dict[str, set[tuple[tuple[str, str], ...]]]] = defaultdict(lambda: defaultdict(set))
    for table, column in ABOUT_A_BODY.items():
        for row in tables.get(table, []):
            if row[column] in bodies:
                described[row[column]][table].add(tuple(sorted((k, v) for k, v in row.items() if k != "id")))
    return {iri: {table: frozenset(rows) for table, rows in described[iri].items()} for iri in bodies}


def markdown(changes: Changes, version: str, built_at: str) -> str:
    since = f"since {changes.previous}" if changes.previous else "(first release)"
    lines = [f"# psgraph {version} — changes in the data {since}", "",
             f"Graph built {built_at}. Computed by `psgraph release` from the two releases' data "
             "packages.", ""]
    for title, entries in (("Bodies added", changes.added), ("Bodies removed", changes.removed)):
        lines += [f"## {title} ({len(entries)})", ""]
        lines += [f"- {label or iri} <{iri}>" for iri, label in entries] or ["None."]
        lines.append("")
    lines += [f"## Bodies changed ({len(changes.changed)})", ""]
    lines += [f"- {label or iri} <{iri}>: {', '.join(aspects)}"
              for iri, label, aspects in changes.changed] or ["None."]
    lines += ["", "## Other tables", "", "| table | before | after |", "| --- | ---: | ---: |"]
    lines += [f"| {table} | {before:,} | {after:,} |" for table, before, after in changes.counts]
    return "\n".join(lines) + "\n"
