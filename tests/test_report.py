import rdflib
from rdflib.namespace import SH

from psgraph.validation.findings import VIOLATION, WARNING, Finding
from psgraph.validation.report import render_table, render_text, render_turtle, summary_line
from tests.conftest import replace_once

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


def test_findings_say_where_name_what_they_quote_and_come_once_per_mistake(project_copy) -> None:
    """A mistyped member and a territory of the wrong level: one violation each, told in names, under
    the body's heading with the file and line where the body is defined."""
    from psgraph.validation.runner import validate

    bodies = project_copy.root / "data" / "fr" / "intake" / "recorded.ttl"
    text = bodies.read_text(encoding="utf-8")
    text = text.replace("@prefix tfrc:", "@prefix tfre: <https://w3id.org/psgraph/id/territory/fr/epci/> .\n"
                                         "@prefix tfrc:", 1)
    text = replace_once(text, "    psg:territory tfrc:44109 .", "    psg:territory tfre:248400251 .")
    text = replace_once(text, "    org:organization bfr:clspd-marseille ;\n    org:member ofr:prefect ;",
                        "    org:organization bfr:clspd-marseille ;\n    org:member ofr:sous-prefet ;")
    bodies.write_text(text, encoding="utf-8")
    line = text.splitlines().index("bfr:clspd-nantes a psg:CLSPD ;") + 1
    outcome = validate(project_copy, ("shacl", "qc"))
    nantes = [f for f in outcome.findings if f.owner.endswith("/clspd-nantes") and f.is_violation]
    assert len(nantes) == 1 and nantes[0].defined_at == f"data/fr/intake/recorded.ttl:{line}"
    assert "Territory CA du Grand Avignon (COGA) (248400251) is" in nantes[0].message
    dangling = [f for f in outcome.findings if f.owner.endswith("/clspd-marseille") and "sous-prefet" in
                (f.message + f.value)]
    assert len(dangling) == 1 and "member ofr:sous-prefet; role psg:MemberRole" in dangling[0].focus
    assert f"<https://w3id.org/psgraph/id/body/fr/clspd-nantes> — data/fr/intake/recorded.ttl:{line}" in render_text(
        outcome.findings)


def test_markdown_is_a_table_for_a_job_summary() -> None:
    from psgraph.validation.report import render_markdown

    finding = Finding("shacl", VIOLATION, "https://e/b", "Body | one", "https://e/b", "Give a label.", "S",
                      defined_at="data/fr/bodies.ttl:3")
    table = render_markdown([finding])
    assert "| severity | resource | where | message |" in table
    assert "| Violation | Body \\| one | data/fr/bodies.ttl:3 | Give a label. |" in table


def test_findings_are_told_in_french_with_the_shapes_french_messages() -> None:
    """`psgraph validate --lang fr`: the shape's French sh:message, French words around it, plurals."""
    from dataclasses import replace

    french = [replace(f, message_fr=f"en français : {f.message}") for f in FINDINGS]
    text = render_text(french, "fr")
    assert all(f"en français : {f.message}" in text for f in FINDINGS)
    assert "VIOLATION" in text and "Conforme" not in text
    assert summary_line([], "fr") == "Conforme : aucune violation (0 avertissement)."
    assert summary_line(FINDINGS, "fr").endswith(("avertissement.", "avertissements."))
    assert " on " not in summary_line(FINDINGS, "fr") and " sur " in summary_line(FINDINGS, "fr")
    assert render_text(FINDINGS, "fr").count("en français") == 0  # no French message: the English one
    assert render_table(french, "fr").splitlines()[1].endswith(f"en français : {sorted(FINDINGS, key=lambda f: (not f.is_violation, f.owner, f.rule))[0].message}")
