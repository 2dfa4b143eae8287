"""`psgraph template` and `psgraph intake`: curators' workbooks, reconciled, checked by sheet, row and
column, written as deterministic Turtle that the project's validation accepts."""

from __future__ import annotations

import csv
import datetime as dt
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
from tests.conftest import FIXTURES, REPO

SEEDS = REPO.parent / "shared" / "seeds"
WORKBOOKS = FIXTURES / "intake"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """A built copy of the project, which the imports of this module write into."""
    root = tmp_path_factory.mktemp("intake") / "copy"
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, root / name)
    copy = Project(root)
    build(copy)
    return copy


@pytest.fixture(scope="module")
def reconciler(project) -> Reconciler:
    return Reconciler.from_store(open_store(project))


def _intake_files(project: Project) -> list[Path]:
    return sorted((project.root / "data").glob("*/intake/*.ttl"))


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


def test_ten_seeded_mistakes_get_exactly_ten_messages_and_nothing_is_written(project) -> None:
    result = intake(project, WORKBOOKS / "mistakes", seeds=SEEDS)
    where = [(p.sheet, p.row, p.column) for p in result.problems]
    assert where == [
        ("bodies", 2, "start_date"),  # 01/01/2009
        ("bodies", 3, ""),  # the CLSPD of Arles without the public prosecutor
        ("bodies", 4, "legal_basis"),  # Loi 2099-999
        ("bodies", 5, "territory"),  # Saint-Denis: four communes
        ("bodies", 8, "territory"),  # a commune for an inter-municipal council
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
    assert "https://" not in " ".join(messages) and "org:Membership" not in " ".join(messages)
    assert (
        "'Rennes (35) [35238]' is a municipal territory, but the body's level is inter-municipal"
        in messages[4]
    )
    assert "'csp-cardiff' is already the id of row 11" in messages[7]
    assert not result.accepted and _intake_files(project) == []


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
    assert written[files[1]].startswith(b"# Bodies imported by `psgraph intake` from valid")
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
    assert [changed for _, changed in result.written] == [
        False,
        False,
        True,
    ]  # eu, fr unchanged; uk rewritten


def test_an_id_the_graph_already_has_is_refused_with_where_it_is_defined(project, tmp_path) -> None:
    folder = tmp_path / "valid"
    shutil.copytree(WORKBOOKS / "valid", folder)
    for sheet in folder.glob("*.csv"):
        sheet.write_text(
            sheet.read_text(encoding="utf-8").replace("clspd-avignon", "clspd-lyon"), encoding="utf-8"
        )
    result = intake(project, folder, dry_run=True, seeds=SEEDS)
    line = (REPO / "data" / "fr" / "bodies.ttl").read_text(encoding="utf-8").splitlines().index(
        "bfr:clspd-lyon a psg:CLSPD ;"
    ) + 1
    assert [str(p) for p in result.problems] == [
        f"bodies, row 2, column id: 'clspd-lyon' is already a body in the graph (data/fr/bodies.ttl:{line}); "
        "choose another id, or correct that body there"
    ]


def test_an_xlsx_workbook_reads_like_its_csv_files_and_real_date_cells_are_dates(tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet in layout.SHEETS:
        page = book.create_sheet(sheet.name)
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
    assert book.sheetnames == ["bodies", "members", "mandates", "sources", "help", "lists"]
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
    assert done.stderr.strip().splitlines()[-1] == "Nothing written: 10 problems to fix in the workbook."
    assert "members, row 14, column member: 'sous-préfet' matches no office or organisation" in done.stderr
    missing = _psgraph(project, "intake", str(WORKBOOKS / "nowhere.xlsx"))
    assert missing.returncode == 2 and "cannot be read as an XLSX workbook" in missing.stderr
    bodies = project.root / "data" / "fr" / "bodies.ttl"
    kept = bodies.read_bytes()
    bodies.write_text("# edited by hand\n", encoding="utf-8")
    stale = _psgraph(project, "intake", str(WORKBOOKS / "mistakes"), "--seeds", str(SEEDS))
    bodies.write_bytes(kept)
    assert stale.returncode == 2 and "run `psgraph build` first" in stale.stderr
    assert "Traceback" not in stale.stderr


def test_without_the_seed_texts_quotes_are_not_checked_and_the_curator_is_told(project, tmp_path) -> None:
    result = intake(project, WORKBOOKS / "mistakes", dry_run=True, seeds=tmp_path)
    assert ("sources", 13, "quote") not in {(p.sheet, p.row, p.column) for p in result.problems}
    assert result.notes == [
        f"Quotes were not checked against the seed texts: they are not in {tmp_path} (pass --seeds DIR)."
    ]


def test_the_markdown_summary_is_a_table_by_sheet_row_and_column(project) -> None:
    from psgraph.intake.run import markdown

    table = markdown(intake(project, WORKBOOKS / "mistakes", dry_run=True, seeds=SEEDS), "mistakes")
    assert "| | sheet | row | column | what to fix |" in table
    assert "| problem | members | 14 | member | 'sous-préfet' matches no office or organisation" in table


def test_exported_bodies_import_back_to_the_same_triples(real_project, tmp_path) -> None:
    """import(export(x)) = x on the real data, for every body the workbook can carry whole; the others
    are listed with the fact that has no column."""
    from psgraph.intake.export import export_bodies, stated, xlsx
    from psgraph.validation.changes import _canonical
    from psgraph.validation.context import ContextCutter

    build(real_project)
    store = open_store(real_project)
    reconciler = Reconciler.from_store(store)
    exported = export_bodies(store, reconciler)
    (tmp_path / "bodies.xlsx").write_bytes(xlsx(exported, reconciler))
    book = read_workbook(tmp_path / "bodies.xlsx")
    result, assembled = check(
        real_project,
        store,
        reconciler,
        book,
        _seed_texts(store, real_project, SEEDS),
        real_project.curated_files(),
    )
    assert result.accepted, [str(p) for p in result.problems][:3]
    assert len(assembled.bodies) == len(exported.rows["bodies"]) >= 16
    assert (
        "https://w3id.org/psgraph/id/body/fr/clspd-lyon",
        "no column for psg:reportsTo",
    ) in exported.left_out
    cutter = ContextCutter(store)
    organization = ox.NamedNode("http://www.w3.org/ns/org#organization")

    def description(source: ox.Store, body: ox.NamedNode, cut: bool) -> tuple[list, list]:
        graph = ox.Store()
        seats = [q.subject for q in source.quads_for_pattern(None, organization, body)]
        for node in (body, *seats):
            graph.extend(
                ox.Quad(q.subject, q.predicate, q.object)
                for q in (stated(cutter, node) if cut else _closure(source, node))
            )
        return (
            sorted(
                (q.predicate.value, str(_canonical(graph, q.object)))
                for q in graph.quads_for_pattern(body, None, None)
            ),
            sorted(str(_canonical(graph, seat)) for seat in seats),
        )

    imported = ox.Store()
    imported.extend(ox.Quad(t.subject, t.predicate, t.object) for t in assembled.triples)
    for iri in assembled.bodies:
        body = ox.NamedNode(iri)
        assert description(imported, body, cut=False) == description(store, body, cut=True), iri


def _closure(store: ox.Store, node) -> list:
    quads, queue = [], [node]
    while queue:
        for quad in store.quads_for_pattern(queue.pop(), None, None):
            quads.append(quad)
            if isinstance(quad.object, ox.BlankNode):
                queue.append(quad.object)
    return quads


def test_export_xlsx_says_what_it_left_out(real_project, tmp_path) -> None:
    done = _psgraph(real_project, "export", "--format", "xlsx", "--type", "CLSPD", "-o", str(tmp_path / "clspd.xlsx"))
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert "left out" in done.stderr and "no column for psg:reportsTo" in done.stderr
    rows = read_workbook(tmp_path / "clspd.xlsx")["bodies"]
    assert {row.get("type") for row in rows} == {"Local Security and Crime Prevention Council (CLSPD)"}
