"""End to end through the command line, on throw-away copies of the project."""

import json

import pytest

from psgraph.cli import main
from psgraph.store import open_store
from tests.conftest import replace_once


def run(project, *args: str) -> int:
    return main(["--root", str(project.root), *args])


def test_validate_exits_0_on_main_data(project_copy, capsys) -> None:
    assert run(project_copy, "validate") == 0
    assert "Conforms: no violations" in capsys.readouterr().out


def test_body_without_legal_basis_exits_1_naming_body_and_rule(project_copy, capsys) -> None:
    assert run(project_copy, "build") == 0
    store_before = project_copy.store_link.resolve()
    path = project_copy.root / "data" / "fr" / "intake" / "recorded.ttl"
    text = path.read_text(encoding="utf-8")
    block_start = text.index("bfr:clspd-nantes a psg:CLSPD ;")
    block = text[block_start:text.index("\n\n", block_start)]
    path.write_text(text.replace(block, replace_once(block, "    psg:legalBasis csi:L132-4 ;\n", "")),
                    encoding="utf-8")
    capsys.readouterr()
    assert run(project_copy, "validate") == 1
    out = capsys.readouterr().out
    assert "Local Security and Crime Prevention Council of Nantes" in out
    assert "https://w3id.org/psgraph/id/body/fr/clspd-nantes" in out
    assert "The body has no legal basis" in out
    assert "psgsh:BodyLegalFootingShape" in out
    assert run(project_copy, "validate", "--lang", "fr", "--checks", "shacl") == 1
    french = capsys.readouterr().out
    assert "L'instance n'a pas de fondement juridique" in french and "The body has no legal basis" not in french
    assert "violation sur 1 ressource" in french.splitlines()[-1]
    assert project_copy.store_link.resolve() == store_before


def test_turtle_syntax_error_exits_2_naming_file_and_line(project_copy, capsys) -> None:
    assert run(project_copy, "build") == 0
    triples = len(open_store(project_copy))
    path = project_copy.root / "data" / "uk" / "intake" / "recorded.ttl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.startswith("buk:sipr a"))
    lines[target] = lines[target].replace(" a psg:PoliceAcademicPartnership ;", ' a "unterminated ;')
    path.write_text("".join(lines), encoding="utf-8")
    for command in ("validate", "build"):
        capsys.readouterr()
        assert run(project_copy, command) == 2
        err = capsys.readouterr().err
        assert err.startswith("psgraph: error: data/uk/intake/recorded.ttl:")
        assert "Traceback" not in err
        line_number = int(err.split(":")[3])
        assert target + 1 <= line_number <= target + 3
    assert len(open_store(project_copy)) == triples


def test_export_and_stats_need_a_build_first(mini_project, capsys) -> None:
    project = mini_project()
    assert run(project, "stats") == 2
    assert "run `psgraph build` first" in capsys.readouterr().err
    assert run(project, "export") == 2


def test_stats_json_after_build(mini_project, capsys) -> None:
    project = mini_project()
    assert run(project, "build") == 0
    capsys.readouterr()
    assert run(project, "stats", "--format", "json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["by_country"][0]["countryLabel"] == "France"


def test_export_writes_a_file(mini_project, tmp_path, capsys) -> None:
    project = mini_project()
    assert run(project, "build") == 0
    target = tmp_path / "out.nt"
    assert run(project, "export", "--format", "nt", "--output", str(target)) == 0
    assert target.read_text(encoding="utf-8").count(" .\n") == len(open_store(project))


def test_unknown_check_and_bad_root_are_usage_errors(mini_project, tmp_path, capsys) -> None:
    assert run(mini_project(), "validate", "--checks", "shacl,spelling") == 2
    assert "Unknown check spelling" in capsys.readouterr().err
    assert main(["--root", str(tmp_path), "build"]) == 2
    assert "not a psgraph project" in capsys.readouterr().err


def test_validate_table_and_turtle_formats(mini_project, capsys) -> None:
    project = mini_project()
    assert run(project, "validate", "--format", "table", "--checks", "shacl") == 0
    assert capsys.readouterr().out.startswith("severity\tcheck\trule")
    assert run(project, "validate", "--format", "turtle", "--checks", "shacl") == 0
    assert "sh:conforms true" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_query_list_show_and_run(real_project, capsys) -> None:
    assert run(real_project, "build") == 0
    assert run(real_project, "query", "list") == 0
    listing = capsys.readouterr().out
    assert "coexisting-successors" in listing and "duplication" in listing
    assert run(real_project, "query", "show", "lineage") == 0
    shown = capsys.readouterr().out
    assert "Parameters (--param NAME=VALUE):" in shown and "SELECT" in shown
    assert run(real_project, "query", "run", "coexisting-successors", "--format", "json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["head"]["vars"][0] == "predecessor" and payload["results"]["bindings"]
    assert run(real_project, "query", "run", "lineage", "-p", "root=psg:CCPD", "--format", "csv") == 0
    assert capsys.readouterr().out.count("\n") == 2  # header and the one replacement
    # names, acronyms and codes, as the intake reads them
    assert run(real_project, "query", "run", "lineage", "-p", "root=CCPD", "--format", "csv") == 0
    assert capsys.readouterr().out.count("\n") == 2
    assert run(real_project, "query", "run", "partnership-load", "-p", "territory=Rhône", "--format", "csv") == 0
    assert "/territory/fr/departement/69," in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (("query", "run", "no-such-query"), "Unknown query 'no-such-query'"),
    (("query", "run", "lineage", "-p", "colour=red"), "has no parameter 'colour'"),
    (("query", "run", "lineage", "-p", "as_of=last year"), "Parameter as_of='last year' is not a date"),
    (("query", "run", "lineage", "-p", "as_of"), "write it as NAME=VALUE"),
    (("query", "run", "partnership-load", "-p", "territory=Saint-Denis"),
     "Parameter territory: 'Saint-Denis' names 4 territories: Saint-Denis (11) [11339];"),
    (("query", "run", "partnership-load", "-p", "territory=Saint-Denis", "--lang", "fr"),
     "Paramètre territory : « Saint-Denis » désigne 4 territoires"),
    (("query", "run", "statutory-gaps", "-p", "body_type=CLSPF"), "'CLSPF' matches no body type; did you mean"),
])
def test_query_errors_are_one_sentence_and_exit_2(real_project, capsys, args, message) -> None:
    assert run(real_project, *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(("args", "message"), [
    (("--endpoint", "notaurl"), "--endpoint 'notaurl': give the query URL of a SPARQL endpoint"),
    (("--endpoint", "http://127.0.0.1:9/query", "--timeout", "0"), "--timeout 0: give a number of seconds above 0"),
])
def test_bad_endpoint_options_are_named(real_project, capsys, args, message) -> None:
    assert run(real_project, "query", "run", "lineage", *args) == 2
    assert message in capsys.readouterr().err


def test_serve_refuses_bad_options(real_project, capsys):
    assert main(["--root", str(real_project.root), "serve", "--timeout", "0"]) == 2
    assert "--timeout 0" in capsys.readouterr().err
    assert main(["--root", str(real_project.root), "serve", "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err


def test_serve_reports_a_port_in_use(real_project, capsys):
    import socket

    from psgraph.build import build

    build(real_project)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["--root", str(real_project.root), "serve", "--port", str(port), "--workers", "1"])
    assert code == 2
    assert f"Cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err
