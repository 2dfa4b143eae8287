from __future__ import annotations

import subprocess

from psgraph.build import build
from psgraph.pins import pin, pinned_builds
from psgraph.store import current_location


def test_a_pinned_build_survives_later_builds(project_copy):
    first = build(project_copy).location
    pin_file = pin(project_copy, first)
    try:
        build(project_copy)
        build(project_copy)
        assert first.exists() and first.name in pinned_builds(project_copy)
    finally:
        pin_file.unlink()
    build(project_copy)
    assert not first.exists()
    assert current_location(project_copy).exists()


def test_pins_of_stopped_processes_are_dropped(project_copy):
    location = build(project_copy).location
    finished = subprocess.Popen(["true"])
    finished.wait()
    folder = project_copy.state_dir / "pins"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / str(finished.pid)).write_text(location.name)
    assert pinned_builds(project_copy) == set()
    assert not (folder / str(finished.pid)).exists()
