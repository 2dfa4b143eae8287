"""Running every check on the project's current sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from psgraph.errors import InputError
from psgraph.project import Project
from psgraph.turtle import memory_store, rdflib_graph
from psgraph.validation.findings import Finding, OwnerResolver
from psgraph.validation.owl import run_owl
from psgraph.validation.qc import run_qc
from psgraph.validation.shacl import run_shacl

CHECKS = ("shacl", "qc", "owl")


@dataclass(frozen=True)
class ValidationOutcome:
    findings: list[Finding]

    @property
    def conforms(self) -> bool:
        return not any(f.is_violation for f in self.findings)


def validate(project: Project, checks: Sequence[str] = CHECKS) -> ValidationOutcome:
    """Validate the sources on disk (not the built store), so a curator sees what they changed.

    A Turtle syntax error raises InputError naming file, line and column before any check runs.
    """
    unknown = sorted(set(checks) - set(CHECKS))
    if unknown:
        raise InputError(f"Unknown check {', '.join(unknown)}: choose among {', '.join(CHECKS)}.")
    files = project.graph_files()
    display = {path: project.relative(path) for path in files}
    store = memory_store(files, display)  # syntax check with positions, and the QC engine
    data = rdflib_graph(files, display)
    resolver = OwnerResolver(data)
    findings: list[Finding] = []
    if "shacl" in checks:
        shape_files = project.shape_files()
        if not shape_files:
            raise InputError(f"{project.root / 'shapes'}: no SHACL shapes found.")
        shape_names = {p: project.relative(p) for p in shape_files}
        memory_store(shape_files, shape_names)  # syntax errors with file:line:column
        shapes = rdflib_graph(shape_files, shape_names)
        findings.extend(run_shacl(data, shapes))
    if "qc" in checks:
        findings.extend(run_qc(store, project.qc_files(), resolver))
    if "owl" in checks:
        findings.extend(run_owl(data))
    return ValidationOutcome(findings)
