"""`psgraph intake`: read a workbook, reconcile, check every row, validate the bodies with the
project's shapes and QC queries in their context, and only then write their Turtle.

One dry run tells every problem of the workbook: its cells, the ids it reuses, and the shapes and
QC queries on every body whose id and country resolved — a body with a misspelt office is still told
that it lacks the prosecutor the law requires. A finding that only repeats a cell's problem (no
territory, when the territory matched nothing) is left out: one mistake, one message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.i18n import Text, text, written
from psgraph.intake import layout
from psgraph.intake.assemble import Assembled, Assembler, Problem
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.routing import Plan, plan_import
from psgraph.intake.workbook import Workbook, read_workbook
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.turtle import memory_store
from psgraph.validation.context import ContextCutter
from psgraph.validation.findings import Finding
from psgraph.validation.runner import CHANGED_CHECKS, readable, require_current, run_graph_checks

SEED_FILE = ox.NamedNode("https://w3id.org/psgraph/ontology#seedFile")
ORG = "http://www.w3.org/ns/org#"
PSG = "https://w3id.org/psgraph/ontology#"
BODIES = "https://w3id.org/psgraph/id/body/"
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
    "establishedBy": "established_by",
    "classifiedAs": "classification",
}


@dataclass
class IntakeResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    written: list[tuple[Path, bool]] = field(default_factory=list)  # file, changed
    notes: list[Text] = field(default_factory=list)  # what was not checked, and why
    bodies: int = 0
    others: int = 0  # documents, web pages, kept passages and figures
    plan: Plan | None = None

    @property
    def accepted(self) -> bool:
        return not self.problems


def stem_of(workbook: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", workbook.stem.lower()).strip("-") or "intake"


def intake(
    project: Project, workbook: Path, dry_run: bool = False, seeds: Path | None = None
) -> IntakeResult:
    """Check the workbook; when every row is valid (and not a dry run), write its records: a body
    already kept in an intake file is replaced there, a new one goes to
    data/<country>/intake/<workbook>.ttl, which the workbook's import replaces whole."""
    book = read_workbook(workbook)
    store = open_store(project)
    stem = stem_of(workbook)
    # Names are reconciled on the last build; this import's own files are what it replaces.
    require_current(
        project, exempt=f"/intake/{stem}.ttl", reason="so that names are reconciled with the current data"
    )
    reconciler = Reconciler.from_build(project.store_link.resolve())
    texts = _seed_texts(store, project, seeds)
    result, _ = check(project, store, reconciler, book, texts, stem)
    if any(words is None for words in texts.values()):
        result.notes.append(
            text(
                "Quotes were not checked against the seed texts: they are not in {folder} "
                "(pass --seeds DIR).",
                folder=str(seeds or project.root.parent / "shared" / "seeds"),
            )
        )
    if not result.accepted or dry_run:
        return result
    assert result.plan is not None
    result.written = result.plan.write(workbook.name)
    return result


def check(
    project: Project,
    store: ox.Store,
    reconciler: Reconciler,
    book: Workbook,
    seed_texts: dict[str, str | None],
    stem: str = "intake",
) -> tuple[IntakeResult, Assembled]:
    """Every problem of the workbook, by sheet, row and column: its cells (reconciliation, dates,
    required cells, quotes), ids taken elsewhere, then the shapes and QC queries on its bodies."""
    plan_base = plan_import(project, stem)
    foreign = plan_base.foreign_resources(store)
    location, own = plan_base.location, plan_base.own()

    def citable(iri: str) -> str | None:
        """None when a source row may be about this resource by its identifier: one the graph holds
        that no other workbook keeps (written by hand or generated), never a body, which its own
        workbook cites; else the intake file that keeps its citations, or "" if there is none."""
        if iri.startswith(BODIES):
            return ""
        if iri in foreign or location.get(iri) in own:
            return None
        return project.relative(location[iri]) if iri in location else ""

    assembler = Assembler(reconciler, seed_texts, _known_pages(store), foreign, citable)
    assembled = assembler.assemble(book)
    result = IntakeResult(bodies=len(assembled.bodies))
    result.problems = [*assembled.problems, *plan_base.refused_bodies(project, store, assembled)]
    faulty = {(p.sheet, p.row) for p in result.problems}
    cited_faulty = {r.get("about") for r in book.get("sources", []) if ("sources", r.number) in faulty}
    judged = {
        iri
        for iri in assembled.bodies
        if not any(
            p.sheet == "bodies" and p.row == assembled.bodies[iri].number and p.column == "id"
            for p in result.problems
        )
    }
    triples = _without_faulty_rows(assembled, faulty)
    for finding in _validate(project, store, assembled, triples, judged | set(assembled.documents)):
        problem = _in_curator_terms(finding, assembled, faulty, cited_faulty)
        if problem is not None:
            (result.problems if finding.is_violation else result.warnings).append(problem)
    result.problems = sorted(set(result.problems), key=_order)
    result.warnings = sorted(set(result.warnings), key=_order)
    if not result.problems:
        result.plan = plan_base.with_records(assembled.triples)
        result.others = sum(len(r) for r in result.plan.incoming_others())
    return result, assembled


def _without_faulty_rows(assembled: Assembled, faulty: set[tuple[str, int]]) -> list[ox.Triple]:
    """The triples to validate: a seat, mandate, change or figure whose row has a problem is left out
    (it is already told, and half of it would only be told again)."""
    dropped = {node for key, node in assembled.nodes.items() if key in faulty}
    if not dropped:
        return assembled.triples
    return _reachable([t for t in assembled.triples if t.subject not in dropped and t.object not in dropped])


def _reachable(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples whose blank subject is pointed at by a kept triple, or is a membership, change or
    figure (the blank subjects that stand on their own)."""
    pointed = {t.object for t in triples if isinstance(t.object, ox.BlankNode)}
    standing = {
        t.subject
        for t in triples
        if isinstance(t.subject, ox.BlankNode) and t.predicate.value == ORG + "organization"
    }
    standing |= {
        t.subject
        for t in triples
        if isinstance(t.subject, ox.BlankNode)
        and t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
        and t.object.value in (ORG + "ChangeEvent", PSG + "StatedFigure")
    }
    return [
        t
        for t in triples
        if not isinstance(t.subject, ox.BlankNode) or t.subject in pointed or t.subject in standing
    ]


def _order(problem: Problem) -> tuple[int, int, str, str]:
    return _SHEET_ORDER.get(problem.sheet, 9), problem.row, problem.column, problem.key


def _seed_texts(store: ox.Store, project: Project, seeds: Path | None) -> dict[str, str | None]:
    """Each seed text's words, to check quotes against (None for a seed whose file is not at hand)."""
    from psgraph.intake.citations import quote_form

    folder = seeds or project.root.parent / "shared" / "seeds"
    if seeds is not None and not seeds.is_dir():
        raise InputError(f"--seeds {seeds}: no such folder.")
    found: dict[str, str | None] = {}
    for quad in store.quads_for_pattern(None, SEED_FILE, None):
        path = folder / quad.object.value
        found[quad.subject.value] = quote_form(path.read_text(encoding="utf-8")) if path.is_file() else None
    return found


def _known_pages(store: ox.Store) -> dict[str, dict[str, str]]:
    """The web pages the graph records, with their publisher, title and date."""
    pages: dict[str, dict[str, str]] = {}
    for page, name, value in store.query(f"""
        PREFIX psg: <{PSG}> PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?p ?name ?v WHERE {{ ?p a psg:WebPage .
          {{ ?p dcterms:publisher ?v BIND("publisher" AS ?name) }}
          UNION {{ ?p rdfs:label ?v BIND("title" AS ?name) }}
          UNION {{ ?p dcterms:date ?v BIND("page_date" AS ?name) }} }}"""):
        pages.setdefault(page.value, {})[name.value] = value.value
    return pages


def _validate(
    project: Project, store: ox.Store, assembled: Assembled, triples: list[ox.Triple], judged: set[str]
) -> list[Finding]:
    """The shapes and QC queries on the workbook's bodies and documents, in their context: what they
    refer to, cut out of the built store, without their previous version."""
    if not judged:
        return []
    ontology = memory_store(project.ontology_files())
    mine = set(assembled.bodies) | set(assembled.documents)
    referenced = {
        t.object for t in triples if isinstance(t.object, ox.NamedNode) and t.object.value not in mine
    }
    whole = ContextCutter(store)
    context = whole.cut(sorted(referenced, key=lambda n: n.value), ontology, incoming=False)
    cutter = ContextCutter(context)
    for iri in mine:
        node = ox.NamedNode(iri)
        stale = []
        # Its previous version: its own seats (not those a rule generates on it, nor those another
        # body holds on it, which are not the workbook's to replace) and the seats it holds elsewhere.
        held = [q.subject for q in context.quads_for_pattern(None, ox.NamedNode(ORG + "member"), node)]
        own = [m for m in cutter.unit_members(node) if m == node or not _kept_elsewhere(context, m)]
        for member in [*own, *held]:
            stale += cutter.description(member)
        for quad in stale:
            context.remove(quad)
        # The seats on it that the workbook does not keep, as the graph has them (the member states'
        # seats on the EUCPN that a rule generates, a national council's seat on it).
        for seat in whole.unit_members(node)[1:]:
            members = store.quads_for_pattern(seat, ox.NamedNode(ORG + "member"), None)
            sitting = {q.object.value for q in members}
            if _kept_elsewhere(store, seat) and not sitting & mine:
                context.extend(whole.description(seat))
    context.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    findings = run_graph_checks(project, context, CHANGED_CHECKS, "turbo", judged)
    return readable(project, context, findings)


def _kept_elsewhere(store: ox.Store, seat: ox.NamedNode | ox.BlankNode) -> bool:
    """A seat on a body that its workbook does not keep: generated from a rule, or held by a body."""
    if any(True for _ in store.quads_for_pattern(seat, ox.NamedNode(PSG + "institutedBy"), None)):
        return True
    members = store.quads_for_pattern(seat, ox.NamedNode(ORG + "member"), None)
    return any(q.object.value.startswith(BODIES) for q in members)


def _in_curator_terms(
    finding: Finding, assembled: Assembled, faulty: set[tuple[str, int]], cited_faulty: set[str]
) -> Problem | None:
    """A finding as a problem of the row it comes from; None when it repeats a cell's problem."""
    if finding.owner in assembled.documents:
        row, sheet = assembled.documents[finding.owner], "documents"
    else:
        row, sheet = assembled.bodies[finding.owner], "bodies"
    local = re.split(r"[#/:]", finding.path)[-1] if finding.path else ""
    column = _COLUMNS.get(local, "") if sheet == "bodies" else ""
    told = _faulty_columns(assembled, sheet, row.number)
    if column and told & {column, "name_fr" if column == "name_en" else column}:
        return None
    advice = next(
        ((key, what) for start, key, what in _SHEET_ADVICE if finding.message.startswith(start)), None
    )
    key = advice[0] if advice else ""
    if key == "mandate" and any(
        r.sheet == "mandates" and (r.sheet, r.number) in faulty
        for r in assembled.rows_of.get(finding.owner, [])
    ):
        return None
    if (key == "source" and row.get("id") in cited_faulty) or (key == "law" and "legal_basis" in told):
        return None
    english = _in_sheets(finding.message, advice[1].render("en") if advice else "")
    french = _in_sheets(
        finding.message_fr or finding.message, advice[1].render("fr") if advice else "", " ; "
    )
    return Problem(sheet, row.number, column, written(en=english, fr=french))


def _faulty_columns(assembled: Assembled, sheet: str, number: int) -> set[str]:
    return {p.column for p in assembled.problems if p.sheet == sheet and p.row == number}


# What a curator does instead of the Turtle a shape's message asks for, by the start of that message.
_SHEET_ADVICE = (
    (
        "The body lacks a statutory member",
        "member",
        text("add a row to members for it, with kind of seat 'statutory seat'"),
    ),
    ("The chair ", "chair", text("add a row to members for it, with role 'chair'")),
    ("Describe at least one mandate", "mandate", text("add a row to mandates")),
    ("Cite a source", "source", text("add a row to sources")),
    ("The body has no legal basis", "law", text("fill legal_basis, or write yes in informal")),
)
_TURTLE = re.compile(r"[.:;]?\s+(?:add|Add|give|Give|state) (?:an |a )?(?:org|psg|rdfs|dcterms):.*$", re.S)


def _in_sheets(message: str, advice: str, separator: str = "; ") -> str:
    """A finding's message (already in names: validation.readable) with what to do in the workbook
    instead of the Turtle it asks for: "… requires of every CLSPD: public prosecutor; add a row to
    members for it …"."""
    words = _TURTLE.sub("", message.strip())
    # Turtle in brackets goes too: "(psg:hasMandate [ a psg:Mandate … ])", "(psg:chairedBy)".
    words = re.sub(r"\s*\([^()]*\b(?:psg|org|rdfs|skos|dcterms|eli):[^()]*\)", "", words)
    words = words.rstrip(". ")
    return f"{words}{separator}{advice}" if advice else words


def markdown(result: IntakeResult, workbook: str, lang: str = "en") -> str:
    """The problems of a workbook as a Markdown table, for a pull request's job summary."""
    from psgraph.validation.report import markdown_cell

    verdict = (
        (
            text("{count} problems", count=len(result.problems))
            if len(result.problems) != 1
            else text("1 problem")
        )
        if result.problems
        else text("{count} bodies valid", count=result.bodies)
    )
    header = text("| | sheet | row | column | what to fix |")
    lines = [
        f"### psgraph intake {workbook}",
        "",
        verdict.render(lang),
        "",
        *(f"> {note.render(lang)}" for note in result.notes),
    ]
    shown = [(text("problem"), p) for p in result.problems] + [(text("warning"), p) for p in result.warnings]
    if shown:
        lines += [header.render(lang), "|---|---|---|---|---|"]
        lines += [
            f"| {kind.render(lang)} | {p.sheet} | {p.row} | {p.column} "
            f"| {markdown_cell(p.message.render(lang))} |"
            for kind, p in shown
        ]
    return "\n".join(lines)


def summary(result: IntakeResult, dry_run: bool, project: Project, lang: str = "en") -> Sequence[str]:
    lines = [problem.render(lang) for problem in result.problems]
    lines += [
        text("warning: {problem}", problem=problem.render(lang)).render(lang) for problem in result.warnings
    ]
    lines += [text("note: {note}", note=note).render(lang) for note in result.notes]
    if result.problems:
        count = len(result.problems)
        lines.append(
            (
                text("Nothing written: 1 problem to fix in the workbook.")
                if count == 1
                else text("Nothing written: {count} problems to fix in the workbook.", count=count)
            ).render(lang)
        )
    elif dry_run:
        planned = result.plan.changes() if result.plan else []
        lines.append(
            text("{count} bodies and {others} other records (documents, web pages, passages, figures) are "
                 "valid; nothing written (--dry-run).", count=result.bodies,
                 others=result.others).render(lang)
        )
        for path, change in planned:
            lines.append(
                text("would write {file}: {change}", file=project.relative(path), change=change).render(lang)
            )
        if not planned:
            lines.append(text("Importing it would change nothing.").render(lang))
    else:
        for path, changed in result.written:
            lines.append(
                (
                    text("Wrote {file}", file=project.relative(path))
                    if changed
                    else text("Unchanged: {file}", file=project.relative(path))
                ).render(lang)
            )
        lines.append(
            text("{count} bodies and {others} other records imported; run `psgraph build` to add them to the "
                 "store.", count=result.bodies, others=result.others).render(lang)
        )
    return lines
