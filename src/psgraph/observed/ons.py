"""Community Safety Partnerships from the ONS lookups (Local Authority District to Community Safety
Partnership to Police Force Area), as the rows of an intake workbook.

Each lookup is a dated snapshot: the districts of England and Wales, the CSP each lies in and its
police force area. Read in date order, they give one body per CSP code, the districts it covers at
the last date it is seen, and what happened between two dates: several CSPs whose districts one new
CSP takes over merged into it; one whose districts several new ones share split; one replaced by a
single new code was replaced; one that disappears with no successor ended on the last date it was
seen. A district that changes code between two dates (a reorganisation) is followed through the
district successions given, so its CSP is not taken for a new one.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from psgraph.errors import InputError


@dataclass(frozen=True)
class Lookup:
    """One lookup file: its date (YYYY-MM-DD, the date it describes), its document id in the workbook,
    the file it was read from, and its rows (district code, district name, CSP code, CSP name, PFA code)."""

    date: str
    document: str
    file: str
    rows: tuple[tuple[str, str, str, str, str], ...]


@dataclass
class Partnership:
    code: str
    name: str
    name_cy: str = ""
    districts: dict[str, set[str]] = field(default_factory=dict)  # lookup date → district codes
    district_names: dict[str, str] = field(default_factory=dict)
    police_areas: set[str] = field(default_factory=set)
    rows: dict[str, list[int]] = field(default_factory=dict)  # lookup date → row numbers (header = 1)

    @property
    def first_seen(self) -> str:
        return min(self.districts)

    @property
    def last_seen(self) -> str:
        return max(self.districts)


@dataclass(frozen=True)
class Change:
    kind: str  # merged, split, replaced, dissolved
    date: str  # the first lookup date without the originals (or, dissolved, the last with it)
    before: tuple[str, ...]
    after: tuple[str, ...]
    seen_between: tuple[str, str]  # the two lookup dates the change falls between


_COLUMNS = re.compile(r"^(LAD|CSP|PFA)(\d\d)(CD|NM)$")


def read_lookup(path: Path, date: str, document: str, file: str = "") -> Lookup:
    """A lookup CSV (LADyyCD, LADyyNM, CSPyyCD, CSPyyNM, PFAyyCD …, in any order, FID ignored)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read as a UTF-8 CSV file ({error}).") from None
    table = list(csv.DictReader(io.StringIO(text)))
    if not table:
        raise InputError(f"{path}: the lookup has no rows.")
    columns = {m[1] + m[3]: name for name in table[0] if (m := _COLUMNS.match(name.strip()))}
    missing = [c for c in ("LADCD", "LADNM", "CSPCD", "CSPNM", "PFACD") if c not in columns]
    if missing:
        raise InputError(
            f"{path}: not a LAD–CSP–PFA lookup: no column for {', '.join(missing)} "
            "(expected LADyyCD, LADyyNM, CSPyyCD, CSPyyNM, PFAyyCD)."
        )
    rows = tuple(
        (
            r[columns["LADCD"]].strip(),
            _mended(r[columns["LADNM"]].strip()),
            r[columns["CSPCD"]].strip(),
            _mended(r[columns["CSPNM"]].strip()),
            r[columns["PFACD"]].strip(),
        )
        for r in table
    )
    return Lookup(date, document, file or path.name, rows)


def read_names(path: Path) -> dict[str, tuple[str, str]]:
    """CSP code → (English name, Welsh name) from the CSP names and codes file."""
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    found = {}
    for row in table:
        code = next((v for k, v in row.items() if re.fullmatch(r"CSP\d\dCD", k.strip())), "")
        english = next((v for k, v in row.items() if re.fullmatch(r"CSP\d\dNM", k.strip())), "")
        welsh = next((v for k, v in row.items() if re.fullmatch(r"CSP\d\dNMW", k.strip())), "")
        if code:
            found[code.strip()] = (_mended(english.strip()), _mended(welsh.strip()))
    return found


def _mended(text: str) -> str:
    """A name whose UTF-8 was read as Latin-1 before it was saved ("Ynys MÃ´n"), read back as written
    ("Ynys Môn"); a name that is not so garbled is left as it is."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def partnerships(
    lookups: Iterable[Lookup], names: Mapping[str, tuple[str, str]] = {}
) -> dict[str, Partnership]:
    found: dict[str, Partnership] = {}
    for lookup in sorted(lookups, key=lambda item: item.date):
        for number, (district, district_name, code, name, police) in enumerate(lookup.rows, start=2):
            partnership = found.setdefault(code, Partnership(code, name))
            partnership.name = name  # the latest name
            partnership.districts.setdefault(lookup.date, set()).add(district)
            partnership.district_names[district] = district_name
            partnership.police_areas.add(police)
            partnership.rows.setdefault(lookup.date, []).append(number)
    for code, (english, welsh) in names.items():
        if code in found:
            found[code].name = english or found[code].name
            found[code].name_cy = welsh if welsh and welsh != english else ""
    return found


def changes(
    found: Mapping[str, Partnership], dates: list[str], successions: Mapping[str, str] = {}
) -> list[Change]:
    """What happened between consecutive lookup dates. ``successions``: district code → the code
    of the district that took it over (a reorganisation between two lookups)."""
    out: list[Change] = []

    def followed(district: str) -> str:
        seen = set()
        while district in successions and district not in seen:
            seen.add(district)
            district = successions[district]
        return district

    for earlier, later in pairwise(dates):
        before = {
            c: {followed(d) for d in p.districts[earlier]}
            for c, p in found.items()
            if earlier in p.districts and later not in p.districts
        }
        after = {
            c: {followed(d) for d in p.districts[later]}
            for c, p in found.items()
            if later in p.districts and earlier not in p.districts
        }
        successors = {
            c: sorted(n for n, districts in after.items() if districts & gone) for c, gone in before.items()
        }
        predecessors = {
            n: sorted(c for c, gone in before.items() if districts & gone) for n, districts in after.items()
        }
        done = set()
        for old, new in sorted(successors.items()):
            if not new:
                out.append(Change("dissolved", earlier, (old,), (), (earlier, later)))
            elif len(new) > 1:
                out.append(Change("split", later, (old,), tuple(new), (earlier, later)))
            elif len(predecessors[new[0]]) > 1:
                if new[0] not in done:
                    out.append(
                        Change("merged", later, tuple(predecessors[new[0]]), (new[0],), (earlier, later))
                    )
                    done.add(new[0])
            else:
                out.append(Change("replaced", later, (old,), (new[0],), (earlier, later)))
    return out
