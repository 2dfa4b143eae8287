"""``psgraph instances``: the generated bodies and memberships of each country, written to data/instances/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from psgraph.files import output_folder, write_output
from psgraph.instances.generate import generate
from psgraph.instances.memberships import membership_turtle, memberships_of, read_membership_rules
from psgraph.instances.rules import read_rules
from psgraph.instances.writer import turtle


@dataclass(frozen=True)
class Written:
    path: Path
    bodies: int
    changes: int
    memberships: int = 0


def _code(territory: str) -> str:
    return territory.rsplit("/", 1)[-1]


def country_texts(store: ox.Store) -> dict[str, tuple[str, int, int, int]]:
    """Turtle per country code (the last segment of the rules' jurisdiction, or of the union a
    membership rule reads), with its counts of bodies, changes and memberships."""
    rules = read_rules(store)
    made, changes = generate(rules)
    seats = memberships_of(read_membership_rules(store))
    texts = {}
    countries = {_code(rule.jurisdiction) for rule in rules} | {_code(m.first.union) for m in seats}
    for country in sorted(countries):
        mine = [rule for rule in rules if _code(rule.jurisdiction) == country]
        bodies = [instance for rule in mine for instance in made[rule.iri]]
        own = {instance.iri for instance in bodies}
        events = [change for change in changes if change.original in own]
        held = [membership_turtle(m) for m in seats if _code(m.first.union) == country]
        texts[country] = (turtle(bodies, events, held), len(bodies), len(events), len(held))
    return texts


def write_instances(store: ox.Store, folder: Path) -> list[Written]:
    output_folder(folder, "data/instances")
    written = []
    for country, (text, bodies, changes, memberships) in country_texts(store).items():
        target = folder / f"{country}.ttl"
        write_output(target, text.encode("utf-8"), "data/instances")
        written.append(Written(target, bodies, changes, memberships))
    return written
