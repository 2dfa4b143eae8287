"""What a gap page measures, said above its table: how much of what the law requires or institutes
the graph records, computed from the data (the national rows of statutory-gap-counts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from psgraph.catalogue import CannedQuery
from psgraph.server.pages import number
from psgraph.server.resources import labels_in

GAP_QUERIES = ("statutory-gaps", "statutory-gap-counts")
NATIONAL = ox.NamedNode("https://w3id.org/psgraph/ontology#National")
INSTITUTES = "https://w3id.org/psgraph/ontology#InstitutesRule"

SENTENCES = {
    "en": {
        "required": ("{area}: the graph records {recorded} of the {obliged} bodies of type “{type}” the "
                     "law requires ({missing} not recorded here — “missing” means no record in this graph, "
                     "not that none exists)."),
        "instituted": ("{area}: the law itself institutes {obliged} bodies of type “{type}”, all generated "
                       "here; {observed} of the bodies recorded for it are described by a source — existing "
                       "in law is no evidence of activity."),
    },
    "fr": {
        "required": ("{area} : le graphe recense {recorded} des {obliged} instances de type « {type} » que "
                     "la loi exige ({missing} non recensées ici — « manquant » signifie absent de ce graphe, "
                     "pas inexistant)."),
        "instituted": ("{area} : la loi institue elle-même {obliged} instances de type « {type} », toutes "
                       "générées ici ; {observed} des instances recensées sont décrites par une source — "
                       "exister en droit ne prouve aucune activité."),
    },
}


@dataclass(frozen=True)
class Coverage:
    area: str
    type_label: str
    obliged: int
    recorded: int
    observed: int
    missing: int
    instituted: bool

    def sentence(self, lang: str) -> str:
        words = SENTENCES.get(lang, SENTENCES["en"])
        return words["instituted" if self.instituted else "required"].format(
            area=self.area, type=self.type_label, obliged=number(self.obliged, lang),
            recorded=number(self.recorded, lang), observed=number(self.observed, lang),
            missing=number(self.missing, lang))


def coverage(store: ox.Store, counts: CannedQuery, bindings: Mapping[str, ox.NamedNode | ox.Literal],
             lang: str) -> list[Coverage]:
    """One line per obligation in force and country: the national row of statutory-gap-counts, for
    the gap page's own date and body type (the area level is always national)."""
    given = {name: term for name, term in bindings.items() if name in ("as_of", "body_type")}
    given["area_level"] = NATIONAL
    substitutions = {ox.Variable(name): term for name, term in given.items()}
    rows = [row for row in store.query(counts.text, substitutions=substitutions)  # type: ignore[union-attr]
            if row["area"].value.rsplit("/", 1)[-1] in ("fr", "uk")]  # a country, not England, Wales or E&W
    names = labels_in(store, {row[name].value for row in rows for name in ("area", "body_type")}, lang)
    lines = []
    for row in rows:
        area = row["area"].value
        lines.append(Coverage(
            area=names.get(area, area), type_label=names.get(row["body_type"].value, row["body_type"].value),
            obliged=int(row["obliged"].value), recorded=int(row["recorded"].value),
            observed=int(row["observed"].value), missing=int(row["missing"].value),
            instituted=row["rule_kind"] is not None and row["rule_kind"].value == INSTITUTES))
    return sorted(lines, key=lambda line: (line.area, line.type_label))
