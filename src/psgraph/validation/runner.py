"""Running the checks: on the whole of the project's sources, or on what changed since a revision."""

from __future__ import annotations

import hashlib
from collections.abc import Container, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib

from psgraph.build import read_manifest
from psgraph.errors import InputError
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.turtle import memory_store, rdflib_graph
from psgraph.validation.changes import changed_resources
from psgraph.validation.context import ContextCutter
from psgraph.validation.findings import Finding, OwnerResolver
from psgraph.validation.owl import run_owl
from psgraph.validation.qc import run_qc
from psgraph.validation.readable import definitions, one_per_mistake, with_names
from psgraph.validation.shacl import ENGINES, run_shacl

CHECKS = ("shacl", "qc", "owl")
CHANGED_CHECKS = ("shacl", "qc")


@dataclass(frozen=True)
class ValidationOutcome:
    findings: list[Finding]
    scope: list[str] = field(default_factory=list)  # the resources validated, when not the whole graph

    @property
    def conforms(self) -> bool:
        return not any(f.is_violation for f in self.findings)


def _check_options(checks: Sequence[str], allowed: Sequence[str], engine: str) -> None:
    unknown = sorted(set(checks) - set(allowed))
    if unknown:
        raise InputError(f"Unknown check {', '.join(unknown)}: choose among {', '.join(allowed)}.")
    if engine not in ENGINES:
        raise InputError(f"Unknown SHACL engine {engine!r}: choose among {', '.join(ENGINES)}.")


def _shapes(project: Project) -> rdflib.Graph:
    shape_files = project.shape_files()
    if not shape_files:
        raise InputError(f"{project.root / 'shapes'}: no SHACL shapes found.")
    names = {p: project.relative(p) for p in shape_files}
    memory_store(shape_files, names)  # syntax errors with file:line:column
    return rdflib_graph(shape_files, names)


def run_graph_checks(project: Project, store: ox.Store, checks: Sequence[str], engine: str,
                     owners: Container[str] | None = None) -> list[Finding]:
    """The SHACL shapes and the QC queries on ``store``, findings attributed through that store
    (``owners``: only the findings about these resources)."""
    resolver = OwnerResolver(store)
    findings: list[Finding] = []
    # The QC queries in a thread beside the shapes: pyoxigraph releases the interpreter's lock
    # while it evaluates, so both use the second core; the findings keep the same order.
    with ThreadPoolExecutor(max_workers=1) as pool:
        qc = pool.submit(run_qc, store, project.qc_files(), resolver, owners) if "qc" in checks else None
        if "shacl" in checks:
            findings.extend(run_shacl(store, _shapes(project), resolver, engine, owners))
        if qc is not None:
            findings.extend(qc.result())
    return findings


def validate(project: Project, checks: Sequence[str] = CHECKS, engine: str = "turbo") -> ValidationOutcome:
    """Validate the sources on disk (not the built store), so a curator sees what they changed.

    A Turtle syntax error raises InputError naming file, line and column before any check runs.
    The OWL check reasons over the ontology and the curated data; the generated reference
    territories (tens of thousands of individuals of one class) are left to the shapes.
    """
    _check_options(checks, CHECKS, engine)
    files = project.graph_files()
    display = {path: project.relative(path) for path in files}
    store = memory_store(files, display)
    # The OWL check (HermiT runs in Java) goes on in a thread while the shapes and QC queries run.
    with ThreadPoolExecutor(max_workers=1) as pool:
        owl = pool.submit(_owl_findings, project) if "owl" in checks else None
        findings = readable(project, store, run_graph_checks(project, store, checks, engine))
        if owl is not None:
            findings.extend(owl.result())
    return ValidationOutcome(findings)


def _owl_findings(project: Project) -> list[Finding]:
    curated = project.curated_files()
    return run_owl(rdflib_graph(curated, {p: project.relative(p) for p in curated}))


def validate_changed(project: Project, ref: str, checks: Sequence[str] = CHANGED_CHECKS,
                     engine: str = "turbo") -> ValidationOutcome:
    """Validate only the resources added or changed in data/ since ``ref``, on the current build.

    Each is validated as its unit plus the context the shapes need (validation.context), cut out
    of the built store, which must be up to date with the sources. Resources removed since ``ref``
    are not validated here (what referred to them is checked by the full validation).
    """
    _check_options(checks, CHANGED_CHECKS, engine)
    changed = changed_resources(project, ref)
    store = open_store(project)
    require_current(project)
    present = sorted(iri for iri in changed
                     if any(True for _ in store.quads_for_pattern(ox.NamedNode(iri), None, None)))
    if not present:
        return ValidationOutcome([], [])
    ontology = memory_store(project.ontology_files())
    context = ContextCutter(store).cut((ox.NamedNode(iri) for iri in present), ontology)
    findings = readable(project, context, run_graph_checks(project, context, checks, engine))
    scope = set(present)
    return ValidationOutcome([f for f in findings if f.owner in scope], present)


def readable(project: Project, store: ox.Store, findings: list[Finding]) -> list[Finding]:
    """One finding per mistake, with names for identifiers and the file:line of each resource."""
    curated = project.curated_files()
    where = definitions(curated, {p: project.relative(p) for p in curated})
    return with_names(one_per_mistake(findings), store, where)


def require_current(project: Project, exempt: str = "", reason: str = "") -> None:
    """InputError unless the built store holds the sources as they are now (files whose path ends
    with ``exempt`` aside); ``reason`` says why that matters to the command."""
    manifest = read_manifest(project.store_link.resolve())
    built = {name: digest for name, digest in manifest.get("files", {}).items()
             if not (exempt and name.endswith(exempt))}
    current = {project.relative(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in project.graph_files()
               if not (exempt and str(project.relative(p)).endswith(exempt))}
    if built != current:
        stale = sorted(set(built.items()) ^ set(current.items()))
        raise InputError(f"The built store is older than the sources ({stale[0][0]} differs); "
                         f"run `psgraph build` first{', ' + reason if reason else ''}.")
