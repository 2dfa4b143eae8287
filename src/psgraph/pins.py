"""Builds in use by a running ``psgraph serve``, which a new build must not delete.

Each build keeps the previous one and deletes older ones. A server reads the build it started on
for as long as it runs (its workers reopen it when they are restarted), so it records a pin:
``.psgraph/pins/<pid>`` holding the build's folder name. Pins of processes that no longer run are
ignored and removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from psgraph.project import Project


def _folder(project: Project) -> Path:
    return project.state_dir / "pins"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pin(project: Project, build: Path) -> Path:
    folder = _folder(project)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / str(os.getpid())
    path.write_text(build.name, encoding="utf-8")
    return path


def pinned_builds(project: Project) -> set[str]:
    folder = _folder(project)
    if not folder.is_dir():
        return set()
    names = set()
    for entry in folder.iterdir():
        if not entry.name.isdigit():
            continue
        if process_alive(int(entry.name)):
            names.add(entry.read_text(encoding="utf-8").strip())
        else:
            entry.unlink(missing_ok=True)
    return names
