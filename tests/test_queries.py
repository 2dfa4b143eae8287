"""Every canned query on a tiny fixture: known rows on tests/fixtures/queries/world.ttl, and no
rows on the same world with the one statement changed that the query is about."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from psgraph.querying import run_embedded
from tests.conftest import replace_once
from tests.querykit import REPO, WORLD, canned, fixture_store, rows, run

REPEALED_ACT = "; eli:repeals ex:decree"


@dataclass(frozen=True)
class Case:
    columns: tuple[str, ...]
    expected: set[tuple[str | None, ...]]
    empty_world: Callable[[str], str]
    params: dict[str, str] = field(default_factory=dict)


def _append(text: str) -> Callable[[str], str]:
    return lambda world: world + "\n" + text + "\n"


CASES: dict[str, Case] = {
    "same-level-overlap": Case(
        ("bodyA", "bodyB", "level", "sharedDomains"),
        {("ex:town-council", "ex:town-forum", "psg:Municipal", "crime prevention")},
        lambda w: replace_once(w, "psg:territory ex:town ;\n    psg:hasMandate [ a psg:Mandate ; psg:domain psg:CrimePrevention , psg:Radicalisation ; psg:function psg:Operational",
                               "psg:territory ex:abroad ;\n    psg:hasMandate [ a psg:Mandate ; psg:domain psg:CrimePrevention , psg:Radicalisation ; psg:function psg:Operational")),
    "vertical-overlap": Case(
        ("lower", "higher", "sharedDomains"),
        {("ex:town-council", "ex:committee", "crime prevention"),
         ("ex:town-forum", "ex:committee", "radicalisation and terrorism prevention | crime prevention")},
        _append("ex:committee psg:supports ex:town-council , ex:town-forum .")),
    "partnership-load": Case(
        ("seat", "member", "bodies"),
        {("ex:town", "ex:mayor", "2"), ("ex:town", "ex:police", "2")},
        lambda w: replace_once(w, "org:organization ex:town-forum ; org:member ex:police", "org:organization ex:town-forum ; org:member ex:prefect")
        .replace("org:organization ex:town-forum ; org:member ex:mayor", "org:organization ex:town-forum ; org:member ex:prosecutor")),
    "statutory-seat-load": Case(
        ("holder", "bodyTypes", "seats"),
        {("ex:mayor", "2", "old contract (signatory) | town council (chair)")},
        lambda w: replace_once(w, "psg:seatHolder ex:mayor ; org:role psg:SignatoryRole", "psg:seatHolder ex:prefect ; org:role psg:SignatoryRole")
        .replace("psg:seatHolder ex:prefect ; org:role psg:ChairRole", "psg:seatHolder ex:prosecutor ; org:role psg:ChairRole")),
    "coexisting-successors": Case(
        ("predecessor", "successor", "partial", "layer"),
        {("ex:OldContract", "ex:TownCouncil", "true", "body type")},
        lambda w: replace_once(w, 'psg:startDate "1990-01-01"^^xsd:date ;', 'psg:startDate "1990-01-01"^^xsd:date ; psg:endDate "2000-06-01"^^xsd:date ;')),
    "parallel-coordination-types": Case(
        ("country", "level", "domainLabel", "bodyTypes"),
        {("ex:land", "psg:Municipal", "crime prevention", "2")},
        lambda w: replace_once(w, "psg:function psg:Coordination ] ;\n    psg:requiresMember [ a psg:SeatRequirement ; psg:seatHolder ex:mayor ; org:role psg:SignatoryRole",
                               "psg:function psg:Operational ] ;\n    psg:requiresMember [ a psg:SeatRequirement ; psg:seatHolder ex:mayor ; org:role psg:SignatoryRole")),
    "similar-membership": Case(
        ("bodyA", "bodyB", "sharedMembers", "similarity"),
        {("ex:town-council", "ex:town-forum", "2", "1")},
        lambda w: replace_once(w, "org:organization ex:town-forum ; org:member ex:police", "org:organization ex:town-forum ; org:member ex:prefect")),
    "decoupled-bodies": Case(
        ("body", "level", "informal"),
        {("ex:town-forum", "psg:Municipal", "true")},
        _append("ex:town-forum psg:reportsTo ex:committee .")),
    "level-chain-gaps": Case(
        ("country", "level", "domain", "coveredAbove", "coveredBelow"),
        {("ex:land", "psg:County", "psg:Radicalisation", "national", "municipal")},
        _append("ex:ShireCouncil psg:typeMandate [ a psg:Mandate ; psg:domain psg:Radicalisation ; psg:function psg:Coordination ] .")),
    "mandates-without-oversight": Case(
        ("arrangement", "layer"),
        {("ex:town-council", "body"), ("ex:town-forum", "body"), ("ex:committee", "body"),
         ("ex:TownCouncil", "body type"), ("ex:OldContract", "body type")},
        lambda w: w.replace("psg:function psg:", "psg:function psg:Monitoring , psg:")),
    "missing-statutory-members": Case(
        ("body", "holder", "legalBasis"),
        {("ex:town-council", "ex:prosecutor", "ex:act")},
        _append("[] a org:Membership ; org:organization ex:town-council ; org:member ex:prosecutor ; org:role psg:MemberRole ."),
        {"as_of": "2015-06-01"}),
    "unsound-legal-basis": Case(
        ("arrangement", "layer", "problem"),
        {("ex:committee", "body", "no legal basis in force"),
         ("ex:OldContract", "body type", "no legal basis in force")},
        lambda w: replace_once(replace_once(w, REPEALED_ACT, ""),
                               "eli:in_force eli:InForce-notInForce", "eli:in_force eli:InForce-inForce")),
    "bodies-by-country-level-domain": Case(
        ("country", "level", "domain", "bodyTypes", "bodies"),
        {("ex:land", "psg:National", "psg:CrimePrevention", "0", "1"),
         ("ex:land", "psg:National", "psg:Radicalisation", "0", "1"),
         ("ex:land", "psg:County", "psg:CrimePrevention", "1", "0"),
         ("ex:land", "psg:Municipal", "psg:CrimePrevention", "2", "2"),
         ("ex:land", "psg:Municipal", "psg:Radicalisation", "0", "1")},
        lambda w: w.replace("psg:domain ", "rdfs:comment ")),
    "functional-equivalents": Case(
        ("typeA", "typeB", "match", "chairsA", "chairsB", "statutorySeatsA", "legalBasesA"),
        {("ex:TownCouncil", "ex:ForeignCouncil", "close", "mayor", None, "2", "Town Councils Act")},
        lambda w: replace_once(w, "ex:town-foreign a psg:Equivalence ;", "ex:town-foreign a psg:Claim ;")),
    "lineage": Case(
        ("root", "from", "changeLabel", "to", "partial"),
        {("ex:OldContract", "ex:OldContract", "replaced", "ex:TownCouncil", "true")},
        lambda w: replace_once(w, "psg:originalType ex:OldContract ; psg:resultingType ex:TownCouncil ;", "rdfs:comment \"no types\" ;")),
    "statutory-gaps": Case(
        ("area", "obligedTerritory", "population", "obligation"),
        {("ex:county", "ex:townB", "12000", "ex:rule-2024"), ("ex:county", "ex:townC", "7000", "ex:rule-2024")},
        lambda w: w.replace("psg:populationAbove 5000", "psg:populationAbove 50000")),
    "statutory-gap-counts": Case(
        ("area", "obliged", "recorded", "missing", "missingPopulation"),
        {("ex:gapland", "5", "3", "2", "19000"), ("ex:county", "5", "3", "2", "19000"),
         ("ex:epciX", "2", "2", "0", "0")},
        lambda w: w.replace("psg:populationAbove 5000", "psg:populationAbove 50000")),
    "stated-coverage": Case(
        ("area", "kind", "value", "percent"),
        # Town A's council and the intercommunal council of Towns E and G: 42,000 of 64,000 people.
        {("ex:county", "stated by the source", "0.5", "50"),
         ("ex:county", "recorded in the graph", "0.6563", "65.6")},
        lambda w: replace_once(w, "ex:figure-county a psg:StatedFigure ;", "ex:figure-county a psg:Claim ;")),
    "findings": Case(
        ("finding", "kind", "country", "level", "quote"),
        {("ex:finding-duplication", "psg:DuplicationFinding", "ex:land", "psg:Municipal",
          "the forum repeats the council")}
        | {("ex:finding-gap", "psg:GapFinding", country, level, "no one links shire and town")
           for country in ("ex:land", "ex:abroad") for level in ("psg:County", "psg:Municipal")},
        lambda w: w.replace("a psg:Finding ;", "a psg:Claim ;")),
    "eucpn-representation": Case(
        ("country", "memberFrom", "body", "kind", "role", "attested", "seats"),
        {("ex:land", "2001-05-28", "ex:committee", "psg:MinistryKind", "psg:NationalRepresentativeRole",
          "2022-01-01", "1")},
        lambda w: replace_once(w, "psg:institutedBy ex:net-rule ;", "")),
    "who-leads": Case(
        ("country", "authorityKind", "bodyTypes", "bodies"),
        {("ex:land", "psg:Elected", "1", "1"), ("ex:land", "psg:Appointed", "1", "0")},
        lambda w: replace_once(w, "psg:chairedBy ex:mayor ;", "").replace("psg:ChairRole", "psg:MemberRole")),
}


def test_every_canned_query_has_a_fixture_case(real_project) -> None:
    from psgraph.catalogue import load_catalogue
    assert set(load_catalogue(real_project)) == set(CASES)


@pytest.fixture(scope="module")
def world_store():
    return fixture_store(WORLD)


@pytest.mark.parametrize("name", sorted(CASES))
def test_query_finds_the_known_rows(world_store, name: str) -> None:
    case = CASES[name]
    assert rows(run(world_store, name, **case.params), *case.columns) == case.expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_query_finds_nothing_once_the_cause_is_gone(name: str) -> None:
    case = CASES[name]
    table = run(fixture_store(case.empty_world(WORLD)), name, **case.params)
    assert table.rows == ()


def test_as_of_moves_the_answer_in_time(world_store) -> None:
    # In 1995 the town council did not exist yet: nothing overlaps; the old contract stood alone.
    assert run(world_store, "same-level-overlap", as_of="1995-01-01").rows == ()
    assert run(world_store, "coexisting-successors", as_of="1995-01-01").rows == ()
    # Before the 2015 repeal, the committee's decree was still in force.
    assert ("ex:committee",) not in rows(run(world_store, "unsound-legal-basis", as_of="2010-01-01"), "arrangement")
    # The prosecutor's seat was required from 2010 to 2020 only.
    assert run(world_store, "missing-statutory-members", as_of="2009-12-31").rows == ()
    assert run(world_store, "missing-statutory-members", as_of="2020-01-01").rows == ()


def test_optional_parameter_narrows_the_answer(world_store) -> None:
    everywhere = run(world_store, "bodies-by-country-level-domain")
    radicalisation = run(world_store, "bodies-by-country-level-domain", domain="psg:Radicalisation")
    assert {r[2] for r in rows(radicalisation, "country", "level", "domain")} == {"psg:Radicalisation"}
    assert len(radicalisation.rows) < len(everywhere.rows)
    assert run(world_store, "decoupled-bodies", country="https://example.org/psgraph-test/abroad").rows == ()
    abroad = run(world_store, "findings", country="https://example.org/psgraph-test/abroad")
    assert rows(abroad, "finding", "country") == {("ex:finding-gap", "ex:abroad")} and len(abroad.rows) == 2
    assert rows(run(world_store, "findings", kind="psg:DuplicationFinding"), "finding") == {("ex:finding-duplication",)}
    county = run(world_store, "findings", level="psg:County")
    assert rows(county, "finding") == {("ex:finding-gap",)}
    # levels and subjects list all of a finding's levels and subjects, whatever the filter.
    [(levels, subjects)] = rows(county, "levels", "subjects")
    assert set(levels.split(" | ")) == {"municipal", "county, département or police-force area"} and subjects is None
    [(subjects,)] = rows(run(world_store, "findings", kind="psg:DuplicationFinding"), "subjects")
    assert set(subjects.split(" | ")) == {"Town council", "Town forum"}


EX = "https://example.org/psgraph-test/"
WITH_TERRITORY = sorted(name for name in CASES if any(p.name == "territory" for p in canned(name).params))


def test_every_overlap_duplication_and_gap_query_takes_a_territory() -> None:
    narrowable = {name for name in CASES if canned(name).category in ("overlap", "duplication", "gap")}
    assert narrowable <= set(WITH_TERRITORY)


@pytest.mark.parametrize("name", WITH_TERRITORY)
def test_a_territory_keeps_what_lies_in_it_and_nothing_from_elsewhere(world_store, name: str) -> None:
    case = CASES[name]
    everywhere = rows(run(world_store, name, **case.params), *case.columns)
    # the fixture world's two countries: the gap cases and the stated figure lie in Gapland
    area = "gapland" if name.startswith("statutory-gap") or name == "stated-coverage" else "land"
    assert everywhere and rows(run(world_store, name, **case.params, territory=EX + area), *case.columns) == everywhere
    assert run(world_store, name, **case.params, territory=EX + "abroad").rows == ()


def test_a_territory_drops_what_lies_around_it(world_store) -> None:
    # the national committee sits on the whole land, not in the town; the types apply in the town
    town = rows(run(world_store, "mandates-without-oversight", territory=EX + "town"), "arrangement")
    assert town == {("ex:town-council",), ("ex:town-forum",), ("ex:TownCouncil",), ("ex:OldContract",)}
    assert rows(run(world_store, "statutory-gaps", territory=EX + "townB"), "obligedTerritory") == {("ex:townB",)}
    counts = rows(run(world_store, "statutory-gap-counts", territory=EX + "county"), "area")
    assert counts == {("ex:county",), ("ex:epciX",)}
    # a pair counts where its lower body sits
    assert rows(run(world_store, "vertical-overlap", territory=EX + "shire"), "lower") == {
        ("ex:town-council",), ("ex:town-forum",)}


LINKED = (REPO / "tests" / "fixtures" / "queries" / "linked.ttl").read_text(encoding="utf-8")


def _links(table) -> dict[tuple[str | None, ...], set[str]]:
    """vertical-overlap's rows as (lower, higher) → the relations named in link."""
    return {(lower, higher): set(link.split(" | ")) if link else set()
            for lower, higher, link in rows(table, "lower", "higher", "link")}


def test_vertical_overlap_with_linked_pairs_names_the_links_and_leaves_them_out_by_default() -> None:
    store = fixture_store(WORLD + LINKED)
    assert run(store, "vertical-overlap").rows == ()  # both pairs are linked: none by default
    assert run(store, "vertical-overlap", linked="false").rows == ()
    linked = run(store, "vertical-overlap", linked="true")
    assert _links(linked) == {
        ("ex:town-council", "ex:committee"): {"reports to", "co-operates with"},  # a symmetric link has no arrow
        ("ex:town-forum", "ex:committee"): {"← supports (body type)"}}  # held by the higher type
    assert {value for (value,) in rows(linked, "linked")} == {"true"}
    query = canned("vertical-overlap").in_language("fr")
    french = run_embedded(store, query, query.bind({"linked": "true"}))
    assert _links(french)[("ex:town-forum", "ex:committee")] == {"← appuie (type d'instance)"}
    assert _links(french)[("ex:town-council", "ex:committee")] == {"rend compte à", "coopère avec"}


def test_vertical_overlap_with_linked_pairs_keeps_the_unlinked_ones_with_no_link(world_store) -> None:
    default, linked = run(world_store, "vertical-overlap"), run(world_store, "vertical-overlap", linked="true")
    assert _links(linked) == {pair: set() for pair in _links(default)} != {}
    columns = [c for c in default.variables if c != "linked"]
    assert rows(linked, *columns) == rows(default, *columns)


def test_counts_of_bodies_tell_observed_from_instituted_and_who_leads_counts_partnerships_without_a_chair() -> None:
    store = fixture_store(WORLD + """
ex:Partnership a owl:Class , psg:BodyType ; rdfs:subClassOf psg:PartnershipBody ; rdfs:label "Partnership"@en ;
    psg:typeJurisdiction ex:land .
ex:partnership a ex:Partnership ; rdfs:label "Town partnership"@en ; psg:jurisdiction ex:land ; psg:level psg:Municipal ;
    psg:territory ex:town .
ex:rule a psg:StatutoryObligation .
ex:instituted a ex:TownCouncil ; rdfs:label "Council instituted by law"@en ; psg:jurisdiction ex:land ;
    psg:level psg:Municipal ; psg:territory ex:town ; psg:institutedBy ex:rule ; psg:recordBasis psg:InstitutedByLaw ;
    psg:chairedBy ex:mayor ; psg:hasMandate [ a psg:Mandate ; psg:domain psg:Hooliganism ; psg:function psg:Operational ] .
""")
    domains = rows(run(store, "bodies-by-country-level-domain"), "domain", "observedBodies", "institutedBodies", "bodies")
    assert ("psg:Hooliganism", "0", "1", "1") in domains
    assert all(int(observed) + int(instituted) == int(bodies) for _, observed, instituted, bodies in domains)
    counts = rows(run(store, "who-leads"), "authorityKind", "bodyTypes", "observedBodies", "institutedBodies", "bodies")
    assert ("psg:NoChairSet", "1", "1", "0", "1") in counts  # the partnership's type sets no chair, nor is one recorded
    assert ("psg:Elected", "1", "1", "1", "2") in counts  # the town council (observed) and the instituted one
