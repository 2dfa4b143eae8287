"""Memberships a text institutes: every member state of a union a member of one body.

A membership rule (``psg:StatutoryMembershipRule``, in data/*/obligations.ttl) names the body
(``psg:membershipIn``), who holds each membership and in which role (``psg:eachMember``,
``psg:memberRole``) and the union whose member states are members (``psg:membersOfUnion``). Each
state is a member from the later of the rule's start and its accession (``psg:Accession``) to the
earlier of the rule's end and its withdrawal. Successive versions of a rule that replace one another
make one membership per state (the EUCPN set up in 2001 and re-established in 2009): it rests on
every version it spans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from psgraph.instances.rules import _citations, _date, _legal_basis, _rows, _text
from psgraph.reference.writer import iri, literal

ID = "https://w3id.org/psgraph/id/"


@dataclass(frozen=True)
class Accession:
    territory: str
    code: str
    label_en: str
    label_fr: str
    start: date | None
    end: date | None
    citations: tuple[tuple[str, str | None], ...] = ()  # what dates the accession and withdrawal


@dataclass(frozen=True)
class MembershipRule:
    iri: str
    body: str
    body_en: str
    body_fr: str
    holder: str
    role: str
    union: str
    start: date
    end: date | None
    key: str
    replaces: str | None
    citations: tuple[tuple[str, str | None], ...]
    legal_basis: tuple[str, ...]
    members: tuple[Accession, ...]


@dataclass(frozen=True)
class Membership:
    iri: str
    rules: tuple[MembershipRule, ...]  # the versions it rests on, oldest first
    state: Accession
    start: date
    end: date | None

    @property
    def first(self) -> MembershipRule:
        return self.rules[0]


def read_membership_rules(store: ox.Store) -> list[MembershipRule]:
    found = []
    for rule, body, holder, role, union, start, end, key, replaces, en, fr in _rows(store, """
        SELECT ?rule ?body ?holder ?role ?union ?start ?end ?key ?replaces ?en ?fr WHERE {
          ?rule a psg:StatutoryMembershipRule ; psg:membershipIn ?body ;
                psg:eachMember ?holder ; psg:memberRole ?role ; psg:membersOfUnion ?union ;
                psg:startDate ?start ; psg:membershipKey ?key .
          OPTIONAL { ?rule psg:endDate ?end } OPTIONAL { ?rule dcterms:replaces ?replaces }
          OPTIONAL { ?body rdfs:label ?en FILTER(LANG(?en) = "en") }
          OPTIONAL { ?body rdfs:label ?fr FILTER(LANG(?fr) = "fr") }
        } ORDER BY ?start ?rule"""):
        assert rule is not None and body is not None and union is not None and start is not None
        found.append(MembershipRule(
            iri=rule.value, body=body.value, body_en=_text(en) or body.value, body_fr=_text(fr) or body.value,
            holder=_text(holder) or "", role=_text(role) or "", union=union.value,
            start=date.fromisoformat(start.value), end=_date(end), key=_text(key) or "",
            replaces=_text(replaces), citations=_citations(store, rule.value),
            legal_basis=_legal_basis(store, rule.value), members=_accessions(store, union.value)))
    return found


def _accessions(store: ox.Store, union: str) -> tuple[Accession, ...]:
    rows = _rows(store, f"""
        SELECT ?accession ?state ?en ?fr ?start ?end WHERE {{
          ?accession a psg:Accession ; psg:union <{union}> ; psg:memberState ?state .
          OPTIONAL {{ ?accession psg:startDate ?start }} OPTIONAL {{ ?accession psg:endDate ?end }}
          OPTIONAL {{ ?state rdfs:label ?en FILTER(LANG(?en) = "en") }}
          OPTIONAL {{ ?state rdfs:label ?fr FILTER(LANG(?fr) = "fr") }}
        }} ORDER BY ?state ?start""")
    cited: dict[object, list[tuple[str, str | None]]] = {}
    for accession, source, locator in _rows(store, f"""
        SELECT ?accession ?source ?locator WHERE {{
          ?accession a psg:Accession ; psg:union <{union}> ; psg:citation ?c . ?c dcterms:source ?source .
          OPTIONAL {{ ?c psg:locator ?locator }} }} ORDER BY ?source ?locator"""):
        assert source is not None
        cited.setdefault(accession, []).append((source.value, _text(locator)))
    found = []
    for accession, state, en, fr, start, end in rows:
        assert accession is not None and state is not None
        local = state.value.rstrip("/").rsplit("/", 1)[-1]
        found.append(Accession(state.value, local, _text(en) or local, _text(fr) or local, _date(start),
                               _date(end), tuple(cited.get(accession, []))))
    return tuple(found)


def _overlap(start: date, end: date | None, other_start: date | None,
             other_end: date | None) -> tuple[date, date | None] | None:
    begin = start if other_start is None or other_start <= start else other_start
    finish = end if other_end is None or (end is not None and end <= other_end) else other_end
    return None if finish is not None and finish <= begin else (begin, finish)


def memberships_of(rules: list[MembershipRule]) -> list[Membership]:
    """One membership per state and unbroken period over the versions of each rule (a version that
    replaces another continues its memberships where they meet)."""
    pieces: dict[tuple[str, str, str, str], list[tuple[date, date | None, MembershipRule, Accession]]] = {}
    for rule in rules:
        for accession in rule.members:
            span = _overlap(rule.start, rule.end, accession.start, accession.end)
            if span is not None:
                key = (rule.body, rule.holder, rule.role, accession.territory)
                pieces.setdefault(key, []).append((*span, rule, accession))
    made = []
    for (_, _, _, _), spans in sorted(pieces.items()):
        spans.sort(key=lambda piece: piece[0])
        runs: list[list[tuple[date, date | None, MembershipRule, Accession]]] = []
        for piece in spans:
            if runs and runs[-1][-1][1] == piece[0]:
                runs[-1].append(piece)
            else:
                runs.append([piece])
        for number, run in enumerate(runs, start=1):
            state = run[0][3]
            suffix = "" if number == 1 else f"-{number}"
            versions = tuple(dict.fromkeys(piece[2] for piece in run))
            iri = ID + run[0][2].key + state.code + suffix
            made.append(Membership(iri, versions, state, run[0][0], run[-1][1]))
    return made


def _term(value: str) -> str:
    psg = "https://w3id.org/psgraph/ontology#"
    local = value[len(psg):] if value.startswith(psg) else ""
    return f"psg:{local}" if local.isidentifier() else iri(value)


def membership_turtle(membership: Membership) -> str:
    rule, state = membership.first, membership.state
    laws = sorted({law for version in membership.rules for law in version.legal_basis})
    citations = sorted({*(citation for version in membership.rules for citation in version.citations),
                        *state.citations}, key=lambda pair: (pair[0], pair[1] or ""))
    lines = [
        f"{iri(membership.iri)} a org:Membership ;",
        f"    rdfs:label {literal(f'{state.label_en}, member of the {rule.body_en}', 'en')} ,",
        f"        {literal(f'{state.label_fr}, membre du {rule.body_fr}', 'fr')} ;",
        f"    org:organization {iri(rule.body)} ; org:member {iri(rule.holder)} ;",
        f"    org:role {_term(rule.role)} ;",
        f"    psg:seatKind psg:StatutorySeat ; psg:territory {iri(state.territory)} ;",
        "    psg:recordBasis psg:InstitutedByLaw ; psg:institutedBy "
        + " , ".join(iri(version.iri) for version in membership.rules) + " ;",
        f'    psg:startDate "{membership.start}"^^xsd:date ;',
    ]
    if membership.end is not None:
        lines.append(f'    psg:endDate "{membership.end}"^^xsd:date ;')
    if laws:
        lines.append("    psg:legalBasis " + " , ".join(iri(law) for law in laws) + " ;")
    parts = [f"[ dcterms:source {iri(source)}" + (f" ; psg:locator {literal(locator)}" if locator else "")
             + " ]" for source, locator in citations] or [f"[ dcterms:source {iri(law)} ]" for law in laws]
    lines.append("    psg:citation " + " ,\n        ".join(parts) + " .")
    return "\n".join(lines) + "\n"
