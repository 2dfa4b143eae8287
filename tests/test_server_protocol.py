from __future__ import annotations

import io
import urllib.parse

import pytest

from psgraph.server.protocol import ProtocolError, read_request

LIMIT = 1000


def environ(method="GET", query_string="", body=b"", content_type=""):
    return {"REQUEST_METHOD": method, "QUERY_STRING": query_string, "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}


def test_get_with_dataset():
    qs = urllib.parse.urlencode([("query", "ASK {}"), ("default-graph-uri", "http://e/g1"),
                                 ("named-graph-uri", "http://e/g2"), ("named-graph-uri", "http://e/g3")])
    request = read_request(environ(query_string=qs), LIMIT)
    assert request.query == "ASK {}"
    assert request.default_graphs == ("http://e/g1",)
    assert request.named_graphs == ("http://e/g2", "http://e/g3")


def test_post_form():
    body = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p 'é' }"}).encode()
    request = read_request(environ("POST", body=body, content_type="application/x-www-form-urlencoded"), LIMIT)
    assert request.query == "SELECT * WHERE { ?s ?p 'é' }"


def test_post_direct_takes_dataset_from_the_url():
    request = read_request(environ("POST", "default-graph-uri=http%3A%2F%2Fe%2Fg", b"ASK {}",
                                   "application/sparql-query; charset=utf-8"), LIMIT)
    assert request.query == "ASK {}" and request.default_graphs == ("http://e/g",)


def test_get_without_query_asks_for_the_service_description():
    assert read_request(environ(), LIMIT).query is None


@pytest.mark.parametrize(("request_environ", "status", "words"), [
    (environ(query_string="update=CLEAR+ALL"), 403, "read-only"),
    (environ("POST", body=b"update=CLEAR+ALL", content_type="application/x-www-form-urlencoded"), 403, "read-only"),
    (environ("POST", body=b"CLEAR ALL", content_type="application/sparql-update"), 403, "read-only"),
    (environ(query_string="query=ASK{}&query=ASK{}"), 400, "more than one"),
    (environ(query_string="query=+"), 400, "empty"),
    (environ("POST", body=b"x" * (LIMIT + 1), content_type="application/sparql-query"), 413, "at most 1000"),
    (environ("POST", body=b"ASK {}", content_type="text/plain"), 415, "text/plain"),
    (environ("POST", body=b"\xff\xfe", content_type="application/sparql-query"), 400, "UTF-8"),
    (environ("POST", "query=ASK{}", b"ASK {}", "application/sparql-query"), 400, "URL parameter"),
    (environ("POST", body=b"other=1", content_type="application/x-www-form-urlencoded"), 400, "no query"),
    (environ("PUT"), 405, "GET and POST"),
    (environ(query_string="query=ASK{}&default-graph-uri=not%20an%20iri"), 400, "absolute IRI"),
])
def test_refusals(request_environ, status, words):
    with pytest.raises(ProtocolError, match=words) as caught:
        read_request(request_environ, LIMIT)
    assert caught.value.status == status
