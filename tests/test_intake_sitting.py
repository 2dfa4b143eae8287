"""A body of the workbook that sits on a body the graph already has (a national council on the EUCPN),
its kind of organisation and missing legal basis, a seat attested on a date, and sources about a
resource of the graph: imported, kept with the sitting body, exported and imported back unchanged."""

from __future__ import annotations

import shutil

import pytest

from psgraph.build import build
from psgraph.intake.export import export_bodies, xlsx
from psgraph.intake.reconcile import Reconciler
from psgraph.intake.records import read_file
from psgraph.intake.run import intake
from psgraph.project import Project
from psgraph.store import open_store
from tests.conftest import FIXTURES, REPO, built_copy

SEEDS = REPO.parent / "shared" / "seeds"
WORKBOOK = FIXTURES / "intake" / "sitting"
BODY = "https://w3id.org/psgraph/id/body/lu/conseil-test"
EUCPN = "https://w3id.org/psgraph/id/body/eu/eucpn"
PSG, ORG = "https://w3id.org/psgraph/ontology#", "http://www.w3.org/ns/org#"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("sitting") / "copy")


def _edited(tmp_path, sheet: str, old: str, new: str):
    folder = tmp_path / "sitting"
    shutil.copytree(WORKBOOK, folder)
    path = folder / f"{sheet}.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_seat_on_a_body_of_the_graph_is_kept_with_the_body_that_sits(project) -> None:
    result = intake(project, WORKBOOK, seeds=SEEDS)
    assert result.accepted, [str(p) for p in result.problems]
    kept = project.root / "data" / "europe" / "intake" / "sitting.ttl"
    records = read_file(kept)
    assert set(records) == {BODY}  # the seat is the council's record, never the EUCPN's
    triples = {(t.predicate.value, t.object.value) for t in records[BODY].triples}
    assert (ORG + "organization", EUCPN) in triples and (ORG + "member", BODY) in triples
    assert (ORG + "role", PSG + "NationalRepresentativeRole") in triples
    assert (PSG + "attestedOn", "2025-01-01") in triples and (PSG + "attestedPrecision", PSG + "YearPrecision") in triples
    assert (PSG + "bodyKind", PSG + "IndependentCouncilKind") in triples
    assert (PSG + "legalBasisNotFound", "true") in triples
    # The source about the Council decision cites it where the graph has it, with its kept passage.
    sources = read_file(project.root / "data" / "sources" / "intake" / "sitting.ttl")
    decision = "https://w3id.org/psgraph/id/law/eu/dec-2002-630"
    assert any(t.predicate.value == PSG + "quote" for t in sources[decision].triples)
    eucpn_file = project.root / "data" / "eu" / "intake" / "recorded.ttl"
    before = eucpn_file.read_bytes()
    again = intake(project, WORKBOOK, seeds=SEEDS)
    assert again.accepted and not any(changed for _, changed in again.written)
    assert eucpn_file.read_bytes() == before


def test_the_export_writes_the_seat_on_the_sitting_body_and_imports_back_unchanged(project, tmp_path) -> None:
    intake(project, WORKBOOK, seeds=SEEDS)
    build(project)
    store = open_store(project)
    exported = export_bodies(store, Reconciler.from_store(store), country="Luxembourg")
    assert [row["id"] for row in exported.rows["bodies"]] == ["conseil-test"]
    assert exported.rows["bodies"][0]["kind"].startswith("independent council")
    assert exported.rows["bodies"][0]["legal_basis_unknown"] == "yes"
    [seat] = exported.rows["members"]
    assert seat["member"] == "conseil-test" and seat["body"].startswith("European Crime Prevention Network")
    assert seat["attested_on"] == "2025-01-01" and seat["attested_precision"].startswith("known to the year")
    # The EUCPN's own export leaves the seat to the council and the member states' seats to the rule.
    eucpn = export_bodies(store, Reconciler.from_store(store), body_type="EU crime prevention network")
    assert [row["id"] for row in eucpn.rows["bodies"]] == ["eucpn"] and eucpn.left_out == []
    assert not any(row["member"] in ("conseil-test", "") for row in eucpn.rows["members"])
    (tmp_path / "lu.xlsx").write_bytes(xlsx(exported, Reconciler.from_store(store)))
    back = intake(project, tmp_path / "lu.xlsx", dry_run=True, seeds=SEEDS)
    assert back.accepted and back.plan is not None and back.plan.changes() == []


def test_a_seat_on_a_body_of_the_graph_held_by_an_office_is_refused(project, tmp_path) -> None:
    folder = _edited(tmp_path, "members", "beu:eucpn,conseil-test,", "beu:eucpn,prefect,")
    result = intake(project, folder, dry_run=True, seeds=SEEDS)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("members", 2, "member")]
    assert "is a body of the graph, not of this workbook" in str(result.problems[0])
    assert "recorded with the body of the bodies sheet that sits on it" in result.problems[0].render("en")
    assert "instance du graphe" in result.problems[0].render("fr")


@pytest.mark.parametrize(
    ("about", "told"),
    [
        ("beu:eucpn", "nor the identifier of a resource of the graph other than a body"),
        ("leu:dec-2999-1", "nor the identifier of a resource of the graph other than a body"),
        ("leu:dec-2009-902", "are kept by the workbook that wrote data/sources/intake/eu-sources.ttl"),
    ],
)
def test_a_source_about_a_body_or_a_resource_another_workbook_cites_is_refused(project, tmp_path, about, told):
    folder = _edited(tmp_path, "sources", "leu:dec-2002-630,", f"{about},")
    result = intake(project, folder, dry_run=True, seeds=SEEDS)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("sources", 4, "about")]
    assert told in str(result.problems[0])
