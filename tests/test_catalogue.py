from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from psgraph.catalogue import CATEGORIES, find, load_catalogue, load_query
from psgraph.errors import InputError

GOOD = """#+ title: T
#+ description: D
#+ category: gap
#+ params:
#+   - name: as_of
#+     type: date
#+     default: today
SELECT ?s ?as_of WHERE { ?s ?p ?o }
"""


def test_catalogue_has_at_least_16_queries_and_3_per_category(real_project) -> None:
    catalogue = load_catalogue(real_project)
    counts = Counter(q.category for q in catalogue.values())
    assert len(catalogue) >= 16
    assert all(counts[c] >= 3 for c in CATEGORIES if c != "lookup")


def test_every_query_involving_time_takes_as_of(real_project) -> None:
    for query in load_catalogue(real_project).values():
        if "activeFrom" in query.text or "psg:date" in query.text:
            assert query.param("as_of") is not None and query.param("as_of").default == "today", query.name


@pytest.mark.parametrize(("text", "message"), [
    (GOOD.replace("#+ title: T\n", ""), "needs a title"),
    (GOOD.replace("category: gap", "category: misc"), "is not one of"),
    (GOOD.replace("SELECT ?s ?as_of", "SELECT ?s"), "must be a plain variable of the SELECT clause"),
    (GOOD.replace("#+ params:", "#+ params: [oops"), "not valid YAML"),
    (GOOD.replace("SELECT ?s ?as_of WHERE", "ASK"), "must be a SELECT query"),
])
def test_bad_headers_are_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_query(path)


def test_bind_reports_unknown_and_required_parameters(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(GOOD, encoding="utf-8")
    query = load_query(path)
    with pytest.raises(InputError, match="has no parameter 'asof'"):
        query.bind({"asof": "2005-01-01"})
    required = GOOD.replace("    default: today", "    required: true")
    path.write_text(required, encoding="utf-8")
    with pytest.raises(InputError, match="needs parameter as_of"):
        load_query(path).bind({})


def test_unknown_query_suggests_the_closest(real_project) -> None:
    with pytest.raises(InputError, match="Did you mean lineage"):
        find(load_catalogue(real_project), "linage")


def test_every_canned_query_has_a_french_title_and_description(real_project) -> None:
    """The pages speak French: a query added without its French text would show English there."""
    for query in load_catalogue(real_project).values():
        assert query.header.get("title_fr") and query.header.get("description_fr"), query.name
        assert query.title_in("fr") != query.title and query.title_in("en") == query.title
        for param in query.params:
            assert param.description_fr and param.description_in("fr") != param.description_in("en"), \
                f"{query.name}: parameter {param.name} has no French help text"


def test_a_query_in_french_asks_for_french_labels_and_an_odd_language_is_refused(real_project) -> None:
    query = load_catalogue(real_project)["who-leads"]
    assert '"en")' in query.text and '"en")' not in query.in_language("fr").text
    assert query.in_language("fr").text.count('"fr")') == query.text.count('"en")')
    assert query.in_language("en") is query
    with pytest.raises(InputError, match="lang='de' is not a language of the graph"):
        query.in_language("de")


def test_every_column_of_every_canned_query_has_a_header_in_both_languages(real_project) -> None:
    """Column headers, form labels, chart axes and legends are read from the ``columns:`` entry of the
    query's header: a column added without its two names would show its variable name on a French
    page. (``fooLabel`` beside ``foo`` is "foo (name)".)"""
    for query in load_catalogue(real_project).values():
        declared = query.header.get("columns") or {}
        for column in _columns(query.text):
            if column.endswith("Label") and column[:-5] in declared:
                continue
            pair = declared.get(column)
            assert isinstance(pair, list) and len(pair) == 2 and all(pair), f"{query.name}: column {column}"
        assert set(declared) <= _columns(query.text), f"{query.name} names a column it lacks"
    who = load_catalogue(real_project)["who-leads"]
    assert (who.column_label("authorityKind", "en"), who.column_label("authorityKind", "fr")) == \
        ("who leads", "qui dirige")
    gaps = load_catalogue(real_project)["statutory-gap-counts"]
    assert gaps.column_label("areaLabel", "fr") == "territoire englobant (nom)"


def test_values_a_query_writes_itself_are_translated_by_its_header(real_project) -> None:
    """``BIND("body type" AS ?layer)`` is a word of the interface: French pages show « type d'instance »."""
    import re

    for query in load_catalogue(real_project).values():
        written = set(re.findall(r'BIND\("([^"]+)" AS \?(\w+)\)', query.text))
        for value, column in written:
            if column in query.header.get("columns", {}):
                assert query.value_label(column, value, "fr") != value, f"{query.name}: {column} = {value!r}"
    successors = load_catalogue(real_project)["coexisting-successors"]
    assert successors.value_label("layer", "body type", "fr") == "type d'instance"
    assert successors.value_label("layer", "body type", "en") == "body type"


def _columns(text: str) -> set[str]:
    """The columns of a query's answer: the top-level SELECT's plain variables and those after AS."""
    from psgraph.sparqltext import tokens

    found, previous = set(), None
    for token in tokens(text):
        if token.clause == "select" and token.kind == "var" and (
                token.parens == 0 or (previous is not None and previous.text.upper() == "AS")):
            found.add(token.text[1:])
        if token.kind != "space":
            previous = token
    return found
