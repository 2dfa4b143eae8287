"""The project's competency questions (tests/competency/*.rq), answered by the graph's structure.

Each question is a SELECT with the question, its category, the inventory entry it comes from and
its expected answer in a ``#+`` YAML header. A question passes only if the real graph gives exactly
the expected rows, and gives them again once every quote, definition, note and comment is removed:
text in a quote is evidence, not data, so an answer that needs it is not an answer from structure.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from psgraph.build import build
from psgraph.results import compact
from psgraph.store import open_store

FOLDER = Path(__file__).resolve().parent / "competency"
CATEGORIES = {"lookup", "chronology", "lineage", "levels", "membership", "comparison", "eu-history",
              "overlap", "duplication", "gap", "findings"}
# Text that is evidence or explanation, never data a question may rest on.
PROSE = ["https://w3id.org/psgraph/ontology#quote", "http://www.w3.org/2004/02/skos/core#definition",
         "http://www.w3.org/2004/02/skos/core#note", "http://www.w3.org/2000/01/rdf-schema#comment",
         "http://www.w3.org/2004/02/skos/core#scopeNote", "http://purl.org/dc/terms/description",
         "https://w3id.org/psgraph/ontology#legalStatusNote"]


def header(path: Path) -> dict:
    lines = [line[3:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#+ ")]
    return yaml.safe_load("\n".join(lines))


QUESTIONS = sorted(FOLDER.glob("*.rq"))


@pytest.fixture(scope="module")
def graphs(real_project):
    build(real_project)
    whole = ox.Store()
    whole.bulk_extend(open_store(real_project))
    stripped = ox.Store()
    stripped.bulk_extend(quad for quad in whole if quad.predicate.value not in PROSE)
    assert len(stripped) < len(whole)
    return whole, stripped


def answers(store: ox.Store, path: Path) -> set[tuple[str, ...]]:
    solutions = store.query(path.read_text(encoding="utf-8"))
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    return {tuple(_show(solution[name]) for name in names) for solution in solutions}


def _show(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return str(getattr(term, "value", term))


def test_there_are_at_least_sixty_questions_in_every_category():
    found = [header(path) for path in QUESTIONS]
    assert len(found) >= 60, f"{len(found)} competency questions"
    assert {entry["category"] for entry in found} == CATEGORIES
    assert all(entry["question"].endswith("?") and entry["inventory"] for entry in found)


@pytest.mark.parametrize("path", QUESTIONS, ids=[path.stem for path in QUESTIONS])
def test_the_graph_answers_from_its_structure(graphs, path):
    whole, stripped = graphs
    expected = {tuple(str(value) for value in row) for row in header(path)["expected"]}
    assert expected, "a competency question needs a non-empty expected answer"
    assert answers(whole, path) == expected
    assert answers(stripped, path) == expected, "the answer needs a quote, definition or note"


def test_an_answer_that_only_a_quote_gives_is_caught(graphs):
    """The check has teeth: a question answered by searching quotes loses its answer."""
    whole, stripped = graphs
    by_quote = ('SELECT ?c WHERE { ?c <https://w3id.org/psgraph/ontology#quote> ?q '
                'FILTER(CONTAINS(?q, "skills gap")) }')
    assert list(whole.query(by_quote)) and not list(stripped.query(by_quote))
