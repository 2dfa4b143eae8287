"""`psgraph report`: gather the report from the built store, write it as HTML and, if asked, print it
to PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from psgraph.catalogue import LANGUAGES, load_catalogue
from psgraph.dataset import describe_build
from psgraph.errors import InputError
from psgraph.files import output_file, write_output
from psgraph.project import Project
from psgraph.report.content import gather
from psgraph.report.pdf import chromium, print_pdf
from psgraph.report.render import html
from psgraph.server.compare import parse_countries
from psgraph.store import open_store
from psgraph.validation.runner import require_current


@dataclass(frozen=True)
class Written:
    html: Path
    html_bytes: int
    pdf: Path | None = None
    pdf_bytes: int = 0


def parse_day(text: str | None, option: str = "--as-of") -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r} is not a date: write YYYY-MM-DD, e.g. 2010-01-01.") from None


def write_report(project: Project, countries: str, as_of: str | None, lang: str, output: str,
                 pdf: str | None) -> Written:
    """The report of ``countries`` (codes, e.g. ``fr,uk``) on ``as_of`` in ``lang``, to ``output``
    (HTML) and to ``pdf`` if given ("": the HTML file's name with .pdf); every argument is checked
    before anything is written."""
    if lang not in LANGUAGES:
        raise InputError(f"--lang {lang!r} is not a language of the graph (en or fr).")
    day = parse_day(as_of)
    chosen = parse_countries(countries)
    target = output_file(output, "--output")
    printed = None if pdf is None else output_file(pdf or str(target.with_suffix(".pdf")), "--pdf")
    if printed is not None and printed.resolve() == target.resolve():
        raise InputError(f"--pdf {printed} is the HTML file itself (--output): give the PDF another name.")
    if printed is not None:
        chromium()  # missing: said before anything is written
    require_current(project, reason="so that the report describes the data as they are")
    store = open_store(project)
    build = describe_build(project, store)
    report = gather(store, load_catalogue(project), chosen, day, lang)
    page = html(report, build, date.today()).encode("utf-8")
    write_output(target, page, "--output")
    written = Written(target, len(page))
    if printed is not None:
        written = Written(target, len(page), printed, print_pdf(target, printed))
    return written
