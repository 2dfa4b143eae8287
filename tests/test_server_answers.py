"""Canned answers are kept for the life of the server: the same question is answered once."""

from __future__ import annotations

from psgraph.server.answers import AnswerCache, answer_key
from psgraph.server.execution import QueryOutcome, QueryRequest


def _outcome(body: bytes, status: int = 200) -> QueryOutcome:
    return QueryOutcome(status, "application/json", body)


def test_the_same_question_with_other_parameters_or_format_is_another_answer() -> None:
    cache = AnswerCache()
    asked = QueryRequest("SELECT * WHERE { ?s ?p ?o }", format="json",
                         substitutions={"as_of": ("literal", "2005-01-01", "xsd:date", "")})
    cache.keep_answer(answer_key(asked), _outcome(b"2005"))
    assert cache.get(answer_key(asked)) == _outcome(b"2005")
    later = QueryRequest(asked.text, format="json",
                         substitutions={"as_of": ("literal", "2010-01-01", "xsd:date", "")})
    assert cache.get(answer_key(later)) is None
    assert cache.get(answer_key(QueryRequest(asked.text, format="csv", substitutions=asked.substitutions))) is None


def test_refusals_and_failures_are_not_kept() -> None:
    cache = AnswerCache()
    key = answer_key(QueryRequest("ASK {}"))
    cache.keep_answer(key, _outcome(b"busy", status=503))
    assert cache.get(key) is None and len(cache) == 0


def test_the_least_recently_used_answers_go_first_past_the_budget() -> None:
    cache = AnswerCache(budget_bytes=10)
    first, second, third = (answer_key(QueryRequest(f"ASK {{ <urn:{n}> ?p ?o }}")) for n in range(3))
    cache.keep_answer(first, _outcome(b"1234"))
    cache.keep_answer(second, _outcome(b"5678"))
    assert cache.get(first) is not None  # now the most recent
    cache.keep_answer(third, _outcome(b"9012"))  # 12 bytes: the least recent (second) goes
    assert cache.get(second) is None and cache.get(first) is not None and cache.get(third) is not None
    cache.keep_answer(answer_key(QueryRequest("ASK {}")), _outcome(b"x" * 11))  # larger than the budget
    assert len(cache) == 2


def test_a_kept_query_page_is_the_same_page_and_gains_no_header(real_project) -> None:
    from psgraph.build import build
    from tests.serverkit import fetch, running_server

    build(real_project)
    with running_server(real_project.root) as base:
        first = fetch(f"{base}/queries/who-leads?lang=fr")
        second = fetch(f"{base}/queries/who-leads?lang=fr")
        third = fetch(f"{base}/queries/who-leads?lang=fr")
    assert first[0] == second[0] == third[0] == 200
    assert first[2] == second[2] == third[2] and "Qui préside" in third[2].decode()
    assert len(third[1].get_all("Set-Cookie") or []) == 1  # the reader's language, once
