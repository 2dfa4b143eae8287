"""Rendering validation findings for people (text, table) and for tools (Turtle)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import rdflib
from rdflib.namespace import SH

from psgraph.validation.findings import VIOLATION, WARNING, Finding

FORMATS = ("text", "table", "turtle", "markdown")
PSGQC = rdflib.Namespace("https://w3id.org/psgraph/qc#")


def summary_line(findings: Sequence[Finding]) -> str:
    violations = sum(f.severity == VIOLATION for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    owners = len({f.owner for f in findings if f.severity == VIOLATION})
    if not violations:
        return f"Conforms: no violations ({warnings} warning{'s' * (warnings != 1)})."
    return (f"{violations} violation{'s' * (violations != 1)} on {owners} resource{'s' * (owners != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}.")


def scope_line(scope: Sequence[str], ref: str) -> str:
    """What an incremental validation covered, for the operator."""
    if not scope:
        return f"No resource of data/ was added or changed since {ref}; nothing to validate."
    return f"Validated {len(scope)} resource{'s' * (len(scope) != 1)} added or changed since {ref}."


def render(findings: Sequence[Finding], fmt: str) -> str:
    if fmt == "text":
        return render_text(findings)
    if fmt == "table":
        return render_table(findings)
    if fmt == "turtle":
        return render_turtle(findings)
    if fmt == "markdown":
        return render_markdown(findings)
    raise ValueError(fmt)


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: Sequence[Finding]) -> str:
    """A Markdown table for a pull request's job summary: violations first, one row per finding."""
    lines = ["### psgraph validate", "", summary_line(findings), ""]
    if not findings:
        return "\n".join(lines)
    lines += ["| severity | resource | where | message |", "|---|---|---|---|"]
    for f in sorted(findings, key=lambda f: (not f.is_violation, f.owner_label or f.owner, f.rule)):
        resource = f.owner_label or f.owner or "(whole graph)"
        lines.append(f"| {f.severity} | {markdown_cell(resource)} | {markdown_cell(f.defined_at)} | "
                     f"{markdown_cell(f.message)} |")
    return "\n".join(lines)


def render_text(findings: Sequence[Finding]) -> str:
    """Findings grouped by the body (or resource) they belong to, violations first."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.owner, finding.owner_label)].append(finding)
    lines = []
    order = sorted(groups, key=lambda key: (not any(f.is_violation for f in groups[key]), key[0]))
    for owner, label in order:
        heading = f"{label} <{owner}>" if label and owner else (owner or label or "(whole graph)")
        defined = next((f.defined_at for f in groups[(owner, label)] if f.defined_at), "")
        lines.append(f"{heading} — {defined}" if defined else heading)
        for finding in sorted(groups[(owner, label)], key=lambda f: (not f.is_violation, f.rule)):
            lines.append(f"  {finding.severity.upper()} [{finding.check}: {finding.rule}] {finding.message}")
            details = []
            if finding.focus.startswith("["):  # a blank node inside the resource: say which kind
                details.append(f"at {finding.focus}")
            if finding.path:
                details.append(f"property {finding.path}")
            if finding.value:
                details.append(f"value {finding.value}")
            if details:
                lines.append(f"      ({'; '.join(details)})")
        lines.append("")
    lines.append(summary_line(findings))
    return "\n".join(lines)


def render_table(findings: Sequence[Finding]) -> str:
    """One finding per line, tab-separated, with a header: easy to sort, grep or paste."""
    header = ["severity", "check", "rule", "resource", "label", "focus", "property", "value", "message"]
    rows = ["\t".join(header)]
    for f in sorted(findings, key=lambda f: (not f.is_violation, f.owner, f.rule)):
        cells = [f.severity, f.check, f.rule, f.owner, f.owner_label, f.focus, f.path, f.value, f.message]
        rows.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return "\n".join(rows)


def render_turtle(findings: Sequence[Finding]) -> str:
    """A SHACL validation report (sh:ValidationReport) covering SHACL, QC and OWL findings."""
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    graph.bind("psgqc", PSGQC)
    report = rdflib.BNode()
    graph.add((report, rdflib.RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, rdflib.Literal(not any(f.is_violation for f in findings))))
    severities = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}
    for finding in findings:
        node = rdflib.BNode()
        graph.add((report, SH.result, node))
        graph.add((node, rdflib.RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, severities[finding.severity]))
        graph.add((node, SH.resultMessage, rdflib.Literal(finding.message, lang="en")))
        if finding.owner:
            graph.add((node, SH.focusNode, rdflib.URIRef(finding.owner)))
        graph.add((node, SH.sourceShape, PSGQC[f"{finding.check}/{finding.rule.replace(' ', '-')}"]))
        if finding.focus:
            graph.add((node, PSGQC.focusDescription, rdflib.Literal(finding.focus)))
        if finding.value:
            graph.add((node, PSGQC.valueDescription, rdflib.Literal(finding.value)))
    return graph.serialize(format="turtle")
