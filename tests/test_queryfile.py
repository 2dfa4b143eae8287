from pathlib import Path

import pytest

from psgraph.errors import InputError
from psgraph.queryfile import read_query_file


def test_header_is_parsed_as_yaml(tmp_path: Path) -> None:
    path = tmp_path / "example-violation.rq"
    path.write_text("#+ title: An example\n#+ description: >\n#+   Two\n#+   lines.\n#+ category: qc\n"
                    "SELECT ?focus ?message WHERE { ?focus ?p ?message }\n", encoding="utf-8")
    query = read_query_file(path)
    assert query.name == "example-violation"
    assert query.title == "An example"
    assert query.description == "Two lines."
    assert query.category == "qc"


def test_malformed_header_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("#+ title: [unclosed\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        read_query_file(path)


def test_every_qc_query_has_a_title_and_description(real_project) -> None:
    for path in real_project.qc_files():
        query = read_query_file(path)
        assert query.header.get("title"), path
        assert query.description, path
