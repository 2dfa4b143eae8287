"""Writing the data package: the CSV tables, ``datapackage.json`` (a Frictionless Tabular Data Package
with a Table Schema per table: types, constraints, keys, descriptions) and ``CODEBOOK.md``, into a
folder or a ``.zip`` — whole or not at all."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psgraph.datapackage.codebook import Codebook, describe, markdown
from psgraph.datapackage.extract import Extracted, extract
from psgraph.datapackage.tables import Column, Table
from psgraph.dataset import Dataset, describe_build
from psgraph.downloads.spreadsheet import TableSheet, tables_xlsx
from psgraph.errors import InputError
from psgraph.files import umask, write_output
from psgraph.project import Project
from psgraph.store import open_store

LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Written:
    target: Path
    tables: int
    rows: int


LICENCE_FILES = ("LICENSE", "LICENSE-DATA")  # the code's (MIT) and the data's (CC BY 4.0), at the root


def licence_files(root: Path) -> dict[str, bytes]:
    """The licence files of the checkout at ``root``, which every package and release carries."""
    return {name: (root / name).read_bytes() for name in LICENCE_FILES if (root / name).is_file()}


def build_package(store: ox.Store, dataset: Dataset,
                  licences: Mapping[str, bytes] | None = None) -> tuple[dict[str, bytes], Codebook]:
    """The files of the package (path inside it → content, with the ``licences`` files) and its
    codebook."""
    files, book, _ = package_contents(store, dataset, licences)
    return files, book


def package_contents(store: ox.Store, dataset: Dataset, licences: Mapping[str, bytes] | None = None,
                     workbook: bool = False) -> tuple[dict[str, bytes], Codebook, bytes]:
    """The files of the package, its codebook, and (``workbook``) the same tables as one XLSX workbook
    (a sheet per table, cells typed by the Table Schema; b"" otherwise), read from the store once.
    The workbook takes about 10 s more on the real graph (164,000 rows), so only who asks pays."""
    done = extract(store, dataset.built_on)
    codes = {(row["scheme"], row["code"]) for row in done[0].rows}
    files = {f"data/{item.table.name}.csv": _csv(item) for item in done}
    book = describe(store, done, dataset)
    definitions = {(t.name, c.name): c.definition for t in book.tables for c in t.columns}
    resources = [_resource(item, files[f"data/{item.table.name}.csv"], codes, definitions) for item in done]
    descriptor = {
        "profile": "tabular-data-package",
        "name": "psgraph",
        "title": "psgraph: crime-prevention and security partnerships in France, the United Kingdom and "
                 "the EU",
        "description": "Partnership bodies, their types, members, mandates, legal bases, territories, "
                       "statutory obligations, change events and the literature's findings, each fact "
                       "with its source. Tidy tables from the psgraph knowledge graph; see CODEBOOK.md.",
        "version": dataset.version,
        "created": dataset.built_at,
        "homepage": "https://w3id.org/psgraph",
        "licenses": [LICENCE],  # the text is LICENSE-DATA, beside datapackage.json
        "keywords": ["crime prevention", "security partnerships", "multi-level governance", "France",
                     "United Kingdom", "European Union"],
        "sources": [{"title": "psgraph knowledge graph", "path": "https://w3id.org/psgraph"}],
        "resources": resources,
    }
    files["datapackage.json"] = (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()
    files["CODEBOOK.md"] = markdown(book).encode()
    files.update(licences or {})
    sheets = [TableSheet(item.table.name, [(c.name, c.frictionless_type) for c in item.table.columns],
                         item.rows)
              for item in done]
    return files, book, tables_xlsx(sheets) if workbook else b""


def export_package(project: Project, output: str) -> Written:
    """``psgraph export --format datapackage -o DIR`` (or ``-o FILE.zip``) on the current store."""
    check_output(output)
    store = open_store(project)
    files, book = build_package(store, describe_build(project, store), licence_files(project.root))
    target = write_package(files, output)
    return Written(target, len(book.tables), sum(table.rows for table in book.tables))


def check_output(output: str) -> Path:
    """The folder or .zip file ``output`` names, checked before any work; InputError otherwise."""
    if output in ("", "-") or not output.strip():
        raise InputError("--format datapackage needs --output DIR (a folder) or --output FILE.zip.")
    target = Path(output)
    parent = target.resolve().parent
    if not parent.is_dir():
        raise InputError(f"--output {output}: the folder {parent} does not exist.")
    if target.suffix != ".zip" and target.exists() and not target.is_dir():
        raise InputError(f"--output {output} is a file: name a folder (or a .zip file).")
    if target.is_dir() and any(target.iterdir()) and not (target / "datapackage.json").is_file():
        # the folder is replaced whole: one that is not an earlier package would be lost
        raise InputError(f"--output {output} is a folder that holds other files and no datapackage.json; "
                         "name a new folder (an earlier package's folder is replaced whole).")
    return target


def write_package(files: Mapping[str, bytes], output: str) -> Path:
    """The files into the folder ``output`` (replaced whole), or a ``.zip`` archive of them."""
    target = check_output(output)
    parent = target.resolve().parent
    if target.suffix == ".zip":
        write_output(target, zipped(files))
        return target
    staging = None
    try:
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}."))
        staging.chmod(0o777 & ~umask())
        for name, content in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        previous = None
        if target.exists():
            previous = parent / f".{target.name}.old"
            shutil.rmtree(previous, ignore_errors=True)
            os.replace(target, previous)
        os.replace(staging, target)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
    except OSError as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise InputError(f"--output {output}: cannot be written ({error.strerror or error}).") from None
    return target


def zipped(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def _csv(item: Extracted) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in item.table.columns], lineterminator="\n")
    writer.writeheader()
    writer.writerows(item.rows)
    return buffer.getvalue().encode("utf-8")


def _resource(item: Extracted, content: bytes, codes: set[tuple[str, str]],
              definitions: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    table = item.table
    return {
        "name": table.name,
        "path": f"data/{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "schema": _schema(table, codes, definitions),
    }


def _schema(table: Table, codes: set[tuple[str, str]],
            definitions: Mapping[tuple[str, str], str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c, codes, definitions[(table.name, c.name)])
                                         for c in table.columns],
                              "missingValues": [""], "primaryKey": list(table.key)}
    foreign = [{"fields": c.name, "reference": {"resource": c.references[0], "fields": c.references[1]}}
               for c in table.columns if c.references[0]]
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _field(column: Column, codes: set[tuple[str, str]], definition: str) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.frictionless_type}
    if column.kind == "iri":
        field["format"] = "uri"
    if definition:
        field["description"] = definition
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.scheme:
        scheme = column.scheme.split(":", 1)[1]
        constraints["enum"] = sorted(code for name, code in codes if name == scheme)
    if constraints:
        field["constraints"] = constraints
    return field


