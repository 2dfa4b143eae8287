"""Sources of every kind through the intake: web pages with kept passages that the quote check
verifies, policy documents by label or number, CELEX, and new documents declared in the workbook."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.intake.citations import passage_iri, sha256
from psgraph.intake.run import intake
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.validation.runner import validate
from tests.conftest import FIXTURES, REPO, built_copy

SEEDS = REPO.parent / "shared" / "seeds"
WORKBOOK = FIXTURES / "intake" / "sources"
PSG = "https://w3id.org/psgraph/ontology#"
PAGE = "https://www.example-prefecture.gouv.fr/securite/cispd"
PASSAGE = (
    "Dans le Vaucluse, le CISPD du Grand Avignon réunit les maires\n"
    "de l'agglomération sous la présidence du président de l'EPCI."
)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("sources") / "copy")


def _edited(tmp_path, sheet: str, old: str, new: str):
    """The workbook with one cell changed, citing a page the graph does not hold yet."""
    folder = tmp_path / "sources"
    shutil.copytree(WORKBOOK, folder)
    path = folder / f"{sheet}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new).replace(PAGE, PAGE + "-other"), encoding="utf-8")
    return folder


def test_every_kind_of_source_imports_builds_and_validates(project) -> None:
    """A web page with its kept passage, a policy document by its label's head and by its number,
    CELEX 32009D0902, the Tampere conclusions, and a communication the workbook declares."""
    result = intake(project, WORKBOOK, seeds=SEEDS)
    assert result.accepted, [str(p) for p in result.problems]
    build(project)
    outcome = validate(project, ("shacl", "qc"))
    assert outcome.conforms, [f.message for f in outcome.findings if f.is_violation][:3]
    store = open_store(project)

    def cited(body: str) -> set[str]:
        return {
            row[0].value
            for row in store.query(f"""
            SELECT ?s WHERE {{ <https://w3id.org/psgraph/id/body/{body}> <{PSG}citation>/<http://purl.org/dc/terms/source> ?s }}""")
        }

    law = "https://w3id.org/psgraph/id/law/eu/"
    assert cited("eu/eu-network-fixture") == {
        law + "com-2004-165",
        law + "dec-2009-902",
        law + "tampere-conclusions-1999",
        law + "com-2006-fixture",
    }
    assert PAGE in cited("fr/cispd-grand-avignon-web")
    passage = ox.NamedNode(passage_iri(PAGE, PASSAGE))
    kept = {
        q.predicate.value.rsplit("#", 1)[-1]: q.object.value
        for q in store.quads_for_pattern(passage, None, None)
    }
    assert kept["passageText"] == PASSAGE and kept["sha256"] == sha256(PASSAGE) and kept["passageOf"] == PAGE
    page = {q.predicate.value: q.object for q in store.quads_for_pattern(ox.NamedNode(PAGE), None, None)}
    assert page["http://purl.org/dc/terms/publisher"].value == "Préfecture de Vaucluse (jeu d'essai)"
    assert page["http://purl.org/dc/terms/date"] == ox.Literal(
        "2021-03", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )
    communication = ox.NamedNode(law + "com-2006-fixture")
    assert (
        ox.Quad(
            communication,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(PSG + "PolicyDocument"),
        )
        in store
    )  # a communication is no legal text
    assert not list(
        store.quads_for_pattern(
            communication,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://data.europa.eu/eli/ontology#LegalResource"),
        )
    )
    again = intake(project, WORKBOOK, seeds=SEEDS)
    assert again.accepted and not any(changed for _, changed in again.written)


def _web_quotes(data: Path) -> int:
    done = subprocess.run(
        [sys.executable, str(REPO.parent / "shared" / "tools" / "check-quotes"), str(data)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
    found = re.search(r"(\d+) quotes? of other sources left to the project's passage check", done.stdout)
    assert found, done.stdout
    return int(found.group(1))


def test_the_quote_check_counts_web_quotes_apart_and_the_graph_check_verifies_them(project) -> None:
    # The body's web quote, and the copies its three seats and its mandate inherit, beside the
    # web quotes the repository's data already holds.
    assert _web_quotes(project.root / "data") == _web_quotes(REPO / "data") + 5
    kept = project.root / "data" / "sources" / "intake" / "sources.ttl"
    original = kept.read_text(encoding="utf-8")
    kept.write_text(original.replace("réunit les maires", "réunit des maires"), encoding="utf-8")
    try:
        outcome = validate(project, ("qc",))
    finally:
        kept.write_text(original, encoding="utf-8")
    broken = [f for f in outcome.findings if f.rule == "quote-not-verifiable-violation"]
    assert len(broken) == 1 and "no longer has the SHA-256 recorded when it was read" in broken[0].message
    assert broken[0].owner == "https://w3id.org/psgraph/id/body/fr/cispd-grand-avignon-web"


@pytest.mark.parametrize(
    ("old", "new", "column", "message"),
    [
        (
            "le CISPD du Grand Avignon réunit les maires,,",
            "le CISPD du Grand Avignon réunit tous les maires,,",
            "quote",
            "the quote is not in the passage of this row",
        ),
        (",2021-03,2026-12-07,", ",2021-03,,", "read_on", "a web page is cited with the day you read it"),
        ("Préfecture de Vaucluse (jeu d'essai)", "", "publisher", "a web page is cited with its publisher"),
        (
            "CSI L132-13,,the article",
            "CSI L132-13,les maires,the article",
            "quote",
            "the words of 'Internal Security Code, art. L132-13 (CISPD)",
        ),
        (
            "eu-network-fixture,COM(2004) 165,,§ 4",
            "eu-network-fixture,COM(2004) 165,,§ 4,,,,2026-12-07",
            "read_on",
            "this column is for a web page",
        ),
    ],
)
def test_a_source_row_that_cannot_be_checked_is_refused_by_row_and_column(
    project, tmp_path, old, new, column, message
) -> None:
    result = intake(project, _edited(tmp_path, "sources", old, new), dry_run=True, seeds=SEEDS)
    assert [(p.sheet, p.column) for p in result.problems] == [("sources", column)], [
        str(p) for p in result.problems
    ]
    assert message in str(result.problems[0])


def test_a_web_quote_without_its_passage_is_a_locator_or_nothing(project, tmp_path) -> None:
    folder = tmp_path / "bare"
    shutil.copytree(WORKBOOK, folder)
    rows = (folder / "sources.csv").read_text(encoding="utf-8").split("\n")
    rows[1:3] = [
        f"cispd-grand-avignon-web,{PAGE}-bare,le CISPD du Grand Avignon,,Préfecture de Vaucluse,,,2026-12-07,"
    ]
    (folder / "sources.csv").write_text("\n".join(rows), encoding="utf-8")
    result = intake(project, folder, dry_run=True, seeds=SEEDS)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("sources", 2, "passage")]
    assert "a quote from a web page needs the passage it comes from" in str(result.problems[0])
