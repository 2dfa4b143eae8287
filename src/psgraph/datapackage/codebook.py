"""The codebook of the data package: every table and column with its definition from the ontology,
its type, the vocabulary its codes come from, and the counts; every vocabulary with its codes in
English and French. Written as CODEBOOK.md in the package and shown at /data by the server."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from psgraph.datapackage.extract import Extracted, Labels
from psgraph.datapackage.tables import Column
from psgraph.dataset import Dataset
from psgraph.i18n import say, text
from psgraph.prefixes import PREFIXES


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    type: str
    definition: str
    definition_fr: str
    vocabulary: str  # the scheme's code, for a code column
    references: str  # "table.column" of a foreign key
    filled: int  # rows with a value


@dataclass(frozen=True)
class TableDoc:
    name: str
    title: str
    description: str
    title_fr: str
    description_fr: str
    rows: int
    key: tuple[str, ...]
    columns: tuple[ColumnDoc, ...]


@dataclass(frozen=True)
class Code:
    code: str
    label_en: str
    label_fr: str
    definition: str
    used: int  # cells of the tables holding it


@dataclass(frozen=True)
class Vocabulary:
    scheme: str
    title: str
    codes: tuple[Code, ...]
    title_fr: str = ""


@dataclass(frozen=True)
class Codebook:
    dataset: Dataset
    tables: tuple[TableDoc, ...]
    vocabularies: tuple[Vocabulary, ...]


def definition(store: ox.Store, column: Column, lang: str = "en") -> str:
    """What the column holds, in ``lang``: the definition of its property in the ontology (its
    skos:definition in that language), else its own words (translated by the catalogue)."""
    words = _own_words(column, lang)
    own = f"{words[0].upper()}{words[1:]}." if words else ""
    if column.prop:
        prefix, local = column.prop.split(":", 1)
        iri = PREFIXES[prefix] + local
        query = f"""SELECT ?text WHERE {{
            {{ <{iri}> <http://www.w3.org/2004/02/skos/core#definition> ?text }}
            UNION {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#comment> ?text }}
            FILTER(LANG(?text) = "{lang}" || LANG(?text) = "") }} LIMIT 1"""
        found = [row["text"].value.strip() for row in store.query(query)]  # type: ignore[union-attr]
        if found:
            return f"{found[0].removesuffix('.')} ({column.prop}).{' ' + own if own else ''}"
    return own


def _own_words(column: Column, lang: str) -> str:
    if column.kind == "label":
        named = f"`{column.of}`" if column.of != "iri" else text("the resource").render(lang)
        said = (text("the English label of {column}", column=named) if column.lang == "en"
                else text("the French label of {column}", column=named))
        return said.render(lang)
    return say(column.description, lang)


def describe(store: ox.Store, done: Sequence[Extracted], dataset: Dataset) -> Codebook:
    used: dict[tuple[str, str], int] = defaultdict(int)
    tables = []
    for item in done:
        columns = []
        for column in item.table.columns:
            scheme = column.scheme.split(":", 1)[1] if column.scheme else ""
            filled = 0
            for row in item.rows:
                if row[column.name]:
                    filled += 1
                    if scheme:
                        used[(scheme, row[column.name])] += 1
            columns.append(ColumnDoc(
                column.name, column.frictionless_type, definition(store, column),
                definition(store, column, "fr"), scheme,
                ".".join(column.references) if column.references[0] else "", filled))
        tables.append(TableDoc(item.table.name, item.table.title, item.table.description,
                               say(item.table.title, "fr"), say(item.table.description, "fr"),
                               len(item.rows), item.table.key, tuple(columns)))
    labels = Labels(store)
    grouped: dict[str, list[Code]] = defaultdict(list)
    scheme_iris: dict[str, str] = {}
    for row in done[0].rows:
        grouped[row["scheme"]].append(Code(row["code"], row["label_en"], row["label_fr"],
                                           row["definition_en"], used[(row["scheme"], row["code"])]))
        scheme_iris[row["scheme"]] = row["iri"].rsplit("#", 1)[0] + "#" + row["scheme"]
    vocabularies = tuple(
        Vocabulary(scheme, labels.of(ox.NamedNode(scheme_iris[scheme]), "en") or scheme, tuple(codes),
                   labels.of(ox.NamedNode(scheme_iris[scheme]), "fr"))
        for scheme, codes in sorted(grouped.items()))
    return Codebook(dataset, tuple(tables), vocabularies)


def markdown(book: Codebook) -> str:
    lines = [
        "# psgraph data package — codebook",
        "",
        f"Version {book.dataset.version}, graph built {book.dataset.built_at} ({book.dataset.triples:,} "
        "triples). Licence: CC BY 4.0 (data), see datapackage.json.",
        "",
        "Every table is a CSV file in `data/` (UTF-8, comma-separated, a header row; an empty cell is a "
        "missing value). Every row of a resource carries its IRI, the identifier of the same resource in "
        "the graph and the SPARQL endpoint, and its labels in English and French. A code column holds "
        "the code of a concept of a controlled vocabulary (the local name of its IRI: "
        "`psg:National` → `National`), explained under *Vocabularies* and in `data/vocabulary.csv`. "
        "Resources the graph leaves without an IRI (memberships, statutory seats, mandates, change events, "
        "role conferrals, claims, citations) get an `id` derived from their content: it stays the same "
        "from build to build while the content does.",
        "",
        "## Reading it",
        "",
        "```python",
        "from frictionless import Package",
        "bodies = Package(\"datapackage.json\").get_resource(\"bodies\").to_pandas()",
        "```",
        "",
        "```r",
        "library(frictionless)",
        "bodies <- read_resource(read_package(\"datapackage.json\"), \"bodies\")",
        "```",
        "",
        "## Tables",
        "",
        "| table | rows | what it holds |",
        "| --- | ---: | --- |",
    ]
    lines += [f"| [{t.name}](#{t.name}) | {t.rows:,} | {t.title} |" for t in book.tables]
    for table in book.tables:
        lines += ["", f"### {table.name}", "", f"**{table.title}.** {table.description}", "",
                  f"{table.rows:,} rows; key: {', '.join(table.key)}.", "",
                  "| column | type | filled | definition |", "| --- | --- | ---: | --- |"]
        for column in table.columns:
            notes = []
            if column.vocabulary:
                notes.append(f"codes of [{column.vocabulary}](#{column.vocabulary.lower()})")
            if column.references:
                notes.append(f"refers to {column.references}")
            extra = f" ({'; '.join(notes)})" if notes else ""
            lines.append(f"| `{column.name}` | {column.type} | {column.filled:,} | "
                         f"{_cell(column.definition)}{extra} |")
    lines += ["", "## Vocabularies"]
    for vocabulary in book.vocabularies:
        lines += ["", f"### {vocabulary.scheme}", "", f"{vocabulary.title}.", "",
                  "| code | English | French | definition | cells |", "| --- | --- | --- | --- | ---: |"]
        lines += [f"| `{c.code}` | {_cell(c.label_en)} | {_cell(c.label_fr)} | {_cell(c.definition)} | "
                  f"{c.used:,} |" for c in vocabulary.codes]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
