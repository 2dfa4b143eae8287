"""Plain-text tables for terminal output."""

from __future__ import annotations

from collections.abc import Sequence


def render_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    numeric = [all(_is_number(row[i]) for row in cells[1:]) and len(cells) > 1 for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        return "  ".join(cell.rjust(w) if num else cell.ljust(w)
                         for cell, w, num in zip(row, widths, numeric, strict=True)).rstrip()

    separator = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), separator, *(line(row) for row in cells[1:])])


def _is_number(text: str) -> bool:
    return text.lstrip("-").isdigit()
