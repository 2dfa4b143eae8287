"""Rows of a workbook turned into triples, with every problem a cell has, by sheet, row and column."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler, Unmatched, normal
from psgraph.intake.workbook import Row, Workbook
from psgraph.prefixes import PREFIXES

PSG, ORG, RDF, RDFS, SKOS, DCT, XSD = (
    PREFIXES[p] for p in ("psg", "org", "rdf", "rdfs", "skos", "dcterms", "xsd")
)
BODY_NAMESPACES = {"fr": "bfr", "uk": "buk", "eu": "beu", "coe": "bcoe", "europe": "bint", "world": "bint"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YES, _NO = {"yes", "oui", "true", "vrai", "1", "y", "o"}, {"no", "non", "false", "faux", "0", "n"}
_ABOUT = re.compile(r"^(members|mandates)\s*(?:row\s*|ligne\s*|:\s*)?(\d+)$")


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet}, row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


def _n(prefix: str, local: str) -> ox.NamedNode:
    return ox.NamedNode(PREFIXES[prefix] + local)


TYPE = ox.NamedNode(RDF + "type")


@dataclass
class Assembled:
    """The triples of the bodies, each body's rows, and the problems found in the cells."""

    triples: list[ox.Triple] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    bodies: dict[str, Row] = field(default_factory=dict)  # body IRI → its row
    rows_of: dict[str, list[Row]] = field(
        default_factory=lambda: defaultdict(list)
    )  # body IRI → every row about it
    countries: dict[str, str] = field(default_factory=dict)  # body IRI → country code (fr, uk, eu …)
    _parents: dict[ox.BlankNode, ox.NamedNode | ox.BlankNode] = field(default_factory=dict)

    def owner_of(self, node: ox.NamedNode | ox.BlankNode) -> str:
        """The body a node belongs to: itself, a seat's body, the body a mandate or citation hangs from."""
        if not self._parents:
            for t in self.triples:
                if isinstance(t.object, ox.BlankNode):
                    self._parents[t.object] = t.subject
                elif t.predicate.value == ORG + "organization" and isinstance(t.subject, ox.BlankNode):
                    self._parents[t.subject] = t.object
        while isinstance(node, ox.BlankNode):
            node = self._parents[node]
        return node.value


class Assembler:
    def __init__(self, reconciler: Reconciler, seed_texts: dict[str, str | None]) -> None:
        self.reconciler = reconciler
        self.seed_texts = seed_texts  # seed text IRI → its normalised text (None: its file is not at hand)

    def assemble(self, book: Workbook) -> Assembled:
        out = Assembled()
        ids: dict[str, tuple[ox.NamedNode, Row]] = {}
        for row in book.get("bodies", []):
            self._body(row, ids, out)
        nodes: dict[tuple[str, int], tuple[ox.BlankNode, ox.NamedNode]] = {}  # a seat or mandate, its body
        for row in book.get("members", []):
            body = self._owner(row, ids, out)
            if body is not None:
                nodes[("members", row.number)] = (ox.BlankNode(), body)
                self._membership(row, body, nodes[("members", row.number)][0], out)
        for row in book.get("mandates", []):
            body = self._owner(row, ids, out)
            if body is not None:
                nodes[("mandates", row.number)] = (ox.BlankNode(), body)
                self._mandate(row, body, nodes[("mandates", row.number)][0], out)
        citations: dict[ox.NamedNode | ox.BlankNode, list[list[ox.Triple]]] = defaultdict(list)
        for row in book.get("sources", []):
            self._citation(row, ids, nodes, out, citations)
        for node, body in nodes.values():  # a seat or mandate without a source of its own: the body's
            for parts in citations.get(node) or citations.get(body, []):
                copy = ox.BlankNode()
                out.triples.append(ox.Triple(node, _n("psg", "citation"), copy))
                out.triples.extend(ox.Triple(copy, t.predicate, t.object) for t in parts)
        for target, cited in citations.items():
            if not isinstance(target, ox.BlankNode):
                for parts in cited:
                    copy = ox.BlankNode()
                    out.triples.append(ox.Triple(target, _n("psg", "citation"), copy))
                    out.triples.extend(ox.Triple(copy, t.predicate, t.object) for t in parts)
        return out

    # Cells -----------------------------------------------------------------------------------

    def _find(self, row: Row, column: str, kind: str, out: Assembled) -> str | None:
        text = row.get(column)
        if not text:
            return None
        try:
            return self.reconciler.indexes[kind].find(text)
        except Unmatched as problem:
            out.problems.append(Problem(row.sheet, row.number, column, str(problem)))
            return None

    def _date(self, row: Row, column: str, out: Assembled) -> dt.date | None:
        text = row.get(column)
        if not text:
            return None
        try:
            return (
                dt.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else _not_a_date(text)
            )
        except ValueError:
            hint = _date_hint(text)
            out.problems.append(
                Problem(
                    row.sheet, row.number, column, f"'{text}' is not a date; write dates as YYYY-MM-DD{hint}"
                )
            )
            return None

    def _required(self, row: Row, sheet: layout.Sheet, out: Assembled) -> bool:
        missing = [c for c in sheet.columns if c.required and not row.get(c.name)]
        for column in missing:
            out.problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    column.name,
                    f"this cell is empty; give {column.en[0].lower()}{column.en[1:]}",
                )
            )
        return not missing

    # Sheets ----------------------------------------------------------------------------------

    def _body(self, row: Row, ids: dict[str, tuple[ox.NamedNode, Row]], out: Assembled) -> None:
        self._required(row, layout.BODIES, out)
        key = row.get("id")
        if key and not _ID.match(key):
            out.problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "id",
                    f"'{key}' is not a usable id: write lower-case "
                    f"letters, digits and hyphens, e.g. {_slug(key) or 'clspd-avignon'}",
                )
            )
            return
        if key in ids:
            out.problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "id",
                    f"'{key}' is already the id of row {ids[key][1].number}; give each body its own id",
                )
            )
            return
        kind = self._find(row, "type", layout.BODY_TYPE, out)
        territory = self._find(row, "territory", layout.TERRITORY, out)
        level = self._find(row, "level", layout.LEVEL, out)
        country = self._find(row, "country", layout.COUNTRY, out)
        type_level, type_country = self.reconciler.body_types.get(kind or "", ("", ""))
        level = level or (type_level if not row.get("level") else None)
        country = country or (type_country if not row.get("country") else None)
        if kind and not level and not row.get("level"):
            out.problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "level",
                    "this cell is empty and the body type has no level; give the level of governance",
                )
            )
        if kind and not country and not row.get("country"):
            out.problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "country",
                    "this cell is empty and the body type has no country; give the country",
                )
            )
        if territory and level and self.reconciler.territory_levels.get(territory) not in ("", level):
            shown = self.reconciler.indexes[layout.TERRITORY].candidates[territory].label
            found = self._label(layout.LEVEL, self.reconciler.territory_levels[territory])
            wanted = self._label(layout.LEVEL, level)
            out.problems.append(
                Problem(
                    "bodies",
                    row.number,
                    "territory",
                    (
                        f"'{shown}' is a {found} territory, but the body's level is {wanted}; "
                        "give a territory of that level or change the level"
                    ),
                )
            )
            territory = None
        if not key or not country:
            return
        body = _n(BODY_NAMESPACES.get(country.rsplit("/", 1)[-1], "bint"), key)
        ids[key] = (body, row)
        out.bodies[body.value] = row
        out.rows_of[body.value].append(row)
        out.countries[body.value] = country.rsplit("/", 1)[-1]
        add = out.triples.append
        if kind:
            add(ox.Triple(body, TYPE, ox.NamedNode(kind)))
        for column, lang in (("name_en", "en"), ("name_fr", "fr")):
            if row.get(column):
                add(ox.Triple(body, ox.NamedNode(RDFS + "label"), ox.Literal(row.get(column), language=lang)))
        for acronym in _several(row.get("acronym")):
            add(ox.Triple(body, ox.NamedNode(SKOS + "altLabel"), ox.Literal(acronym)))
        add(ox.Triple(body, _n("psg", "jurisdiction"), ox.NamedNode(country)))
        for predicate, value in (("level", level), ("territory", territory)):
            if value:
                add(ox.Triple(body, _n("psg", predicate), ox.NamedNode(value)))
        for column, predicate, kind_ in (
            ("legal_basis", "legalBasis", layout.LAW),
            ("chair", "chairedBy", layout.ACTOR),
            ("start_precision", "startPrecision", layout.PRECISION),
            ("end_precision", "endPrecision", layout.PRECISION),
            ("established_by", "establishedBy", layout.LAW),
        ):
            found = self._find(row, column, kind_, out)
            if found:
                add(ox.Triple(body, _n("psg", predicate), ox.NamedNode(found)))
        self._dates(row, body, out)
        if row.get("informal"):
            flag = normal(row.get("informal"))
            if flag in _YES | _NO:
                add(
                    ox.Triple(
                        body,
                        _n("psg", "informal"),
                        ox.Literal(
                            "true" if flag in _YES else "false", datatype=ox.NamedNode(XSD + "boolean")
                        ),
                    )
                )
            else:
                out.problems.append(
                    Problem("bodies", row.number, "informal", f"'{row.get('informal')}' is not yes or no")
                )
        if row.get("notes"):
            add(ox.Triple(body, ox.NamedNode(SKOS + "note"), ox.Literal(row.get("notes"), language="en")))

    def _dates(self, row: Row, node: ox.NamedNode | ox.BlankNode, out: Assembled) -> None:
        start, end = self._date(row, "start_date", out), self._date(row, "end_date", out)
        if start and end and end < start:
            out.problems.append(
                Problem(
                    row.sheet,
                    row.number,
                    "end_date",
                    f"{end} is before the start date {start}; the end date must not come before the start",
                )
            )
            return
        for predicate, value in (("startDate", start), ("endDate", end)):
            if value:
                out.triples.append(
                    ox.Triple(
                        node,
                        _n("psg", predicate),
                        ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date")),
                    )
                )

    def _owner(
        self, row: Row, ids: dict[str, tuple[ox.NamedNode, Row]], out: Assembled
    ) -> ox.NamedNode | None:
        sheet = layout.MEMBERS if row.sheet == "members" else layout.MANDATES
        self._required(row, sheet, out)
        key = row.get("body")
        if key and key not in ids:
            out.problems.append(
                Problem(row.sheet, row.number, "body", f"'{key}' is not an id of the bodies sheet")
            )
            return None
        if not key:
            return None
        body = ids[key][0]
        out.rows_of[body.value].append(row)
        return body

    def _membership(self, row: Row, body: ox.NamedNode, node: ox.BlankNode, out: Assembled) -> None:
        add = out.triples.append
        add(ox.Triple(node, TYPE, _n("org", "Membership")))
        add(ox.Triple(node, _n("org", "organization"), body))
        for column, predicate, kind in (
            ("member", _n("org", "member"), layout.ACTOR),
            ("role", _n("org", "role"), layout.ROLE),
            ("seat_kind", _n("psg", "seatKind"), layout.SEAT),
        ):
            found = self._find(row, column, kind, out)
            if found:
                add(ox.Triple(node, predicate, ox.NamedNode(found)))
        self._dates(row, node, out)

    def _mandate(self, row: Row, body: ox.NamedNode, node: ox.BlankNode, out: Assembled) -> None:
        add = out.triples.append
        add(ox.Triple(body, _n("psg", "hasMandate"), node))
        add(ox.Triple(node, TYPE, _n("psg", "Mandate")))
        for column, predicate, kind in (
            ("domains", "domain", layout.DOMAIN),
            ("functions", "function", layout.FUNCTION),
        ):
            for value in _several(row.get(column)):
                found = self._find(Row(row.sheet, row.number, {column: value}), column, kind, out)
                if found:
                    add(ox.Triple(node, _n("psg", predicate), ox.NamedNode(found)))
        found = self._find(row, "legal_basis", layout.LAW, out)
        if found:
            add(ox.Triple(node, _n("psg", "legalBasis"), ox.NamedNode(found)))

    def _citation(
        self,
        row: Row,
        ids: dict[str, tuple[ox.NamedNode, Row]],
        nodes: dict[tuple[str, int], tuple[ox.BlankNode, ox.NamedNode]],
        out: Assembled,
        citations: dict[ox.NamedNode | ox.BlankNode, list[list[ox.Triple]]],
    ) -> None:
        """A citation, kept as its triples about a placeholder subject until it is attached."""
        if not self._required(row, layout.SOURCES, out):
            return
        about = row.get("about")
        target: ox.NamedNode | ox.BlankNode
        if about in ids:
            target = ids[about][0]
            out.rows_of[target.value].append(row)
        elif (match := _ABOUT.match(normal(about))) and (match[1], int(match[2])) in nodes:
            target = nodes[(match[1], int(match[2]))][0]
        else:
            out.problems.append(
                Problem(
                    "sources",
                    row.number,
                    "about",
                    f"'{about}' is neither an id of the bodies "
                    "sheet nor a row of members or mandates (write members 4 or mandates 2)",
                )
            )
            return
        source = self._find(row, "source", layout.SOURCE, out)
        if source is None:
            return
        quote = row.get("quote")
        if source in self.seed_texts:
            if not quote:
                out.problems.append(
                    Problem(
                        "sources",
                        row.number,
                        "quote",
                        "a seed text needs the quote: copy the "
                        "words that support the row, exactly as the text has them",
                    )
                )
                return
            if self.seed_texts[source] is not None and _quote_form(quote) not in self.seed_texts[source]:
                out.problems.append(
                    Problem(
                        "sources",
                        row.number,
                        "quote",
                        f"the quote is not in {_short(source)}: "
                        "copy it exactly from the text (spacing and case may differ)",
                    )
                )
                return
        placeholder = ox.BlankNode()
        parts = [ox.Triple(placeholder, ox.NamedNode(DCT + "source"), ox.NamedNode(source))]
        if quote:
            parts.append(ox.Triple(placeholder, _n("psg", "quote"), ox.Literal(quote)))
        if row.get("locator"):
            parts.append(ox.Triple(placeholder, _n("psg", "locator"), ox.Literal(row.get("locator"))))
        confidence = self._find(row, "confidence", layout.CONFIDENCE, out)
        if confidence:
            parts.append(ox.Triple(placeholder, _n("psg", "confidence"), ox.NamedNode(confidence)))
        citations[target].append(parts)

    def _label(self, kind: str, iri: str) -> str:
        candidate = self.reconciler.indexes[kind].candidates.get(iri)
        return candidate.label.split(" (")[0] if candidate else iri.rsplit("#", 1)[-1]


def _several(text: str) -> list[str]:
    return [part.strip() for part in text.split(layout.LIST_SEPARATOR) if part.strip()]


def _slug(text: str) -> str:
    return "-".join(normal(text).split())


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _quote_form(text: str) -> str:
    """As check-quotes compares: case, runs of spaces, curly quotes and markdown '*' ignored."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "*": None})
    return " ".join(text.translate(table).split()).lower()


def _not_a_date(text: str) -> dt.date:
    raise ValueError(text)


def _date_hint(text: str) -> str:
    """The date a curator most likely meant, in the form to write (day first, as in France and the UK)."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        try:
            return f", e.g. {dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()}"
        except ValueError:
            return ""
    if re.fullmatch(r"\d{4}", text):
        return f", e.g. {text}-01-01 with start_precision year"
    return ""
