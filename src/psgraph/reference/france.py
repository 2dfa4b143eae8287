"""France: régions, départements, EPCI and communes from Etalab's découpage administratif.

Only metropolitan France and the five overseas départements-régions (zones ``metro`` and
``drom``) are kept: the overseas collectivities (``com``) are outside the crime-prevention code's
territorial scope as it applies to communes. Communes nest in their EPCI and directly in their
département, because an EPCI may straddle a départemental boundary; an EPCI is placed within the
smallest territory that contains all its member communes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from psgraph.errors import InputError
from psgraph.reference.model import Citation, Dataset, Territory

KEPT_ZONES = frozenset({"metro", "drom"})
FRANCE = "fr"

ETALAB = Dataset(
    key="etalab-decoupage",
    label_en="Etalab, découpage administratif 2026 (npm @etalab/decoupage-administratif 6.0.0)",
    label_fr="Etalab, découpage administratif 2026 (paquet npm @etalab/decoupage-administratif 6.0.0)",
    publisher="Etalab (DINUM), from INSEE's Code officiel géographique, DGCL's EPCI list and INSEE legal populations",
    title="Découpage administratif communal français",
    version="6.0.0",
    vintage="2026 vintage of the package: communes and EPCI as of 1 January 2026 and INSEE legal populations",
    licence="https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    distribution="npm @etalab/decoupage-administratif 6.0.0 (data/*.json)",
    note="Licence Ouverte / Open Licence 2.0: reuse is free provided the source (Etalab, INSEE, DGCL) "
         "and the date of its last update are attributed. psg:legalPopulation of a commune is the "
         "package's population field, INSEE's legal population of the 2026 vintage (Mayotte: 2017 "
         "census); the package does not say whether it is the population municipale or totale.",
)

REGIONS = Citation("etalab-decoupage-regions", ETALAB, "data/regions.json")
DEPARTEMENTS = Citation("etalab-decoupage-departements", ETALAB, "data/departements.json")
EPCIS = Citation("etalab-decoupage-epci", ETALAB, "data/epci.json")
COMMUNES = Citation("etalab-decoupage-communes", ETALAB, "data/communes.json and data/epci.json (members)")


def _read(folder: Path, name: str) -> list[dict[str, Any]]:
    path = folder / name
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error}); run `make reference`.") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}:{error.lineno}:{error.colno}: not valid JSON ({error.msg}).") from None
    if not isinstance(records, list):
        raise InputError(f"{path}: expected a JSON array of records.")
    return records


def _field(record: dict[str, Any], name: str, source: str) -> Any:
    if name not in record:
        raise InputError(f"{source}: record {record.get('code', '?')} has no field {name!r}.")
    return record[name]


def france_territories(folder: Path) -> list[Territory]:
    """Every French territory of the backbone, read from the package's ``data/`` folder."""
    regions = [r for r in _read(folder, "regions.json") if r.get("zone") in KEPT_ZONES]
    departements = [d for d in _read(folder, "departements.json") if d.get("zone") in KEPT_ZONES]
    communes = [c for c in _read(folder, "communes.json")
                if c.get("type") == "commune-actuelle" and c.get("zone") in KEPT_ZONES]
    epcis = _read(folder, "epci.json")

    territories: list[Territory] = []
    for region in regions:
        code = _field(region, "code", "regions.json")
        territories.append(Territory(
            f"fr/region/{code}", region["nom"], region["nom"], "Regional", REGIONS,
            codes={"inseeCode": code}, within=[FRANCE]))
    region_of = {}
    for departement in departements:
        code = _field(departement, "code", "departements.json")
        region_of[code] = _field(departement, "region", "departements.json")
        territories.append(Territory(
            f"fr/departement/{code}", departement["nom"], departement["nom"], "County", DEPARTEMENTS,
            codes={"inseeCode": code}, within=[f"fr/region/{region_of[code]}"]))

    departement_of = {c["code"]: _field(c, "departement", "communes.json") for c in communes}
    epci_of: dict[str, str] = {}
    for epci in epcis:
        siren = _field(epci, "code", "epci.json")
        members = [m for m in _field(epci, "membres", "epci.json") if m.get("code") in departement_of]
        if not members:
            continue
        for member in members:
            epci_of[member["code"]] = siren
        territories.append(Territory(
            f"fr/epci/{siren}", epci["nom"], epci["nom"], "InterMunicipal", EPCIS,
            codes={"sirenCode": siren},
            within=[_smallest_container((departement_of[m["code"]] for m in members), region_of)],
            note=f"EPCI category {epci['type']} in the DGCL list." if epci.get("type") else ""))

    for commune in communes:
        code = commune["code"]
        within = [f"fr/departement/{departement_of[code]}"]
        if code in epci_of:
            within.append(f"fr/epci/{epci_of[code]}")
        codes = {"inseeCode": code}
        if commune.get("siren"):
            codes["sirenCode"] = commune["siren"]
        territories.append(Territory(
            f"fr/commune/{code}", commune["nom"], commune["nom"], "Municipal", COMMUNES,
            codes=codes, within=within,
            population=commune.get("population")))
    return territories


def _smallest_container(departements: Iterable[str], region_of: dict[str, str]) -> str:
    """The département all the codes share, else their common région, else France."""
    distinct = set(departements)
    if len(distinct) == 1:
        return f"fr/departement/{distinct.pop()}"
    regions = {region_of[d] for d in distinct}
    if len(regions) == 1:
        return f"fr/region/{regions.pop()}"
    return FRANCE
