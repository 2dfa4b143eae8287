import rdflib
from rdflib.namespace import SH

from psgraph.validation.findings import VIOLATION, WARNING, Finding
from psgraph.validation.report import render_table, render_text, render_turtle, summary_line

BODY = "https://w3id.org/psgraph/id/body/fr/x"
FINDINGS = [
    Finding("shacl", VIOLATION, BODY, "Council X", "bfr:x", "The body has no legal basis.", "psgsh:BodyShape"),
    Finding("shacl", WARNING, BODY, "Council X", "bfr:x", "Level differs.", "psgsh:LevelShape"),
    Finding("qc", VIOLATION, "", "", "psg:typo", "The term psg:typo is used but never declared.",
            "undeclared-term-violation"),
]


def test_text_groups_by_body_and_ends_with_a_summary() -> None:
    text = render_text(FINDINGS)
    assert text.index("Council X <" + BODY + ">") < text.index("VIOLATION [shacl: psgsh:BodyShape]")
    assert text.index("VIOLATION [shacl") < text.index("WARNING [shacl")
    assert text.rstrip().endswith("2 violations on 2 resources, 1 warning.")


def test_summary_of_no_findings_says_conforms() -> None:
    assert summary_line([]) == "Conforms: no violations (0 warnings)."


def test_table_has_a_header_and_one_line_per_finding() -> None:
    lines = render_table(FINDINGS).splitlines()
    assert lines[0].split("\t")[:4] == ["severity", "check", "rule", "resource"]
    assert len(lines) == 4


def test_turtle_is_a_shacl_report_that_does_not_conform() -> None:
    graph = rdflib.Graph().parse(data=render_turtle(FINDINGS), format="turtle")
    report = graph.value(predicate=rdflib.RDF.type, object=SH.ValidationReport)
    assert graph.value(report, SH.conforms).toPython() is False
    assert len(list(graph.objects(report, SH.result))) == 3
