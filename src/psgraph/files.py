"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from psgraph.errors import InputError


def umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomically(target: Path, payload: bytes) -> None:
    """Write ``payload`` to a temporary file beside ``target`` and rename it into place; an
    interrupted write leaves ``target`` as it was."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temporary, 0o666 & ~umask())  # mkstemp creates 0600; give the file the usual mode
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def output_file(output: str, option: str = "--output") -> Path:
    """The file ``output`` names, checked before any work is done; a symbolic link is written
    through (its target is replaced, the link stays). InputError names the option otherwise."""
    if not output.strip():
        raise InputError(f"{option} is empty: give the name of the file to write.")
    target = Path(output)
    if target.is_symlink():
        target = target.resolve()
    if target.is_dir():
        raise InputError(f"{option} {output}: that is a folder; give the name of a file to write in it.")
    if not target.parent.is_dir():
        raise InputError(f"{option} {output}: the folder {target.parent} does not exist.")
    if not os.access(target.parent, os.W_OK):
        raise InputError(f"{option} {output}: the folder {target.parent} cannot be written to.")
    return target


def write_output(target: Path, payload: bytes, option: str = "--output") -> None:
    """:func:`write_atomically`, with a failure told as one sentence naming the option."""
    try:
        write_atomically(target, payload)
    except OSError as error:
        raise InputError(f"{option} {target}: cannot be written ({error.strerror or error}).") from None


def output_folder(folder: Path, option: str) -> Path:
    """``folder``, created if needed; InputError naming the option if it cannot be."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{option} {folder}: that is a file, not a folder; give a folder's name.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"{option} {folder}: the folder cannot be created "
                         f"({error.strerror or error}).") from None
    if not os.access(folder, os.W_OK):
        raise InputError(f"{option} {folder}: the folder cannot be written to.")
    return folder
