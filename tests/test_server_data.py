"""The dataset on the server: its DCAT/VoID description at /.well-known/void, the data package
among the downloads, its codebook at /data, and the schema.org Dataset on the home page."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.datapackage.tables import TABLES
from psgraph.store import open_store
from tests.serverkit import fetch, running_server

VOID = "http://rdfs.org/ns/void#"


@pytest.fixture(scope="module")
def server(real_project):
    build(real_project)
    with running_server(real_project.root, "--workers", "1") as url:
        yield url


def _described(body: bytes) -> list[ox.Triple]:
    return list(ox.parse(body, format=ox.RdfFormat.TURTLE))


def test_void_counts_the_triples_of_the_store(server, real_project) -> None:
    status, headers, body = fetch(f"{server}/.well-known/void")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = _described(body)
    dataset = next(t.subject for t in graph if t.object == ox.NamedNode("http://www.w3.org/ns/dcat#Dataset"))
    counted = {t.predicate.value.removeprefix(VOID): int(t.object.value) for t in graph
               if t.subject == dataset and t.predicate.value in (VOID + "triples", VOID + "classes")}
    assert counted["triples"] == len(open_store(real_project))
    assert counted["classes"] > 50
    assert any(t.predicate.value == VOID + "sparqlEndpoint" and t.object.value == f"{server}/sparql"
               for t in graph)


def test_a_hostile_host_header_does_not_become_triples(server) -> None:
    status, _, body = fetch(f"{server}/.well-known/void", headers={"Host": 'a> . <x:y> <x:z> "injected'})
    assert status == 200
    assert not any(t.subject.value == "x:y" for t in _described(body))


def test_the_data_package_is_among_the_downloads(server) -> None:
    status, _, body = fetch(f"{server}/dumps")
    assert status == 200 and b'href="/dumps/psgraph-datapackage.zip"' in body and b"cff-version" in body
    # The first request writes the package: about 30 s on a loaded 2-core machine (territory_within,
    # citations and territories are 155,000 of its 164,000 rows).
    status, headers, body = fetch(f"{server}/dumps/psgraph-datapackage.zip", timeout=180)
    assert status == 200 and headers["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
    assert len(descriptor["resources"]) == len(TABLES) + 1


def test_the_codebook_page_describes_every_table_in_both_languages(server) -> None:
    for lang, heading in (("en", "The data as tables: codebook"), ("fr", "Les données en tableaux")):
        status, _, body = fetch(f"{server}/data?lang={lang}", timeout=180)
        page = body.decode()
        assert status == 200 and heading in page
        for table in TABLES:
            assert f'id="{table.name}"' in page
        assert 'id="LevelScheme"' in page and "<code>National</code>" in page


def test_the_home_page_carries_a_schema_org_dataset(server) -> None:
    _, _, body = fetch(f"{server}/")
    found = re.search(rb'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert found is not None
    described = json.loads(found.group(1))
    assert described["@type"] == "Dataset" and described["version"]
    assert any(d["contentUrl"].endswith("/dumps/psgraph-datapackage.zip") for d in described["distribution"])
