"""Running `psgraph serve` as a real process for the tests, on a free port."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ANNOUNCE = re.compile(r"at (http://[^/\s]+)/ ")


@contextmanager
def running_server(root: Path, *options: str, start_timeout: float = 60) -> Iterator[str]:
    """The base URL (no trailing slash) of a server started on ``root`` with ``options``."""
    process = subprocess.Popen([sys.executable, "-m", "psgraph", "--root", str(root), "serve", "--port", "0",
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline() if process.stdout else ""))
    reader.start()
    reader.join(start_timeout)
    match = ANNOUNCE.search(first_line[0]) if first_line else None
    if match is None:
        process.kill()
        _, errors = process.communicate(timeout=10)
        raise RuntimeError(f"psgraph serve did not start: {errors.strip() or first_line}")
    try:
        yield match.group(1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
