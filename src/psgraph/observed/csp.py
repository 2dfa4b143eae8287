"""The Community Safety Partnerships of the ONS lookups, written as an intake workbook (one CSV per
sheet), which `psgraph intake` turns into Turtle like any curator's.

One body per CSP code: its names (English, Welsh where the names file gives one, a French
rendering), the districts it covers the last time a lookup lists it, the statutory seats and mandate
the Crime and Disorder Act 1998 gives every CSP (ss. 5–6, cited to the Act), and its link to the
elected local policing body of its police force area — the commissioner, or the mayor with the
commissioner's functions — with which s. 10 of the Police Reform and Social Responsibility Act 2011
obliges its responsible authorities to co-operate. Every body cites the lookup rows it is read from.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from psgraph.files import write_atomically
from psgraph.intake import layout
from psgraph.observed.ons import Change, Lookup, Partnership

# The documents the rows cite, declared in observed/uk-sources (their ids, as the graph names them).
CDA_S5, CDA_S6, PRSRA_S10 = "luk:ukpga-1998-37-s5", "luk:ukpga-1998-37-s6", "luk:ukpga-2011-13-s10"
NAMES_DOCUMENT = "src:ons-csp-names-2019"
_KINDS = {"merged": "merged", "split": "split", "replaced": "replaced", "dissolved": "dissolved"}
_VOWELS = tuple("AEIOUYÂÉÈÊÎÔaeiouy")


@dataclass(frozen=True)
class NotedMerger:
    """A merger the publisher notes without dating it (the lookups are updated after the fact)."""

    before: tuple[tuple[str, str], ...]  # (code, name) of the partnerships merged
    after: str  # the code of the partnership they became
    noted: str  # when the publisher was told (YYYY-MM): the latest date it can be given
    document: str  # the document whose description notes it


_MERGER = re.compile(
    r"merger of (?P<a>[EW]14\d{6}|E22\d{6}) - (?P<an>[^,]+?) CSP and "
    r"(?P<b>[EW]14\d{6}|E22\d{6}) - (?P<bn>[^,]+?) CSP to create (?P<c>[EW]14\d{6}|E22\d{6})"
)
_NOTIFIED = re.compile(r"notified \((?P<month>[A-Z][a-z]+) (?P<year>\d{4})\)")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTHS = {name: f"{number:02d}" for number, name in enumerate(_MONTH_NAMES, start=1)}


def noted_mergers(description: str, document: str) -> list[NotedMerger]:
    """The mergers a dataset's description notes ("… notified (October 2018) … the merger of
    W14000016 - Rhondda Cynon Taf CSP and W14000017 - Merthyr Tydfil CSP to create W14000023 …")."""
    found = []
    notified = _NOTIFIED.search(description)
    for match in _MERGER.finditer(description):
        when = f"{notified['year']}-{_MONTHS[notified['month']]}" if notified else ""
        found.append(
            NotedMerger(
                ((match["a"], match["an"].strip()), (match["b"], match["bn"].strip())),
                match["c"],
                when,
                document,
            )
        )
    return found


def french_name(name: str) -> str:
    return f"partenariat pour la sécurité des communautés {'d’' if name.startswith(_VOWELS) else 'de '}{name}"


def _id(code: str) -> str:
    return f"csp-{code.lower()}"


def rows(
    found: Mapping[str, Partnership],
    lookups: list[Lookup],
    changes: list[Change],
    policing_bodies: Mapping[str, list[str]],
    mergers: list[NotedMerger] = (),
) -> dict[str, list[dict]]:
    """The sheets: bodies, members, mandates, links, changes, sources."""
    sheets: dict[str, list[dict]] = {
        name: [] for name in ("bodies", "members", "mandates", "links", "changes", "sources")
    }
    by_date = {lookup.date: lookup for lookup in lookups}
    ended = {change.before[0]: change.date for change in changes if change.kind == "dissolved"}
    noted = {code: merger for merger in mergers for code, _ in merger.before}
    for code in sorted({*found, *noted}):
        partnership = found.get(code)
        if partnership is None:  # a partnership only the publisher's note names
            merger = noted[code]
            name = dict(merger.before)[code]
            districts: list[str] = []
            end, precision = f"{merger.noted}-01", "month"
            police: set[str] = set()
            note = (
                f"Named only in the description of the lookups, which note its merger into {merger.after}; "
                f"they do not date it: {merger.noted} is when ONS was notified, the latest date it can have."
            )
        else:
            name = partnership.name
            last = partnership.last_seen
            districts = sorted(partnership.districts[last])
            end, precision = (ended[code], "") if code in ended else ("", "")
            police = partnership.police_areas
            seen = ", ".join(_month(d) for d in sorted(partnership.districts))
            note = f"Listed in the ONS lookups of {seen}; its districts are those of {_month(last)}."
        key = _id(code)
        sheets["bodies"].append(
            {
                "id": key,
                "name_en": f"{name} Community Safety Partnership",
                "name_fr": french_name(name),
                "other_names": f"{partnership.name_cy}@cy"
                if partnership is not None and partnership.name_cy
                else "",
                "code": code,
                "type": "CSP",
                "territory": "; ".join(districts) if districts else _territory_of(code, mergers, found),
                "country": "United Kingdom",
                "legal_basis": CDA_S5,
                "end_date": end,
                "end_precision": precision,
                "notes": note,
            }
        )
        for member in ("local authority (district, unitary or county council)", "chief officer of police"):
            sheets["members"].append(
                {"body": key, "member": member, "role": "member", "seat_kind": "statutory seat"}
            )
            sheets["sources"].append(
                {
                    "about": f"members {len(sheets['members']) + 1}",
                    "source": CDA_S5,
                    "locator": "s. 5(1): the responsible authorities of every local government area",
                }
            )
        sheets["mandates"].append(
            {
                "body": key,
                "domains": "crime prevention; anti-social behaviour and incivilities",
                "functions": "steering; coordination",
                "legal_basis": CDA_S6,
            }
        )
        sheets["sources"].append(
            {
                "about": f"mandates {len(sheets['mandates']) + 1}",
                "source": CDA_S6,
                "locator": "s. 6: the crime and disorder strategy of the area",
            }
        )
        for area in sorted(police):
            for body in policing_bodies.get(area, []):
                sheets["links"].append({"body": key, "relation": "co-operates with", "target": body})
        if any(policing_bodies.get(area) for area in police):
            sheets["sources"].append(
                {
                    "about": key,
                    "source": PRSRA_S10,
                    "locator": "s. 10(2): the duty of the elected local policing body and the "
                    "responsible authorities of its police area to co-operate",
                }
            )
        if partnership is None:
            merger = noted[code]
            sheets["sources"].append(
                {
                    "about": key,
                    "source": merger.document,
                    "confidence": "low",
                    "locator": f"the dataset's description: ONS notified ({merger.noted}) of the "
                    f"merger of {' and '.join(c for c, _ in merger.before)} into "
                    f"{merger.after}",
                }
            )
            continue
        for date in sorted(partnership.rows):
            lookup = by_date[date]
            numbers = partnership.rows[date]
            pairs = sorted({(row[0], row[4]) for n, row in enumerate(lookup.rows, start=2) if n in numbers})
            sheets["sources"].append(
                {
                    "about": key,
                    "source": f"src:{lookup.document}",
                    "locator": (
                        f"{lookup.file}, row{'s' if len(numbers) > 1 else ''} "
                        f"{', '.join(map(str, numbers))}: {code} on "
                        + ", ".join(f"{district} (police force area {pfa})" for district, pfa in pairs)
                    ),
                }
            )
        if partnership.name_cy or code.startswith(("E22", "W14")):
            sheets["sources"].append(
                {"about": key, "source": NAMES_DOCUMENT, "locator": f"csv/267.csv, {code}"}
            )
    for change in changes:
        if change.kind == "dissolved":
            continue
        sheets["changes"].append(
            {
                "kind": _KINDS[change.kind],
                "date": change.date,
                "from": "; ".join(_id(c) for c in change.before),
                "to": "; ".join(_id(c) for c in change.after),
                "notes": f"Between the ONS lookups of {_month(change.seen_between[0])} and "
                f"{_month(change.seen_between[1])}: dated by the later one.",
            }
        )
        for document in (by_date[change.seen_between[0]].document, by_date[change.seen_between[1]].document):
            sheets["sources"].append(
                {
                    "about": f"changes {len(sheets['changes']) + 1}",
                    "source": f"src:{document}",
                    "locator": "the partnerships' rows",
                }
            )
    for merger in mergers:
        sheets["changes"].append(
            {
                "kind": "merged",
                "date": f"{merger.noted}-01",
                "date_precision": "month",
                "from": "; ".join(_id(c) for c, _ in merger.before),
                "to": _id(merger.after),
                "notes": f"Not dated by the lookups: {merger.noted} is when ONS was notified of it.",
            }
        )
        sheets["sources"].append(
            {
                "about": f"changes {len(sheets['changes']) + 1}",
                "source": merger.document,
                "confidence": "low",
                "locator": "the dataset's description",
            }
        )
    return sheets


def _territory_of(code: str, mergers: list[NotedMerger], found: Mapping[str, Partnership]) -> str:
    """A partnership only a note names has no district of its own in the lookups: it stands on the
    district of its successor that bears its name."""
    for merger in mergers:
        names = dict(merger.before)
        if code in names and merger.after in found:
            successor = found[merger.after]
            last = successor.last_seen
            return next(
                (
                    d
                    for d in sorted(successor.districts[last])
                    if successor.district_names.get(d) == names[code]
                ),
                "",
            )
    return ""


def _month(date: str) -> str:
    year, month, _ = date.split("-")
    return f"{_MONTH_NAMES[int(month) - 1]} {year}"


def write(sheets: dict[str, list[dict]], folder: Path) -> list[Path]:
    """One CSV file per sheet, with the layout's columns in its order."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in sheets.items():
        columns = [c.name for c in layout.sheet(name).columns]
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        for row in table:
            writer.writerow({c: row.get(c, "") for c in columns})
        write_atomically(folder / f"{name}.csv", out.getvalue().encode("utf-8"))
        written.append(folder / f"{name}.csv")
    return written
