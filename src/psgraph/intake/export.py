"""`psgraph export --format xlsx`: recorded bodies written in the curators' layout, so that they can
be corrected and imported again (import(export(x)) gives x's triples back, and importing the export
of the whole graph changes nothing).

Every body recorded in data/ is written, with its seats, mandates, links, changes, citations (web
pages with their kept passages) and the figures sources state; bodies that `psgraph instances`
generates from a rule are not (they are corrected through the rule), nor, should one appear, a body
with a fact that has no column — it is listed with the reason instead of losing that fact.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler, Unmatched
from psgraph.prefixes import PREFIXES
from psgraph.results import compact
from psgraph.spreadsheet import keep_as_text
from psgraph.validation.context import ContextCutter

P = {name: PREFIXES[name] for name in ("psg", "org", "rdf", "rdfs", "skos", "dcterms", "xsd")}
PSG, ORG, DCT = P["psg"], P["org"], P["dcterms"]
TYPE = P["rdf"] + "type"
BODIES = "https://w3id.org/psgraph/id/body/"

# Body facts by column: (predicate, column, kind); None for the kind of a literal.
_BODY_COLUMNS = (
    (PSG + "territory", "territory", layout.TERRITORY),
    (PSG + "level", "level", layout.LEVEL),
    (PSG + "jurisdiction", "country", layout.COUNTRY),
    (PSG + "legalBasis", "legal_basis", layout.LAW),
    (PSG + "establishedBy", "established_by", layout.LAW),
    (PSG + "chairedBy", "chair", layout.ACTOR),
    (PSG + "startPrecision", "start_precision", layout.PRECISION),
    (PSG + "endPrecision", "end_precision", layout.PRECISION),
    (PSG + "classifiedAs", "classification", layout.TYPOLOGY),
    (DCT + "accrualPeriodicity", "meets", layout.FREQUENCY),
    (PSG + "endCondition", "end_condition", layout.END_CONDITION),
    (PSG + "bodyKind", "kind", layout.BODY_KIND),
)
_BODY_LITERALS = {
    P["rdfs"] + "label",
    P["skos"] + "altLabel",
    PSG + "startDate",
    PSG + "endDate",
    PSG + "informal",
    PSG + "legalBasisNotFound",
    PSG + "officialCode",
    P["skos"] + "note",
}
_BODY_NODES = {PSG + "hasMandate", PSG + "citation", TYPE}
_SINGLE = {
    PSG + name
    for name in (
        "chairedBy",
        "level",
        "jurisdiction",
        "establishedBy",
        "startPrecision",
        "endPrecision",
        "endCondition",
        "officialCode",
        "bodyKind",
        "legalBasisNotFound",
    )
} | {DCT + "accrualPeriodicity"}
_RECORD_BASIS = ox.NamedNode(PSG + "recordBasis")
_OBSERVED = ox.NamedNode(PSG + "ObservedInSource")
_INSTITUTED_BY = ox.NamedNode(PSG + "institutedBy")


@dataclass
class Exported:
    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {s.name: [] for s in layout.SHEETS})
    left_out: list[tuple[str, str]] = field(default_factory=list)  # body, why
    generated: int = 0  # bodies `psgraph instances` generates, not written


class _NotCarried(ValueError):
    pass


def _option(reconciler: Reconciler, kind: str, option: str, text: str) -> str:
    """The resource an option names, or one sentence naming the option (an unknown --type)."""
    try:
        return reconciler.indexes[kind].find(text)
    except Unmatched as problem:
        raise InputError(f"{option} {problem}.") from None


def stated(cutter: ContextCutter, node: ox.NamedNode | ox.BlankNode) -> list[ox.Quad]:
    """A resource's description without what the build derives: the derived properties, and the
    "observed in a source" basis the build gives every body recorded by hand (queries/derive/80-…)."""
    return [
        q for q in cutter.description(node) if not (q.predicate == _RECORD_BASIS and q.object == _OBSERVED)
    ]


def export_bodies(
    store: ox.Store, reconciler: Reconciler, body_type: str = "", country: str = ""
) -> Exported:
    cutter = ContextCutter(store)
    options = ((layout.BODY_TYPE, "--type", body_type), (layout.COUNTRY, "--country", country))
    chosen = {kind: _option(reconciler, kind, option, text) for kind, option, text in options if text}
    type_filter = f"VALUES ?type {{ <{chosen[layout.BODY_TYPE]}> }}" if body_type else ""
    country_filter = f"?body psg:jurisdiction <{chosen[layout.COUNTRY]}> ." if country else ""
    bodies = [
        row[0].value
        for row in store.query(f"""
        PREFIX psg: <{PSG}>
        SELECT DISTINCT ?body WHERE {{ {type_filter} ?body a ?type .
          {{ ?type a psg:BodyType }} UNION {{ VALUES ?type {{ psg:Institution }} }} {country_filter}
          FILTER(isIRI(?body)) }} ORDER BY ?body""")
    ]
    writer = _Writer(store, cutter, reconciler)
    out = Exported()
    generated = {q.subject.value for q in store.quads_for_pattern(None, _INSTITUTED_BY, None)}
    exported: list[str] = []
    for iri in bodies:
        if iri in generated:
            out.generated += 1
            continue
        if not iri.startswith(BODIES):
            out.left_out.append((iri, "its identifier is not in a body namespace (bfr:, buk:, beu: …)"))
            continue
        try:
            rows = writer.body(ox.NamedNode(iri), out)
        except _NotCarried as reason:
            out.left_out.append((iri, str(reason)))
            continue
        exported.append(iri)
        for sheet, found in rows.items():
            out.rows[sheet].extend(found)
    writer.figures(out, set(exported), country)
    return out


class _Writer:
    def __init__(self, store: ox.Store, cutter: ContextCutter, reconciler: Reconciler) -> None:
        self.store, self.cutter, self.reconciler = store, cutter, reconciler
        # every relation the links sheet reads back (psg:coordinationLink's sub-properties, sub-body of)
        self.links = set(reconciler.indexes[layout.RELATION].candidates)

    def shown(self, kind: str, value: object) -> str:
        """The name a cell gives a resource: one the import reads back as that resource."""
        if not isinstance(value, ox.NamedNode):
            raise _NotCarried(f"a {kind} that is not an identifier")
        index = self.reconciler.indexes[kind]
        candidate = index.candidates.get(value.value)
        if candidate is None:
            raise _NotCarried(f"{compact(value.value)} is not a known {kind}")
        for name in (candidate.label, compact(value.value), value.value):
            try:
                if index.find(name) == value.value:
                    return name
            except Unmatched:
                continue
        raise _NotCarried(f"{compact(value.value)} has no unambiguous name")

    def names(self, kind: str, values: list[object]) -> str:
        return "; ".join(sorted(self.shown(kind, v) for v in values))

    def body(self, body: ox.NamedNode, out: Exported) -> dict[str, list[dict[str, str]]]:
        facts: dict[str, list[object]] = defaultdict(list)
        for quad in stated(self.cutter, body):
            if quad.subject == body:
                facts[quad.predicate.value].append(quad.object)
        known = _BODY_LITERALS | _BODY_NODES | {p for p, _, _ in _BODY_COLUMNS} | self.links
        extra = sorted(set(facts) - known)
        if extra:
            raise _NotCarried(f"no column for {compact(extra[0])}")
        for predicate in _SINGLE:
            if len(facts.get(predicate, [])) > 1:
                raise _NotCarried(f"more than one {compact(predicate)}")
        names = [lab for lab in facts[P["rdfs"] + "label"] if isinstance(lab, ox.Literal)]
        labels = {lab.language: lab.value for lab in names if lab.language in ("en", "fr")}
        others = [lab for lab in names if lab.language not in ("en", "fr")]
        notes = facts.get(P["skos"] + "note", [])
        if sum(1 for lab in names if lab.language in ("en", "fr")) != 2 or set(labels) != {"en", "fr"}:
            raise _NotCarried("not exactly one name in English and one in French")
        if any(not lab.language or "@" in lab.value or ";" in lab.value for lab in others):
            raise _NotCarried("a name with no language, or one the other_names column cannot carry")
        if len(notes) > 1 or any(not isinstance(n, ox.Literal) or n.language != "en" for n in notes):
            raise _NotCarried("more than one note, or a note not in English")
        types = [
            t for t in facts[TYPE] if isinstance(t, ox.NamedNode) and t.value in self.reconciler.body_types
        ]
        if len(facts[TYPE]) != 1 or len(types) != 1:
            raise _NotCarried("not exactly one body type")
        for predicate in (PSG + "startDate", PSG + "endDate"):
            if len(facts.get(predicate, [])) > 1:
                raise _NotCarried(f"more than one {compact(predicate)}")
        key = body.value.rsplit("/", 1)[-1]
        informal = facts.get(PSG + "informal", [])
        row = {
            "id": key,
            "name_en": labels["en"],
            "name_fr": labels["fr"],
            "other_names": "; ".join(sorted(f"{lab.value}@{lab.language}" for lab in others)),
            "code": _value(facts.get(PSG + "officialCode", [])),
            "acronym": "; ".join(sorted(a.value for a in facts.get(P["skos"] + "altLabel", []))),  # type: ignore[attr-defined]
            "type": self.shown(layout.BODY_TYPE, types[0]),
            "start_date": _value(facts.get(PSG + "startDate", [])),
            "end_date": _value(facts.get(PSG + "endDate", [])),
            "informal": ("yes" if informal[0].value == "true" else "no") if informal else "",  # type: ignore[attr-defined]
            "legal_basis_unknown": "yes" if facts.get(PSG + "legalBasisNotFound") else "",
            "notes": notes[0].value if notes else "",  # type: ignore[attr-defined]
        }
        for predicate, column, kind in _BODY_COLUMNS:
            row[column] = self.names(kind, facts.get(predicate, []))
        rows: dict[str, list[dict[str, str]]] = {s.name: [] for s in layout.SHEETS}
        rows["bodies"].append(row)
        body_citations = [self.citation(c) for c in facts[PSG + "citation"]]
        rows["sources"].extend(self.source_row(key, c) for c in body_citations)
        for predicate in sorted(self.links):
            for target in sorted(facts.get(predicate, []), key=lambda t: getattr(t, "value", "")):
                rows["links"].append(
                    {
                        "body": key,
                        "relation": self.shown(layout.RELATION, ox.NamedNode(predicate)),
                        "target": self.target(target),
                    }
                )
        for number, (seat, sits) in enumerate(self.seats(body), start=len(out.rows["members"]) + 2):
            seat_facts = self.facts(seat, _MEMBERSHIP, "a seat")
            rows["members"].append(
                {
                    "body": self.shown(layout.BODY, seat_facts[ORG + "organization"][0]) if sits else key,
                    "member": key if sits else self.names(layout.ACTOR, seat_facts.get(ORG + "member", [])),
                    "role": self.names(layout.ROLE, seat_facts.get(ORG + "role", [])),
                    "seat_kind": self.names(layout.SEAT, seat_facts.get(PSG + "seatKind", [])),
                    "start_date": _value(seat_facts.get(PSG + "startDate", [])),
                    "end_date": _value(seat_facts.get(PSG + "endDate", [])),
                    "start_precision": self.names(
                        layout.PRECISION, seat_facts.get(PSG + "startPrecision", [])
                    ),
                    "end_precision": self.names(layout.PRECISION, seat_facts.get(PSG + "endPrecision", [])),
                    "attested_on": _value(seat_facts.get(PSG + "attestedOn", [])),
                    "attested_precision": self.names(
                        layout.PRECISION, seat_facts.get(PSG + "attestedPrecision", [])
                    ),
                    "notes": _value(seat_facts.get(P["skos"] + "note", [])),
                }
            )
            self.own_sources(seat_facts, body_citations, f"members {number}", rows)
        mandates = sorted(facts.get(PSG + "hasMandate", []), key=lambda m: self._sort_key(m))
        for number, mandate in enumerate(mandates, start=len(out.rows["mandates"]) + 2):
            mandate_facts = self.facts(mandate, _MANDATE, "a mandate")
            rows["mandates"].append(
                {
                    "body": key,
                    "domains": self.names(layout.DOMAIN, mandate_facts.get(PSG + "domain", [])),
                    "functions": self.names(layout.FUNCTION, mandate_facts.get(PSG + "function", [])),
                    "legal_basis": self.names(layout.LAW, mandate_facts.get(PSG + "legalBasis", [])),
                    "start_date": _value(mandate_facts.get(PSG + "startDate", [])),
                    "end_date": _value(mandate_facts.get(PSG + "endDate", [])),
                }
            )
            self.own_sources(mandate_facts, body_citations, f"mandates {number}", rows)
        self.changes(body, key, body_citations, rows, out)
        return rows

    def seats(self, body: ox.NamedNode) -> list[tuple[ox.BlankNode, bool]]:
        """The body's seats as the import files them: those on it (unless a body sits in them, which
        keeps them, or a rule generates them) and those it holds on another body, marked True."""
        on = [
            q.subject
            for q in self.store.quads_for_pattern(None, ox.NamedNode(ORG + "organization"), body)
            if not (isinstance(q.subject, ox.NamedNode) and self._generated(q.subject.value))
            and not any(
                o.object.value.startswith(BODIES)
                for o in self.store.quads_for_pattern(q.subject, ox.NamedNode(ORG + "member"), None)
            )
        ]
        held = [q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(ORG + "member"), body)]
        found = [(s, False) for s in on] + [(s, True) for s in held]
        return sorted(found, key=lambda pair: (pair[1], self._sort_key(pair[0])))  # type: ignore[return-value]

    def target(self, value: object) -> str:
        return self.shown(layout.TARGET, value)

    def changes(
        self,
        body: ox.NamedNode,
        key: str,
        inherited: list[Citation],
        rows: dict[str, list[dict[str, str]]],
        out: Exported,
    ) -> None:
        """The changes this body owns: those where it is the first (by identifier) of the bodies
        named, as the import files them."""
        events = {
            q.subject
            for predicate in _SIDES
            for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), body)
        }
        for event in sorted(events, key=lambda e: self._sort_key(e)):
            event_facts = self.facts(event, _CHANGE, "a change")
            sides = sorted(v.value for p in _SIDES for v in event_facts.get(p, []))  # type: ignore[attr-defined]
            if any(self._generated(side) for side in sides):
                continue  # a change `psgraph instances` generates with the bodies it names
            recorded = [s for s in sides if s.startswith(BODIES)]
            if not recorded or recorded[0] != body.value:
                continue
            labels = {lab.language: lab.value for lab in event_facts.get(P["rdfs"] + "label", [])}  # type: ignore[attr-defined]
            partial = event_facts.get(PSG + "partial", [])
            number = len(out.rows["changes"]) + len(rows["changes"]) + 2
            rows["changes"].append(
                {
                    "kind": self.names(layout.CHANGE, event_facts.get(PSG + "eventType", [])),
                    "date": _value(event_facts.get(PSG + "date", [])),
                    "date_precision": self.names(
                        layout.PRECISION, event_facts.get(PSG + "startPrecision", [])
                    ),
                    "from": self._bodies(event_facts.get(ORG + "originalOrganization", []), key, body),
                    "to": self._bodies(event_facts.get(ORG + "resultingOrganization", []), key, body),
                    "name_before": _value(event_facts.get(PSG + "nameBefore", [])),
                    "name_after": _value(event_facts.get(PSG + "nameAfter", [])),
                    "partial": ("yes" if partial[0].value == "true" else "no") if partial else "",  # type: ignore[attr-defined]
                    "label_en": labels.get("en", ""),
                    "label_fr": labels.get("fr", ""),
                    "notes": _value(event_facts.get(P["skos"] + "note", [])),
                }
            )
            self.own_sources(event_facts, inherited, f"changes {number}", rows)

    def _bodies(self, values: list[object], key: str, body: ox.NamedNode) -> str:
        return "; ".join(sorted(key if v == body else self.shown(layout.BODY, v) for v in values))

    def _generated(self, iri: str) -> bool:
        return any(True for _ in self.store.quads_for_pattern(ox.NamedNode(iri), _INSTITUTED_BY, None))

    def figures(self, out: Exported, exported: set[str], country: str) -> None:
        """The figures sources state about territories (every one, when the whole graph is exported)."""
        if country or not exported:
            return
        for (node,) in self.store.query(f"PREFIX psg: <{PSG}> SELECT ?f WHERE {{ ?f a psg:StatedFigure }}"):
            try:
                facts = self.facts(node, _FIGURE, "a figure")
                citations = [self.citation(c) for c in facts.get(PSG + "citation", [])]
            except _NotCarried as reason:
                out.left_out.append((str(node), str(reason)))
                continue
            number = len(out.rows["claims"]) + 2
            out.rows["claims"].append(
                {
                    "territory": self.names(layout.TERRITORY, facts.get(PSG + "figureAbout", [])),
                    "body_type": self.names(layout.BODY_TYPE, facts.get(PSG + "countsType", [])),
                    "measure": self.names(layout.MEASURE, facts.get(PSG + "measure", [])),
                    "value": _value(facts.get(PSG + "statedValue", [])),
                    "out_of": _value(facts.get(PSG + "outOf", [])),
                    "as_of": _value(facts.get(PSG + "asOf", [])),
                    "as_of_precision": self.names(layout.PRECISION, facts.get(PSG + "asOfPrecision", [])),
                }
            )
            out.rows["sources"].extend(self.source_row(f"claims {number}", c) for c in citations)

    def _sort_key(self, node: object) -> str:
        """Seats, mandates and changes in the order of their facts (blank node labels change from
        build to build)."""
        from psgraph.intake.turtle import TurtleWriter

        triples = [q.triple for q in stated(self.cutter, node)]  # type: ignore[arg-type]
        return TurtleWriter(triples).describe(node) if triples else ""  # type: ignore[arg-type]

    def facts(self, node: object, allowed: set[str], what: str) -> dict[str, list[object]]:
        if not isinstance(node, ox.BlankNode):
            raise _NotCarried(f"{what} with an identifier of its own")
        facts: dict[str, list[object]] = defaultdict(list)
        for quad in self.store.quads_for_pattern(node, None, None):
            if quad.predicate in self.cutter.derived:
                continue
            if quad.predicate.value not in allowed:
                raise _NotCarried(f"no column for {compact(quad.predicate.value)} on {what}")
            facts[quad.predicate.value].append(quad.object)
        return facts

    def citation(self, node: object) -> Citation:
        if not isinstance(node, ox.BlankNode):
            raise _NotCarried("a citation with an identifier of its own")
        pairs = []
        for quad in self.store.quads_for_pattern(node, None, None):
            if quad.predicate.value not in _CITATION:
                raise _NotCarried(f"no column for {compact(quad.predicate.value)} on a citation")
            pairs.append((quad.predicate.value, quad.object.value))
        if sum(1 for p, _ in pairs if p == DCT + "source") != 1:
            raise _NotCarried("a citation without exactly one source")
        return tuple(sorted(pairs))

    def own_sources(
        self,
        facts: dict[str, list[object]],
        inherited: list[Citation],
        about: str,
        rows: dict[str, list[dict[str, str]]],
    ) -> None:
        """A seat's, mandate's or change's citations: none written when they are its body's (what the
        import gives a row without sources of its own), else one source row each."""
        own = [self.citation(c) for c in facts.get(PSG + "citation", [])]
        if sorted(own) == sorted(inherited):
            return
        if not own:
            raise _NotCarried(
                f"{about.split()[0][:-1]} without a source, which the import would give its body's"
            )
        rows["sources"].extend(self.source_row(about, c) for c in own)

    def source_row(self, about: str, citation: Citation) -> dict[str, str]:
        parts = dict(citation)
        source = parts[DCT + "source"]
        row = {
            "about": about,
            "quote": parts.get(PSG + "quote", ""),
            "locator": parts.get(PSG + "locator", ""),
            "confidence": self.shown(layout.CONFIDENCE, ox.NamedNode(parts[PSG + "confidence"]))
            if PSG + "confidence" in parts
            else "",
            "actors_named": parts.get(PSG + "actorsNamed", ""),
        }
        page = self._page(source)
        if page is None:
            row["source"] = self.shown(layout.SOURCE, ox.NamedNode(source))
            return row
        row.update(source=source, **page)
        passage = parts.get(PSG + "passage")
        if passage:
            kept = {
                q.predicate.value: q.object.value
                for q in self.store.quads_for_pattern(ox.NamedNode(passage), None, None)
            }
            row["passage"] = kept.get(PSG + "passageText", "")
            row["read_on"] = kept.get(PSG + "readOn", row["read_on"])
        return row

    def _page(self, iri: str) -> dict[str, str] | None:
        node = ox.NamedNode(iri)
        if not any(
            True
            for _ in self.store.quads_for_pattern(node, ox.NamedNode(TYPE), ox.NamedNode(PSG + "WebPage"))
        ):
            return None
        facts = {q.predicate.value: q.object.value for q in self.store.quads_for_pattern(node, None, None)}
        return {
            "publisher": facts.get(DCT + "publisher", ""),
            "title": facts.get(P["rdfs"] + "label", ""),
            "page_date": facts.get(DCT + "date", ""),
            "read_on": facts.get(PSG + "readOn", ""),
        }


Citation = tuple[tuple[str, str], ...]
_SIDES = (ORG + "originalOrganization", ORG + "resultingOrganization")
_MEMBERSHIP = {
    TYPE,
    ORG + "organization",
    ORG + "member",
    ORG + "role",
    PSG + "seatKind",
    PSG + "startDate",
    PSG + "endDate",
    PSG + "startPrecision",
    PSG + "endPrecision",
    PSG + "attestedOn",
    PSG + "attestedPrecision",
    P["skos"] + "note",
    PSG + "citation",
}
_MANDATE = {
    TYPE,
    PSG + "domain",
    PSG + "function",
    PSG + "legalBasis",
    PSG + "citation",
    PSG + "startDate",
    PSG + "endDate",
}
_CHANGE = {
    TYPE,
    PSG + "eventType",
    PSG + "date",
    PSG + "startPrecision",
    *_SIDES,
    PSG + "nameBefore",
    PSG + "nameAfter",
    PSG + "partial",
    P["rdfs"] + "label",
    P["skos"] + "note",
    PSG + "citation",
}
_FIGURE = {
    TYPE,
    PSG + "figureAbout",
    PSG + "countsType",
    PSG + "measure",
    PSG + "statedValue",
    PSG + "outOf",
    PSG + "asOf",
    PSG + "asOfPrecision",
    PSG + "citation",
}
_CITATION = {
    DCT + "source",
    PSG + "quote",
    PSG + "locator",
    PSG + "confidence",
    PSG + "actorsNamed",
    PSG + "passage",
}


def _value(values: list[object]) -> str:
    return values[0].value if values else ""  # type: ignore[attr-defined]


def xlsx(exported: Exported, reconciler: Reconciler) -> bytes:
    from psgraph.intake.template import workbook

    book = workbook(reconciler, {})
    for sheet in layout.SHEETS:
        page = book[sheet.name]
        for row in exported.rows[sheet.name]:
            page.append([row.get(column.name, "") for column in sheet.columns])
            for cell in page[page.max_row]:
                keep_as_text(cell)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
