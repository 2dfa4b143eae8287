"""The synthetic layer: labelled as fiction, reproducible, outside data/, and valid against the shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.synth import SYNTH, synthesise
from psgraph.validation.runner import validate

RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def small_layer(real_project: Project, tmp_path_factory) -> tuple[Path, object]:
    build(real_project)
    out = tmp_path_factory.mktemp("synthetic")
    result = synthesise(open_store(real_project), out, seed=7, coverage=0.02, members=5)
    return out, result


def test_everything_written_is_labelled_synthetic(small_layer) -> None:
    out, result = small_layer
    store = ox.Store()
    for path in result.files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert result.bodies > 10 and result.memberships > result.bodies * 3
    assert len(store) == result.triples
    named = {q.subject for q in store if isinstance(q.subject, ox.NamedNode)}
    assert named and all(s.value.startswith(SYNTH) for s in named)
    for subject in named:
        labels = [q.object.value for q in store.quads_for_pattern(subject, RDFS_LABEL, None)]
        assert any("ynth" in label or "SYNTH" in label for label in labels), subject
    assert all(Path(p).parent == out for p in result.files)


def test_same_seed_same_layer(real_project: Project, small_layer, tmp_path: Path) -> None:
    _out, result = small_layer
    again = synthesise(open_store(real_project), tmp_path, seed=7, coverage=0.02, members=5)
    assert [p.read_bytes() for p in again.files] == [p.read_bytes() for p in result.files]


def test_layer_conforms_to_the_shapes(real_project: Project, small_layer) -> None:
    out, _ = small_layer
    outcome = validate(real_project.including([str(out)]), ["shacl", "qc"])
    assert outcome.conforms, [f.message for f in outcome.findings][:5]


def test_layer_fills_statutory_gaps(real_project: Project, small_layer) -> None:
    from psgraph.catalogue import load_catalogue
    from psgraph.querying import run_embedded

    out, result = small_layer
    query = load_catalogue(real_project)["statutory-gaps"]
    bindings = query.bind({"body_type": "psg:CLSPD", "as_of": "2026-11-22"})
    before = len(run_embedded(open_store(real_project), query, bindings).rows)
    with_layer = real_project.including([str(out)])
    build(with_layer)
    try:
        after = len(run_embedded(open_store(with_layer), query, bindings).rows)
    finally:
        build(real_project)
    layer = ox.Store()
    for path in result.files:
        layer.load(path=str(path), format=ox.RdfFormat.TURTLE)
    councils = len(list(layer.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                                ox.NamedNode("https://w3id.org/psgraph/ontology#CLSPD"))))
    # each synthetic CLSPD sits on a commune the law obliges, and a CISPD stands in for its EPCI's
    assert 0 < councils <= before - after


def test_the_councils_the_law_institutes_are_not_written_again(small_layer) -> None:
    """The CDPD of each département exists in data/instances: the layer adds members to it and
    makes the CLSPDs report to it, and writes no second CDPD beside it."""
    _out, result = small_layer
    store = ox.Store()
    for path in result.files:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    psg = "https://w3id.org/psgraph/ontology#"
    assert not bool(store.query(f"ASK {{ ?b a <{psg}CDPD> }}"))
    instituted = {row[0].value for row in store.query(
        "SELECT DISTINCT ?b WHERE { [] <http://www.w3.org/ns/org#organization> ?b "
        "FILTER(STRSTARTS(STR(?b), 'https://w3id.org/psgraph/id/body/fr/cdpd-')) }")}
    assert len(instituted) == 101, "invited members on every département's instituted council"
    reports = {row[0].value for row in store.query(f"SELECT DISTINCT ?c WHERE {{ [] <{psg}reportsTo> ?c }}")}
    assert reports and reports <= instituted
