from __future__ import annotations

import pytest

from psgraph.server.guard import (
    Refused,
    TooComplex,
    check_complexity,
    check_query,
    check_read_only,
    check_services,
    service_targets,
)


@pytest.mark.parametrize("text", [
    "INSERT DATA { <a:a> <a:b> <a:c> }",
    "PREFIX ex: <http://e/> DELETE WHERE { ?s ex:p ?o }",
    "load <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <a:g>",
    "WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "# a comment\nBASE <http://e/>\nCOPY DEFAULT TO <g>",
])
def test_updates_are_refused(text):
    with pytest.raises(Refused, match="read-only"):
        check_read_only(text)


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o }",
    "PREFIX insert: <http://e/> SELECT * WHERE { ?s insert:load ?o }",
    "# INSERT DATA in a comment\nASK { ?s ?p 'DELETE' }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "SELEC nonsense",  # left to the parser, which answers 400
])
def test_queries_pass_the_read_only_check(text):
    check_read_only(text)


def test_service_targets_are_expanded():
    text = """PREFIX e: <http://allowed.org>
    BASE <http://base.example/>
    SELECT * WHERE {
      SERVICE <http://a.example/sparql> { ?s ?p ?o }
      SERVICE SILENT e:.evil.com/sparql { ?s ?p ?o }
      service <relative> { ?s ?p ?o }
      SERVICE ?endpoint { ?s ?p ?o }
      ?s e:service ?o .  # a prefixed name, not the keyword
      FILTER(?o != "SERVICE <http://string.example/>")
    }"""
    assert service_targets(text) == ["http://a.example/sparql", "http://allowed.org.evil.com/sparql",
                                     "http://base.example/relative", "?endpoint"]


def test_no_service_is_allowed_by_default():
    with pytest.raises(Refused, match=r"a\.example:80 is not in the allow-list"):
        check_services("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ())


def test_allowed_hosts_pass_and_others_do_not():
    allowed = ("a.example", "127.0.0.1:7879")
    check_services("SELECT * WHERE { SERVICE <https://A.example/q> { ?s ?p ?o } }", allowed)
    check_services("SELECT * WHERE { SERVICE <http://a.example:80/q> { ?s ?p ?o } }", allowed)
    check_services("SELECT * WHERE { SERVICE <http://127.0.0.1:7879/sparql> { ?s ?p ?o } }", allowed)
    with pytest.raises(Refused, match=r"a\.example:8443 is not in the allow-list"):  # a host alone: 80, 443
        check_services("SELECT * WHERE { SERVICE <https://A.example:8443/q> { ?s ?p ?o } }", allowed)
    with pytest.raises(Refused):
        check_services("SELECT * WHERE { SERVICE <http://127.0.0.1:7880/sparql> { ?s ?p ?o } }", allowed)
    with pytest.raises(Refused):
        check_services("PREFIX e: <http://a.example> SELECT * WHERE { SERVICE e:.evil.com/ { ?s ?p ?o } }",
                       allowed)


@pytest.mark.parametrize(("target", "reason"), [("?x", "variable"), ("<ftp://a.example/>", "http")])
def test_unverifiable_targets_are_refused(target, reason):
    with pytest.raises(Refused, match=reason):
        check_services(f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}", ("a.example",))


def test_queries_without_service_pass():
    check_services("SELECT ?service WHERE { ?service <http://e/p> 'SERVICE' }", ())


@pytest.mark.parametrize("leader", ["BIND(ex:a\\#b AS ?x)", "BIND(ex:a\\'b AS ?x)", "BIND(ex:%23 AS ?x)",
                                    "?s ex:a\\~b ?o ."])
def test_local_escapes_in_prefixed_names_do_not_hide_a_service_call(leader):
    """The old guard read ``\\#`` as a comment and ``\\'`` as a string: the SERVICE after it ran."""
    text = f"PREFIX ex: <http://e/> SELECT * WHERE {{ {leader} SERVICE <http://evil.example/> {{ ?s ?p ?o }} }}"
    assert service_targets(text) == ["http://evil.example/"]


def test_unicode_escapes_in_a_service_iri_are_decoded_before_the_host_is_compared():
    assert service_targets("SELECT * { SERVICE <http://\\u0065vil.example/> { ?s ?p ?o } }") == [
        "http://evil.example/"]


@pytest.mark.parametrize(("text", "words"), [
    ("SELECT * WHERE " + "{" * 129 + "}" * 129, "129 levels deep"),
    ("SELECT ?x WHERE { BIND(" + "(" * 200 + "1" + ")" * 200 + " AS ?x) }", "levels deep"),
    ("SELECT * WHERE { " + "OPTIONAL { } " * 1001 + "}", "1001 OPTIONAL"),
])
def test_too_deep_or_too_long_queries_are_refused(text, words):
    with pytest.raises(TooComplex, match=words):
        check_complexity(text)


def test_strings_and_comments_do_not_count_as_nesting():
    check_complexity("SELECT * WHERE { BIND('" + "(" * 500 + "' AS ?x) } # " + "{" * 500)


def test_check_query_runs_every_check_on_one_reading():
    allowed = ("allowed.example",)
    assert check_query("SELECT * { SERVICE <http://allowed.example/s> { ?s ?p ?o } }", allowed) == [
        "http://allowed.example/s"]
    assert check_query("ASK {}", allowed) == []
    with pytest.raises(Refused, match="read-only"):
        check_query("CLEAR ALL", allowed)
    with pytest.raises(TooComplex):
        check_query("SELECT * WHERE " + "{" * 200 + "}" * 200, allowed)
    with pytest.raises(Refused, match="not in the allow-list"):
        check_query("SELECT * { SERVICE <http://allowed.example/> {} SERVICE SILENT <http://evil.example/> {} }",
                    allowed)


@pytest.mark.parametrize("hidden", [".SERVICE <http://evil.example/> {}",
                                    "FILTER(?a<'x>#'||true) SERVICE <http://evil.example/> {}",
                                    "# SERVICE <http://evil.example/> {}\n", "BIND('SERVICE' AS ?x)"])
def test_a_federated_query_with_more_service_words_than_calls_is_refused(hidden):
    """The reading is a friendly early answer, not the barrier (the federated worker's namespace is,
    server.egress): a word SERVICE it cannot account for gets a 403 that says so."""
    text = f"SELECT * WHERE {{ SERVICE <http://allowed.example/s> {{ ?s ?p ?o }} {hidden} }}"
    with pytest.raises(Refused, match="the word SERVICE occurs 2 times but only 1 are calls"):
        check_query(text, ("allowed.example",))


def test_the_depth_bound_counts_what_a_reading_of_the_text_could_miss():
    """Strings, IRIs and comments are counted too: the bound holds whatever the text means."""
    from psgraph.server.guard import MAX_LEVEL_UNITS, check_levels

    check_levels("SELECT * WHERE { ?s ?p ?o } # " + "x" * 100_000)  # a long comment is one word
    for hiding in ("# ", "'", "<a:b/"):
        with pytest.raises(TooComplex, match=f"more than the {MAX_LEVEL_UNITS:,} this endpoint accepts"):
            check_levels(f"SELECT * WHERE {{ ?s ?p ?o }} {hiding}" + "!" * MAX_LEVEL_UNITS)
    with pytest.raises(TooComplex, match=r"brackets count 4\.5 each"):
        check_levels("SELECT * WHERE " + "{" * (MAX_LEVEL_UNITS // 4))
