"""What the generator knows of one territory and of the dataset it comes from."""

from __future__ import annotations

from dataclasses import dataclass, field

TERRITORY_BASE = "https://w3id.org/psgraph/id/territory/"
SOURCE_BASE = "https://w3id.org/psgraph/id/source/"
CITATION_BASE = "https://w3id.org/psgraph/id/citation/"


@dataclass(frozen=True)
class Dataset:
    """An official dataset, described with the provenance a re-user needs to attribute it."""

    key: str  # local name under SOURCE_BASE, e.g. "etalab-decoupage"
    label_en: str
    label_fr: str
    publisher: str
    title: str
    version: str
    vintage: str  # the reference date or year of the figures, as the publisher states it
    licence: str  # licence IRI
    distribution: str  # the package it was read from, e.g. "npm @etalab/decoupage-administratif 6.0.0"
    note: str = ""

    @property
    def iri(self) -> str:
        return SOURCE_BASE + self.key


@dataclass(frozen=True)
class Citation:
    """A shared citation node: the dataset and the part of it (file, table) the statements come from."""

    key: str
    dataset: Dataset
    locator: str

    @property
    def iri(self) -> str:
        return CITATION_BASE + self.key


@dataclass
class Territory:
    path: str  # under TERRITORY_BASE, e.g. "fr/commune/69123"
    label_en: str
    label_fr: str
    level: str  # local name of a level concept, e.g. "Municipal"
    citation: Citation
    codes: dict[str, str] = field(default_factory=dict)  # psg property local name -> code
    within: list[str] = field(default_factory=list)  # paths under TERRITORY_BASE
    population: int | None = None  # the legal population the dataset gives
    note: str = ""

    @property
    def iri(self) -> str:
        return TERRITORY_BASE + self.path
