"""`psgraph observed csp`: the ONS lookups of a checkout of jtrim-ons/ons-lookups (its csv/ folder and
datasets.md) turned into the intake workbook observed/uk-csp/, against the current build (the police
force areas' commissioners and mayors come from it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from psgraph.errors import InputError
from psgraph.observed import csp, ons
from psgraph.prefixes import PREFIXES
from psgraph.results import compact

# The lookups read, by the date they describe: (file in csv/, the document of observed/uk-sources).
LOOKUPS = (
    ("214.csv", "2017-01-16", "ons-lad-csp-pfa-2017"),
    ("190.csv", "2018-12-31", "ons-lad-csp-pfa-2018"),
    ("194.csv", "2019-12-31", "ons-lad-csp-pfa-2019"),
)
NAMES = "267.csv"
OUTPUT = Path("observed") / "uk-csp"


@dataclass(frozen=True)
class Generated:
    partnerships: int
    changes: int
    links: int
    files: tuple[Path, ...]


def generate(store: ox.Store, repository: Path, target: Path) -> Generated:
    folder = repository / "csv"
    missing = [name for name, _, _ in LOOKUPS if not (folder / name).is_file()]
    if missing or not (folder / NAMES).is_file():
        raise InputError(
            f"--lookups {repository}: not a checkout of jtrim-ons/ons-lookups (csv/"
            f"{(missing or [NAMES])[0]} is missing)."
        )
    lookups = [
        ons.read_lookup(folder / name, date, document, f"csv/{name}") for name, date, document in LOOKUPS
    ]
    found = ons.partnerships(lookups, ons.read_names(folder / NAMES))
    changes = ons.changes(found, [lookup.date for lookup in lookups], _successions(store))
    description = (
        (repository / "datasets.md").read_text(encoding="utf-8")
        if (repository / "datasets.md").is_file()
        else ""
    )
    mergers = [
        m
        for m in csp.noted_mergers(_section(description, "(January 2017) Lookup"), "src:" + LOOKUPS[0][2])
        if all(code not in found for code, _ in m.before)
    ]
    sheets = csp.rows(found, lookups, changes, _policing_bodies(store), mergers)
    files = csp.write(sheets, target)
    return Generated(len(sheets["bodies"]), len(sheets["changes"]), len(sheets["links"]), tuple(files))


def _section(description: str, title: str) -> str:
    """The paragraph of datasets.md under the heading that contains ``title``."""
    start = next(
        (
            i
            for i, line in enumerate(description.splitlines())
            if line.startswith("## ") and title in line and "Community Safety" in line
        ),
        None,
    )
    if start is None:
        return ""
    lines = description.splitlines()[start + 1 :]
    end = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    return "\n".join(lines[:end])


def _policing_bodies(store: ox.Store) -> dict[str, list[str]]:
    """Police force area code → the elected local policing bodies on it (a commissioner, a mayor with
    the commissioner's functions), as compact identifiers."""
    found: dict[str, list[str]] = {}
    for body, code in store.query(f"""
        PREFIX psg: <{PREFIXES["psg"]}>
        SELECT ?b ?code WHERE {{ VALUES ?type {{ psg:PCC psg:MayorWithPCCFunctions }}
          ?b a ?type ; psg:territory ?area . ?area psg:gssCode ?code }} ORDER BY ?code ?b"""):
        found.setdefault(code.value, []).append(compact(body.value))
    return found


def _successions(store: ox.Store) -> dict[str, str]:
    """A district that ended → the district comprising its area (data/uk/former-districts.ttl)."""
    return {
        old.value: new.value
        for old, new in store.query(f"""
        PREFIX psg: <{PREFIXES["psg"]}>
        SELECT ?old ?new WHERE {{ ?t psg:endDate ?end ; psg:gssCode ?old ; psg:within ?s .
          ?s psg:gssCode ?new ; psg:territoryLevel psg:Municipal . ?t psg:territoryLevel psg:Municipal }}""")
    }
