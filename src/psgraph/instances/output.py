"""``psgraph instances``: the generated bodies of each country, written to data/instances/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from psgraph.files import output_folder, write_output
from psgraph.instances.generate import generate
from psgraph.instances.rules import read_rules
from psgraph.instances.writer import turtle


@dataclass(frozen=True)
class Written:
    path: Path
    bodies: int
    changes: int


def country_texts(store: ox.Store) -> dict[str, tuple[str, int, int]]:
    """Turtle per country code (the last segment of the rules' jurisdiction), with its counts."""
    rules = read_rules(store)
    made, changes = generate(rules)
    texts = {}
    for country in sorted({rule.jurisdiction.rsplit("/", 1)[-1] for rule in rules}):
        mine = [rule for rule in rules if rule.jurisdiction.rsplit("/", 1)[-1] == country]
        bodies = [instance for rule in mine for instance in made[rule.iri]]
        own = {instance.iri for instance in bodies}
        events = [change for change in changes if change.original in own]
        texts[country] = (turtle(bodies, events), len(bodies), len(events))
    return texts


def write_instances(store: ox.Store, folder: Path) -> list[Written]:
    output_folder(folder, "data/instances")
    written = []
    for country, (text, bodies, changes) in country_texts(store).items():
        target = folder / f"{country}.ttl"
        write_output(target, text.encode("utf-8"), "data/instances")
        written.append(Written(target, bodies, changes))
    return written
