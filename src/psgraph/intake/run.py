"""`psgraph intake`: read a workbook, reconcile, check every row, validate the bodies with the
project's shapes and QC queries in their context, and only then write their Turtle."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.files import write_atomically
from psgraph.intake import layout
from psgraph.intake.assemble import ORG, Assembled, Assembler, Problem
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.turtle import TurtleWriter
from psgraph.intake.workbook import Workbook, read_workbook
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.turtle import memory_store
from psgraph.validation.context import ContextCutter
from psgraph.validation.findings import Finding
from psgraph.validation.readable import definitions
from psgraph.validation.runner import CHANGED_CHECKS, readable, require_current, run_graph_checks

INTAKE_FOLDER = "intake"
SEED_FILE = ox.NamedNode("https://w3id.org/psgraph/ontology#seedFile")
_SHEET_ORDER = {sheet.name: position for position, sheet in enumerate(layout.SHEETS)}
# The column of the bodies sheet that a shape's path is about.
_COLUMNS = {
    "territory": "territory",
    "level": "level",
    "jurisdiction": "country",
    "legalBasis": "legal_basis",
    "chairedBy": "chair",
    "startDate": "start_date",
    "endDate": "end_date",
    "label": "name_en",
}


@dataclass
class IntakeResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[tuple[Path, bool]] = field(default_factory=list)  # file, changed
    notes: list[str] = field(default_factory=list)  # what was not checked, and why
    bodies: int = 0

    @property
    def accepted(self) -> bool:
        return not self.problems


def intake(
    project: Project, workbook: Path, dry_run: bool = False, seeds: Path | None = None
) -> IntakeResult:
    """Check the workbook; when every row is valid (and not a dry run), write its Turtle: one file per
    country, data/<country>/intake/<workbook>.ttl, replacing that workbook's previous import."""
    book = read_workbook(workbook)
    store = open_store(project)
    stem = re.sub(r"[^a-z0-9]+", "-", workbook.stem.lower()).strip("-") or "intake"
    # Names are reconciled on the last build; this import's own files are what it replaces.
    require_current(project, exempt=f"/{INTAKE_FOLDER}/{stem}.ttl",
                    reason="so that names are reconciled with the current data")
    reconciler = Reconciler.from_store(store)
    previous = sorted((project.root / "data").glob(f"*/{INTAKE_FOLDER}/{stem}.ttl"))
    texts = _seed_texts(store, project, seeds)
    result, assembled = check(project, store, reconciler, book, texts, previous)
    if any(text is None for text in texts.values()):
        result.notes.append(
            "Quotes were not checked against the seed texts: they are not in "
            f"{seeds or project.root.parent / 'shared' / 'seeds'} (pass --seeds DIR)."
        )
    if not result.accepted or dry_run:
        return result
    targets = {
        body: project.root / "data" / country / INTAKE_FOLDER / f"{stem}.ttl"
        for body, country in assembled.countries.items()
    }
    header = (
        f"Bodies imported by `psgraph intake` from {workbook.name}: edit the spreadsheet and import it\n"
        "again rather than this file (a new import replaces it)."
    )
    for target in sorted(set(targets.values())):
        triples = [t for t in assembled.triples if targets[assembled.owner_of(t.subject)] == target]
        payload = TurtleWriter(triples).document(header).encode("utf-8")
        changed = not target.is_file() or target.read_bytes() != payload
        if changed:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, payload)
        result.written.append((target, changed))
    for gone in (path for path in previous if path not in targets.values()):
        gone.unlink()  # the workbook no longer has bodies of that country
        result.written.append((gone, True))
    return result


def check(
    project: Project,
    store: ox.Store,
    reconciler: Reconciler,
    book: Workbook,
    seed_texts: dict[str, str],
    own_files: Sequence[Path] = (),
) -> tuple[IntakeResult, Assembled]:
    """Every problem of the workbook, by sheet, row and column: its cells (reconciliation, dates,
    required cells, quotes), ids taken elsewhere, then the shapes and QC queries on the sound bodies."""
    assembled = Assembler(reconciler, seed_texts).assemble(book)
    result = IntakeResult(bodies=len(assembled.bodies))
    result.problems = assembled.problems + _taken_ids(project, store, assembled, set(own_files))
    # The shapes judge the bodies whose rows are all sound: one mistake, one message (a body with a
    # date that is not a date is not also told that it has no valid date).
    faulty = {(p.sheet, p.row) for p in result.problems}
    sound = {
        iri for iri, rows in assembled.rows_of.items() if not any((r.sheet, r.number) in faulty for r in rows)
    }
    for finding in _validate(project, store, assembled, sound) if sound else []:
        (result.problems if finding.is_violation else result.warnings).append(
            _in_curator_terms(finding, assembled)
        )
    result.problems = sorted(set(result.problems), key=_order)
    result.warnings = sorted(set(result.warnings), key=_order)
    return result, assembled


def _order(problem: Problem) -> tuple[int, int, str, str]:
    return _SHEET_ORDER.get(problem.sheet, 9), problem.row, problem.column, problem.message


def _seed_texts(store: ox.Store, project: Project, seeds: Path | None) -> dict[str, str | None]:
    """Each seed text's words, to check quotes against (None for a seed whose file is not at hand)."""
    from psgraph.intake.assemble import _quote_form

    folder = seeds or project.root.parent / "shared" / "seeds"
    if seeds is not None and not seeds.is_dir():
        raise InputError(f"--seeds {seeds}: no such folder.")
    texts: dict[str, str | None] = {}
    for quad in store.quads_for_pattern(None, SEED_FILE, None):
        path = folder / quad.object.value
        texts[quad.subject.value] = _quote_form(path.read_text(encoding="utf-8")) if path.is_file() else None
    return texts


def _taken_ids(project: Project, store: ox.Store, assembled: Assembled, own: set[Path]) -> list[Problem]:
    """A body id already used by a resource defined outside this workbook's own files."""
    problems = []
    owned = set()
    for path in own:
        if path.is_file():
            owned |= {
                q.subject.value
                for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                if isinstance(q.subject, ox.NamedNode)
            }
    defined: dict[str, str] | None = None
    for iri, row in assembled.bodies.items():
        if iri in owned or not any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None)):
            continue
        if defined is None:
            curated = project.curated_files()
            defined = definitions(curated, {path: project.relative(path) for path in curated})
        where = defined.get(iri, "")
        problems.append(
            Problem(
                "bodies",
                row.number,
                "id",
                f"'{row.get('id')}' is already a body in the graph"
                f"{f' ({where})' if where else ''}; choose another id, or correct that body there",
            )
        )
    return problems


def _validate(project: Project, store: ox.Store, assembled: Assembled, sound: set[str]) -> list[Finding]:
    """The shapes and QC queries on the sound bodies, in their context: what they refer to, cut out of
    the built store, without the bodies' previous import."""
    ontology = memory_store(project.ontology_files())
    triples = [t for t in assembled.triples if assembled.owner_of(t.subject) in sound]
    referenced = {
        t.object
        for t in triples
        if isinstance(t.object, ox.NamedNode)
        and t.object.value not in assembled.bodies
        and t.predicate.value != ORG + "organization"
    }
    context = ContextCutter(store).cut(sorted(referenced, key=lambda n: n.value), ontology)
    for iri in assembled.bodies:
        body = ox.NamedNode(iri)
        stale = list(context.quads_for_pattern(body, None, None))
        for membership in [
            q.subject for q in context.quads_for_pattern(None, ox.NamedNode(ORG + "organization"), body)
        ]:
            stale += list(context.quads_for_pattern(membership, None, None))
        for quad in stale:
            context.remove(quad)
    context.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    findings = readable(project, context, run_graph_checks(project, context, CHANGED_CHECKS, "turbo"))
    return [f for f in findings if f.owner in sound]


def _in_curator_terms(finding: Finding, assembled: Assembled) -> Problem:
    row = assembled.bodies[finding.owner]
    local = re.split(r"[#/]", finding.path)[-1] if finding.path else ""
    return Problem("bodies", row.number, _COLUMNS.get(local, ""), _in_sheets(finding.message))


# What a curator does instead of the Turtle a shape's message asks for, by the start of that message.
_SHEET_ADVICE = (
    ("The body lacks a statutory member", "add a row to members for it, with kind of seat 'statutory seat'"),
    ("The chair ", "add a row to members for it, with role 'chair'"),
    ("Describe at least one mandate", "add a row to mandates"),
    ("Cite a source", "add a row to sources"),
    ("The body has no legal basis", "fill legal_basis, or write yes in informal"),
)
_TURTLE = re.compile(r"[.:;]?\s+(?:add|Add|give|Give|state) (?:an |a )?(?:org|psg|rdfs|dcterms):.*$", re.S)
def _in_sheets(message: str) -> str:
    """A finding's message (already in names: validation.readable) with what to do in the workbook
    instead of the Turtle it asks for: "… requires of every CLSPD: public prosecutor; add a row to
    members for it …"."""
    text = _TURTLE.sub("", message.strip())
    # Turtle in brackets goes too: "(psg:hasMandate [ a psg:Mandate … ])", "(psg:chairedBy)".
    text = re.sub(r"\s*\([^()]*\b(?:psg|org|rdfs|skos|dcterms):[^()]*\)", "", text)
    advice = next((what for start, what in _SHEET_ADVICE if message.startswith(start)), "")
    text = text.rstrip(". ")
    return f"{text}; {advice}" if advice else text


def markdown(result: IntakeResult, workbook: str) -> str:
    """The problems of a workbook as a Markdown table, for a pull request's job summary."""
    from psgraph.validation.report import markdown_cell

    verdict = (
        f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}"
        if result.problems
        else f"{result.bodies} bodies valid"
    )
    lines = [f"### psgraph intake {workbook}", "", verdict, "", *(f"> {note}" for note in result.notes)]
    shown = [("problem", p) for p in result.problems] + [("warning", p) for p in result.warnings]
    if shown:
        lines += ["| | sheet | row | column | what to fix |", "|---|---|---|---|---|"]
        lines += [
            f"| {kind} | {p.sheet} | {p.row} | {p.column} | {markdown_cell(p.message)} |" for kind, p in shown
        ]
    return "\n".join(lines)


def summary(result: IntakeResult, dry_run: bool, project: Project) -> Sequence[str]:
    lines = [str(problem) for problem in result.problems]
    lines += [f"warning: {problem}" for problem in result.warnings]
    lines += [f"note: {note}" for note in result.notes]
    if result.problems:
        lines.append(
            f"Nothing written: {len(result.problems)} problem{'s' if len(result.problems) != 1 else ''} "
            "to fix in the workbook."
        )
    elif dry_run:
        lines.append(f"{result.bodies} bodies are valid; nothing written (--dry-run).")
    else:
        for path, changed in result.written:
            lines.append(f"{'Wrote' if changed else 'Unchanged:'} {project.relative(path)}")
        lines.append(f"{result.bodies} bodies imported; run `psgraph build` to add them to the store.")
    return lines
