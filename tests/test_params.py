from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from psgraph.errors import InputError
from psgraph.params import Param, parse_assignments


@pytest.mark.parametrize(("kind", "text", "expected"), [
    ("date", "2005-01-31", '"2005-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("iri", "terr:fr", "<https://w3id.org/psgraph/id/territory/fr>"),
    ("iri", "<http://example.org/x>", "<http://example.org/x>"),
    ("integer", "+3", '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'),
    ("decimal", "0.5", '"0.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'),
    ("boolean", "TRUE", '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>'),
    ("string", "Lyon", '"Lyon"'),
])
def test_values_become_typed_terms(kind: str, text: str, expected: str) -> None:
    assert str(Param("p", kind).parse(text)) == expected


@pytest.mark.parametrize(("kind", "text"), [
    ("date", "2005-13-01"), ("date", "yesterday"), ("iri", "nope:fr"), ("iri", "just words"),
    ("integer", "3.5"), ("decimal", "1e3"), ("boolean", "yes"),
])
def test_wrong_values_name_the_parameter(kind: str, text: str) -> None:
    with pytest.raises(InputError, match=r"^Parameter p="):
        Param("p", kind).parse(text)


def test_today_default() -> None:
    param = Param("as_of", "date", default="today")
    assert param.default_term(date(2026, 11, 22)).value == "2026-11-22"


def test_header_entries_are_checked() -> None:
    with pytest.raises(InputError, match="unknown type 'when'"):
        Param.from_header({"name": "as_of", "type": "when"}, "q.rq")
    with pytest.raises(InputError, match="the default of parameter n is invalid"):
        Param.from_header({"name": "n", "type": "integer", "default": "many"}, "q.rq")


def test_assignments() -> None:
    assert parse_assignments(["as_of=2005-01-01", "country=terr:fr"]) == {"as_of": "2005-01-01", "country": "terr:fr"}
    with pytest.raises(InputError, match="NAME=VALUE"):
        parse_assignments(["as_of"])
    with pytest.raises(InputError, match="given twice"):
        parse_assignments(["a=1", "a=2"])


def test_a_parameter_error_says_the_same_in_french() -> None:
    from psgraph.errors import ParameterError

    with pytest.raises(ParameterError) as caught:
        Param("as_of", "date").parse("30/11/2026")
    assert str(caught.value) == "Parameter as_of='30/11/2026' is not a date written YYYY-MM-DD."
    assert caught.value.in_language("fr") == "Le paramètre as_of='30/11/2026' n'est pas une date écrite AAAA-MM-JJ."
    bounded = Param("min_similarity", "decimal", minimum=Decimal("0.3"))
    with pytest.raises(ParameterError) as caught:
        bounded.parse("0.2")
    assert "inférieur à 0,3, la plus petite valeur" in caught.value.in_language("fr")


def test_a_range_names_the_kind_of_resource_an_iri_parameter_takes() -> None:
    assert Param.from_header({"name": "territory", "type": "iri", "range": "territory"}, "q.rq").range == "territory"
    with pytest.raises(InputError, match="only an iri parameter takes a range, one of"):
        Param.from_header({"name": "n", "type": "integer", "range": "territory"}, "q.rq")
    with pytest.raises(InputError, match="has range 'place'"):
        Param.from_header({"name": "territory", "type": "iri", "range": "place"}, "q.rq")
