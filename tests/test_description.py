"""The dataset's description: VoID statistics measured on a store, DCAT written safely, schema.org for
the home page, and the repository's CITATION.cff."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import yaml

from psgraph.dataset import Dataset, iso_stamp
from psgraph.description import description, schema_org, statistics, turtle

PSG = "https://w3id.org/psgraph/ontology#"
ID = "https://w3id.org/psgraph/id/"
DATASET = Dataset("9.9.9", "2026-11-30T07:55:12Z", 0)
REPO = Path(__file__).resolve().parents[1]


def _tiny() -> ox.Store:
    store = ox.Store()
    body, council = ox.NamedNode(ID + "body/fr/clspd-lyon"), ox.NamedNode(PSG + "CLSPD")
    store.extend([
        ox.Quad(body, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), council),
        ox.Quad(body, ox.NamedNode(PSG + "startDate"),
                ox.Literal("2007-03-05", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
        ox.Quad(body, ox.NamedNode(PSG + "legalBasis"),
                ox.NamedNode("https://www.legifrance.gouv.fr/loda/id/JORFTEXT000000615568")),
        ox.Quad(body, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("CLSPD de Lyon")),
    ])
    return store


def test_statistics_are_measured_on_the_store() -> None:
    stats = statistics(_tiny())
    assert (stats.triples, stats.entities, stats.classes, stats.properties) == (4, 1, 1, 4)
    assert stats.class_partitions == ((PSG + "CLSPD", 1),)
    assert stats.linksets == (("https://www.legifrance.gouv.fr/", 1),)
    assert stats.earliest == "2007-03-05"


def test_the_description_parses_and_counts_what_the_store_holds() -> None:
    written = turtle(description(DATASET, statistics(_tiny()), "https://psgraph.example.org"))
    graph = list(ox.parse(written, format=ox.RdfFormat.TURTLE))
    subject = ox.NamedNode("https://psgraph.example.org/.well-known/void#psgraph")
    values = {t.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: t.object.value for t in graph
              if t.subject == subject
              and isinstance(t.object, ox.Literal)}
    assert values["triples"] == "4" and values["version"] == "9.9.9" and values["modified"] == "2026-11-30"
    downloads = {t.object.value for t in graph if t.predicate.value.endswith("#downloadURL")}
    assert "https://psgraph.example.org/dumps/psgraph-datapackage.zip" in downloads
    assert any(t.predicate.value.endswith("#sparqlEndpoint") for t in graph)


def test_a_hostile_base_cannot_add_triples() -> None:
    import pytest

    with pytest.raises(ValueError):
        description(DATASET, statistics(_tiny()), 'http://a> . <x:y> <x:z> "injected')


def test_schema_org_dataset_for_search_engines() -> None:
    described = schema_org(DATASET, "1983-06-08", "https://psgraph.example.org")
    assert described["@type"] == "Dataset" and described["temporalCoverage"] == "1983-06-08/2026-11-30"
    assert described["license"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert json.loads(json.dumps(described)) == described


def test_build_stamps_read_as_iso_8601() -> None:
    assert iso_stamp("20261130T075512861629Z") == "2026-11-30T07:55:12Z"


def test_citation_cff_is_valid_against_the_schema() -> None:
    from jsonschema import Draft7Validator

    schema = json.loads((REPO / "tests/fixtures/citation/cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(str(error.message) for error in Draft7Validator(schema).iter_errors(citation))
    assert not errors
    from psgraph import __version__

    assert citation["version"] == __version__, "CITATION.cff gives the package's version"


def test_an_invalid_citation_is_caught() -> None:
    from jsonschema import Draft7Validator

    schema = json.loads((REPO / "tests/fixtures/citation/cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors({"cff-version": "1.2.0", "title": "x"}))


def test_pages_and_report_write_a_build_time_alike_from_either_form() -> None:
    from psgraph.server.pages import build_time

    assert build_time("20261130T075512861629Z") == build_time("2026-11-30T07:55:12Z") == "30 November 2026, 07:55 UTC"
    assert build_time("20261130T075512861629Z", "fr") == "30 novembre 2026, 07:55 UTC"
    assert build_time("not a stamp") == "not a stamp"
