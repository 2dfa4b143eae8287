"""SPARQL query files with a ``#+`` YAML header (title, description, category, params)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from psgraph.errors import InputError
from psgraph.i18n import text

HEADER_MARK = "#+"


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    text: str
    header: dict[str, Any] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return str(self.header.get("title", self.name))

    @property
    def description(self) -> str:
        return str(self.header.get("description", "")).strip()

    def title_in(self, lang: str) -> str:
        """The title in ``lang`` (``title_fr``), else the English one."""
        return str(self.header.get(f"title_{lang}") or self.title)

    def description_in(self, lang: str) -> str:
        return str(self.header.get(f"description_{lang}") or self.description).strip()

    def column_label(self, name: str, lang: str) -> str:
        """A column's header in ``lang``, as the ``columns:`` entry of the header declares it
        (``area: [area, territoire englobant]``); the ``fooLabel`` column beside a declared ``foo`` is
        "foo (name)"; an undeclared column keeps its name."""
        declared = self.header.get("columns") or {}
        pair = declared.get(name)
        if pair is None and name.endswith("Label") and name[:-5] in declared:
            return text("{column} (name)", column=self.column_label(name[:-5], lang)).render(lang)
        if not isinstance(pair, list) or not pair:
            return name
        return str(pair[1] if lang == "fr" and len(pair) > 1 else pair[0])

    def value_label(self, column: str, value: str, lang: str) -> str:
        """A value the query itself writes (``BIND("body type" AS ?layer)``) in ``lang``, as the
        ``values:`` entry of the header translates it; other values as they are."""
        if lang != "fr":
            return value
        translated = (self.header.get("values") or {}).get(column) or {}
        return str(translated.get(value, value))

    @property
    def category(self) -> str:
        return str(self.header.get("category", ""))


def read_query_file(path: Path) -> QueryFile:
    """Read a query file and parse its ``#+`` header; a malformed header is an input error."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error}).") from None
    header_lines = [line[len(HEADER_MARK):].removeprefix(" ") for line in text.splitlines()
                    if line.startswith(HEADER_MARK)]
    try:
        header = yaml.safe_load("\n".join(header_lines)) if header_lines else {}
    except yaml.YAMLError as error:
        raise InputError(f"{path}: the #+ header is not valid YAML ({error}).") from None
    if header is None:
        header = {}
    if not isinstance(header, dict):
        raise InputError(f"{path}: the #+ header must be a YAML mapping (title:, description:, …).")
    name = path.name.removesuffix(".rq")
    return QueryFile(name=name, path=path, text=text, header=header)
