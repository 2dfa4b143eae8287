"""QC checks: SPARQL queries in queries/qc/ whose every row is a finding — a violation for
``*-violation.rq``, a warning (told, validation still conforms) for ``*-warning.rq``."""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

import pyoxigraph as ox
import rdflib

from psgraph.errors import InputError
from psgraph.queryfile import read_query_file
from psgraph.validation.findings import VIOLATION, WARNING, Finding, OwnerResolver, to_rdflib


def run_qc(store: ox.Store, query_files: list[Path], resolver: OwnerResolver,
           owners: Container[str] | None = None) -> list[Finding]:
    """Run each QC query on the store; rows must bind ?focus and ?message (``owners``: only the rows
    about these resources). A ``?message_fr`` column gives the message in French."""
    findings = []
    for path in query_files:
        query = read_query_file(path)
        severity = WARNING if path.name.endswith("-warning.rq") else VIOLATION
        try:
            rows = store.query(query.text)
        except SyntaxError as error:
            raise InputError(f"{path}: the QC query does not parse ({error}).") from None
        variables = {variable.value for variable in rows.variables}
        for row in rows:
            focus_term = row["focus"]
            focus = to_rdflib(focus_term)
            message = row["message"]
            owner = resolver.owner(focus) if focus is not None else None
            if owners is not None and str(owner) not in owners:
                continue
            french = row["message_fr"] if "message_fr" in variables else None
            findings.append(Finding(
                check="qc",
                severity=severity,
                owner=str(owner) if isinstance(owner, rdflib.URIRef) else "",
                owner_label=resolver.label(owner) if owner is not None else "",
                focus=resolver.describe(focus) if focus is not None else "",
                message=message.value if message is not None else query.title,
                rule=query.name,
                message_fr=french.value if french is not None else "",
            ))
    return findings
