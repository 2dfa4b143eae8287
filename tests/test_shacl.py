"""SHACL shapes on the tiny fixture: it conforms, and each broken rule is reported with its message."""

import pytest

from psgraph.validation.findings import VIOLATION, WARNING
from psgraph.validation.runner import validate
from tests.conftest import MINI, replace_once

BODY = "https://w3id.org/psgraph/id/body/fr/mini-council"


def shacl_findings(project):
    return validate(project, ["shacl"]).findings


def test_fixture_conforms(mini_project) -> None:
    assert shacl_findings(mini_project()) == []


MUTATIONS = [
    ("    psg:legalBasis lfr:loi-2007-297 ;\n    psg:startDate", "    psg:startDate", "has no legal basis"),
    ('"Mini conseil de Lyon"@fr', '"Mini council, again"@en', "French label"),
    ("psg:level psg:Municipal ; psg:territory", "psg:level psg:County ; psg:territory",
     "not at the body's level"),
    ("psg:territory tfrc:69123 ;", "psg:territory tfrc:69123 , terr:fr ;", "wider than the body's level"),
    ("bfr:mini-council a psg:MiniCouncil ;", "bfr:mini-council a psg:PartnershipBody ;", "no body type"),
    ("bfr:mini-council a psg:MiniCouncil ;",
     "psg:OtherCouncil a owl:Class , psg:BodyType ; rdfs:subClassOf psg:PartnershipBody ;\n"
     '    rdfs:label "other council"@en , "autre conseil"@fr ; skos:definition "Another type."@en ;\n'
     "    rdfs:isDefinedBy <https://w3id.org/psgraph/ontology> ; psg:typeLevel psg:Municipal ;\n"
     "    psg:citation [ dcterms:source lfr:loi-2007-297 ] .\n"
     "bfr:mini-council a psg:MiniCouncil , psg:OtherCouncil ;",
     "more than one body type"),
    ("psg:chairedBy ofr:mayor ;", "psg:chairedBy ofr:prefect , ofr:gilbert ;", "is not recorded as a member"),
    ("org:member ofr:prefect ; org:role psg:MemberRole ;", "org:member ofr:mayor ; org:role psg:MemberRole ;",
     "lacks a statutory member"),
    ('psg:startDate "2002-07-17"^^xsd:date ;', 'psg:startDate "2002-07-17"^^xsd:date ; psg:endDate "2001-01-01"^^xsd:date ;',
     "not after the end date"),
    ("psg:domain psg:CrimePrevention ;", "psg:domain psg:Steering ;", "policy domain"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MUTATIONS)
def test_each_rule_reports_the_body_and_message(mini_project, old, new, expected) -> None:
    findings = shacl_findings(mini_project(replace_once(MINI, old, new)))
    matching = [f for f in findings if expected in f.message]
    assert matching, [f.message for f in findings]
    assert all(f.severity == VIOLATION for f in matching)
    assert {f.owner for f in matching} == {BODY}
    assert matching[0].owner_label == "Mini council of Lyon"


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_an_inter_municipal_body_may_name_the_commune_of_its_seat(mini_project, engine) -> None:
    # A CISPD whose perimeter its source does not state names the commune of its seat (seven
    # harvested councils): the level differing from the type's is the only finding, a warning.
    data = replace_once(MINI, "psg:level psg:Municipal ; psg:territory", "psg:level psg:InterMunicipal ; psg:territory")
    findings = validate(mini_project(data), ["shacl"], engine).findings
    assert [(f.severity, f.owner, "differs from the level of its body type" in f.message)
            for f in findings] == [(WARNING, BODY, True)]


def test_statutory_member_that_left_counts_as_missing(mini_project) -> None:
    data = replace_once(MINI, "org:member ofr:prefect ; org:role psg:MemberRole ;",
                        'org:member ofr:prefect ; org:role psg:MemberRole ; psg:endDate "2010-01-01"^^xsd:date ;')
    messages = [f.message for f in shacl_findings(mini_project(data))]
    assert any("lacks a statutory member" in m and "prefect" in m for m in messages)


def test_informal_flag_replaces_a_legal_basis(mini_project) -> None:
    data = replace_once(MINI, "    psg:legalBasis lfr:loi-2007-297 ;\n    psg:startDate",
                        "    psg:informal true ;\n    psg:startDate")
    assert shacl_findings(mini_project(data)) == []


def test_seed_citation_without_quote_is_reported_on_its_body(mini_project) -> None:
    data = replace_once(MINI, '    psg:citation [ dcterms:source src:seed-000 ; psg:quote "the CLSPD coordinator" ] .',
                        "    psg:citation [ dcterms:source src:seed-000 ] .")
    findings = shacl_findings(mini_project(data))
    assert [(f.owner, "verbatim quote" in f.message) for f in findings] == [(BODY, True)]


def test_membership_problem_is_grouped_under_its_body(mini_project) -> None:
    data = replace_once(MINI, "org:member ofr:mayor ; org:role psg:ChairRole ;\n    psg:seatKind psg:StatutorySeat ;",
                        "org:member ofr:mayor ; org:role psg:ChairRole ;\n    psg:seatKind psg:ChairRole ;")
    findings = shacl_findings(mini_project(data))
    assert [f.owner for f in findings] == [BODY]
    assert "psg:seatKind" in findings[0].message


def test_level_differing_from_type_is_only_a_warning(mini_project) -> None:
    data = replace_once(MINI, "psg:typeLevel psg:Municipal ;", "psg:typeLevel psg:County ;")
    findings = shacl_findings(mini_project(data))
    assert [f.severity for f in findings] == [WARNING]
    assert validate(mini_project(data), ["shacl"]).conforms


@pytest.mark.parametrize(("old", "new", "expected"), [*MUTATIONS, ('    psg:citation [ dcterms:source src:seed-000 ; psg:quote "the CLSPD coordinator" ] .', '    psg:citation [ dcterms:source src:seed-000 ] .', "quote")])
def test_turbo_and_pyshacl_report_the_same_findings(mini_project, old, new, expected) -> None:
    project = mini_project(replace_once(MINI, old, new))
    def key(finding):
        return (finding.severity, finding.owner, finding.focus, finding.rule, finding.path,
                finding.value, finding.message)
    turbo = sorted(key(f) for f in validate(project, ["shacl"], "turbo").findings)
    assert turbo == sorted(key(f) for f in validate(project, ["shacl"], "pyshacl").findings)
    assert turbo


# Statements the knowledge-fidelity shapes check: a finding, a role a law confers, a lifecycle.
EXTENDED = MINI + '''
<https://w3id.org/psgraph/id/finding/mini> a psg:Finding ;
    rdfs:label "The mini council duplicates nothing"@en , "Le mini conseil ne double rien"@fr ;
    psg:findingKind psg:DuplicationFinding ; psg:about bfr:mini-council ;
    psg:concernsLevel psg:Municipal ; psg:concernsJurisdiction terr:fr ;
    psg:citation [ dcterms:source lfr:loi-2007-297 ] .
lfr:loi-2007-297 psg:confersRole [ a psg:RoleConferral ; psg:office ofr:mayor ; org:role psg:LocalPolicyLeadRole ;
    psg:citation [ dcterms:source lfr:loi-2007-297 ] ] .
bfr:mini-council psg:endCondition psg:EndsAfterLimitedPeriod ; dcterms:accrualPeriodicity <http://purl.org/cld/freq/annual> .
'''


def test_the_extended_fixture_conforms(mini_project) -> None:
    assert shacl_findings(mini_project(EXTENDED)) == []


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("psg:findingKind psg:DuplicationFinding ;", "psg:findingKind psg:Municipal ;", "one kind of finding"),
    ("psg:concernsLevel psg:Municipal ;", "", "at least one level of governance"),
    ("psg:concernsJurisdiction terr:fr ;", "", "at least one country or area"),
    (' , "Le mini conseil ne double rien"@fr', "", "short French sentence"),
    ("psg:office ofr:mayor ;", "", "Name the one office"),
    ("org:role psg:LocalPolicyLeadRole ;", "org:role psg:Municipal ;", "Name the one role"),
    ("psg:endCondition psg:EndsAfterLimitedPeriod", "psg:endCondition psg:Municipal", "What ends the body"),
    ("<http://purl.org/cld/freq/annual>", '"every year"', "Dublin Core frequency vocabulary"),
])
def test_findings_roles_and_lifecycles_are_checked(mini_project, old, new, expected) -> None:
    findings = shacl_findings(mini_project(replace_once(EXTENDED, old, new)))
    assert [f.severity for f in findings if expected in f.message] == [VIOLATION]
