"""The ontology guide: every class in a theme and in the class diagram, vocabularies and body types."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from psgraph.server.guide import THEMES, class_diagram, diagram_classes, diagram_source
from psgraph.turtle import memory_store
from tests.conftest import REPO

PSG = "https://w3id.org/psgraph/ontology#"


@pytest.fixture(scope="module")
def ontology() -> ox.Store:
    return memory_store(sorted((REPO / "ontology").glob("*.ttl")))


def _classes(ontology: ox.Store) -> set[str]:
    return {q.subject.value.removeprefix(PSG) for q in ontology.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("http://www.w3.org/2002/07/owl#Class")) if q.subject.value.startswith(PSG)}


def test_every_class_is_in_exactly_one_theme(ontology) -> None:
    themed = [name for *_, names in THEMES for name in names]
    assert sorted(themed) == sorted(_classes(ontology))


def test_the_class_diagram_shows_every_class_of_the_ontology(ontology) -> None:
    if shutil.which("dot") is None:
        pytest.fail("Graphviz is not installed (`make test` installs it)")
    shown = diagram_classes(class_diagram(ontology))
    assert {f"psg:{name}" for name in _classes(ontology)} <= shown
    assert {"org:Membership", "org:ChangeEvent", "eli:LegalResource"} <= shown
    assert '"psg:PartnershipBody" -> "psg:PartnershipArrangement"' in diagram_source(ontology)  # a subclass
