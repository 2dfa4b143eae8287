"""`psgraph export --format xlsx`: recorded bodies written in the curators' layout, so that they can
be corrected and imported again (import(export(x)) gives x's triples back).

Only bodies the layout can carry whole are written: a body with a fact that has no column (a typed
link to another body, a second legal basis, what established it …) would lose that fact on the way
back, so it is left out and listed with the reason instead.
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

P = {name: PREFIXES[name] for name in ("psg", "org", "rdf", "rdfs", "skos", "dcterms")}
TYPE = P["rdf"] + "type"
_BODY = {
    P["rdfs"] + "label",
    P["skos"] + "altLabel",
    TYPE,
    P["psg"] + "jurisdiction",
    P["psg"] + "level",
    P["psg"] + "territory",
    P["psg"] + "legalBasis",
    P["psg"] + "chairedBy",
    P["psg"] + "startDate",
    P["psg"] + "startPrecision",
    P["psg"] + "endDate",
    P["psg"] + "endPrecision",
    P["psg"] + "establishedBy",
    P["psg"] + "informal",
    P["skos"] + "note",
    P["psg"] + "hasMandate",
    P["psg"] + "citation",
}
_SINGLE = {
    P["psg"] + name
    for name in (
        "territory",
        "legalBasis",
        "chairedBy",
        "level",
        "jurisdiction",
        "establishedBy",
        "startPrecision",
        "endPrecision",
    )
}
_MEMBERSHIP = {
    TYPE,
    P["org"] + "organization",
    P["org"] + "member",
    P["org"] + "role",
    P["psg"] + "seatKind",
    P["psg"] + "startDate",
    P["psg"] + "endDate",
    P["psg"] + "citation",
}
_MANDATE = {TYPE, P["psg"] + "domain", P["psg"] + "function", P["psg"] + "legalBasis", P["psg"] + "citation"}
_CITATION = {P["dcterms"] + "source", P["psg"] + "quote", P["psg"] + "locator", P["psg"] + "confidence"}
_NAMESPACES = ("bfr", "buk", "beu", "bcoe", "bint")


@dataclass
class Exported:
    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {s.name: [] for s in layout.SHEETS})
    left_out: list[tuple[str, str]] = field(default_factory=list)  # body, why


class _NotCarried(ValueError):
    pass


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
        PREFIX psg: <{P["psg"]}>
        SELECT DISTINCT ?body WHERE {{
          {type_filter} ?body a ?type . ?type a psg:BodyType . {country_filter} }}
        ORDER BY ?body""")
    ]
    out = Exported()
    for iri in bodies:
        if not any(iri.startswith(PREFIXES[n]) for n in _NAMESPACES):
            out.left_out.append((iri, "its identifier is not in a body namespace (bfr:, buk:, beu: …)"))
            continue
        try:
            rows = _rows_of(store, cutter, reconciler, ox.NamedNode(iri), out)
        except _NotCarried as reason:
            out.left_out.append((iri, str(reason)))
            continue
        for sheet, found in rows.items():
            out.rows[sheet].extend(found)
    return out


_RECORD_BASIS = ox.NamedNode(P["psg"] + "recordBasis")
_OBSERVED = ox.NamedNode(P["psg"] + "ObservedInSource")


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


def _rows_of(
    store: ox.Store, cutter: ContextCutter, reconciler: Reconciler, body: ox.NamedNode, out: Exported
) -> dict[str, list[dict[str, str]]]:
    facts: dict[str, list[object]] = defaultdict(list)
    for quad in stated(cutter, body):
        if quad.subject == body:
            facts[quad.predicate.value].append(quad.object)
    extra = sorted(set(facts) - _BODY)
    if extra:
        raise _NotCarried(f"no column for {compact(extra[0])}")
    for predicate in _SINGLE:
        if len(facts.get(predicate, [])) > 1:
            raise _NotCarried(f"more than one {compact(predicate)}")
    labels = {lab.language: lab.value for lab in facts[P["rdfs"] + "label"] if isinstance(lab, ox.Literal)}
    notes = facts.get(P["skos"] + "note", [])
    if len(facts[P["rdfs"] + "label"]) != 2 or set(labels) != {"en", "fr"}:
        raise _NotCarried("not exactly one name in English and one in French")
    if len(notes) > 1 or any(not isinstance(n, ox.Literal) or n.language != "en" for n in notes):
        raise _NotCarried("more than one note, or a note not in English")
    types = [t for t in facts[TYPE] if isinstance(t, ox.NamedNode) and t.value in reconciler.body_types]
    if len(facts[TYPE]) != 1 or len(types) != 1:
        raise _NotCarried("not exactly one body type")
    key = body.value.rsplit("/", 1)[-1]

    def name(kind: str, values: list[object]) -> str:
        return "; ".join(sorted(_shown(reconciler, kind, v) for v in values))

    def date(values: list[object]) -> str:
        return values[0].value if values else ""  # type: ignore[attr-defined]

    body_citations = [_citation(cutter, c) for c in facts[P["psg"] + "citation"]]
    rows: dict[str, list[dict[str, str]]] = {s.name: [] for s in layout.SHEETS}
    informal = facts.get(P["psg"] + "informal", [])
    rows["bodies"].append(
        {
            "id": key,
            "name_en": labels["en"],
            "name_fr": labels["fr"],
            "acronym": "; ".join(sorted(a.value for a in facts.get(P["skos"] + "altLabel", []))),  # type: ignore[attr-defined]
            "type": _shown(reconciler, layout.BODY_TYPE, types[0]),
            "territory": name(layout.TERRITORY, facts.get(P["psg"] + "territory", [])),
            "level": name(layout.LEVEL, facts.get(P["psg"] + "level", [])),
            "country": name(layout.COUNTRY, facts.get(P["psg"] + "jurisdiction", [])),
            "legal_basis": name(layout.LAW, facts.get(P["psg"] + "legalBasis", [])),
            "chair": name(layout.ACTOR, facts.get(P["psg"] + "chairedBy", [])),
            "start_date": date(facts.get(P["psg"] + "startDate", [])),
            "start_precision": name(layout.PRECISION, facts.get(P["psg"] + "startPrecision", [])),
            "end_precision": name(layout.PRECISION, facts.get(P["psg"] + "endPrecision", [])),
            "established_by": name(layout.LAW, facts.get(P["psg"] + "establishedBy", [])),
            "end_date": date(facts.get(P["psg"] + "endDate", [])),
            "informal": ("yes" if informal[0].value == "true" else "no") if informal else "",  # type: ignore[attr-defined]
            "notes": notes[0].value if notes else "",  # type: ignore[attr-defined]
        }
    )
    rows["sources"].extend(_source_row(reconciler, key, c) for c in body_citations)
    seats = [q.subject for q in store.quads_for_pattern(None, ox.NamedNode(P["org"] + "organization"), body)]
    for number, seat in enumerate(seats, start=len(out.rows["members"]) + 2):
        seat_facts = _facts(cutter, seat, _MEMBERSHIP, "a seat")
        rows["members"].append(
            {
                "body": key,
                "member": name(layout.ACTOR, seat_facts.get(P["org"] + "member", [])),
                "role": name(layout.ROLE, seat_facts.get(P["org"] + "role", [])),
                "seat_kind": name(layout.SEAT, seat_facts.get(P["psg"] + "seatKind", [])),
                "start_date": date(seat_facts.get(P["psg"] + "startDate", [])),
                "end_date": date(seat_facts.get(P["psg"] + "endDate", [])),
            }
        )
        _own_sources(cutter, reconciler, seat_facts, body_citations, f"members {number}", rows)
    for number, mandate in enumerate(
        facts.get(P["psg"] + "hasMandate", []), start=len(out.rows["mandates"]) + 2
    ):
        mandate_facts = _facts(cutter, mandate, _MANDATE, "a mandate")
        rows["mandates"].append(
            {
                "body": key,
                "domains": name(layout.DOMAIN, mandate_facts.get(P["psg"] + "domain", [])),
                "functions": name(layout.FUNCTION, mandate_facts.get(P["psg"] + "function", [])),
                "legal_basis": name(layout.LAW, mandate_facts.get(P["psg"] + "legalBasis", [])),
            }
        )
        _own_sources(cutter, reconciler, mandate_facts, body_citations, f"mandates {number}", rows)
    return rows


def _facts(cutter: ContextCutter, node: object, allowed: set[str], what: str) -> dict[str, list[object]]:
    if not isinstance(node, ox.BlankNode):
        raise _NotCarried(f"{what} with an identifier of its own")
    facts: dict[str, list[object]] = defaultdict(list)
    for quad in cutter.store.quads_for_pattern(node, None, None):
        if quad.predicate in cutter.derived:
            continue
        if quad.predicate.value not in allowed:
            raise _NotCarried(f"no column for {compact(quad.predicate.value)} on {what}")
        facts[quad.predicate.value].append(quad.object)
    if len(facts.get(P["psg"] + "legalBasis", [])) > 1:
        raise _NotCarried(f"more than one legal basis on {what}")
    return facts


Citation = tuple[tuple[str, str], ...]


def _citation(cutter: ContextCutter, node: object) -> Citation:
    if not isinstance(node, ox.BlankNode):
        raise _NotCarried("a citation with an identifier of its own")
    pairs = []
    for quad in cutter.store.quads_for_pattern(node, None, None):
        if quad.predicate.value not in _CITATION:
            raise _NotCarried(f"no column for {compact(quad.predicate.value)} on a citation")
        pairs.append((quad.predicate.value, quad.object.value))
    if sum(1 for p, _ in pairs if p == P["dcterms"] + "source") != 1:
        raise _NotCarried("a citation without exactly one source")
    return tuple(sorted(pairs))


def _own_sources(
    cutter: ContextCutter,
    reconciler: Reconciler,
    facts: dict[str, list[object]],
    inherited: list[Citation],
    about: str,
    rows: dict[str, list[dict[str, str]]],
) -> None:
    """A seat's or mandate's citations: none written when they are its body's (what the import gives
    a row without sources of its own), else one source row each."""
    own = [_citation(cutter, c) for c in facts.get(P["psg"] + "citation", [])]
    if sorted(own) == sorted(inherited):
        return
    if not own:
        raise _NotCarried(f"{about.split()[0][:-1]} without a source, which the import would give its body's")
    rows["sources"].extend(_source_row(reconciler, about, c) for c in own)


def _source_row(reconciler: Reconciler, about: str, citation: Citation) -> dict[str, str]:
    parts = dict(citation)
    return {
        "about": about,
        "source": _shown(reconciler, layout.SOURCE, ox.NamedNode(parts[P["dcterms"] + "source"])),
        "quote": parts.get(P["psg"] + "quote", ""),
        "locator": parts.get(P["psg"] + "locator", ""),
        "confidence": _shown(reconciler, layout.CONFIDENCE, ox.NamedNode(parts[P["psg"] + "confidence"]))
        if P["psg"] + "confidence" in parts
        else "",
    }


def _shown(reconciler: Reconciler, kind: str, value: object) -> str:
    """The name a cell gives a resource: one the import reads back as that resource."""
    if not isinstance(value, ox.NamedNode):
        raise _NotCarried(f"a {kind} that is not an identifier")
    index = reconciler.indexes[kind]
    candidate = index.candidates.get(value.value)
    if candidate is None:
        raise _NotCarried(f"{compact(value.value)} is not a known {kind}")
    for text in (candidate.label, compact(value.value)):
        try:
            if index.find(text) == value.value:
                return text
        except ValueError:
            continue
    raise _NotCarried(f"{compact(value.value)} has no unambiguous name")


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
