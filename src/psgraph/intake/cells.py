"""Reading the cells of a row: names reconciled, dates, numbers, yes/no, required cells — each problem
told by sheet, row and column, in the curator's language when it is shown."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from psgraph.i18n import Text, text
from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler, Unmatched, normal
from psgraph.intake.workbook import Row

YES = frozenset({"yes", "oui", "true", "vrai", "1", "y", "o"})
NO = frozenset({"no", "non", "false", "faux", "0", "n"})
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: Text = field(compare=False)
    # The English sentence, for ordering and de-duplication (a Text is not orderable).
    key: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", str(self.message))

    def render(self, lang: str = "en") -> str:
        where = (
            text("{sheet}, row {row}, column {column}", sheet=self.sheet, row=self.row, column=self.column)
            if self.column
            else text("{sheet}, row {row}", sheet=self.sheet, row=self.row)
        )
        return text("{where}: {message}", where=where, message=self.message).render(lang)

    def __str__(self) -> str:
        return self.render("en")

    def __hash__(self) -> int:
        return hash((self.sheet, self.row, self.column, self.key))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.sheet, self.row, self.column, self.key) == (
            other.sheet,
            other.row,
            other.column,
            other.key,
        )


class Cells:
    """Reads cells and records what is wrong with them in ``problems``."""

    def __init__(self, reconciler: Reconciler) -> None:
        self.reconciler = reconciler
        self.problems: list[Problem] = []

    def problem(self, row: Row, column: str, message: Text) -> None:
        self.problems.append(Problem(row.sheet, row.number, column, message))

    def find(
        self, row: Row, column: str, kind: str, value: str | None = None, prefer: Iterable[str] = ()
    ) -> str | None:
        cell = row.get(column) if value is None else value
        if not cell:
            return None
        try:
            return self.reconciler.find(kind, cell, prefer)
        except Unmatched as unmatched:
            self.problem(row, column, unmatched.text)
            return None

    def several(self, row: Row, column: str, kind: str, prefer: Iterable[str] = ()) -> list[str]:
        found = []
        for value in split(row.get(column)):
            iri = self.find(row, column, kind, value, prefer)
            if iri and iri not in found:
                found.append(iri)
        return found

    def date(self, row: Row, column: str, partial: bool = False) -> str | None:
        """A date as YYYY-MM-DD (``partial``: also YYYY-MM or YYYY, as a web page may show)."""
        cell = row.get(column)
        if not cell:
            return None
        pattern = r"\d{4}(?:-\d{2}(?:-\d{2})?)?" if partial else r"\d{4}-\d{2}-\d{2}"
        if re.fullmatch(pattern, cell):
            try:
                full = cell + "-01-01"[len(cell) - 4 :] if len(cell) < 10 else cell
                dt.date.fromisoformat(full)
                return cell
            except ValueError:
                pass
        self.problem(
            row,
            column,
            text(
                "'{cell}' is not a date; write dates as YYYY-MM-DD{hint}",
                cell=cell,
                hint=date_hint(cell, column),
            ),
        )
        return None

    def number(self, row: Row, column: str) -> Decimal | None:
        cell = row.get(column)
        if not cell:
            return None
        written = cell.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        percent = written.endswith("%")
        try:
            value = Decimal(written.rstrip("%").replace(",", "."))
        except InvalidOperation:
            self.problem(
                row, column, text("'{cell}' is not a number; write it with digits, e.g. 5 or 0.48", cell=cell)
            )
            return None
        return value / 100 if percent else value

    def flag(self, row: Row, column: str) -> bool | None:
        cell = row.get(column)
        if not cell:
            return None
        folded = normal(cell)
        if folded in YES | NO:
            return folded in YES
        self.problem(row, column, text("'{cell}' is not yes or no", cell=cell))
        return None

    def url(self, row: Row, column: str) -> str | None:
        cell = row.get(column)
        if not cell:
            return None
        if is_url(cell):
            return cell
        self.problem(
            row,
            column,
            text(
                "'{cell}' is not a web address; write it whole, starting with https:// or http://", cell=cell
            ),
        )
        return None

    def required(self, row: Row, sheet: layout.Sheet) -> bool:
        missing = [c for c in sheet.columns if c.required and not row.get(c.name)]
        for column in missing:
            self.problem(
                row,
                column.name,
                text(
                    "this cell is empty; fill it in: {what}",
                    what=Text(column.en, written=(("en", column.en), ("fr", column.fr))),
                ),
            )
        return not missing

    def identifier(self, row: Row, column: str = "id") -> str | None:
        key = row.get(column)
        if key and not ID.match(key):
            self.problem(
                row,
                column,
                text(
                    "'{cell}' is not a usable id: write lower-case letters, digits "
                    "and hyphens, e.g. {example}",
                    cell=key,
                    example=slug(key) or "clspd-avignon",
                ),
            )
            return None
        return key or None


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(layout.LIST_SEPARATOR) if part.strip()]


def slug(name: str) -> str:
    return "-".join(normal(name).split())


_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def is_url(cell: str) -> bool:
    return bool(_URL.match(cell.strip()))


def date_hint(cell: str, column: str) -> Text | str:
    """The date a curator most likely meant, in the form to write (day first, as in France and the UK)."""
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", cell)
    if match:
        try:
            return text(
                ", e.g. {date}", date=dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
            )
        except ValueError:
            return ""
    if re.fullmatch(r"\d{4}", cell):
        precision = column.replace("date", "precision") if column.endswith("date") else "start_precision"
        return text(", e.g. {year}-01-01 with {column} year", year=cell, column=precision)
    return ""
