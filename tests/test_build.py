import json

import pytest

from psgraph.build import build
from psgraph.errors import InputError
from psgraph.store import open_store
from tests.conftest import MINI, replace_once


def test_build_creates_a_store_and_manifest(mini_project) -> None:
    project = mini_project()
    result = build(project)
    assert project.store_link.is_symlink()
    assert result.triples == len(open_store(project)) > 50
    manifest = json.loads((result.location / "manifest.json").read_text())
    assert manifest["triples"] == result.triples
    assert "data/mini.ttl" in manifest["files"]


def test_failed_build_leaves_the_previous_store_untouched(mini_project) -> None:
    project = mini_project()
    good = build(project)
    before = len(open_store(project))
    mini_project(replace_once(MINI, 'psg:seatKind psg:StatutorySeat ; psg:citation [ dcterms:source lfr:loi-2007-297 ] .\n[]',
                              'psg:seatKind psg:StatutorySeat ; psg:citation [ dcterms:source lfr:loi-2007-297 ] \n[]'))
    with pytest.raises(InputError, match=r"^data/mini\.ttl:\d+:\d+: "):
        build(project)
    assert project.store_link.resolve() == good.location
    assert len(open_store(project)) == before
    builds = [p for p in (project.state_dir / "builds").iterdir() if p.is_dir()]
    assert builds == [good.location]


def test_rebuild_swaps_to_the_new_store_and_prunes_old_ones(mini_project) -> None:
    project = mini_project()
    first = build(project)
    second = build(project)
    third = build(project)
    assert project.store_link.resolve() == third.location
    remaining = {p for p in (project.state_dir / "builds").iterdir()}
    assert first.location not in remaining
    assert {second.location, third.location} <= remaining


def test_a_failure_beside_the_store_write_leaves_the_previous_store(mini_project, monkeypatch) -> None:
    project = mini_project()
    good = build(project)

    def broken(*_args: object) -> None:
        raise InputError("the materialisation failed")

    monkeypatch.setattr("psgraph.build.materialise_to_file", broken)
    with pytest.raises(InputError, match="the materialisation failed"):
        build(project)
    assert project.store_link.resolve() == good.location
    builds = project.state_dir / "builds"
    assert [p for p in builds.iterdir() if p.is_dir()] == [good.location]
    assert not list(builds.rglob("materialised.nt"))
    assert not (good.location / "materialised.nt").exists()  # loaded, then removed
