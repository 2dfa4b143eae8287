"""Rows of a workbook turned into triples, with every problem a cell has, by sheet, row and column.

Every row is read, whatever the others hold, so that one dry run tells every mistake: a body whose
territory matches nothing is still checked for its members, and its seats for their offices.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Container
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.i18n import Text, text, written
from psgraph.intake import layout
from psgraph.intake.cells import Cells, Problem, split
from psgraph.intake.citations import Citation, Sources, passage_triples
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.workbook import Row, Workbook
from psgraph.prefixes import PREFIXES

PSG, ORG, RDF, RDFS, SKOS, DCT, XSD = (
    PREFIXES[p] for p in ("psg", "org", "rdf", "rdfs", "skos", "dcterms", "xsd")
)
BODIES = "https://w3id.org/psgraph/id/body/"
TYPE = ox.NamedNode(RDF + "type")
_ABOUT = re.compile(r"^(?P<sheet>[a-z]+)\s*(?:row\s*|ligne\s*|:\s*)?(?P<row>\d+)$")
__all__ = ["Assembled", "Assembler", "Problem", "body_iri"]


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(PSG + local)


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _date(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=_n(XSD + "date"))


def body_iri(country: str, key: str) -> str:
    """A body's identifier: its country's namespace (bfr:, buk:, beu:, bdk: …; bint: beyond a country)."""
    code = country.rsplit("/", 1)[-1]
    return f"{BODIES}{'int' if code in ('europe', 'world') else code}/{key}"


@dataclass
class Assembled:
    """The triples of a workbook, the problems found in its cells, and where each row went."""

    triples: list[ox.Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bodies: dict[str, Row] = field(default_factory=dict)  # body IRI → its row
    rows_of: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))  # body IRI → its rows
    documents: dict[str, Row] = field(default_factory=dict)  # document IRI → its row
    # The nodes each row of members, mandates, links, changes and claims became: (sheet, row) → node.
    nodes: dict[tuple[str, int], ox.NamedNode | ox.BlankNode] = field(default_factory=dict)

    def faulty_rows(self) -> set[tuple[str, int]]:
        return {(p.sheet, p.row) for p in self.problems}


class Assembler:
    def __init__(
        self,
        reconciler: Reconciler,
        seed_texts: dict[str, str | None],
        known_pages: dict[str, dict[str, str]] | None = None,
        taken: Container[str] | None = None,
        citable: Callable[[str], str | None] | None = None,
    ) -> None:
        self.reconciler = reconciler
        self.cells = Cells(reconciler)
        self.sources = Sources(self.cells, seed_texts, known_pages)
        self.taken = taken or set()  # document IRIs that the graph already holds
        # Whether a source row may be about a resource of the graph by its identifier: None if it may,
        # else the intake file that keeps the resource's citations ("" for no such resource, or a body).
        self.citable = citable or (lambda iri: "")
        self.resources: set[ox.NamedNode] = set()  # the resources of the graph that source rows cite

    def assemble(self, book: Workbook) -> Assembled:
        out = Assembled()
        add = out.triples.extend
        for row in book.get("documents", []):
            found = self.sources.document(row, self.taken)
            if found:
                out.documents[found[0]] = row
                add(found[2])
        ids: dict[str, tuple[ox.NamedNode, Row, str]] = {}  # id → (body, its row, its type)
        for row in book.get("bodies", []):
            self._body(row, ids, out)
        owners = {key: body for key, (body, _, _) in ids.items()}
        for row in book.get("members", []):
            body, member = self._seat_sides(row, owners, out)
            seat = ox.BlankNode()
            out.nodes[("members", row.number)] = seat
            self._membership(row, body, member, seat, ids, out)
        for row in book.get("mandates", []):
            body = self._owner(row, owners, out, layout.MANDATES)
            mandate = ox.BlankNode()
            out.nodes[("mandates", row.number)] = mandate
            self._mandate(row, body, mandate, out)
        for row in book.get("links", []):
            body = self._owner(row, owners, out, layout.LINKS)
            self._link(row, body, owners, out)
        for row in book.get("changes", []):
            event = ox.BlankNode()
            out.nodes[("changes", row.number)] = event
            self._change(row, event, owners, out)
        for row in book.get("claims", []):
            figure = ox.BlankNode()
            out.nodes[("claims", row.number)] = figure
            self._figure(row, figure, out)
        self._citations(book.get("sources", []), owners, out)
        out.problems = self.cells.problems
        return out

    # Bodies ------------------------------------------------------------------------------------

    def _body(self, row: Row, ids: dict[str, tuple[ox.NamedNode, Row, str]], out: Assembled) -> None:
        cells = self.cells
        cells.required(row, layout.BODIES)
        key = cells.identifier(row)
        if key in ids:
            cells.problem(
                row,
                "id",
                text(
                    "'{cell}' is already the id of row {row}; give each body its own id",
                    cell=key,
                    row=ids[key][1].number,
                ),
            )
            key = None
        kind = cells.find(row, "type", layout.BODY_TYPE)
        territories = cells.several(row, "territory", layout.TERRITORY)
        level = cells.find(row, "level", layout.LEVEL)
        country = cells.find(row, "country", layout.COUNTRY)
        type_level, type_country = self.reconciler.body_types.get(kind or "", ("", ""))
        level = level or (type_level if not row.get("level") else None)
        country = country or (type_country if not row.get("country") else None)
        if kind and not level and not row.get("level"):
            cells.problem(
                row,
                "level",
                text("this cell is empty and the body type has no level; give the level of governance"),
            )
        if kind and not country and not row.get("country"):
            cells.problem(
                row, "country", text("this cell is empty and the body type has no country; give the country")
            )
        if level:
            territories = [t for t in territories if self._at_level(row, t, level, len(territories))]
        if not key or not country:
            # Without an id or a country the body has no identifier; its other cells are still read.
            for column, kind_ in (
                ("legal_basis", layout.LAW),
                ("established_by", layout.LAW),
                ("chair", layout.ACTOR),
                ("classification", layout.TYPOLOGY),
            ):
                cells.several(row, column, kind_)
            for column in ("start_date", "end_date"):
                cells.date(row, column)
            cells.several(row, "kind", layout.BODY_KIND)
            cells.flag(row, "legal_basis_unknown")
            return
        body = _n(body_iri(country, key))
        ids[key] = (body, row, kind or "")
        out.bodies[body.value] = row
        out.rows_of[body.value].append(row)
        add = out.triples.append
        if kind:
            add(ox.Triple(body, TYPE, _n(kind)))
        for column, lang in (("name_en", "en"), ("name_fr", "fr")):
            if row.get(column):
                add(ox.Triple(body, _n(RDFS + "label"), ox.Literal(row.get(column), language=lang)))
        for other in split(row.get("other_names")):
            name, _, lang = other.rpartition("@")
            if not name.strip() or not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", lang.strip()):
                cells.problem(row, "other_names", text(
                    "'{cell}' is not a name followed by @ and a language code, such as Ynys Môn@cy",
                    cell=other))
                continue
            add(ox.Triple(body, _n(RDFS + "label"), ox.Literal(name.strip(), language=lang.strip())))
        if row.get("code"):
            add(ox.Triple(body, _p("officialCode"), ox.Literal(row.get("code"))))
        for acronym in split(row.get("acronym")):
            add(ox.Triple(body, _n(SKOS + "altLabel"), ox.Literal(acronym)))
        add(ox.Triple(body, _p("jurisdiction"), _n(country)))
        if level:
            add(ox.Triple(body, _p("level"), _n(level)))
        for territory in territories:
            add(ox.Triple(body, _p("territory"), _n(territory)))
        holders = self.reconciler.seat_holders.get(kind or "", frozenset())
        for column, predicate, kind_ in (
            ("legal_basis", PSG + "legalBasis", layout.LAW),
            ("established_by", PSG + "establishedBy", layout.LAW),
            ("chair", PSG + "chairedBy", layout.ACTOR),
            ("start_precision", PSG + "startPrecision", layout.PRECISION),
            ("end_precision", PSG + "endPrecision", layout.PRECISION),
            ("classification", PSG + "classifiedAs", layout.TYPOLOGY),
            ("meets", DCT + "accrualPeriodicity", layout.FREQUENCY),
            ("end_condition", PSG + "endCondition", layout.END_CONDITION),
        ):
            for value in cells.several(row, column, kind_, holders):
                add(ox.Triple(body, _n(predicate), _n(value)))
        self._dates(row, body, out)
        for value in cells.several(row, "kind", layout.BODY_KIND):
            add(ox.Triple(body, _p("bodyKind"), _n(value)))
        if cells.flag(row, "legal_basis_unknown"):
            add(ox.Triple(body, _p("legalBasisNotFound"), ox.Literal("true", datatype=_n(XSD + "boolean"))))
        informal = cells.flag(row, "informal")
        if informal is not None:
            add(
                ox.Triple(
                    body,
                    _p("informal"),
                    ox.Literal("true" if informal else "false", datatype=_n(XSD + "boolean")),
                )
            )
        if row.get("notes"):
            add(ox.Triple(body, _n(SKOS + "note"), ox.Literal(row.get("notes"), language="en")))

    def _at_level(self, row: Row, territory: str, level: str, count: int) -> bool:
        """The shapes' rule, told in the curator's terms: a body's only territory is of its level (a
        neighbourhood body may name its commune, an inter-municipal body the commune of its seat); with
        several, none is wider than its level."""
        found = self.reconciler.territory_levels.get(territory)
        ranks = self.reconciler.level_ranks
        if not found or found not in ranks or level not in ranks:
            return True
        body_rank, territory_rank = ranks[level], ranks[found]
        # A neighbourhood body may name its commune; an inter-municipal one the commune of its seat
        # (its perimeter unstated), as the shapes allow.
        neighbourhood = (body_rank == 7 and territory_rank == 6) or (body_rank == 5 and territory_rank == 6)
        if territory_rank == body_rank or neighbourhood or (count > 1 and territory_rank > body_rank):
            return True
        self.cells.problem(
            row,
            "territory",
            text(
                "'{territory}' is a territory of level {found}, but the body's level is {wanted}; give a "
                "territory of that level or change the level",
                territory=self.reconciler.name(layout.TERRITORY, territory),
                found=self._short(layout.LEVEL, found),
                wanted=self._short(layout.LEVEL, level),
            ),
        )
        return False

    def _dates(self, row: Row, node: ox.NamedNode | ox.BlankNode, out: Assembled) -> None:
        start, end = self.cells.date(row, "start_date"), self.cells.date(row, "end_date")
        if start and end and end < start:
            self.cells.problem(
                row,
                "end_date",
                text(
                    "{end} is before the start date {start}; the end date must not come before the start",
                    end=end,
                    start=start,
                ),
            )
            return
        for predicate, value in (("startDate", start), ("endDate", end)):
            if value:
                out.triples.append(ox.Triple(node, _p(predicate), _date(value)))

    def _owner(
        self, row: Row, owners: dict[str, ox.NamedNode], out: Assembled, sheet: layout.Sheet
    ) -> ox.NamedNode | None:
        self.cells.required(row, sheet)
        key = row.get("body")
        if key and key not in owners:
            self.cells.problem(row, "body", text("'{cell}' is not an id of the bodies sheet", cell=key))
            return None
        if not key:
            return None
        body = owners[key]
        out.rows_of[body.value].append(row)
        return body

    def _seat_sides(
        self, row: Row, owners: dict[str, ox.NamedNode], out: Assembled
    ) -> tuple[ox.NamedNode | None, ox.NamedNode | None]:
        """The body a seat is on and, when a body of the workbook sits, that body. A seat on a body
        the graph already has (the EUCPN) is recorded with the workbook's body that sits on it."""
        cells = self.cells
        cells.required(row, layout.MEMBERS)
        key, cell = row.get("body"), row.get("member")
        member = owners.get(cell)
        if not key:
            return None, member
        if key in owners:
            body = owners[key]
            out.rows_of[body.value].append(row)
            return body, member
        found = cells.find(row, "body", layout.BODY)
        if found is None:
            return None, member
        if member is None:
            cells.problem(
                row,
                "member",
                text(
                    "'{body}' is a body of the graph, not of this workbook: a seat on it is recorded with "
                    "the body of the bodies sheet that sits on it; give that body's id in member",
                    body=key,
                ),
            )
            return None, None
        out.rows_of[member.value].append(row)
        return _n(found), member

    def _membership(
        self,
        row: Row,
        body: ox.NamedNode | None,
        sitting: ox.NamedNode | None,
        node: ox.BlankNode,
        ids: dict[str, tuple[ox.NamedNode, Row, str]],
        out: Assembled,
    ) -> None:
        body_type = next((kind for b, _, kind in ids.values() if b == body), "")
        holders = self.reconciler.seat_holders.get(body_type, frozenset())
        cells = self.cells
        found = [
            (predicate, cells.find(row, column, kind, prefer=holders))
            for column, predicate, kind in (
                ("member", ORG + "member", layout.ACTOR),
                ("role", ORG + "role", layout.ROLE),
                ("seat_kind", PSG + "seatKind", layout.SEAT),
                ("start_precision", PSG + "startPrecision", layout.PRECISION),
                ("end_precision", PSG + "endPrecision", layout.PRECISION),
                ("attested_precision", PSG + "attestedPrecision", layout.PRECISION),
            )
            if not (column == "member" and sitting is not None)
        ]
        if sitting is not None:
            found.append((ORG + "member", sitting.value))
        attested = cells.date(row, "attested_on")
        start = len(out.triples)
        self._dates(row, node, out)
        if body is None:
            del out.triples[start:]
            return
        add = out.triples.append
        add(ox.Triple(node, TYPE, _n(ORG + "Membership")))
        add(ox.Triple(node, _n(ORG + "organization"), body))
        for predicate, value in found:
            if value:
                add(ox.Triple(node, _n(predicate), _n(value)))
        if attested:
            add(ox.Triple(node, _p("attestedOn"), _date(attested)))
        if row.get("notes"):
            add(ox.Triple(node, _n(SKOS + "note"), ox.Literal(row.get("notes"), language="en")))

    def _mandate(self, row: Row, body: ox.NamedNode | None, node: ox.BlankNode, out: Assembled) -> None:
        cells = self.cells
        domains = cells.several(row, "domains", layout.DOMAIN)
        functions = cells.several(row, "functions", layout.FUNCTION)
        laws = cells.several(row, "legal_basis", layout.LAW)
        start = len(out.triples)
        self._dates(row, node, out)
        if body is None:
            del out.triples[start:]
            return
        add = out.triples.append
        add(ox.Triple(body, _p("hasMandate"), node))
        add(ox.Triple(node, TYPE, _p("Mandate")))
        for predicate, values in (("domain", domains), ("function", functions), ("legalBasis", laws)):
            for value in values:
                add(ox.Triple(node, _p(predicate), _n(value)))

    def _link(
        self, row: Row, body: ox.NamedNode | None, owners: dict[str, ox.NamedNode], out: Assembled
    ) -> None:
        relation = self.cells.find(row, "relation", layout.RELATION)
        cell = row.get("target")
        target = owners[cell].value if cell in owners else self.cells.find(row, "target", layout.TARGET)
        if body is not None and relation and target:
            out.triples.append(ox.Triple(body, _n(relation), _n(target)))

    def _change(self, row: Row, event: ox.BlankNode, owners: dict[str, ox.NamedNode], out: Assembled) -> None:
        cells = self.cells
        cells.required(row, layout.CHANGES)
        kind = cells.find(row, "kind", layout.CHANGE)
        date = cells.date(row, "date")
        precision = cells.find(row, "date_precision", layout.PRECISION)
        partial = cells.flag(row, "partial")
        sides = {}
        for column, predicate in (("from", "originalOrganization"), ("to", "resultingOrganization")):
            sides[predicate] = [
                owners[v].value if v in owners else cells.find(row, column, layout.BODY, v)
                for v in split(row.get(column))
            ]
        named = [iri for values in sides.values() for iri in values if iri]
        if not any(iri in out.bodies for iri in named) and (row.get("from") or row.get("to")):
            cells.problem(
                row,
                "from",
                text("a change names at least one body of the bodies sheet (it is recorded with that body)"),
            )
            return
        if not named:
            cells.problem(row, "from", text("name the bodies before the change in from, or after it in to"))
            return
        add = out.triples.append
        add(ox.Triple(event, TYPE, _n(ORG + "ChangeEvent")))
        if kind:
            add(ox.Triple(event, _p("eventType"), _n(kind)))
        if date:
            add(ox.Triple(event, _p("date"), _date(date)))
        if precision:
            add(ox.Triple(event, _p("startPrecision"), _n(precision)))
        for predicate, values in sides.items():
            for value in values:
                if value:
                    add(ox.Triple(event, _n(ORG + predicate), _n(value)))
        for column, predicate, lang in (
            ("name_before", "nameBefore", None),
            ("name_after", "nameAfter", None),
            ("label_en", RDFS + "label", "en"),
            ("label_fr", RDFS + "label", "fr"),
            ("notes", SKOS + "note", "en"),
        ):
            if row.get(column):
                add(
                    ox.Triple(
                        event,
                        _n(predicate) if ":" in predicate else _p(predicate),
                        ox.Literal(row.get(column), language=lang),
                    )
                )
        if partial is not None:
            add(
                ox.Triple(
                    event,
                    _p("partial"),
                    ox.Literal("true" if partial else "false", datatype=_n(XSD + "boolean")),
                )
            )

    def _figure(self, row: Row, figure: ox.BlankNode, out: Assembled) -> None:
        cells = self.cells
        cells.required(row, layout.CLAIMS)
        territory = cells.find(row, "territory", layout.TERRITORY)
        types = cells.several(row, "body_type", layout.BODY_TYPE)
        measure = cells.find(row, "measure", layout.MEASURE)
        value, out_of = cells.number(row, "value"), cells.number(row, "out_of")
        as_of = cells.date(row, "as_of")
        precision = cells.find(row, "as_of_precision", layout.PRECISION)
        if not territory or not measure or value is None:
            return
        add = out.triples.append
        add(ox.Triple(figure, TYPE, _p("StatedFigure")))
        add(ox.Triple(figure, _p("figureAbout"), _n(territory)))
        add(ox.Triple(figure, _p("measure"), _n(measure)))
        for body_type in types:
            add(ox.Triple(figure, _p("countsType"), _n(body_type)))
        add(ox.Triple(figure, _p("statedValue"), ox.Literal(_decimal(value), datatype=_n(XSD + "decimal"))))
        if out_of is not None:
            add(ox.Triple(figure, _p("outOf"), ox.Literal(_decimal(out_of), datatype=_n(XSD + "decimal"))))
        if as_of:
            add(ox.Triple(figure, _p("asOf"), _date(as_of)))
        if precision:
            add(ox.Triple(figure, _p("asOfPrecision"), _n(precision)))

    # Citations ---------------------------------------------------------------------------------

    def _citations(self, rows: list[Row], owners: dict[str, ox.NamedNode], out: Assembled) -> None:
        """Each source row attached to what it is about; a seat, mandate or change without a source
        of its own gets its body's; a document without one cites itself."""
        cited: dict[ox.NamedNode | ox.BlankNode, list[Citation]] = defaultdict(list)
        for row in rows:
            target = self._target(row, owners, out)
            citation = self.sources.citation(row)
            if citation is not None and target is not None:
                cited[target].append(citation)
        pages = self.sources.pages
        for page in pages.values():
            out.triples.extend(page.triples())
            for iri, (words, read_on) in page.passages.items():
                out.triples.extend(passage_triples(iri, words, page.url, read_on))
        owner_of = _owners(out)
        for (sheet, _), node in out.nodes.items():
            owner = owner_of.get(node)
            if sheet in ("members", "mandates", "changes") and node not in cited and owner is not None:
                cited[node] = list(cited.get(owner, []))
        for iri in out.documents:
            document = _n(iri)
            if not cited.get(document):
                cited[document] = [Citation([(_n(DCT + "source"), document)])]
        placed = {t.subject for t in out.triples} | {t.object for t in out.triples} | self.resources
        for node, citations in cited.items():
            if node not in placed:
                continue
            for citation in citations:
                copy = ox.BlankNode()
                out.triples.append(ox.Triple(node, _p("citation"), copy))
                out.triples.extend(ox.Triple(copy, predicate, value) for predicate, value in citation.parts)
        for (sheet, number), node in out.nodes.items():
            if sheet == "claims" and node in placed and not cited.get(node):
                self.cells.problem(
                    Row(sheet, number, {}),
                    "",
                    text(
                        "a figure is the claim of a source: add a row to sources about 'claims {row}'",
                        row=number,
                    ),
                )

    def _target(
        self, row: Row, owners: dict[str, ox.NamedNode], out: Assembled
    ) -> ox.NamedNode | ox.BlankNode | None:
        about = row.get("about")
        if about in owners:
            return owners[about]
        match = _ABOUT.match(about.lower())
        if match and match["sheet"] in layout.CITED_ROWS:
            number = int(match["row"])
            if match["sheet"] == "documents":
                found = next((_n(iri) for iri, r in out.documents.items() if r.number == number), None)
            else:
                found = out.nodes.get((match["sheet"], number))
            if found is None:
                self.cells.problem(
                    row,
                    "about",
                    text(
                        "the {sheet} sheet has no row {row} (the header is row 1)",
                        sheet=match["sheet"],
                        row=number,
                    ),
                )
            return found
        resource = _expanded(about)
        kept = self.citable(resource) if resource else ""
        if resource and kept is None:
            self.resources.add(_n(resource))
            return _n(resource)
        if kept:
            self.cells.problem(
                row,
                "about",
                text(
                    "the citations of '{cell}' are kept by the workbook that wrote {file}: add this row to "
                    "that workbook, which an import replaces whole",
                    cell=about,
                    file=kept,
                ),
            )
            return None
        if about:
            self.cells.problem(
                row,
                "about",
                text(
                    "'{cell}' is neither an id of the bodies sheet, a row of another sheet (members 4, "
                    "mandates 2, changes 2, claims 5, documents 2), nor the identifier of a resource of "
                    "the graph other than a body (leu:dec-2009-902)",
                    cell=about,
                ),
            )
        return None

    def _short(self, kind: str, iri: str) -> Text:
        """A vocabulary value's name alone, without its translation in brackets."""
        candidate = self.reconciler.indexes[kind].candidates.get(iri)
        label = self.reconciler.label(kind, iri)
        return written(
            en=label.split(" (")[0],
            fr=(candidate.label_fr if candidate and candidate.label_fr else label.split(" (")[0]),
        )


def _owners(out: Assembled) -> dict[ox.NamedNode | ox.BlankNode, ox.NamedNode]:
    """The body each seat, mandate and change belongs to (a change: the first of its bodies that the
    workbook records)."""
    found: dict[ox.NamedNode | ox.BlankNode, ox.NamedNode] = {}
    sitting = {
        t.subject
        for t in out.triples
        if t.predicate.value == ORG + "member" and t.object.value in out.bodies
    }
    for triple in out.triples:
        predicate = triple.predicate.value
        if predicate == ORG + "member" and triple.subject in sitting:
            found[triple.subject] = triple.object  # type: ignore[assignment]
        elif (
            predicate == ORG + "organization"
            and isinstance(triple.object, ox.NamedNode)
            and triple.subject not in sitting
        ):
            found[triple.subject] = triple.object
        elif predicate == PSG + "hasMandate" and isinstance(triple.subject, ox.NamedNode):
            found[triple.object] = triple.subject  # type: ignore[index]
        elif (
            predicate in (ORG + "originalOrganization", ORG + "resultingOrganization")
            and triple.object.value in out.bodies
        ):
            current = found.get(triple.subject)
            if current is None or triple.object.value < current.value:
                found[triple.subject] = triple.object  # type: ignore[assignment]
    return found


def _expanded(cell: str) -> str:
    """A full IRI written whole or as a compact one with a prefix of the project (leu:dec-2009-902)."""
    cell = cell.strip().strip("<>")
    if cell.startswith(("https://", "http://")):
        return cell
    prefix, colon, local = cell.partition(":")
    return PREFIXES[prefix] + local if colon and prefix in PREFIXES and local else ""


def _decimal(value: object) -> str:
    written = format(value, "f")
    return written.rstrip("0").rstrip(".") if "." in written else written
