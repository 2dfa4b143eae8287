"""Finding the Turtle files of a folder: regular files only, and links that lead somewhere.

A named pipe called ``x.ttl`` would make the parser wait for ever, and a link that loops or leads
nowhere would fail deep in the parser with an unhelpful message. Pipes, sockets and devices are
skipped with a warning that names them; a broken or looping link is an error naming it.
Linked folders are not entered (a link to ``..`` would list the project again and again).
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from psgraph.errors import InputError

log = logging.getLogger("psgraph.files")
_warned: set[Path] = set()  # each skipped file is named once per run, however often files are listed


def turtle_files(folder: Path, display_root: Path | None = None) -> list[Path]:
    """The ``*.ttl`` files under ``folder``, sorted; InputError for a broken or looping link."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for directory, subdirectories, names in os.walk(folder, followlinks=False):
        subdirectories.sort()
        for name in sorted(names):
            if not name.endswith(".ttl"):
                continue
            path = Path(directory) / name
            shown = _shown(path, display_root)
            try:
                mode = path.stat().st_mode  # follows a link to its target
            except RuntimeError:
                raise InputError(f"{shown}: a symbolic link that loops back on itself; remove it.") from None
            except OSError as error:
                if path.is_symlink():
                    raise InputError(f"{shown}: a symbolic link to {os.readlink(path)}, which does not "
                                     "exist or loops; remove or fix it.") from None
                raise InputError(f"{shown}: cannot be read ({error.strerror or error}).") from None
            if not stat.S_ISREG(mode):
                if path not in _warned:
                    _warned.add(path)
                    log.warning("psgraph: warning: %s is not a regular file (a pipe, socket, device or "
                                "folder); skipped.", shown)
                continue
            found.append(path)
    return sorted(found)


def _shown(path: Path, root: Path | None) -> str:
    if root is not None and path.is_relative_to(root):
        return str(path.relative_to(root))
    return str(path)
