"""OWL consistency of the ontology and data, checked with HermiT through owlready2.

HermiT rejects literals whose datatype is outside the OWL 2 datatype map, such as xsd:date,
xsd:gYear and xsd:gYearMonth. The data keeps xsd:date because researchers compare dates in
SPARQL; the reasoner gets a view of the graph without those literals (and without the
rdfs:range declarations that name them). Dates play no part in the class and property axioms
the reasoner checks, so the view is consistent exactly when the graph's axioms are.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import owlready2
import rdflib
from rdflib.namespace import RDFS, XSD

from psgraph.errors import InputError
from psgraph.validation.findings import VIOLATION, Finding

NON_OWL2_DATATYPES = frozenset({XSD.date, XSD.gYear, XSD.gYearMonth, XSD.gMonth, XSD.gDay,
                                XSD.gMonthDay, XSD.time, XSD.duration})


def reasoner_view(graph: rdflib.Graph) -> rdflib.Graph:
    """The graph without the literals and range axioms HermiT cannot handle."""
    view = rdflib.Graph()
    for subject, predicate, obj in graph:
        if isinstance(obj, rdflib.Literal) and obj.datatype in NON_OWL2_DATATYPES:
            continue
        if predicate == RDFS.range and obj in NON_OWL2_DATATYPES:
            continue
        view.add((subject, predicate, obj))
    return view


def run_owl(graph: rdflib.Graph) -> list[Finding]:
    """Classify the graph with HermiT; report an inconsistency or unsatisfiable classes."""
    if shutil.which("java") is None:
        raise InputError("The OWL consistency check needs Java for HermiT: install a Java runtime "
                         "(`apt-get install default-jre-headless`) or run `make test`, which does.")
    handle, path = tempfile.mkstemp(suffix=".nt", prefix="psgraph-owl-")
    os.close(handle)
    world = owlready2.World()
    try:
        reasoner_view(graph).serialize(path, format="nt", encoding="utf-8")
        world.get_ontology(f"file://{path}").load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as error:
            return [Finding(check="owl", severity=VIOLATION, owner="", owner_label="",
                            focus="(whole graph)", rule="HermiT consistency",
                            message="The ontology and data are logically inconsistent (HermiT): "
                                    f"{_first_line(error)}. Look for a resource typed with two "
                                    "disjoint classes or a functional property with two values.")]
        return [Finding(check="owl", severity=VIOLATION, owner=cls.iri, owner_label=str(cls.name),
                        focus=cls.iri, rule="HermiT satisfiability",
                        message=f"The class {cls.iri} is unsatisfiable: no individual can belong to it.")
                for cls in world.inconsistent_classes()]
    finally:
        world.close()
        os.unlink(path)


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
