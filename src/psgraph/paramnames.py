"""Names for the IRI parameters of canned queries: « Rhône », « 69 », « France », « CLSPD »,
« duplication » instead of tfrd:69, terr:fr, psg:CLSPD.

A value that does not parse as an IRI is read by the intake's own reconciliation
(psgraph.intake.reconcile, on the index the build keeps beside the store), for the kind of resource
the parameter declares (``range:`` in the query's header): one match is taken, several are offered
as a choice (NameChoice), none gives the closest names — each a ParameterError of one sentence in
English and French, never a guess. One rule is added to the intake's, for territories: a NUTS
region (tnuts:) that bears the name of an administrative territory is its statistical twin (FRK26
is the Rhône, and nothing lies inside it but other NUTS regions), so « Rhône » means the
département; the region is still reached by its code. Reading a name costs a few SQLite lookups
(0.1 ms on the real graph; a misspelt territory, whose suggestions compare 40,000 names, 0.3 s).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from psgraph.catalogue import CannedQuery
from psgraph.errors import InputError, ParameterError
from psgraph.i18n import text
from psgraph.intake import layout
from psgraph.intake.reconcile import Candidate, Reconciler, Unmatched, normal
from psgraph.params import Param
from psgraph.prefixes import PREFIXES
from psgraph.results import compact

_STATISTICAL = PREFIXES["tnuts"]
# What a form says about a parameter that takes names, and above the names it offers.
NAME_OR_CODE = text("name or code")
CHOOSE_ONE = text("Choose one of them:")
CLOSEST = text("Did you mean:")


@dataclass(frozen=True)
class Choice:
    """One of the resources a name names: its compact IRI and its name in each language."""

    value: str
    label: str
    label_fr: str

    def name(self, lang: str) -> str:
        return (self.label_fr if lang == "fr" else "") or self.label


class NameChoice(ParameterError):
    """A parameter's name that names several resources (``several``) or none (the ``choices`` are
    then the closest names): the page offers each as a link."""

    def __init__(self, message: str, french: str, param: str, choices: list[Choice], several: bool) -> None:
        super().__init__(message, french)
        self.param, self.choices, self.several = param, choices, several


class ParamNames:
    """The build's names, opened when a value first needs one (a script that gives IRIs never does)."""

    def __init__(self, open_reconciler: Callable[[], Reconciler]) -> None:
        self._open = open_reconciler
        self._reconciler: Reconciler | None = None
        self._lock = threading.Lock()

    @classmethod
    def of_build(cls, location: Path) -> ParamNames:
        """Names read from the build at ``location`` (the store's folder)."""
        def open_build() -> Reconciler:
            if not Path(location).is_dir():
                raise InputError("Names are read from the last build, and there is none: run "
                                 "`psgraph build`, or give the parameter as an IRI (tfrd:69, psg:CLSPD).")
            return Reconciler.from_build(Path(location))
        return cls(open_build)

    def reconciler(self) -> Reconciler:
        with self._lock:
            if self._reconciler is None:
                self._reconciler = self._open()
            return self._reconciler

    def resolve(self, query: CannedQuery, given: Mapping[str, str]) -> dict[str, str]:
        """``given`` with every name of an IRI parameter replaced by the compact IRI it names; values
        that parse (IRIs, dates, numbers) and unknown parameters are left for ``query.bind``."""
        resolved = dict(given)
        for name, value in given.items():
            param = query.param(name)
            if param is None or param.type != "iri" or not param.range or not value.strip():
                continue
            try:
                param.parse(value)
            except InputError:
                resolved[name] = compact(self.iri(param, value))
        return resolved

    def iri(self, param: Param, name: str) -> str:
        """The IRI ``name`` names, for a parameter with a range; a NameChoice otherwise."""
        try:
            return self.reconciler().find(param.range, name.strip())
        except Unmatched as unmatched:
            administrative = [c for c in unmatched.candidates if not c.iri.startswith(_STATISTICAL)]
            if (unmatched.several and param.range == layout.TERRITORY and len(administrative) == 1):
                return administrative[0].iri
            sentence = text("Parameter {name}: {problem}", name=param.name, problem=unmatched.text)
            english, french = (_ended(sentence.render(lang)) for lang in ("en", "fr"))
            raise NameChoice(english, french, param.name, [_choice(c) for c in unmatched.candidates],
                             unmatched.several) from None

    def shown(self, param: Param, iri: str, lang: str, label: str = "") -> str:
        """The name a form shows for an IRI: its label when that name reads back as the IRI, else
        the reconciler's name for it (a commune with its département and code, "Saint-Denis (93)
        [93066]"), else the compact IRI."""
        if not param.range:
            return compact(iri)
        index = self.reconciler().indexes[param.range]
        found = set(index.names.get(normal(label)) or ()) if label else set()
        if found == {iri} or (param.range == layout.TERRITORY and iri in found
                              and {i for i in found if not i.startswith(_STATISTICAL)} == {iri}):
            return label
        candidate = index.candidates.get(iri)
        return _choice(candidate).name(lang) if candidate is not None else compact(iri)


def _choice(candidate: Candidate) -> Choice:
    return Choice(compact(candidate.iri), candidate.label, candidate.label_fr)


def _ended(sentence: str) -> str:
    return sentence if sentence.endswith(("?", ".", "!")) else sentence + "."
