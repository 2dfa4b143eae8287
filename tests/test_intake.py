"""`psgraph template` and `psgraph intake`: curators' workbooks, reconciled, checked by sheet, row and
column, written as deterministic Turtle that the project's validation accepts."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler, Unmatched, normal
from psgraph.intake.run import _seed_texts, check, intake
from psgraph.intake.template import example_rows, write_template
from psgraph.intake.workbook import read_workbook
from psgraph.project import Project
from psgraph.store import open_store
from psgraph.validation.runner import validate
from tests.conftest import FIXTURES, REPO, built_copy

SEEDS = REPO.parent / "shared" / "seeds"
WORKBOOKS = FIXTURES / "intake"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """A built copy of the project, which the imports of this module write into."""
    return built_copy(tmp_path_factory.mktemp("intake") / "copy")


@pytest.fixture(scope="module")
def reconciler(project) -> Reconciler:
    return Reconciler.from_store(open_store(project))


def _intake_files(project: Project) -> list[Path]:
    """The files the fixture workbooks write (the recorded bodies of data/*/intake/recorded.ttl aside)."""
    return sorted(p for p in (project.root / "data").glob("*/intake/*.ttl") if p.stem in ("valid", "mistakes"))


def test_names_are_reconciled_whatever_the_case_accents_or_form(reconciler) -> None:
    territory = reconciler.indexes[layout.TERRITORY]
    commune = "https://w3id.org/psgraph/id/territory/fr/commune/"
    assert territory.find("saint etienne") == territory.find("Saint-Étienne") == commune + "42218"
    assert territory.find("Saint-Denis (93)") == territory.find("93066") == commune + "93066"
    assert territory.find("CA du Grand Avignon") == territory.find("248400251")  # by name or SIREN
    assert territory.find("Hartlepool") == territory.find("E06000001")  # by name or GSS code
    with pytest.raises(Unmatched, match=r"Saint-Denis \(93\) \[93066\]; Saint-Denis \(974\)"):
        territory.find("Saint-Denis")
    with pytest.raises(Unmatched, match="did you mean 'Avignon \\(84\\) \\[84007\\]'"):
        territory.find("Avignn")
    laws = reconciler.indexes[layout.LAW]
    assert laws.find("CSI L132-4").endswith("/csi/L132-4")
    assert laws.find("Loi 2007-297") == laws.find("loi n° 2007-297")
    assert reconciler.indexes[layout.BODY_TYPE].find("cispd").endswith("#CISPD")
    assert reconciler.indexes[layout.ROLE].find("président") == reconciler.indexes[layout.ROLE].find("chair")
    assert reconciler.indexes[layout.ACTOR].find("préfet").endswith("/office/fr/prefect")
    with pytest.raises(
        Unmatched, match="'sous-préfet' matches no office or organisation; did you mean 'prefect"
    ):
        reconciler.indexes[layout.ACTOR].find("sous-préfet")
    assert normal("Œuvre  d’Été") == "oeuvre d'ete".replace("'", " ")


def test_every_seeded_mistake_is_told_in_one_pass_statutory_members_included(project) -> None:
    """One dry run tells every problem: the cells, and the shapes on every body whose id resolved —
    Rennes, whose prefect is misspelt (sous-préfet), is told at once that the law requires a prefect."""
    result = intake(project, WORKBOOKS / "mistakes", seeds=SEEDS)
    where = [(p.sheet, p.row, p.column) for p in result.problems]
    assert where == [
        ("bodies", 2, "start_date"),  # 01/01/2009
        ("bodies", 3, ""),  # the CLSPD of Arles without the public prosecutor
        ("bodies", 4, "legal_basis"),  # Loi 2099-999
        ("bodies", 5, "territory"),  # Saint-Denis: four communes
        ("bodies", 6, ""),  # Rennes: the prefect the law requires (its row says sous-préfet)
        ("bodies", 8, "territory"),  # a département for an inter-municipal council
        ("bodies", 9, "end_date"),  # ends before it starts
        ("bodies", 10, "name_fr"),  # empty
        ("bodies", 14, "id"),  # csp-cardiff twice
        ("members", 14, "member"),  # sous-préfet
        ("sources", 13, "quote"),  # not in seed-004
    ]
    messages = [str(p) for p in result.problems]
    assert "'01/01/2009' is not a date; write dates as YYYY-MM-DD, e.g. 2009-01-01" in messages[0]
    assert (
        "requires of every Local Security and Crime Prevention Council (CLSPD): public prosecutor"
        in messages[1]
    )
    assert "(CLSPD): prefect; add a row to members for it, with kind of seat 'statutory seat'" in messages[4]
    assert "https://" not in " ".join(messages) and "org:Membership" not in " ".join(messages)
    assert (
        "'Ille-et-Vilaine [35]' is a territory of level county, département or police-force area, but the body's "
        "level is inter-municipal"
        in messages[5]
    )
    assert "'csp-cardiff' is already the id of row 11" in messages[8]
    assert not result.accepted and _intake_files(project) == []


def test_the_same_mistakes_are_told_in_french(project) -> None:
    result = intake(project, WORKBOOKS / "mistakes", dry_run=True, seeds=SEEDS)
    french = [p.render("fr") for p in result.problems]
    assert french[0] == ("bodies, ligne 2, colonne start_date : « 01/01/2009 » n'est pas une date ; écrivez les "
                         "dates sous la forme AAAA-MM-JJ, par exemple 2009-01-01")
    assert french[1].startswith("bodies, ligne 3 : Il manque à l'instance un membre de droit que la loi exige")
    assert french[1].endswith(": procureur de la République ; ajoutez-lui une ligne dans members, avec la "
                              "nature de siège « membre de droit »")
    assert "« Ille-et-Vilaine [35] » est un territoire de niveau département, comté ou ressort de police, mais " \
           "le niveau de l'instance est " \
           "intercommunal" in french[5]
    assert french[9] == ("members, ligne 14, colonne member : « sous-préfet » ne correspond à aucune fonction ni "
                         "organisation ; vouliez-vous dire « préfet » ?")
    english_words = re.compile(r"\b(?:the|is|of|row|column|matches|add|write|body)\b")
    assert [m for m in french if english_words.search(m.split(" : ", 1)[1].replace("members", ""))] == []


def test_a_valid_workbook_is_written_validates_and_importing_it_again_changes_nothing(project) -> None:
    result = intake(project, WORKBOOKS / "valid", seeds=SEEDS)
    assert result.accepted and result.bodies == 12, [str(p) for p in result.problems]
    files = _intake_files(project)
    assert [f.relative_to(project.root / "data").as_posix() for f in files] == [
        "eu/intake/valid.ttl",
        "fr/intake/valid.ttl",
        "uk/intake/valid.ttl",
    ]
    written = {f: f.read_bytes() for f in files}
    assert written[files[1]].startswith(b"# Records imported by `psgraph intake` from valid")
    build(project)
    outcome = validate(project, ("shacl", "qc"))
    assert outcome.conforms, [f.message for f in outcome.findings if f.is_violation][:3]
    store = open_store(project)
    avignon = ox.NamedNode("https://w3id.org/psgraph/id/body/fr/clspd-avignon")
    assert (
        ox.Quad(
            avignon,
            ox.NamedNode("https://w3id.org/psgraph/ontology#territory"),
            ox.NamedNode("https://w3id.org/psgraph/id/territory/fr/commune/84007"),
        )
        in store
    )
    again = intake(project, WORKBOOKS / "valid", seeds=SEEDS)
    assert again.accepted and all(not changed for _, changed in again.written)
    assert {f: f.read_bytes() for f in _intake_files(project)} == written


def test_a_changed_row_updates_its_body(project, tmp_path) -> None:
    folder = tmp_path / "valid"
    shutil.copytree(WORKBOOKS / "valid", folder)
    bodies = (folder / "bodies.csv").read_text(encoding="utf-8")
    (folder / "bodies.csv").write_text(
        bodies.replace("Leeds (test fixture)", "Leeds – renamed (test fixture)"), encoding="utf-8"
    )
    result = intake(project, folder, seeds=SEEDS)
    assert result.accepted
    uk = (project.root / "data" / "uk" / "intake" / "valid.ttl").read_text(encoding="utf-8")
    assert "Leeds – renamed (test fixture)" in uk and "Partnership of Leeds (test fixture)" not in uk
    assert {path.relative_to(project.root / "data").as_posix(): changed for path, changed in result.written} == {
        "eu/intake/valid.ttl": False, "fr/intake/valid.ttl": False, "uk/intake/valid.ttl": True}


def test_an_id_written_by_hand_or_generated_from_a_rule_is_refused(tmp_path) -> None:
    """A body written by hand in Turtle is told with its file and line; one that `psgraph instances`
    generates is corrected through its rule, never defined twice."""
    root = tmp_path / "copy"
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    (root / "data" / "fr" / "bodies.ttl").write_text(
        "@prefix psg: <https://w3id.org/psgraph/ontology#> .\n"
        "@prefix bfr: <https://w3id.org/psgraph/id/body/fr/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\n"
        'bfr:clspd-avignon a psg:CLSPD ;\n    rdfs:label "CLSPD written by hand"@en .\n', encoding="utf-8")
    copy = Project(root)
    build(copy)
    folder = tmp_path / "valid"
    shutil.copytree(WORKBOOKS / "valid", folder)
    for sheet in folder.glob("*.csv"):
        sheet.write_text(sheet.read_text(encoding="utf-8").replace("codaf-84", "cdpd-84"), encoding="utf-8")
    result = intake(copy, folder, dry_run=True, seeds=SEEDS)
    refused = [str(p) for p in result.problems if p.column == "id"]
    assert refused == [
        "bodies, row 2, column id: 'clspd-avignon' is already a body in the graph (data/fr/bodies.ttl:5); "
        "choose another id, or correct that body there",
        "bodies, row 9, column id: 'cdpd-84' is a body that `psgraph instances` generates from a rule of the "
        "law; change the rule (data/*/obligations.ttl) rather than the body",
    ]


def test_an_xlsx_workbook_reads_like_its_csv_files_and_real_date_cells_are_dates(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in layout.SHEETS:
        page = book.create_sheet(sheet.name)
        if not (WORKBOOKS / "valid" / f"{sheet.name}.csv").is_file():
            continue
        with (WORKBOOKS / "valid" / f"{sheet.name}.csv").open(encoding="utf-8") as rows:
            for number, row in enumerate(csv.reader(rows)):
                page.append(
                    [
                        dt.date(2010, 1, 1)
                        if number and sheet.name == "bodies" and value == "2010-01-01"
                        else value
                        for value in row
                    ]
                )
    book.save(tmp_path / "councils.xlsx")
    assert read_workbook(tmp_path / "councils.xlsx") == read_workbook(WORKBOOKS / "valid")


def test_an_unknown_column_is_named_with_its_letter(tmp_path) -> None:
    (tmp_path / "bodies.csv").write_text("id,name_en,nom\nx,y,z\n", encoding="utf-8")
    with pytest.raises(
        InputError, match=r"bodies.csv, sheet bodies, column C: 'nom' is not a column of this sheet"
    ):
        read_workbook(tmp_path)


def test_the_template_has_every_column_drop_down_lists_and_help_in_both_languages(
    project, reconciler, tmp_path
) -> None:
    from openpyxl import load_workbook

    write_template(open_store(project), reconciler, tmp_path / "bodies.xlsx", "CSP")
    book = load_workbook(tmp_path / "bodies.xlsx")
    assert book.sheetnames == [*(sheet.name for sheet in layout.SHEETS), "help", "lists"]
    assert book["lists"].sheet_state == "hidden"
    for sheet in layout.SHEETS:
        assert [c.value for c in book[sheet.name][1]] == [c.name for c in sheet.columns]
    lists = {c.value: i for i, c in enumerate(book["lists"][1])}
    types = [row[lists[layout.BODY_TYPE]].value for row in book["lists"].iter_rows(min_row=2)]
    assert "Community Safety Partnership (CSP)" in types
    ranges = {str(v.sqref): v.formula1 for v in book["members"].data_validations.dataValidation}
    assert ranges["C2:C5000"].startswith("=lists!$") and ranges["D2:D5000"].startswith("=lists!$")
    columns = sum(len(sheet.columns) for sheet in layout.SHEETS)
    helps = {
        (row[0].value, row[1].value): (row[4].value, row[5].value)
        for row in book["help"].iter_rows(min_row=2, max_row=columns + 1)
    }
    assert len(helps) == columns
    assert all(english and french for english, french in helps.values())
    assert ("bodies", "territory") in helps and ("sources", "quote") in helps


def _example_types(reconciler: Reconciler, store: ox.Store) -> list[str]:
    return sorted(iri for iri, (level, country) in reconciler.body_types.items() if level and country)


def test_every_body_types_example_rows_pass_the_shapes(project, reconciler) -> None:
    """A template's example, copied into its sheets, imports: the law's seats, mandate and basis suffice."""
    store = open_store(project)
    seeds = _seed_texts(store, project, SEEDS)
    checked = 0
    for body_type in _example_types(reconciler, store):
        try:
            rows = example_rows(store, reconciler, body_type)
        except InputError as refusal:  # no neighbourhoods (quartiers) yet; or nothing says what it does
            assert reconciler.body_types[body_type][0].endswith(
                "#Neighbourhood"
            ) or "would have to invent one" in str(refusal), refusal
            continue
        book = {
            sheet.name: [
                _row(sheet.name, n, cells) for n, cells in enumerate(rows.get(sheet.name, []), start=2)
            ]
            for sheet in layout.SHEETS
        }
        result, _ = check(project, store, reconciler, book, seeds)
        assert result.accepted, (body_type, [str(p) for p in result.problems])
        checked += 1
    assert checked >= 24  # of the 32 types with a level and a country (2026-11-30)


def _row(sheet: str, number: int, cells: dict[str, str]):
    from psgraph.intake.workbook import Row

    return Row(sheet, number, {k: v for k, v in cells.items() if v})


def _psgraph(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "psgraph", "--root", str(project.root), *args],
                          capture_output=True, text=True)


def test_the_cli_exits_1_with_one_line_per_mistake_and_no_traceback(project) -> None:
    for imported in _intake_files(project):  # the earlier tests imported the same ids from valid/
        imported.unlink()
    build(project)
    done = _psgraph(project, "intake", str(WORKBOOKS / "mistakes"), "--seeds", str(SEEDS))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == "Nothing written: 11 problems to fix in the workbook."
    assert "members, row 14, column member: 'sous-préfet' matches no office or organisation" in done.stderr
    missing = _psgraph(project, "intake", str(WORKBOOKS / "nowhere.xlsx"))
    assert missing.returncode == 2 and "cannot be read as an XLSX workbook" in missing.stderr
    bodies = project.root / "data" / "fr" / "intake" / "recorded.ttl"
    kept = bodies.read_bytes()
    bodies.write_text("# edited by hand\n", encoding="utf-8")
    stale = _psgraph(project, "intake", str(WORKBOOKS / "mistakes"), "--seeds", str(SEEDS))
    bodies.write_bytes(kept)
    assert stale.returncode == 2 and "run `psgraph build` first" in stale.stderr
    assert "Traceback" not in stale.stderr


def test_without_the_seed_texts_quotes_are_not_checked_and_the_curator_is_told(project, tmp_path) -> None:
    result = intake(project, WORKBOOKS / "mistakes", dry_run=True, seeds=tmp_path)
    assert ("sources", 13, "quote") not in {(p.sheet, p.row, p.column) for p in result.problems}
    assert [str(note) for note in result.notes] == [
        f"Quotes were not checked against the seed texts: they are not in {tmp_path} (pass --seeds DIR)."
    ]


def test_the_markdown_summary_is_a_table_by_sheet_row_and_column(project) -> None:
    from psgraph.intake.run import markdown

    table = markdown(intake(project, WORKBOOKS / "mistakes", dry_run=True, seeds=SEEDS), "mistakes")
    assert "| | sheet | row | column | what to fix |" in table
    assert "| problem | members | 14 | member | 'sous-préfet' matches no office or organisation" in table
