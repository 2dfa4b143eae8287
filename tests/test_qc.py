"""Each QC query finds its defect in a fixture, and nothing in the valid fixture or the real data."""

import pytest

from psgraph.validation.findings import VIOLATION, WARNING
from psgraph.validation.runner import validate
from tests.conftest import MINI, replace_once


def qc_rules(project):
    return {(f.rule, f.owner) for f in validate(project, ["qc"]).findings}


def test_valid_fixture_has_no_qc_finding(mini_project) -> None:
    assert qc_rules(mini_project()) == set()


def test_real_data_has_no_qc_violation(real_project) -> None:
    findings = validate(real_project, ["qc"]).findings
    assert [f for f in findings if f.severity == VIOLATION] == []
    # Told, not failed: French decrees and circulars whose signatory is not verified yet.
    assert {f.rule for f in findings} <= {"legal-text-without-author-warning"}


def test_a_text_without_author_is_a_warning(mini_project) -> None:
    data = replace_once(MINI, " eli:passed_by ofr:parliament ;", "")
    findings = validate(mini_project(data), ["qc"]).findings
    assert [(f.rule, f.severity) for f in findings] == [("legal-text-without-author-warning", WARNING)]
    assert "eli:passed_by" in findings[0].message


def test_misspelled_psg_term_is_reported(mini_project) -> None:
    data = replace_once(MINI, "psg:hasMandate [", "psg:hasMandat [")
    findings = validate(mini_project(data), ["qc"]).findings
    assert [(f.rule, f.owner_label) for f in findings] == [("undeclared-term-violation", "Mini council of Lyon")]
    assert "psg:hasMandat" not in findings[0].message and "ontology#hasMandat" in findings[0].message


def test_reference_to_undescribed_resource_is_reported(mini_project) -> None:
    data = replace_once(MINI, "psg:territory tfrc:69123 ;", "psg:territory tfrc:69132 ;")
    rules = {f.rule for f in validate(mini_project(data), ["qc"]).findings}
    assert rules == {"dangling-reference-violation"}


def test_term_without_french_label_is_reported(mini_project) -> None:
    data = replace_once(MINI, 'rdfs:label "mini council"@en , "mini conseil"@fr ;', 'rdfs:label "mini council"@en ;')
    findings = validate(mini_project(data), ["qc"]).findings
    assert len(findings) == 1
    assert findings[0].rule == "term-without-label-or-definition-violation"
    assert "a French label" in findings[0].message


@pytest.mark.parametrize("direction", ["split", "merge"])
def test_two_replacements_without_merge_or_split_event(mini_project, direction) -> None:
    if direction == "split":
        events = """
[] a org:ChangeEvent ; psg:eventType psg:Replaced ; org:originalOrganization bfr:mini-council ; org:resultingOrganization bfr:a .
[] a org:ChangeEvent ; psg:eventType psg:Replaced ; org:originalOrganization bfr:mini-council ; org:resultingOrganization bfr:b .
"""
    else:
        events = """
[] a org:ChangeEvent ; psg:eventType psg:Replaced ; org:originalOrganization bfr:a ; org:resultingOrganization bfr:mini-council .
[] a org:ChangeEvent ; psg:eventType psg:Replaced ; org:originalOrganization bfr:b ; org:resultingOrganization bfr:mini-council .
"""
    events += 'bfr:a rdfs:label "A"@en .\nbfr:b rdfs:label "B"@en .\n'
    findings = validate(mini_project(MINI + events), ["qc"]).findings
    assert [(f.rule, f.owner.rsplit("/", 1)[-1]) for f in findings] == [
        ("successors-without-merge-violation", "mini-council")]
    assert ("Split" if direction == "split" else "Merged") in findings[0].message


def test_one_merged_event_is_not_reported(mini_project) -> None:
    events = """
[] a org:ChangeEvent ; psg:eventType psg:Merged ; org:originalOrganization bfr:a , bfr:b ; org:resultingOrganization bfr:mini-council .
bfr:a rdfs:label "A"@en .
bfr:b rdfs:label "B"@en .
"""
    assert validate(mini_project(MINI + events), ["qc"]).findings == []


def test_quote_attributed_to_a_legal_text_is_reported(mini_project) -> None:
    data = replace_once(MINI, "psg:citation [ dcterms:source lfr:loi-2007-297 ] .\n\nofr:mayor",
                        'psg:citation [ dcterms:source lfr:loi-2007-297 ; psg:quote "le maire anime" ] .\n\nofr:mayor')
    findings = validate(mini_project(data), ["qc"]).findings
    assert [(f.rule, f.owner.rsplit("/", 1)[-1]) for f in findings] == [
        ("quote-not-verifiable-violation", "loi-2007-297")]
    assert "with no kept passage" in findings[0].message and "aucun passage conservé" in findings[0].message_fr


@pytest.mark.parametrize(("kept", "problem"), [
    ("le maire anime la politique", ""),
    ("le maire préside", "a passage that does not contain the quote"),
])
def test_a_web_quote_is_checked_against_its_kept_passage(mini_project, kept, problem) -> None:
    """Case, runs of spaces and curly quotes aside, as check-quotes compares seed quotes."""
    import hashlib

    page = "https://www.example.fr/clspd"
    digest = hashlib.sha256(kept.encode("utf-8")).hexdigest()
    data = replace_once(MINI, "psg:citation [ dcterms:source lfr:loi-2007-297 ] .\n\nofr:mayor",
                        f'psg:citation [ dcterms:source <{page}> ; psg:passage <https://w3id.org/psgraph/id/passage/p1> ;'
                        ' psg:quote "Le  maire ANIME" ] .\n\nofr:mayor')
    data += (f'\n<{page}> a psg:WebPage ; dcterms:publisher "Ville" ; psg:readOn "2026-12-07"^^xsd:date .\n'
             f'<https://w3id.org/psgraph/id/passage/p1> a psg:Passage ; psg:passageOf <{page}> ;'
             f' psg:passageText "{kept}" ; psg:sha256 "{digest}" ; psg:readOn "2026-12-07"^^xsd:date .\n')
    findings = validate(mini_project(data), ["qc"]).findings
    assert [f.message for f in findings if problem and problem in f.message] == [f.message for f in findings]
    assert len(findings) == (1 if problem else 0)


def test_legal_text_without_a_kind_of_document_is_reported(mini_project) -> None:
    data = replace_once(MINI, "    eli:type_document psg:Statute ; eli:passed_by ofr:parliament ;\n", "    eli:passed_by ofr:parliament ;\n")
    findings = validate(mini_project(data), ["qc"]).findings
    assert [(f.rule, f.owner) for f in findings] == [
        ("legal-text-without-type-violation", "https://w3id.org/psgraph/id/law/fr/loi-2007-297")]
    assert "psg:DocumentTypeScheme" in findings[0].message


def test_a_passage_naming_more_members_than_recorded_is_reported(mini_project) -> None:
    listing = ('psg:citation [ dcterms:source src:seed-000 ; psg:quote "the CLSPD coordinator" ; '
               'psg:actorsNamed {n} ] .')
    data = MINI + "\n".join([
        "[] a org:Membership ; org:organization bfr:mini-council ; org:member ofr:mayor ; org:role psg:MemberRole ;",
        "    " + listing.format(n=2),
        "[] a org:Membership ; org:organization bfr:mini-council ; org:member ofr:prefect ; org:role psg:MemberRole ;",
        "    " + listing.format(n=2)]) + "\n"
    assert validate(mini_project(data), ["qc"]).findings == []
    findings = validate(mini_project(data.replace("psg:actorsNamed 2", "psg:actorsNamed 3")), ["qc"]).findings
    assert [(f.rule, f.owner) for f in findings] == [
        ("membership-fewer-than-quote-violation", "https://w3id.org/psgraph/id/body/fr/mini-council")]
    assert "names 3 members" in findings[0].message and "has 2 memberships" in findings[0].message


RULE = """
<https://w3id.org/psgraph/id/obligation/test-rule> a psg:StatutoryObligation ;
    rdfs:label "A council in every county"@en , "Un conseil dans chaque département"@fr ;
    psg:ruleKind psg:InstitutesRule ; psg:obligedBodyType psg:CLSPD ; psg:obligedLevel psg:County ;
    psg:obligedWithin <https://w3id.org/psgraph/id/territory/fr> ;
    psg:startDate "2006-06-07"^^<http://www.w3.org/2001/XMLSchema#date> ;
    psg:instanceKey "body/fr/test-" ;
    psg:instanceName "Council"@en , "Conseil"@fr .
"""


def _rule_findings(mini_project, rule: str) -> list[str]:
    findings = validate(mini_project(MINI + rule), ["qc"]).findings
    return [f.message for f in findings if f.rule == "instituting-rule-incomplete-violation"]


def test_a_complete_instituting_rule_is_not_reported(mini_project) -> None:
    assert _rule_findings(mini_project, RULE) == []


def test_an_instituting_rule_the_generator_cannot_use_is_reported(mini_project) -> None:
    incomplete = RULE.replace('    psg:instanceKey "body/fr/test-" ;\n', "").replace(' , "Conseil"@fr', "")
    messages = _rule_findings(mini_project, incomplete)
    assert len(messages) == 2
    assert any("has no psg:instanceKey" in m for m in messages)
    assert any('no psg:instanceName in "fr"' in m for m in messages)
    unkinded = RULE.replace("psg:ruleKind psg:InstitutesRule ; ", "")
    assert ["psg:ruleKind psg:InstitutesRule or psg:RequiresRule" in m
            for m in _rule_findings(mini_project, unkinded)] == [True]


@pytest.mark.parametrize("text", ['=HYPERLINK(\\"http://evil.example\\",\\"CLSPD\\")', "@SUM(A1)", "-1+2", "+x"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_reported(mini_project, text) -> None:
    """The data package's CSV tables keep the graph's text exactly (they are data for R, Stata and
    pandas, with a schema), so the graph must hold none that a spreadsheet runs (issue 33, defect 6)."""
    data = replace_once(MINI, 'rdfs:label "Mini council of Lyon"@en', f'rdfs:label "{text}"@en')
    findings = validate(mini_project(data), ["qc"]).findings
    assert [f.rule for f in findings] == ["formula-like-text-violation"]
    assert "which a spreadsheet runs as a formula" in findings[0].message
