"""Names, as curators write them, reconciled to the graph's identifiers.

Each kind of resource has an index from a normalised name (case, accents and punctuation folded:
"Saint-Etienne" = "saint étienne") to the resources that bear it: labels in both languages,
alternative labels and acronyms, official codes and numbers, compact identifiers. A name that
matches one resource is taken; one that matches several is refused with the candidates; one that
matches none is refused with the closest names that fit the column (rapidfuzz), or with the list of
valid values where the column takes a vocabulary — never taken silently (OpenRefine's rule).

The indexes are computed by the build (psgraph.intake.names) and kept in the build's search index
(psgraph.intake.nameindex), so that a dry run reads the few names it needs instead of every label of
the graph (7 s on the real graph before).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from psgraph.i18n import Text, plural, text, written
from psgraph.intake import layout

_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")  # "CA du Grand Avignon (COGA)" is also "CA du Grand Avignon"
_CODED = re.compile(r"^.+\[(?P<code>[^\[\]]+)\]$")
_QUALIFIER = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<paren>[^()]+)\)|,\s*(?P<comma>[^,]+))$")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NOT_WORD = re.compile(r"[^\w]+")
_FOLD = str.maketrans({"œ": "oe", "’": "'", "æ": "ae", "ß": "ss"})

# How many names a message lists, and the least similarity of a suggestion.
SHOWN = 6
CUTOFF = 80
WEAK = "~"  # the keys of names that find a resource only when no other bears the name itself
# The kinds whose values are few enough to list in full when a cell matches none of them.
LISTED = frozenset({*layout.VOCABULARIES, layout.COUNTRY, layout.FINDING_KIND})


def normal(text_: str) -> str:
    """Case, accents and punctuation folded: "Saint-Étienne" and "saint etienne" are one name."""
    folded = text_.casefold().translate(_FOLD)
    if not folded.isascii():
        folded = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return " ".join(_NOT_WORD.sub(" ", folded).split())


def variants(name: str) -> list[str]:
    """The keys a name is found by: itself, and without a trailing bracket ("… (COGA)")."""
    keys = [normal(name)]
    if name.endswith(")") and _PARENTHESIS.search(name):
        keys.append(normal(_PARENTHESIS.sub("", name)))
    return [key for key in keys if key]


def listed(candidates: Iterable[Candidate], separator: str) -> Text:
    """Candidates' names in the reader's language, one after another."""
    chosen = list(candidates)
    french = (
        sorted((c.label_fr or c.label for c in chosen), key=str.casefold)
        if len(chosen) > SHOWN
        else [c.label_fr or c.label for c in chosen]
    )
    return written(en=separator.join(c.label for c in chosen), fr=separator.replace(";", " ;").join(french))


def either(candidates: list[Candidate]) -> Text:
    """'a', 'b' or 'c' / « a », « b » ou « c »."""
    en = [f"'{c.label}'" for c in candidates]
    fr = [f"« {c.label_fr or c.label} »" for c in candidates]
    return written(
        en=en[0] if len(en) == 1 else f"{', '.join(en[:-1])} or {en[-1]}",
        fr=fr[0] if len(fr) == 1 else f"{', '.join(fr[:-1])} ou {fr[-1]}",
    )


class Unmatched(ValueError):
    """A name that names nothing, or several things: the message says which and what to write;
    ``candidates`` are the things it names (``several``) or the closest names (suggestions)."""

    def __init__(self, message: Text, candidates: Iterable[Candidate] = (), several: bool = False) -> None:
        super().__init__(str(message))
        self.text = message
        self.candidates = list(candidates)
        self.several = several


@dataclass
class Candidate:
    iri: str
    label: str  # how it is shown in a message and in a cell
    area: set[str] = field(default_factory=set)  # normalised names and codes of its département/county
    tier: int = 0  # for suggestions: 0 first (an office before an organisation, a company last)
    label_fr: str = ""  # how it is shown to a French reader, when that differs

    def name(self) -> Text:
        """The name in the reader's language (either reads back as this resource)."""
        return written(en=self.label, fr=self.label_fr or self.label)


class Index:
    """Names of one kind of resource. ``names`` maps a normalised name to the IRIs that bear it,
    ``candidates`` an IRI to how it is shown; both are mappings that a subclass may read lazily."""

    names: Mapping[str, set[str]]
    candidates: Mapping[str, Candidate]

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.names = defaultdict(set)
        self.candidates = {}

    def add(
        self,
        iri: str,
        label: str,
        *names: str,
        area: Iterable[str] = (),
        tier: int = 0,
        label_fr: str = "",
        weak: Iterable[str] = (),
    ) -> Candidate:
        """Add a resource with its names; ``weak`` names (the head of a long title) find it only when
        no resource bears the name itself."""
        from psgraph.results import compact

        assert isinstance(self.candidates, dict) and isinstance(self.names, defaultdict)
        candidate = self.candidates.setdefault(iri, Candidate(iri, label, tier=tier, label_fr=label_fr))
        candidate.area.update(area)
        for name in {*names, label, compact(iri)}:
            for key in variants(name or ""):
                self.names[key].add(iri)
        for name in weak:
            for key in variants(name):
                self.names[WEAK + key].add(iri)
        return candidate

    def labels(self) -> list[str]:
        """Every value's name, in alphabetical order (a drop-down list, a list in a message)."""
        return sorted({c.label for c in self.candidates.values()}, key=str.casefold)

    def find(self, cell: str, prefer: Iterable[str] = ()) -> str:
        """The IRI ``cell`` names, or Unmatched with the candidates, suggestions or valid values.
        ``prefer``: IRIs that fit the cell best (the offices a body type's seats name), suggested first."""
        key = normal(cell)
        if cell.strip() in self.candidates:  # a full IRI
            return cell.strip()
        found = set(self.names.get(key, set())) or set(self.names.get(WEAK + key, set()))
        if not found and (coded := _CODED.match(cell.strip())):  # as shown: "Avignon (84) [84007]"
            found = set(self.names.get(normal(coded["code"]), set()))
        if not found and (qualified := _QUALIFIER.match(cell.strip())):
            within = normal(qualified["paren"] or qualified["comma"] or "")
            found = {
                iri
                for iri in self.names.get(normal(qualified["name"]), set())
                if within in self.candidates[iri].area
            }
        if len(found) == 1:
            return next(iter(found))
        kind = layout.KIND_NAMES[self.kind]
        if found:
            shown = sorted((self.candidates[iri] for iri in found), key=lambda c: c.label)
            more = text(" and {count} more", count=len(shown) - SHOWN) if len(shown) > SHOWN else ""
            raise Unmatched(
                text(
                    "'{cell}' names {count} {kind}: {names}{more}; write one of them as shown, or its code",
                    cell=cell,
                    count=len(shown),
                    kind=kind.plural,
                    names=listed(shown[:SHOWN], "; "),
                    more=more,
                ),
                shown,
                several=True,
            )
        suggested = self.suggestions(key, prefer)
        raise Unmatched(self.unmatched(cell, key, prefer, suggested), suggested)

    def unmatched(
        self, cell: str, key: str, prefer: Iterable[str] = (), suggested: list[Candidate] | None = None
    ) -> Text:
        kind = layout.KIND_NAMES[self.kind]
        suggested = self.suggestions(key, prefer) if suggested is None else suggested
        if suggested:
            return text(
                "'{cell}' matches {none}; did you mean {names}?",
                cell=cell,
                none=kind.none,
                names=either(suggested),
            )
        if self.kind in LISTED:
            values = sorted(self.candidates.values(), key=lambda c: c.label.casefold())
            return plural(
                "'{cell}' matches {none}; the only value is {names}",
                "'{cell}' matches {none}; write one of these {count} values: {names}",
                len(values),
                cell=cell,
                none=kind.none,
                names=listed(values, "; "),
            )
        return text("'{cell}' matches {none}", cell=cell, none=kind.none)

    def suggestions(self, key: str, prefer: Iterable[str] = ()) -> list[Candidate]:
        """Up to three names close to ``key``: the preferred ones first, then by tier (an office
        before an organisation, a company last), then by similarity."""
        if not key:
            return []
        preferred = set(prefer)
        scored: dict[str, tuple[tuple[int, int, float], Candidate]] = {}
        for name, score, _ in process.extract(
            key,
            [n for n in self.names if not n.startswith(WEAK)],
            scorer=fuzz.WRatio,
            limit=12,
            score_cutoff=CUTOFF,
        ):
            for iri in self.names[name]:
                candidate = self.candidates[iri]
                # A lower tier must be a closer match to be offered at all.
                if score < CUTOFF + 8 * candidate.tier:
                    continue
                rank = (0 if iri in preferred else 1, candidate.tier, -score)
                if candidate.label not in scored or rank < scored[candidate.label][0]:
                    scored[candidate.label] = (rank, candidate)
        return [c for _, c in sorted(scored.values(), key=lambda pair: pair[0])][:3]


@dataclass
class Reconciler:
    """One index per kind of cell, and the facts about types, territories and offices that the
    checks of a row need."""

    indexes: dict[str, Index]
    body_types: Mapping[str, tuple[str, str]]  # type IRI → (its level, its country), "" when not stated
    territory_levels: Mapping[str, str]
    seat_holders: Mapping[str, frozenset[str]] = field(default_factory=dict)  # type → its statutory holders
    document_classes: Mapping[str, str] = field(default_factory=dict)  # kind of document → its class
    level_ranks: Mapping[str, int] = field(default_factory=dict)  # level → its rank (1 supranational …)

    def find(self, kind: str, cell: str, prefer: Iterable[str] = ()) -> str:
        return self.indexes[kind].find(cell, prefer)

    def label(self, kind: str, iri: str) -> str:
        candidate = self.indexes[kind].candidates.get(iri)
        return candidate.label if candidate else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def name(self, kind: str, iri: str) -> Text:
        """A resource's name in the reader's language."""
        candidate = self.indexes[kind].candidates.get(iri)
        return candidate.name() if candidate else written(en=self.label(kind, iri))

    @classmethod
    def from_store(cls, store: object) -> Reconciler:
        """The indexes computed from a store (what the build writes; tests use it on fixtures)."""
        from psgraph.intake.names import compute

        return compute(store)  # type: ignore[arg-type]

    @classmethod
    def from_build(cls, location: object) -> Reconciler:
        """The indexes the build wrote beside the store at ``location``."""
        from psgraph.intake.nameindex import read

        return read(location)  # type: ignore[arg-type]
