"""`psgraph template`: an empty workbook for curators, made from the layout and the graph's own
vocabularies (so that it never drifts from them): drop-down lists of body types, levels, domains,
functions, roles, kinds of seat, precisions and confidences; a help sheet explaining every column in
English and French, with example rows for a body type built from what the law requires of it."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.files import output_file, output_folder, write_output
from psgraph.intake import layout
from psgraph.intake.reconcile import Reconciler
from psgraph.prefixes import PREFIXES
from psgraph.results import compact

_HEAD = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
ExampleRows = dict[str, list[dict[str, str]]]


def choices(reconciler: Reconciler, kind: str) -> list[str]:
    """The values a drop-down offers for a kind of cell: the names the reconciler shows."""
    return reconciler.indexes[kind].labels()


def example_rows(store: ox.Store, reconciler: Reconciler, body_type: str) -> ExampleRows:
    """One body of the type, as a curator would fill the sheets: a real territory of the type's level,
    the statutory seats the law requires today, the type's first mandate, its legal basis as source."""
    iri = _type_iri(reconciler, body_type)
    today = date.today().isoformat()
    rows = list(
        store.query(
            _HEAD
            + f"""
        SELECT ?level ?country ?law ?en ?fr ?acronym WHERE {{
          <{iri}> rdfs:label ?en , ?fr FILTER(LANG(?en) = "en" && LANG(?fr) = "fr")
          OPTIONAL {{ <{iri}> psg:typeLevel ?level }} OPTIONAL {{ <{iri}> psg:typeJurisdiction ?country }}
          OPTIONAL {{ <{iri}> psg:legalBasis|psg:establishedBy ?law }}
          OPTIONAL {{ <{iri}> skos:altLabel ?acronym FILTER(REGEX(?acronym, "^[A-Z0-9]{{2,}}$")) }}
        }} ORDER BY ?law LIMIT 1"""
        )
    )
    if not rows or rows[0]["level"] is None or rows[0]["country"] is None:
        raise InputError(
            f"{compact(iri)} has no level or country of its own (psg:typeLevel, "
            "psg:typeJurisdiction): no example can be made for it."
        )
    head = rows[0]
    territory = _territory(store, head["level"].value, head["country"].value)
    place = reconciler.indexes[layout.TERRITORY].candidates[territory].label.split(" [")[0]
    key = f"{re.split(r'[#/]', iri)[-1].lower()}-example"
    law = head["law"].value if head["law"] is not None else ""
    seats = [
        (s["holder"].value, s["role"].value)
        for s in store.query(
            _HEAD
            + f"""
        SELECT DISTINCT ?holder ?role WHERE {{
          # Seats exist on partnership bodies and instruments only (an office's functions have none).
          # A seat that has ended is left out, not every seat of its holder (the member states keep
          # other seats on the EUCPN after the 2001 contact points ended).
          <{iri}> rdfs:subClassOf+ psg:PartnershipArrangement ; psg:requiresMember ?seat .
          ?seat psg:seatHolder ?holder ; org:role ?role .
          FILTER NOT EXISTS {{ ?seat psg:endDate ?until FILTER(?until <= "{today}"^^xsd:date) }}
        }} ORDER BY ?role ?holder"""
        )
    ]
    chair = next((holder for holder, role in seats if role.endswith("#ChairRole")), "")
    by_mandate: dict[str, dict[str, set[str]]] = {}
    for row in store.query(
        _HEAD
        + f"""
        SELECT ?m ?d ?f ?l ?s WHERE {{
          # The type's own mandates; for a type the law gives none, those of its recorded bodies.
          {{ <{iri}> psg:typeMandate ?m }}
          UNION {{ ?body a <{iri}> ; psg:hasMandate ?m FILTER NOT EXISTS {{ <{iri}> psg:typeMandate ?any }} }}
          ?m psg:domain ?d ; psg:function ?f .
          FILTER NOT EXISTS {{ ?m psg:endDate ?ended FILTER(?ended <= "{today}"^^xsd:date) }}
          OPTIONAL {{ ?m psg:legalBasis ?l }} OPTIONAL {{ ?m psg:startDate ?s }} }}"""
    ):
        entry = by_mandate.setdefault(row["m"].value, {"d": set(), "f": set(), "l": set(), "s": set()})
        for name in ("d", "f", "l", "s"):
            if row[name] is not None:
                entry[name].add(row[name].value)
    # The type's first mandate: the earliest, the one with fewest domains breaking ties.
    first = min(by_mandate.values(), key=lambda m: (min(m["s"] or {""}), sorted(m["d"])), default=None)
    if first is None:
        raise InputError(
            f"{compact(iri)}: the law gives this body type no mandate and no body of it is recorded, "
            "so an example would have to invent one."
        )
    label = reconciler.indexes

    def shown(kind: str, value: str) -> str:
        return label[kind].candidates[value].label if value in label[kind].candidates else compact(value)

    bodies = {
        "id": key,
        "name_en": f"{_bare(head['en'].value)} of {place} (example)",
        "name_fr": f"{_bare(head['fr'].value)} — {place} (exemple)",
        "acronym": head["acronym"].value if head["acronym"] else "",
        "type": shown(layout.BODY_TYPE, iri),
        "territory": reconciler.indexes[layout.TERRITORY].candidates[territory].label,
        "legal_basis": shown(layout.LAW, law) if law else "",
        "informal": "" if law else "yes",
        "chair": shown(layout.ACTOR, chair) if chair else "",
        "start_date": today,
    }
    members = [
        {
            "body": key,
            "member": shown(layout.ACTOR, holder),
            "role": shown(layout.ROLE, role),
            "seat_kind": shown(layout.SEAT, PREFIXES["psg"] + "StatutorySeat"),
        }
        for holder, role in seats
    ]
    mandates = []
    if first is not None:
        mandates.append(
            {
                "body": key,
                "domains": "; ".join(sorted(shown(layout.DOMAIN, d) for d in first["d"])),
                "functions": "; ".join(sorted(shown(layout.FUNCTION, f) for f in first["f"])),
                "legal_basis": shown(layout.LAW, min(first["l"])) if first["l"] else "",
            }
        )
    sources = (
        [{"about": key, "source": shown(layout.SOURCE, law), "locator": "the article in force"}]
        if law
        else _type_citation(store, iri, key, label)
    )
    return {"bodies": [bodies], "members": members, "mandates": mandates, "sources": sources}


def _bare(name: str) -> str:
    """A type's name without its acronym: "Community Safety Partnership (CSP)" → "… Partnership"."""
    return re.sub(r"\s*\([^()]*\)$", "", name)


def _type_iri(reconciler: Reconciler, body_type: str) -> str:
    from psgraph.intake.reconcile import Unmatched

    try:
        return reconciler.indexes[layout.BODY_TYPE].find(body_type)
    except Unmatched as problem:
        raise InputError(f"--type {problem}.") from None


def _territory(store: ox.Store, level: str, country: str) -> str:
    """A territory of the level inside the country, the same each time (the largest by population).

    The most populous of the level are read first and each asked whether it lies in the country:
    walking psg:within* from all 35,000 communes before sorting took 1.5 s of the template's 3 s."""
    if level.endswith(("#National", "#Supranational")):
        return country
    largest = store.query(
        _HEAD + f"SELECT ?t WHERE {{ ?t psg:territoryLevel <{level}> ; psg:legalPopulation ?p }} "
        "ORDER BY DESC(?p) ?t LIMIT 50"
    )
    for (territory,) in largest:
        if store.query(_HEAD + f"ASK {{ <{territory.value}> psg:within* <{country}> }}"):
            return territory.value
    rows = list(
        store.query(
            _HEAD
            + f"""
        SELECT ?t WHERE {{ ?t psg:territoryLevel <{level}> ; psg:within* <{country}> .
                           OPTIONAL {{ ?t psg:legalPopulation ?p }} }} ORDER BY DESC(?p) ?t LIMIT 1"""
        )
    )
    if not rows:
        raise InputError(f"No territory of level {compact(level)} is recorded in {compact(country)}.")
    return rows[0][0].value


def _type_citation(store: ox.Store, iri: str, key: str, label: dict) -> list[dict[str, str]]:
    rows = list(
        store.query(
            _HEAD
            + f"""
        SELECT ?source ?quote WHERE {{ <{iri}> psg:citation ?c . ?c dcterms:source ?source .
          OPTIONAL {{ ?c psg:quote ?q }} FILTER(BOUND(?q) || EXISTS {{ ?source a eli:LegalResource }})
          BIND(COALESCE(?q, "") AS ?quote) }}
        ORDER BY ?source ?quote LIMIT 1"""
        )
    )
    if not rows:
        raise InputError(
            f"{compact(iri)} has neither a legal basis nor a quoted source to make an example from."
        )
    source = rows[0]["source"].value
    return [
        {
            "about": key,
            "source": label[layout.SOURCE].candidates[source].label
            if source in label[layout.SOURCE].candidates
            else compact(source),
            "quote": rows[0]["quote"].value,
        }
    ]


@dataclass(frozen=True)
class Template:
    """What `psgraph template` wrote: the files, the example's body type, why there is no example."""

    files: tuple[Path, ...]
    example: str
    missing: str


def write_template(store: ox.Store, reconciler: Reconciler, target: Path, body_type: str | None) -> Template:
    """Write the template (an .xlsx workbook, or a folder of CSV files)."""
    iri = _type_iri(reconciler, body_type or "CLSPD")  # an unknown type is refused before anything is written
    check_target(target)
    try:
        examples, missing = example_rows(store, reconciler, body_type or "CLSPD"), ""
    except InputError as reason:
        examples, missing = {}, str(reason)
    example = reconciler.label(layout.BODY_TYPE, iri) if examples else ""
    if target.suffix.lower() == ".xlsx":
        write_output(target, _xlsx(reconciler, examples), "-o")
        return Template((target,), example, missing)
    if target.suffix == "" or target.is_dir():
        files = []
        for sheet in layout.SHEETS:
            write_output(target / f"{sheet.name}.csv", _csv([c.name for c in sheet.columns], []), "-o")
            files.append(target / f"{sheet.name}.csv")
        write_output(
            target / "help.csv",
            _csv(
                ["sheet", "column", "required", "kind", "english", "français", "example"],
                _help_rows(examples),
            ),
            "-o",
        )
        return Template((*files, target / "help.csv"), example, missing)
    raise InputError(f"-o {target}: give a file ending in .xlsx, or a folder for CSV files.")


def summary(made: Template, project: object) -> list[str]:
    """What the template command tells: which files, where, with what, and what to do next."""
    where = [str(path.resolve()) for path in made.files]
    sheets = ", ".join(sheet.name for sheet in layout.SHEETS)
    if len(where) == 1:
        lines = [
            f"Wrote the workbook {where[0]}: the sheets {sheets}, each column explained in English "
            "and French in the help sheet, and drop-down lists of the graph's vocabularies."
        ]
    else:
        lines = [
            f"Wrote {len(where)} CSV files to {Path(where[0]).parent}: "
            + ", ".join(Path(p).name for p in where)
            + " (help.csv explains every column in English "
            "and French)."
        ]
    lines.append(
        f"Example rows: a {made.example}, at the end of the help sheet."
        if made.example
        else f"No example rows: {made.missing}"
    )
    lines.append("Fill it in, then check it with `psgraph intake FILE --dry-run`.")
    return lines


def check_target(target: Path) -> None:
    """One sentence, before anything is written, unless ``target`` can take a new template: a
    workbook or CSV files already there may hold a curator's rows and are never replaced."""
    if target.suffix.lower() == ".xlsx":
        written = [output_file(str(target), "-o")]
    elif target.suffix == "" or target.is_dir():
        output_folder(target, "-o")
        written = [target / f"{name}.csv" for name in (*(s.name for s in layout.SHEETS), "help")]
    else:
        raise InputError(f"-o {target}: give a file ending in .xlsx, or a folder for CSV files.")
    there = [path.name for path in written if path.exists()]
    if there:
        raise InputError(f"-o {target}: {', '.join(there)} already there, and a template never replaces a "
                         "workbook (it may hold rows): give a new name, or move the old one away first.")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _help_rows(examples: ExampleRows) -> list[list[str]]:
    rows = []
    for sheet in layout.SHEETS:
        example = (examples.get(sheet.name) or [{}])[0]
        for column in sheet.columns:
            rows.append(
                [
                    sheet.name,
                    column.name,
                    "yes" if column.required else "",
                    column.kind,
                    column.en,
                    column.fr,
                    example.get(column.name, ""),
                ]
            )
    return rows


def _xlsx(reconciler: Reconciler, examples: ExampleRows) -> bytes:
    out = io.BytesIO()
    workbook(reconciler, examples).save(out)
    return out.getvalue()


def workbook(reconciler: Reconciler, examples: ExampleRows) -> Any:
    """The workbook (an openpyxl Workbook): the four sheets with their headers and drop-down lists,
    the help sheet, the hidden lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet("lists")
    ranges: dict[str, str] = {}
    for position, kind in enumerate((layout.BODY_TYPE, layout.COUNTRY, *layout.VOCABULARIES), start=1):
        values = choices(reconciler, kind)
        letter = get_column_letter(position)
        lists.cell(1, position, kind)
        for row, value in enumerate(values, start=2):
            lists.cell(row, position, value)
        ranges[kind] = f"lists!${letter}$2:${letter}${len(values) + 1}"
    for sheet in layout.SHEETS:
        page = book.create_sheet(sheet.name, index=len(book.sheetnames) - 1)
        for position, column in enumerate(sheet.columns, start=1):
            cell = page.cell(1, position, column.name)
            cell.font = Font(bold=True)
            cell.comment = None
            page.column_dimensions[get_column_letter(position)].width = max(14, len(column.name) + 4)
            if column.kind in ranges and not column.several:
                # A drop-down that still accepts other spellings (French names, codes): reconciliation
                # checks them on import.
                check = DataValidation(
                    type="list", formula1=f"={ranges[column.kind]}", allow_blank=True, showErrorMessage=False
                )
                check.add(f"{get_column_letter(position)}2:{get_column_letter(position)}5000")
                page.add_data_validation(check)
        page.freeze_panes = "A2"
    help_sheet = book.create_sheet("help")
    help_sheet.append(["sheet", "column", "required", "kind", "english", "français", "example"])
    for row in _help_rows(examples):
        help_sheet.append(row)
    help_sheet.append([])
    help_sheet.append(
        [
            "Example rows (not a real body): copy them to the sheets above to see an import pass; "
            "Exemple (pas une instance réelle) : à recopier dans les feuilles pour voir un import réussir."
        ]
    )
    for sheet in layout.SHEETS:
        for example in examples.get(sheet.name, []):
            help_sheet.append([sheet.name, *(example.get(c.name, "") for c in sheet.columns)])
    for letter, width in zip("ABCDEFG", (11, 16, 9, 20, 60, 60, 40), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    lists.sheet_state = "hidden"
    book.move_sheet(lists, offset=len(book.sheetnames) - 1 - book.index(lists))
    return book
