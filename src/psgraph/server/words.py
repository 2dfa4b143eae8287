"""The names the pages give to codes of the code itself — kinds of search hit, categories of canned
query, directions of a lineage — as sentences of the gettext catalogue (psgraph.i18n)."""

from __future__ import annotations

from psgraph.i18n import Text, text

KIND_NAMES: dict[str, Text] = {
    "body": text("Bodies and instruments"),
    "type": text("Body types"),
    "territory": text("Territories"),
    "law": text("Legal texts and policy documents"),
    "office": text("Offices"),
    "organisation": text("Organisations"),
    "finding": text("Findings of the literature"),
    "concept": text("Vocabulary"),
    "statistical": text("Statistical regions (NUTS)"),
}

CATEGORY_NAMES: dict[str, Text] = {
    "overlap": text("overlap"),
    "duplication": text("duplication"),
    "gap": text("gap"),
    "comparison": text("comparison"),
    "lookup": text("lookup"),
}

TYPE_NAMES: dict[str, Text] = {
    "date": text("date"),
    "iri": text("identifier"),
    "string": text("text"),
    "integer": text("whole number"),
    "decimal": text("number"),
    "boolean": text("yes or no"),
}

DIRECTION_NAMES: dict[str, Text] = {
    "predecessor": text("preceded by"),
    "successor": text("followed by"),
}


def not_found(path: str) -> tuple[Text, Text]:
    """The title and sentence of a 404 page."""
    return text("Not found"), text("There is nothing at {path}.", path=path)


def yes_or_no(value: bool, lang: str) -> str:
    """A boolean cell as a reader says it (yes / oui), not as RDF writes it (true)."""
    return (text("yes") if value else text("no")).render(lang)


def authority(holder: str, kind: str) -> Text:
    """Who leads a body type and how they hold office: "prefect (appointed)". In French the kind
    agrees with « autorité », the feminine noun the scheme's French labels are written for
    (« nommée »), and not with the office (« préfet », masculine): « préfet (autorité nommée) »."""
    return text("{holder} ({kind})", holder=holder, kind=kind)
