"""The statutory instance layer: one body per territory and rule version, generated from the rules."""

from __future__ import annotations

from datetime import date

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.instances.generate import generate
from psgraph.instances.output import country_texts
from psgraph.instances.rules import read_rules
from psgraph.store import open_store

ID = "https://w3id.org/psgraph/id/"

# A country with three counties, one created after the first rule ended, and a NUTS region of the
# same level; two successive versions of a rule (two names, two compositions); a third rule whose
# functions pass to another body on one county.
WORLD = """
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://w3id.org/psgraph/id/territory/> .
@prefix law: <https://w3id.org/psgraph/id/law/x/> .
@prefix obl: <https://w3id.org/psgraph/id/obligation/> .

t:x psg:territoryLevel psg:National ; rdfs:label "Xland"@en , "Xland"@fr .
t:c1 psg:territoryLevel psg:County ; psg:within t:x ; psg:inseeCode "01" ; rdfs:label "One"@en , "Un"@fr .
t:c2 psg:territoryLevel psg:County ; psg:within t:x ; psg:inseeCode "02" ; rdfs:label "Two"@en , "Deux"@fr .
t:c3 psg:territoryLevel psg:County ; psg:within t:x ; psg:inseeCode "03" ; rdfs:label "Three"@en , "Trois"@fr ;
    psg:startDate "2011-03-01"^^xsd:date .
t:n1 psg:territoryLevel psg:County ; psg:within t:x ; psg:nutsCode "X01" ; rdfs:label "N"@en , "N"@fr .

psg:Old psg:requiresMember [ psg:seatHolder <urn:prefect> ; org:role psg:ChairRole ] .
psg:New psg:requiresMember [ psg:seatHolder <urn:prefect> ; org:role psg:ChairRole ] ,
        [ psg:seatHolder <urn:prosecutor> ; org:role psg:ViceChairRole ; psg:startDate "2016-05-06"^^xsd:date ] ;
    psg:typeMandate [ psg:domain psg:CrimePrevention ; psg:function psg:Coordination ] .

obl:old a psg:StatutoryObligation ; psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType psg:Old ;
    psg:obligedLevel psg:County ; psg:obligedWithin t:x ; psg:startDate "1992-04-01"^^xsd:date ;
    psg:endDate "2002-07-17"^^xsd:date ; psg:instanceKey "body/x/old-" ;
    psg:instanceName "Old council"@en , "Ancien conseil"@fr ; psg:legalBasis law:a ;
    psg:citation [ dcterms:source law:a ; psg:locator "art. 1" ] .
obl:new a psg:StatutoryObligation ; psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType psg:New ;
    psg:obligedLevel psg:County ; psg:obligedWithin t:x ; psg:startDate "2002-07-17"^^xsd:date ;
    dcterms:replaces obl:old ; psg:instanceKey "body/x/new-" ;
    psg:instanceName "New council"@en , "Nouveau conseil"@fr ; psg:legalBasis law:b ;
    psg:citation [ dcterms:source law:b ] .
obl:office a psg:StatutoryObligation ; psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType psg:Office ;
    psg:obligedLevel psg:County ; psg:obligedWithin t:x ; psg:startDate "2012-11-22"^^xsd:date ;
    psg:exceptTerritory t:c3 ; psg:instanceKey "body/x/office-" ;
    psg:instanceName "Commissioner"@en , "Commissaire"@fr ; psg:citation [ dcterms:source law:c ] ;
    psg:functionsTransferred [ psg:territory t:c2 ; psg:startDate "2017-05-08"^^xsd:date ;
        psg:transferredTo <https://w3id.org/psgraph/id/body/x/mayor> ; psg:legalBasis law:d ] .
obl:required a psg:StatutoryObligation ; psg:ruleKind psg:RequiresRule ; psg:obligedBodyType psg:Other ;
    psg:obligedLevel psg:County ; psg:obligedWithin t:x ; psg:startDate "2000-01-01"^^xsd:date ;
    psg:instanceKey "body/x/other-" ; psg:instanceName "Other"@en , "Autre"@fr .
"""


@pytest.fixture(scope="module")
def made():
    store = ox.Store()
    store.load(WORLD.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    rules = read_rules(store)
    return rules, *generate(rules)


def _by_rule(made, name: str) -> dict[str, object]:
    _, instances, _ = made
    return {i.territory.code: i for i in instances[f"{ID}obligation/{name}"]}


def test_only_rules_that_institute_bodies_generate_them(made) -> None:
    rules, _, _ = made
    assert sorted(rule.iri.rsplit("/", 1)[-1] for rule in rules) == ["new", "office", "old"]


def test_one_body_per_territory_of_the_level_not_per_statistical_region(made) -> None:
    old = _by_rule(made, "old")
    assert sorted(old) == ["01", "02"]  # not the NUTS region; not the county created after 2002
    assert old["01"].iri == f"{ID}body/x/old-01"
    assert (old["01"].start, old["01"].end) == (date(1992, 4, 1), date(2002, 7, 17))
    assert old["01"].label_fr == "Ancien conseil (Un, 1992–2002)"


def test_successive_generations_on_one_territory_are_named_apart(made) -> None:
    old, new = _by_rule(made, "old"), _by_rule(made, "new")
    assert (old["01"].label_en, new["01"].label_en) == ("Old council (One, 1992–2002)", "New council (One, since 2002)")
    assert new["03"].label_fr == "Nouveau conseil (Trois, depuis 2011)"


def test_a_territory_created_after_the_text_gets_its_body_from_its_creation(made) -> None:
    new = _by_rule(made, "new")
    assert sorted(new) == ["01", "02", "03"]
    assert new["03"].start == date(2011, 3, 1) and new["01"].start == date(2002, 7, 17)


def test_seats_follow_the_composition_in_force(made) -> None:
    new = _by_rule(made, "new")
    seats = {(seat.holder, seat.start) for seat in new["03"].seats}
    assert seats == {("urn:prefect", date(2011, 3, 1)), ("urn:prosecutor", date(2016, 5, 6))}
    assert new["03"].chairs == ("urn:prefect",)
    assert [m.domains for m in new["03"].mandates] == [("https://w3id.org/psgraph/ontology#CrimePrevention",)]


def test_successive_versions_are_linked_by_a_replacement_where_they_meet(made) -> None:
    _, _, changes = made
    replaced = {(c.original.rsplit("/", 1)[-1], c.resulting.rsplit("/", 1)[-1], c.on) for c in changes}
    assert ("old-01", "new-01", date(2002, 7, 17)) in replaced
    assert ("old-02", "new-02", date(2002, 7, 17)) in replaced
    assert not any(original == "old-03" or resulting == "new-03" for original, resulting, _ in replaced)


def test_a_transfer_of_functions_ends_the_body_and_names_its_successor(made) -> None:
    _, _, changes = made
    office = _by_rule(made, "office")
    assert sorted(office) == ["01", "02"]  # c3 is left out by the rule
    assert office["02"].end == date(2017, 5, 8) and office["01"].end is None
    transfer = [c for c in changes if c.original.endswith("office-02")]
    assert [(c.resulting.rsplit("/", 1)[-1], c.on) for c in transfer] == [("mayor", date(2017, 5, 8))]
    assert transfer[0].sources == ("https://w3id.org/psgraph/id/law/x/d",)


@pytest.fixture(scope="module")
def real_store(real_project) -> ox.Store:
    build(real_project)
    return open_store(real_project)


def test_the_committed_instances_are_what_the_rules_generate(real_project, real_store) -> None:
    for country, (text, _, _, _) in country_texts(real_store).items():
        committed = (real_project.root / "data" / "instances" / f"{country}.ttl").read_text(encoding="utf-8")
        assert committed == text, f"data/instances/{country}.ttl is stale: run `make instances`"


def _count(store: ox.Store, where: str) -> int:
    query = ("PREFIX psg: <https://w3id.org/psgraph/ontology#>\nPREFIX terr: <https://w3id.org/psgraph/id/territory/>\n"
             f"SELECT (COUNT(DISTINCT ?body) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(store.query(query)))["n"].value)


def test_one_departmental_council_per_departement_today(real_store) -> None:
    active = "?body a psg:CDPD ; psg:institutedBy ?rule ; psg:startDate ?s . FILTER NOT EXISTS { ?body psg:endDate ?e }"
    assert _count(real_store, active) == 101
    assert _count(real_store, "?body a psg:CDPD1983 ; psg:institutedBy ?rule") == 100  # Mayotte: a département since 2011


def test_one_commissioner_or_mayor_per_police_area_outside_london_today(real_store) -> None:
    pccs = _count(real_store, "?body a psg:PCC ; psg:institutedBy ?r . FILTER NOT EXISTS { ?body psg:endDate ?e }")
    mayors = _count(real_store, "?body a psg:MayorWithPCCFunctions")
    assert (pccs, mayors) == (37, 4)
    assert _count(real_store, "?body a psg:PCC ; psg:institutedBy ?r") == 41


# A union of three states: one a member before the first rule, one that joins during the second, one
# that withdraws; two versions of a rule that makes every member state a member of one body.
UNION = """
@prefix psg: <https://w3id.org/psgraph/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <https://w3id.org/psgraph/id/territory/> .
@prefix obl: <https://w3id.org/psgraph/id/obligation/> .
@prefix law: <https://w3id.org/psgraph/id/law/u/> .

t:a rdfs:label "Aland"@en , "Alande"@fr .
t:b rdfs:label "Beland"@en , "Bélande"@fr .
t:c rdfs:label "Celand"@en , "Célande"@fr .
t:other rdfs:label "Elsewhere"@en , "Ailleurs"@fr .
[] a psg:Accession ; psg:memberState t:a ; psg:union t:u ; psg:startDate "1973-01-01"^^xsd:date ;
    psg:citation [ dcterms:source law:glossary ; psg:locator "1973" ] .
[] a psg:Accession ; psg:memberState t:b ; psg:union t:u ; psg:startDate "2013-07-01"^^xsd:date .
[] a psg:Accession ; psg:memberState t:c ; psg:union t:u ; psg:startDate "1973-01-01"^^xsd:date ;
    psg:endDate "2020-02-01"^^xsd:date .
[] a psg:Accession ; psg:memberState t:other ; psg:union t:elsewhere ; psg:startDate "1990-01-01"^^xsd:date .
<https://w3id.org/psgraph/id/body/u/net> rdfs:label "Network"@en , "Réseau"@fr .

obl:net-1 a psg:StatutoryMembershipRule ; psg:membershipIn <https://w3id.org/psgraph/id/body/u/net> ;
    psg:eachMember <urn:state> ; psg:memberRole psg:MemberRole ; psg:membersOfUnion t:u ;
    psg:membershipKey "membership/u/net-" ; psg:startDate "2001-05-28"^^xsd:date ;
    psg:endDate "2009-11-30"^^xsd:date ; psg:legalBasis law:d1 ; psg:citation [ dcterms:source law:d1 ] .
obl:net-2 a psg:StatutoryMembershipRule ; psg:membershipIn <https://w3id.org/psgraph/id/body/u/net> ;
    psg:eachMember <urn:state> ; psg:memberRole psg:MemberRole ; psg:membersOfUnion t:u ;
    psg:membershipKey "membership/u/net-" ; psg:startDate "2009-11-30"^^xsd:date ; dcterms:replaces obl:net-1 ;
    psg:legalBasis law:d2 ; psg:citation [ dcterms:source law:d2 ] .
"""


@pytest.fixture(scope="module")
def seats():
    from psgraph.instances.memberships import memberships_of, read_membership_rules

    store = ox.Store()
    store.load(UNION.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return {m.state.code: m for m in memberships_of(read_membership_rules(store))}


def test_each_member_state_is_a_member_from_the_later_of_the_rule_and_its_accession(seats) -> None:
    assert sorted(seats) == ["a", "b", "c"]  # not a state of another union
    assert (seats["a"].start, seats["a"].end) == (date(2001, 5, 28), None)
    assert (seats["b"].start, seats["b"].end) == (date(2013, 7, 1), None)
    assert seats["b"].iri == f"{ID}membership/u/net-b"


def test_a_withdrawal_ends_the_membership_and_versions_that_replace_each_other_continue_it(seats) -> None:
    assert (seats["c"].start, seats["c"].end) == (date(2001, 5, 28), date(2020, 2, 1))
    assert [rule.iri.rsplit("/", 1)[-1] for rule in seats["a"].rules] == ["net-1", "net-2"]
    assert [rule.iri.rsplit("/", 1)[-1] for rule in seats["b"].rules] == ["net-2"]


def test_a_generated_membership_names_its_state_rules_legal_bases_and_sources(seats) -> None:
    from psgraph.instances.memberships import membership_turtle

    text = membership_turtle(seats["c"])
    graph = ox.Store()
    graph.load(("@prefix psg: <https://w3id.org/psgraph/ontology#> . @prefix org: <http://www.w3.org/ns/org#> . "
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> . "
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n" + text).encode("utf-8"), format=ox.RdfFormat.TURTLE)
    facts = {(q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1], q.object.value) for q in graph}
    assert ("territory", "https://w3id.org/psgraph/id/territory/c") in facts
    assert ("recordBasis", "https://w3id.org/psgraph/ontology#InstitutedByLaw") in facts
    assert {v for p, v in facts if p == "legalBasis"} == {"https://w3id.org/psgraph/id/law/u/d1",
                                                           "https://w3id.org/psgraph/id/law/u/d2"}
    assert ("endDate", "2020-02-01") in facts and ("label", "Celand, member of the Network") in facts


def test_the_uk_left_the_eucpn_when_it_left_the_union(real_store) -> None:
    query = """PREFIX psg: <https://w3id.org/psgraph/ontology#> PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?state ?start ?end WHERE { ?m org:organization <https://w3id.org/psgraph/id/body/eu/eucpn> ;
          psg:institutedBy ?rule ; psg:territory ?state ; psg:startDate ?start OPTIONAL { ?m psg:endDate ?end } }"""
    rows = {r["state"].value.rsplit("/", 1)[-1]: (r["start"].value, r["end"].value if r["end"] else None)
            for r in real_store.query(query)}
    assert len(rows) == 28 and sum(1 for _, end in rows.values() if end is None) == 27
    assert rows["uk"] == ("2001-05-28", "2020-02-01") and rows["hr"] == ("2013-07-01", None)
    assert rows["cz"][0] == "2004-05-01" and rows["ro"][0] == "2007-01-01"
