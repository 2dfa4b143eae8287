from __future__ import annotations

import pyoxigraph as ox
import pytest

from psgraph.sparqltext import bind_text, is_select, projected_variables, query_form
from tests.conftest import REPO
from tests.querykit import WORLD, canned, fixture_store

DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def test_projected_variables_are_the_plain_ones_of_the_top_select() -> None:
    text = 'SELECT ?a (COUNT(?b) AS ?n) ?c WHERE { ?a ?p ?b { SELECT ?z WHERE { ?z ?p ?c } } }'
    assert projected_variables(text) == {"a", "c"}


def test_is_select() -> None:
    assert is_select("PREFIX e: <http://e/>\n# SELECT in a comment\nSELECT ?s WHERE { ?s ?p ?o }")
    assert not is_select("# SELECT in a comment\nASK { ?s ?p ?o }")
    assert not is_select('CONSTRUCT { ?s ?p "SELECT" } WHERE { ?s ?p ?o }')


def test_bind_text_leaves_strings_iris_comments_and_subqueries_alone() -> None:
    text = ('# ?x in a comment\nSELECT ?x WHERE { ?s <http://e/?x> "?x" . '
            '{ SELECT ?s WHERE { ?s ?p ?x } } FILTER(?x > 1) } ORDER BY ?x')
    bound = bind_text(text, {"x": ox.Literal("5")})
    assert bound == ('# ?x in a comment\nSELECT ("5" AS ?x) WHERE { ?s <http://e/?x> "?x" . '
                     '{ SELECT ?s WHERE { ?s ?p ?x } } FILTER("5" > 1) } ORDER BY ("5")')


def test_bind_text_escapes_values_so_they_cannot_change_the_query() -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; #')
    bound = bind_text('SELECT ?v WHERE { ?s ?p ?v }', {"v": hostile})
    assert bound == 'SELECT ("x\\" } ; DROP ALL ; #" AS ?v) WHERE { ?s ?p "x\\" } ; DROP ALL ; #" }'


def test_a_grouped_parameter_leaves_group_by_and_is_projected_as_its_term() -> None:
    text = "SELECT ?k ?g (COUNT(*) AS ?n) WHERE { ?s ?k ?g } GROUP BY ?k ?g HAVING (COUNT(*) > 0)"
    bound = bind_text(text, {"g": ox.Literal("a")})
    assert bound == ('SELECT ?k ("a" AS ?g) (COUNT(*) AS ?n) WHERE { ?s ?k "a" } GROUP BY ?k  '
                     'HAVING (COUNT(*) > 0)')


def test_a_parameter_that_is_the_only_group_key_stays_as_a_constant_key() -> None:
    bound = bind_text("SELECT ?g (COUNT(*) AS ?n) WHERE { ?s ?p ?g } GROUP BY ?g", {"g": ox.Literal("a")})
    assert bound == 'SELECT ("a" AS ?g) (COUNT(*) AS ?n) WHERE { ?s ?p "a" } GROUP BY ("a")'
    empty = ox.Store()
    assert list(empty.query(bound)) == [], "no solution, no group (an empty GROUP BY would give one)"


@pytest.mark.parametrize("name", sorted(path.stem for path in (REPO / "queries").glob("*.rq")))
def test_bound_text_gives_the_rows_the_engine_binding_gives(name: str) -> None:
    store = fixture_store(WORLD)
    query = canned(name)
    bindings = query.bind({"as_of": "2015-06-01"} if query.param("as_of") else {})
    substituted = store.query(query.text, substitutions={ox.Variable(k): v for k, v in bindings.items()})
    expected = sorted(tuple(map(str, row)) for row in substituted)
    assert sorted(tuple(map(str, row)) for row in store.query(bind_text(query.text, bindings))) == expected


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX select: <http://e/> BASE <http://b/> ask { ?s select:p ?o }", "ASK"),
    ("# SELECT in a comment\nCONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("PREFIX : <http://e/> INSERT DATA { :a :b :c }", "INSERT"),
    ("PREFIX e: <http://e/>", ""),
])
def test_query_form(text, form):
    assert query_form(text) == form


SUB_SELECT_WORLD = ox.Store()
for _subject, _value in (("a", "1"), ("b", "2")):
    SUB_SELECT_WORLD.add(ox.Quad(ox.NamedNode(f"http://e/{_subject}"), ox.NamedNode("http://e/p"),
                                 ox.Literal(_value)))


@pytest.mark.parametrize("text", [
    "SELECT ?x ?s WHERE { { SELECT ?s ?x WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } } }",
    "SELECT ?x ?s WHERE { { SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } } }",
    "SELECT ?x ?s WHERE { { SELECT ?s ?x WHERE { { SELECT ?s WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } } } } }",
    "SELECT ?x ?s WHERE { { SELECT ?s ?x WHERE { { SELECT ?s ?x WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } } } } }",
    "SELECT ?x ?n WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } GROUP BY ?x } }",
    "SELECT ?x ?s WHERE { { SELECT * WHERE { ?s <http://e/p> ?o FILTER(?o = ?x) } } }",
    "SELECT ?x ?s WHERE { { SELECT * WHERE { ?s <http://e/p> ?x } } }",
    "SELECT ?x ?s WHERE { ?s <http://e/p> ?o MINUS { ?s <http://e/p> ?v FILTER(?v = ?x) } }",
    # under OPTIONAL, a sub-SELECT that finds nothing for a row must not leave ?x unbound there
    "SELECT ?x ?s ?here WHERE { ?s <http://e/p> ?o OPTIONAL { SELECT ?x ?s (1 AS ?here) WHERE { ?s <http://e/p> ?x } } }",
    "SELECT ?x (COUNT(?here) AS ?n) WHERE { ?s <http://e/p> ?o "
    "OPTIONAL { SELECT DISTINCT ?x ?s (1 AS ?here) WHERE { ?s <http://e/p> ?x } } } GROUP BY ?x",
])
def test_bind_text_reaches_into_sub_selects_that_project_the_variable(text: str) -> None:
    bindings = {"x": ox.Literal("1")}
    substituted = SUB_SELECT_WORLD.query(text, substitutions={ox.Variable("x"): bindings["x"]})
    expected = sorted(tuple(map(str, row)) for row in substituted)
    assert sorted(tuple(map(str, row)) for row in SUB_SELECT_WORLD.query(bind_text(text, bindings))) == expected
