"""The report printed to PDF by headless Chromium (Debian's chromium, which `make test` installs):
the browser prints the same self-contained HTML file a reader opens, with its print stylesheet."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from psgraph.errors import PsgraphError

PRINT_TIMEOUT_S = 120
_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
          "--disable-background-networking", "--disable-component-update", "--no-pdf-header-footer",
          "--run-all-compositor-stages-before-draw")


class PrintError(PsgraphError):
    """Chromium is missing or could not print the report."""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise PrintError("--pdf needs Chromium to print the report, and none is installed: install Debian's "
                     "chromium (`make browser` does) or leave out --pdf.")


def print_pdf(page: Path, target: Path) -> int:
    """Print the HTML file ``page`` to ``target`` (replaced only once the PDF is whole); its size."""
    browser = chromium()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="psgraph-print-") as profile:
        partial = Path(profile) / "report.pdf"
        command = [browser, *_FLAGS, f"--user-data-dir={profile}/profile", f"--print-to-pdf={partial}",
                   page.resolve().as_uri()]
        try:
            finished = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PrintError(f"Chromium did not finish printing {page} within {PRINT_TIMEOUT_S} s.") from None
        if finished.returncode != 0 or not partial.is_file() or partial.stat().st_size == 0:
            said = finished.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PrintError(f"Chromium could not print {page} to PDF (exit {finished.returncode}"
                             f"{': ' + said[-1] if said else ''}).")
        size = partial.stat().st_size
        placed = target.with_name(f".{target.name}.partial")
        try:
            shutil.move(partial, placed)
            os.replace(placed, target)
        except OSError as error:
            placed.unlink(missing_ok=True)
            raise PrintError(f"--pdf {target}: cannot be written ({error.strerror or error}).") from None
    return size
