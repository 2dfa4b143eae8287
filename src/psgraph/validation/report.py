"""Rendering validation findings for people (text, table) and for tools (Turtle)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import rdflib
from rdflib.namespace import SH

from psgraph.i18n import plural, text
from psgraph.validation.findings import VIOLATION, WARNING, Finding

FORMATS = ("text", "table", "turtle", "markdown")
PSGQC = rdflib.Namespace("https://w3id.org/psgraph/qc#")


def summary_line(findings: Sequence[Finding], lang: str = "en") -> str:
    violations = sum(f.severity == VIOLATION for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    owners = len({f.owner for f in findings if f.severity == VIOLATION})
    warned = plural("{count} warning", "{count} warnings", warnings)
    if not violations:
        return text("Conforms: no violations ({warnings}).", warnings=warned).render(lang)
    return text("{violations} on {resources}, {warnings}.",
                violations=plural("{count} violation", "{count} violations", violations),
                resources=plural("{count} resource", "{count} resources", owners),
                warnings=warned).render(lang)


def scope_line(scope: Sequence[str], ref: str, lang: str = "en") -> str:
    """What an incremental validation covered, for the operator."""
    if not scope:
        return text("No resource of data/ was added or changed since {ref}; nothing to validate.",
                    ref=ref).render(lang)
    return plural("Validated {count} resource added or changed since {ref}.",
                  "Validated {count} resources added or changed since {ref}.", len(scope),
                  ref=ref).render(lang)


def render(findings: Sequence[Finding], fmt: str, lang: str = "en") -> str:
    """The findings for people (text, markdown: in ``lang``, with the shapes' French messages) or
    for tools (table, turtle: the Turtle report carries both languages)."""
    if fmt == "text":
        return render_text(findings, lang)
    if fmt == "table":
        return render_table(findings, lang)
    if fmt == "turtle":
        return render_turtle(findings)
    if fmt == "markdown":
        return render_markdown(findings, lang)
    raise ValueError(fmt)


def message(finding: Finding, lang: str) -> str:
    """The finding's message in ``lang``: the shape's or query's French sh:message where it has one."""
    return finding.message_fr if lang == "fr" and finding.message_fr else finding.message


SEVERITIES = {VIOLATION: text("violation"), WARNING: text("warning"), "Info": text("information")}


def severity(finding: Finding, lang: str) -> str:
    said = SEVERITIES.get(finding.severity)
    return said.render(lang) if said is not None else finding.severity


def markdown_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(findings: Sequence[Finding], lang: str = "en") -> str:
    """A Markdown table for a pull request's job summary: violations first, one row per finding."""
    lines = ["### psgraph validate", "", summary_line(findings, lang), ""]
    if not findings:
        return "\n".join(lines)
    lines += [text("| severity | resource | where | message |").render(lang), "|---|---|---|---|"]
    for f in sorted(findings, key=lambda f: (not f.is_violation, f.owner_label or f.owner, f.rule)):
        resource = f.owner_label or f.owner or text("(whole graph)").render(lang)
        lines.append(f"| {severity(f, lang).capitalize()} | {markdown_cell(resource)} | "
                     f"{markdown_cell(f.defined_at)} | {markdown_cell(message(f, lang))} |")
    return "\n".join(lines)


def render_text(findings: Sequence[Finding], lang: str = "en") -> str:
    """Findings grouped by the body (or resource) they belong to, violations first."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.owner, finding.owner_label)].append(finding)
    lines = []
    order = sorted(groups, key=lambda key: (not any(f.is_violation for f in groups[key]), key[0]))
    for owner, label in order:
        heading = f"{label} <{owner}>" if label and owner else (
            owner or label or text("(whole graph)").render(lang))
        defined = next((f.defined_at for f in groups[(owner, label)] if f.defined_at), "")
        lines.append(f"{heading} — {defined}" if defined else heading)
        for finding in sorted(groups[(owner, label)], key=lambda f: (not f.is_violation, f.rule)):
            lines.append(f"  {severity(finding, lang).upper()} [{finding.check}: {finding.rule}] "
                         f"{message(finding, lang)}")
            details = []
            if finding.focus.startswith("["):  # a blank node inside the resource: say which kind
                details.append(text("at {focus}", focus=finding.focus).render(lang))
            if finding.path:
                details.append(text("property {path}", path=finding.path).render(lang))
            if finding.value:
                details.append(text("value {value}", value=finding.value).render(lang))
            if details:
                lines.append(f"      ({'; '.join(details)})")
        lines.append("")
    lines.append(summary_line(findings, lang))
    return "\n".join(lines)


def render_table(findings: Sequence[Finding], lang: str = "en") -> str:
    """One finding per line, tab-separated, with a header: easy to sort, grep or paste (the header and
    codes stay as they are for scripts; the message is in ``lang``)."""
    header = ["severity", "check", "rule", "resource", "label", "focus", "property", "value", "message"]
    rows = ["\t".join(header)]
    for f in sorted(findings, key=lambda f: (not f.is_violation, f.owner, f.rule)):
        cells = [f.severity, f.check, f.rule, f.owner, f.owner_label, f.focus, f.path, f.value,
                 message(f, lang)]
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
        if finding.message_fr:
            graph.add((node, SH.resultMessage, rdflib.Literal(finding.message_fr, lang="fr")))
        if finding.owner:
            graph.add((node, SH.focusNode, rdflib.URIRef(finding.owner)))
        graph.add((node, SH.sourceShape, PSGQC[f"{finding.check}/{finding.rule.replace(' ', '-')}"]))
        if finding.focus:
            graph.add((node, PSGQC.focusDescription, rdflib.Literal(finding.focus)))
        if finding.value:
            graph.add((node, PSGQC.valueDescription, rdflib.Literal(finding.value)))
    return graph.serialize(format="turtle")
