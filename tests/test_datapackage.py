"""`psgraph export --format datapackage` on the real graph: a valid Frictionless Data Package whose
foreign keys hold, which pandas reads, with a codebook; and on tiny fixtures, what each table holds."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from psgraph.build import build
from psgraph.cli import main
from psgraph.datapackage.package import build_package
from psgraph.datapackage.tables import TABLES
from psgraph.dataset import Dataset
from psgraph.stats import collect
from psgraph.store import open_store


@pytest.fixture(scope="module")
def package(real_project, tmp_path_factory) -> Path:
    build(real_project)
    folder = tmp_path_factory.mktemp("package") / "psgraph"
    assert main(["--root", str(real_project.root), "export", "--format", "datapackage", "-o", str(folder)]) == 0
    return folder


def _rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_the_package_is_valid_with_its_foreign_keys(package) -> None:
    from frictionless import validate

    report = validate(str(package / "datapackage.json"))
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors][:5]
    assert report.valid, problems
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in descriptor["resources"]} == {"vocabulary", *(t.name for t in TABLES)}
    keyed = [r for r in descriptor["resources"] if r["schema"].get("foreignKeys")]
    assert len(keyed) >= 15, "the tables are linked by foreign keys, which validate() checked"


def test_a_broken_foreign_key_is_caught(package, tmp_path) -> None:
    import shutil

    from frictionless import validate

    copy = tmp_path / "broken"
    shutil.copytree(package, copy)
    memberships = (copy / "data" / "memberships.csv").read_text(encoding="utf-8").splitlines()
    head, first = memberships[0], memberships[1].split(",")
    first[1] = "https://w3id.org/psgraph/id/body/fr/no-such-body"
    (copy / "data" / "memberships.csv").write_text("\n".join([head, ",".join(first), *memberships[2:]]) + "\n",
                                                    encoding="utf-8")
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource.pop("hash", None)
        resource.pop("bytes", None)
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert any(error.type == "foreign-key" for task in report.tasks for error in task.errors)


def test_pandas_counts_the_bodies_psgraph_stats_counts(package, real_project) -> None:
    from frictionless import Package

    bodies = Package(str(package / "datapackage.json")).get_resource("bodies").to_pandas()
    stats = collect(open_store(real_project))
    expected = {row["country"]: int(row["arrangements"]) + int(row["institutions"]) for row in stats.by_country}
    assert bodies.groupby("country").size().to_dict() == expected
    assert len(bodies) == sum(expected.values())


def test_every_resource_row_has_its_iri_and_both_labels(package) -> None:
    for table in ("bodies", "body_types", "territories", "documents", "findings", "obligations", "actors"):
        rows = _rows(package, table)
        assert rows and all(r["iri"].startswith("https://w3id.org/psgraph/") for r in rows)
        assert sum(1 for r in rows if r["label_en"] and r["label_fr"]) == len(rows), table


def test_codes_are_explained_in_the_vocabulary_and_the_codebook(package) -> None:
    vocabulary = {(r["scheme"], r["code"]) for r in _rows(package, "vocabulary")}
    levels = Counter(r["level"] for r in _rows(package, "bodies"))
    assert levels["County"] > 300 and all(("LevelScheme", level) in vocabulary for level in levels if level)
    codebook = (package / "CODEBOOK.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table.name}" in codebook
    assert "| `legal_population` | integer |" in codebook
    assert "| `National` | national | national |" in codebook
    assert "read_resource(read_package(\"datapackage.json\"), \"bodies\")" in codebook


def test_memberships_mandates_and_citations_link_by_id(package, real_project) -> None:
    memberships = {r["id"] for r in _rows(package, "memberships")}
    mandates = {r["id"] for r in _rows(package, "mandates")}
    citations = _rows(package, "citations")
    subjects = {r["subject"] for r in citations}
    assert memberships & subjects and mandates & subjects
    assert {r["mandate"] for r in _rows(package, "mandate_domains")} <= mandates
    quotes = {row["q"].value for row in open_store(real_project).query(
        "SELECT DISTINCT ?q WHERE { [] <https://w3id.org/psgraph/ontology#quote> ?q }")}
    assert {r["quote"] for r in citations if r["quote"]} == quotes, "every quote of the graph, no other"


def test_a_stated_figure_has_its_types_and_its_citation(package) -> None:
    figures = _rows(package, "stated_figures")
    [landes] = [f for f in figures if f["territory"].endswith("/departement/40")
                and f["measure"] == "PopulationShareCovered"]
    assert (landes["stated_value"], landes["as_of"], landes["territory_label_fr"]) == ("0.48", "2013-10-01", "Landes")
    counted = {r["body_type"].rsplit("#", 1)[-1] for r in _rows(package, "stated_figure_types")
               if r["figure"] == landes["id"]}
    assert counted == {"CISPD", "CLSPD"}  # counted together: « Ils couvrent 48 % … »
    citations = _rows(package, "citations")
    assert any("48 % de la population landaise" in r["quote"] for r in citations if r["subject"] == landes["id"])
    assert {f["id"] for f in figures} <= {r["subject"] for r in citations}, "every figure is cited"


def test_ids_stay_the_same_from_build_to_build(real_project) -> None:
    """Blank nodes are named anew at every build, and the engine's order with them: three builds,
    the same tables."""
    packages = []
    for _ in range(3):
        build(real_project)
        packages.append(build_package(open_store(real_project), Dataset("t", "2026-01-01T00:00:00Z", 0))[0])
    for name in ("data/memberships.csv", "data/mandates.csv", "data/mandate_domains.csv", "data/citations.csv",
                 "data/change_events.csv"):
        assert packages[0][name] == packages[1][name] == packages[2][name], name


def test_a_zip_holds_the_same_package(package, real_project, tmp_path) -> None:
    target = tmp_path / "psgraph.zip"
    assert main(["--root", str(real_project.root), "export", "--format", "datapackage", "-o", str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        assert {"datapackage.json", "CODEBOOK.md", "data/bodies.csv"} <= names
        bodies = list(csv.DictReader(io.StringIO(archive.read("data/bodies.csv").decode("utf-8"))))
    assert len(bodies) == len(_rows(package, "bodies"))


@pytest.mark.parametrize(("output", "said"), [
    ("-", "needs --output DIR"),
    ("/nonexistent/folder/pkg", "does not exist"),
])
def test_bad_output_is_one_sentence(real_project, capsys, output, said) -> None:
    assert main(["--root", str(real_project.root), "export", "--format", "datapackage", "-o", output]) == 2
    assert said in capsys.readouterr().err


def test_an_output_that_is_a_file_is_refused_and_kept(real_project, tmp_path, capsys) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("mine", encoding="utf-8")
    assert main(["--root", str(real_project.root), "export", "--format", "datapackage", "-o",
                 str(existing)]) == 2
    assert "is a file" in capsys.readouterr().err and existing.read_text(encoding="utf-8") == "mine"


def test_every_table_and_column_is_described_in_french(real_project) -> None:
    """The codebook page in French: table titles and descriptions from the catalogue, column
    definitions from the ontology's French skos:definition (or the column's own words, translated)."""
    from psgraph.datapackage.codebook import definition
    from psgraph.datapackage.tables import VOCABULARY
    from psgraph.i18n import say

    store = open_store(real_project)
    for table in (VOCABULARY, *TABLES):
        assert say(table.description, "fr") != table.description, table.name  # (a title may be the same: Sources)
        for column in table.columns:
            english, french = definition(store, column), definition(store, column, "fr")
            assert french and french != english, f"{table.name}.{column.name}"
    inseecode = next(c for t in TABLES for c in t.columns if c.name == "insee_code")
    assert definition(store, inseecode, "fr").startswith("Le code géographique officiel d'une commune")


def test_bodies_name_their_country_and_type_and_say_whether_active_on_the_build_date(package) -> None:
    rows = _rows(package, "bodies")
    lyon = next(r for r in rows if r["iri"].endswith("/body/fr/clspd-lyon"))
    assert (lyon["country_label_en"], lyon["country_label_fr"]) == ("France", "France")
    assert lyon["body_type_label_fr"].startswith("conseil local de sécurité") or \
        lyon["body_type_label_fr"].startswith("Conseil local de sécurité")
    assert {r["active"] for r in rows} == {"true", "false"}
    ended = [r for r in rows if r["end_date"] and r["end_date"] < "2020-01-01"]
    assert ended and all(r["active"] == "false" for r in ended)


def test_the_readme_pandas_example_prints_names_and_counts_active_bodies_apart(package, real_project) -> None:
    """The README's example, run as written on the package: names, and fewer bodies active than ever."""
    import contextlib
    import re

    readme = (real_project.root / "README.md").read_text(encoding="utf-8")
    example = next(block for block in re.findall(r"```python\n(.*?)```", readme, re.S) if "to_pandas" in block)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(example.replace("psgraph-data/datapackage.json", str(package / "datapackage.json")), {})
    text = printed.getvalue()
    assert "France" in text and "United Kingdom" in text and "https://" not in text
    from frictionless import Package

    bodies = Package(str(package / "datapackage.json")).get_resource("bodies").to_pandas()
    assert 0 < int(bodies["active"].sum()) < len(bodies)


def test_the_package_carries_its_licences_and_comes_as_a_typed_workbook(package, real_project) -> None:
    assert (package / "LICENSE").read_bytes() == (real_project.root / "LICENSE").read_bytes()
    data_licence = (package / "LICENSE-DATA").read_text(encoding="utf-8")
    assert "Creative Commons Attribution 4.0 International Public License" in data_licence
    from openpyxl import load_workbook

    from psgraph.datapackage.package import package_contents

    _, _, workbook = package_contents(open_store(real_project), Dataset("t", "2026-12-07T00:00:00Z", 0),
                                      workbook=True)
    book = load_workbook(io.BytesIO(workbook), read_only=True)
    assert {"bodies", "territories", "vocabulary"} <= set(book.sheetnames)
    def table(name: str) -> list[dict[str, object]]:
        rows = book[name].iter_rows(values_only=True)
        header = next(rows)
        return [dict(zip(header, row + (None,) * (len(header) - len(row)), strict=True)) for row in rows]

    territories = table("territories")
    assert any(isinstance(r["insee_code"], str) and r["insee_code"].startswith("0") for r in territories)
    assert any(isinstance(r["legal_population"], int) for r in territories)
    assert all(isinstance(r["active"], bool) for r in table("bodies"))


def test_pyproject_states_the_licences_as_an_spdx_expression_with_their_files(real_project) -> None:
    import tomllib

    project = tomllib.loads((real_project.root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT AND CC-BY-4.0"
    assert all((real_project.root / name).is_file() for name in project["license-files"])
