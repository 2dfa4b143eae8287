from pathlib import Path

import pytest

from psgraph.errors import InputError
from psgraph.turtle import memory_store, rdflib_graph


def test_memory_store_loads_every_file(tmp_path: Path) -> None:
    first = tmp_path / "a.ttl"
    second = tmp_path / "b.ttl"
    first.write_text('<http://e/a> <http://e/p> "one" .\n', encoding="utf-8")
    second.write_text('<http://e/b> <http://e/p> "two" .\n', encoding="utf-8")
    assert len(memory_store([first, second])) == 2


def test_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://e/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        memory_store([bad], {bad: "data/bad.ttl"})
    message = str(caught.value)
    assert message.startswith("data/bad.ttl:3:11: ")
    assert "Parser error" not in message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        memory_store([tmp_path / "absent.ttl"])


def test_rdflib_graph_keeps_plain_literals_plain(tmp_path: Path) -> None:
    path = tmp_path / "plain.ttl"
    path.write_text('<http://e/a> <http://e/p> "plain" .\n', encoding="utf-8")
    (literal,) = list(rdflib_graph([path]).objects())
    assert literal.datatype is None
