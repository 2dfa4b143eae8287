"""Which districts of England and Wales (the backbone's, of April 2021) an observed Community Safety
Partnership covers: on the district itself, or on the districts it was constituted from (the December
2019 lookups are the latest held, and three districts were constituted after them)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES


@dataclass(frozen=True)
class District:
    iri: str
    name: str
    direct: int  # observed CSPs on the district itself
    through: tuple[str, ...]  # the former districts it comprises that have an observed CSP

    @property
    def reason(self) -> str:
        if self.direct:
            return ""
        if self.through:
            return (f"constituted after the December 2019 lookups from {', '.join(self.through)}, each on an "
                    "observed CSP; no later lookup is held, so no CSP is recorded on it")
        return "no observed CSP"


def districts(store: ox.Store) -> list[District]:
    rows = store.query(f"""
        PREFIX psg: <{PREFIXES['psg']}> PREFIX rdfs: <{PREFIXES['rdfs']}>
        SELECT ?d ?name (COUNT(DISTINCT ?direct) AS ?on)
               (GROUP_CONCAT(DISTINCT ?oldName; separator="|") AS ?via)
        WHERE {{
          ?d psg:territoryLevel psg:Municipal ; psg:gssCode ?code ; rdfs:label ?name
          FILTER(LANG(?name) = "en")
          FILTER NOT EXISTS {{ ?d psg:endDate ?ended }}
          FILTER(STRSTARTS(?code, "E0") || STRSTARTS(?code, "W0"))
          OPTIONAL {{ ?direct a psg:CSP ; psg:territory ?d ; psg:recordBasis psg:ObservedInSource }}
          OPTIONAL {{ ?old psg:within ?d ; psg:endDate ?end ; rdfs:label ?oldName
                     FILTER(LANG(?oldName) = "en")
                     ?csp a psg:CSP ; psg:territory ?old ; psg:recordBasis psg:ObservedInSource }}
        }} GROUP BY ?d ?name ORDER BY ?name""")
    return [District(d.value, name.value, int(on.value),
                     tuple(sorted(filter(None, via.value.split("|")))) if via is not None else ())
            for d, name, on, via in rows]
