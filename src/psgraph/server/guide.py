"""`/ontology`: the ontology explained for researchers — contents by theme, a class diagram drawn
from the ontology itself (Graphviz), the controlled vocabularies and each country's body types as
tables in both languages, and a worked example of the de jure / de facto distinction. pyLODE's full
reference stays at /ontology/reference."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.results import ResultTable, compact
from psgraph.server.resources import Link, local_path

PSG = PREFIXES["psg"]
_HEAD = "".join(
    f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("psg", "org", "skos", "rdfs", "owl", "eli")
)
Select = Callable[[str], ResultTable]

# Every class of the ontology belongs to one theme (a test checks that none is left out).
THEMES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "bodies",
        "Bodies and body types",
        "Instances et types d'instance",
        ("PartnershipArrangement", "PartnershipBody", "PartnershipInstrument", "Institution", "BodyType"),
    ),
    (
        "membership",
        "Membership and offices",
        "Participations et fonctions",
        ("Office", "SeatRequirement", "RoleConferral"),
    ),
    ("mandates", "Mandates", "Mandats", ("Mandate", "FunctionTransfer")),
    ("law", "Law and obligations", "Droit et obligations", ("StatutoryObligation", "PolicyDocument")),
    ("territory", "Territory and levels", "Territoires et niveaux", ("Territory", "PoliceArea")),
    (
        "comparison",
        "Comparison and findings",
        "Comparaison et constats",
        ("Equivalence", "Finding", "Claim", "Disagreement", "Typology"),
    ),
    (
        "sources",
        "Sources and evidence",
        "Sources et preuves",
        ("Citation", "SeedText", "Dataset", "WebPage", "Passage", "StatedFigure"),
    ),
    (
        "computed",
        "Computed at build time for the overlap questions",
        "Calculé à la construction pour les questions de chevauchement",
        ("LoadEntry", "MembershipOverlap", "LevelOverlap"),
    ),
)
# Classes reused from other vocabularies that the diagram shows beside psgraph's own.
REUSED = (
    "org:Membership",
    "org:ChangeEvent",
    "org:Organization",
    "org:Role",
    "eli:LegalResource",
    "skos:Concept",
)
VOCABULARIES = (
    "LevelScheme",
    "DomainScheme",
    "FunctionScheme",
    "SeatKindScheme",
    "ChangeScheme",
    "ActorKindScheme",
    "ConfidenceScheme",
)
EXAMPLE_TYPE, EXAMPLE_BODY = PSG + "CLSPD", "https://w3id.org/psgraph/id/body/fr/clspd-lyon"


@dataclass
class Term:
    link: Link
    definition: str = ""
    extra: str = ""


@dataclass
class Section:
    key: str
    title: str
    terms: list[Term] = field(default_factory=list)


@dataclass
class Guide:
    themes: list[Section]
    vocabularies: list[Section]
    body_types: list[Section]  # one per country
    example_rows: list[tuple[str, str, bool]]  # seat the law requires, its role, recorded on the body
    diagram: str  # SVG, "" when Graphviz is not installed


def _labelled(select: Select, pattern: str, lang: str, order: str = "?label") -> list[Term]:
    table = select(
        _HEAD
        + f"""
        SELECT ?x (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?definition) (SAMPLE(?e) AS ?extra) WHERE {{ {pattern}
          OPTIONAL {{ {{ ?x rdfs:label ?l }} UNION {{ ?x skos:prefLabel ?l }} FILTER(LANG(?l) = "{lang}") }}
          OPTIONAL {{ ?x skos:definition ?d FILTER(LANG(?d) = "en") }}
        }} GROUP BY ?x ORDER BY {order}"""
    )
    terms = []
    for iri, label, definition, extra in table.rows:
        text = label.value if label is not None else compact(iri.value)
        terms.append(
            Term(
                Link(text, local_path(iri.value), compact(iri.value)),
                definition.value if definition is not None else "",
                extra.value if extra is not None else "",
            )
        )
    return terms


def build_guide(select: Select, lang: str, ontology: ox.Store) -> Guide:
    themes = []
    for key, english, french, names in THEMES:
        values = " ".join(f"psg:{name}" for name in names)
        section = Section(
            key,
            french if lang == "fr" else english,
            _labelled(select, f"VALUES ?x {{ {values} }}", lang, order="?x"),
        )
        section.terms.sort(key=lambda term: names.index(term.link.title.removeprefix("psg:")))
        themes.append(section)
    vocabularies = []
    for scheme in VOCABULARIES:
        title = _labelled(select, f"VALUES ?x {{ psg:{scheme} }}", lang)
        order = "COALESCE(?rank, 99) ?label"
        terms = (
            _labelled(
                select,
                f"?x skos:inScheme psg:{scheme} OPTIONAL {{ ?x psg:levelRank ?rank }}",
                lang,
                order=order,
            )
            if scheme == "LevelScheme"
            else _labelled(select, f"?x skos:inScheme psg:{scheme}", lang)
        )
        vocabularies.append(Section(scheme, title[0].link.text if title else scheme, terms))
    roles = _labelled(select, "?x a org:Role", lang)
    vocabularies.insert(3, Section("roles", "rôles" if lang == "fr" else "roles", roles))
    body_types = []
    countries = select(
        _HEAD + "SELECT DISTINCT ?c WHERE { ?t a psg:BodyType ; psg:typeJurisdiction ?c } ORDER BY ?c"
    )
    for (country,) in countries.rows:
        name = _labelled(select, f"VALUES ?x {{ <{country.value}> }}", lang)
        terms = _labelled(
            select,
            f"""?x a psg:BodyType ; psg:typeJurisdiction <{country.value}> .
            OPTIONAL {{ ?x psg:legalBasis|psg:establishedBy ?law .
                        ?law rdfs:label ?e FILTER(LANG(?e) = "{lang}") }}""",
            lang,
        )
        body_types.append(Section(country.value.rsplit("/", 1)[-1], name[0].link.text if name else "", terms))
    example = select(
        _HEAD
        + f"""
        SELECT ?holderLabel ?roleLabel (EXISTS {{ ?m org:organization <{EXAMPLE_BODY}> ; org:member ?holder }}
               AS ?recorded) WHERE {{
          <{EXAMPLE_TYPE}> psg:requiresMember ?seat . ?seat psg:seatHolder ?holder ; org:role ?role .
          FILTER NOT EXISTS {{ ?seat psg:endDate ?until }}
          ?holder rdfs:label ?holderLabel FILTER(LANG(?holderLabel) = "{lang}")
          ?role skos:prefLabel ?roleLabel FILTER(LANG(?roleLabel) = "{lang}")
        }} ORDER BY ?roleLabel ?holderLabel"""
    )
    rows = [(h.value, r.value, recorded.value == "true") for h, r, recorded in example.rows]
    return Guide(themes, vocabularies, body_types, rows, class_diagram(ontology))


def diagram_source(ontology: ox.Store) -> str:
    """The class diagram in Graphviz's DOT: every class of the ontology and the reused ones, the
    subclass links, and each object property whose domain and range are both drawn."""
    classes = sorted(
        q.subject.value
        for q in ontology.quads_for_pattern(
            None, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(PREFIXES["owl"] + "Class")
        )
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(PSG)
    )
    drawn = {*classes, *(PREFIXES[c.split(":")[0]] + c.split(":")[1] for c in REUSED)}
    lines = [
        "digraph psgraph {",
        '  graph [rankdir=LR, fontname="sans-serif", nodesep=0.25, ranksep=0.6];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fa", color="#3b6fb6",'
        ' fontname="sans-serif", fontsize=11];',
        '  edge [fontname="sans-serif", fontsize=9, color="#7c8796"];',
    ]
    for iri in sorted(drawn):
        reused = not iri.startswith(PSG)
        style = ', fillcolor="#f6f6f6", color="#9aa0a8"' if reused else ""
        lines.append(f'  "{compact(iri)}" [label="{compact(iri)}"{style}, URL="{local_path(iri)}"];')
    for quad in ontology.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdfs"] + "subClassOf"), None):
        if (
            quad.subject.value in drawn
            and isinstance(quad.object, ox.NamedNode)
            and quad.object.value in drawn
        ):
            lines.append(
                f'  "{compact(quad.subject.value)}" -> "{compact(quad.object.value)}" '
                "[arrowhead=onormal, style=dashed];"
            )
    domains = {
        q.subject.value: q.object.value
        for q in ontology.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdfs"] + "domain"), None)
        if isinstance(q.object, ox.NamedNode)
    }
    for quad in ontology.quads_for_pattern(None, ox.NamedNode(PREFIXES["rdfs"] + "range"), None):
        source, target = domains.get(quad.subject.value), quad.object
        if source in drawn and isinstance(target, ox.NamedNode) and target.value in drawn:
            lines.append(
                f'  "{compact(source)}" -> "{compact(target.value)}" '
                f'[label="{compact(quad.subject.value).removeprefix("psg:")}"];'
            )
    lines.append("}")
    return "\n".join(lines)


def class_diagram(ontology: ox.Store) -> str:
    """The diagram as inline SVG (Graphviz's ``dot``), or "" when Graphviz is not installed."""
    dot = shutil.which("dot")
    if dot is None:
        return ""
    done = subprocess.run(
        [dot, "-Tsvg"], input=diagram_source(ontology).encode(), capture_output=True, timeout=60, check=False
    )
    if done.returncode != 0:
        return ""
    svg = done.stdout.decode("utf-8")
    return svg[svg.index("<svg") :] if "<svg" in svg else ""


def diagram_classes(svg: str) -> set[str]:
    """The classes an SVG diagram shows (its node titles)."""
    return set(re.findall(r'<g id="node\d+" class="node">\s*<title>([^<]+)</title>', svg))
