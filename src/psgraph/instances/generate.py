"""One body per territory and rule version: pure functions from rules to instances and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from psgraph.instances.rules import Mandate, Rule, Seat, Territory
from psgraph.prefixes import PREFIXES

ID = "https://w3id.org/psgraph/id/"
CHAIR = PREFIXES["psg"] + "ChairRole"


@dataclass(frozen=True)
class Instance:
    iri: str
    rule: Rule
    territory: Territory
    start: date
    end: date | None
    seats: tuple[Seat, ...]
    mandates: tuple[Mandate, ...]

    # Successive versions of a rule institute bodies of the same name on the same territory (the
    # CDPD of 1992 and of 2006): the period in the label tells them apart in every list.
    @property
    def label_en(self) -> str:
        return f"{self.rule.name_en} ({self.territory.label_en}, {self.period('since')})"

    @property
    def label_fr(self) -> str:
        return f"{self.rule.name_fr} ({self.territory.label_fr}, {self.period('depuis')})"

    def period(self, since: str) -> str:
        """1992–2002, or "since 2006" while it lasts (a single year when it ends the year it began)."""
        if self.end is None:
            return f"{since} {self.start.year}"
        years = (self.start.year, self.end.year)
        return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"

    @property
    def chairs(self) -> tuple[str, ...]:
        return tuple(sorted({seat.holder for seat in self.seats if seat.role == CHAIR}))


@dataclass(frozen=True)
class Change:
    """The instance of one version replaced by its successor on the same territory, or by the body
    its functions were transferred to."""

    original: str
    resulting: str
    on: date
    label_en: str
    label_fr: str
    sources: tuple[str, ...]


def _later(first: date, second: date | None) -> date:
    return first if second is None or second <= first else second


def _earliest(*dates: date | None) -> date | None:
    known = [value for value in dates if value is not None]
    return min(known) if known else None


def _clip(start: date, end: date | None, part_start: date | None,
          part_end: date | None) -> tuple[date, date | None] | None:
    """The part of [part_start, part_end) that lies in [start, end), or None if they do not meet."""
    clipped_start, clipped_end = _later(start, part_start), _earliest(end, part_end)
    return None if clipped_end is not None and clipped_end <= clipped_start else (clipped_start, clipped_end)


def _seats_during(seats: tuple[Seat, ...], start: date, end: date | None) -> tuple[Seat, ...]:
    """The seats in force at some point of [start, end), clipped to it."""
    return tuple(Seat(seat.holder, seat.role, *span) for seat in seats
                 if (span := _clip(start, end, seat.start, seat.end)) is not None)


def _mandates_during(mandates: tuple[Mandate, ...], start: date, end: date | None) -> tuple[Mandate, ...]:
    return tuple(Mandate(mandate.domains, mandate.functions, *span) for mandate in mandates
                 if (span := _clip(start, end, mandate.start, mandate.end)) is not None)


def instances_of(rule: Rule) -> list[Instance]:
    """The bodies one rule version institutes: on each territory of its level, from the later of the
    rule's start and the territory's creation, to the earliest of the rule's end, the territory's end
    and a transfer of the body's functions."""
    transfers = {transfer.territory: transfer.start for transfer in rule.transfers}
    made = []
    for territory in rule.territories:
        start = _later(rule.start, territory.start)
        end = _earliest(rule.end, territory.end, transfers.get(territory.iri))
        if end is not None and end <= start:
            continue
        made.append(Instance(ID + rule.key + territory.code, rule, territory, start, end,
                             _seats_during(rule.seats, start, end),
                             _mandates_during(rule.mandates, start, end)))
    return made


def changes_between(rules: list[Rule], made: dict[str, list[Instance]]) -> list[Change]:
    """Replacements: each instance of a version by the next version's instance on the same territory
    when one begins the day the other ends, and each instance by the body its functions went to."""
    changes = []
    for rule in rules:
        current = {instance.territory.iri: instance for instance in made[rule.iri]}
        for transfer in rule.transfers:
            if transfer.territory in current:
                original = current[transfer.territory]
                changes.append(Change(original.iri, transfer.successor, transfer.start,
                                      f"{original.label_en}: functions transferred",
                                      f"{original.label_fr} : fonctions transférées", transfer.basis))
        if rule.replaces is None or rule.replaces not in made:
            continue
        for previous in made[rule.replaces]:
            successor = current.get(previous.territory.iri)
            if successor is not None and previous.end == successor.start:
                changes.append(Change(previous.iri, successor.iri, successor.start,
                                      f"{previous.label_en} replaced by the {rule.name_en}",
                                      f"{previous.label_fr} remplacé par : {rule.name_fr}",
                                      tuple(source for source, _ in rule.citations)))
    return changes


def generate(rules: list[Rule]) -> tuple[dict[str, list[Instance]], list[Change]]:
    made = {rule.iri: instances_of(rule) for rule in rules}
    return made, changes_between(rules, made)
