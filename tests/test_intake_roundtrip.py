"""Every recorded body through the workbook: the export of the whole graph imports back as a no-op,
and a changed cell rewrites its body in the file that keeps it."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from psgraph.build import build
from psgraph.intake.records import read_file, split
from psgraph.intake.run import intake
from psgraph.intake.workbook import read_workbook
from psgraph.project import Project
from psgraph.store import open_store
from tests.conftest import REPO, built_copy

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("roundtrip") / "copy")


def _psgraph(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psgraph", "--root", str(project.root), *args], capture_output=True, text=True
    )


def _intake_bytes(project: Project) -> dict[str, bytes]:
    return {
        str(p.relative_to(project.root)): p.read_bytes()
        for p in sorted((project.root / "data").glob("*/intake/*.ttl"))
    }


def test_the_export_of_every_recorded_body_imports_back_as_a_no_op(copy, tmp_path) -> None:
    done = _psgraph(copy, "export", "--format", "xlsx", "-o", str(tmp_path / "all.xlsx"))
    assert done.returncode == 0 and "Traceback" not in done.stderr
    exported = read_workbook(tmp_path / "all.xlsx")
    recorded = {
        iri
        for path in (copy.root / "data").glob("*/intake/*.ttl")
        for iri in read_file(path)
        if iri.startswith("https://w3id.org/psgraph/id/body/")
    }
    assert len(exported["bodies"]) == len(recorded) >= 66
    assert "bodies that `psgraph instances` generates from rules are not in it" in done.stderr
    before, triples = _intake_bytes(copy), len(open_store(copy))
    dry = intake(copy, tmp_path / "all.xlsx", dry_run=True, seeds=SEEDS)
    assert dry.accepted and dry.problems == [] and dry.plan is not None and dry.plan.changes() == []
    real = intake(copy, tmp_path / "all.xlsx", seeds=SEEDS)
    assert real.accepted and not any(changed for _, changed in real.written)
    assert _intake_bytes(copy) == before and not (copy.root / "data" / "fr" / "intake" / "all.ttl").exists()
    build(copy)
    assert len(open_store(copy)) == triples


def test_a_changed_cell_rewrites_its_body_in_the_file_that_keeps_it(copy, tmp_path) -> None:
    from openpyxl import load_workbook

    done = _psgraph(copy, "export", "--format", "xlsx", "--type", "CLSPD", "-o", str(tmp_path / "clspd.xlsx"))
    assert done.returncode == 0, done.stderr
    book = load_workbook(tmp_path / "clspd.xlsx")
    sheet = book["bodies"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("id")].value == "clspd-lyon")
    old = row[header.index("name_en")].value
    row[header.index("name_en")].value = "Lyon's council (renamed by a curator)"
    book.save(tmp_path / "clspd.xlsx")
    kept = copy.root / "data" / "fr" / "intake" / "recorded.ttl"
    others = {p: p.read_bytes() for p in (copy.root / "data").glob("*/intake/*.ttl") if p != kept}
    result = intake(copy, tmp_path / "clspd.xlsx", seeds=SEEDS)
    assert result.accepted, [str(p) for p in result.problems][:3]
    text = kept.read_text(encoding="utf-8")
    assert "Lyon's council (renamed by a curator)" in text and f'"{old}"@en' not in text
    assert not (copy.root / "data" / "fr" / "intake" / "clspd.ttl").exists()
    assert {p: p.read_bytes() for p in others} == others
    lyon = "https://w3id.org/psgraph/id/body/fr/clspd-lyon"
    assert sum(1 for path in (copy.root / "data").glob("*/intake/*.ttl") if lyon in read_file(path)) == 1


def test_records_keep_a_body_with_its_seats_and_the_changes_it_owns() -> None:
    turtle = """
    @prefix org: <http://www.w3.org/ns/org#> . @prefix psg: <https://w3id.org/psgraph/ontology#> .
    @prefix bfr: <https://w3id.org/psgraph/id/body/fr/> .
    bfr:b a psg:CLSPD ; psg:hasMandate [ a psg:Mandate ] .
    bfr:a a psg:CLSPD .
    [] a org:Membership ; org:organization bfr:b .
    [] a org:ChangeEvent ; org:originalOrganization bfr:b ; org:resultingOrganization bfr:a .
    [] a psg:StatedFigure ; psg:figureAbout <https://w3id.org/psgraph/id/territory/fr/departement/40> .
    """
    records = split(q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    body_a, body_b = "https://w3id.org/psgraph/id/body/fr/a", "https://w3id.org/psgraph/id/body/fr/b"
    assert len(records[body_b].triples) == 5  # type, mandate (2), the seat (2)
    assert len(records[body_a].triples) == 4  # type, and the change (first of its bodies)
    figure = next(r for k, r in records.items() if k.startswith("figure:"))
    assert figure.folder == "fr" and records[body_a].folder == "fr"
