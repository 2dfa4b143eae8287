"""A canned query's form as a reader sees it: each field with the values the graph offers for it, and
names wherever an IRI would be — the value given, the example, each value offered (psgraph.paramnames);
and what a page does with a name it is given: the address of the IRIs it stands for, or the things
it may stand for, as links."""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pyoxigraph as ox

from psgraph.catalogue import CannedQuery
from psgraph.errors import InputError
from psgraph.paramnames import CHOOSE_ONE, CLOSEST, NAME_OR_CODE, NameChoice, ParamNames
from psgraph.params import Param
from psgraph.server.choices import SUGGESTED, choices
from psgraph.server.pages import Field, form_fields
from psgraph.server.resources import labels_in


@dataclass
class Forms:
    store: ox.Store | None
    names: ParamNames | None
    cache: dict[tuple[str, str], list[tuple[str, str]]]  # (parameter, language) → values offered

    def fields(self, query: CannedQuery, given: Mapping[str, str], today: date, lang: str) -> list[Field]:
        """The form's fields with the values the graph offers for each (read once per language), and
        names instead of IRIs."""
        fields = form_fields(query, given, today, lang)
        if self.store is None:
            return fields
        offered = []
        for field in fields:
            key = (field.param.name, lang)
            if key not in self.cache:
                listed = choices(self.store, field.param.name, lang)
                if self.names is not None and field.param.range:
                    param = field.param
                    listed = [(self.names.shown(param, param.parse(value).value, lang, label), label)
                              for value, label in listed]
                self.cache[key] = listed
            shown = {}
            if self.names is not None and field.param.range:
                shown = {"value": self.name_of(field.param, field.value, lang),
                         "placeholder": self.name_of(field.param, field.param.example or "", lang),
                         "kind": NAME_OR_CODE.render(lang)}
            offered.append(dataclasses.replace(field, choices=self.cache[key],
                                               suggest="territory" if field.param.name in SUGGESTED else "",
                                               **shown))
        return offered

    def name_of(self, param: Param, value: str, lang: str) -> str:
        """The name a form shows for a value it holds: an IRI's name, else the value as typed."""
        assert self.names is not None and self.store is not None
        try:
            iri = param.parse(value).value if value else ""
        except InputError:
            return value
        if not iri:
            return value
        try:
            return self.names.shown(param, iri, lang, labels_in(self.store, [iri], lang).get(iri, ""))
        except InputError:  # no build to read names from
            return value


def named_address(query: CannedQuery, given: Mapping[str, str], query_string: str,
                  names: ParamNames) -> str | None:
    """The query string with each name replaced by the compact IRI it names — the address a page given
    names answers with (303), which a script or a citation keeps — or None when no name was given.
    A name of several things or of none is a NameChoice."""
    named = names.resolve(query, given)
    if named == dict(given):
        return None
    changed = query_string
    for key, value in named.items():
        if value != given[key]:
            changed = replaced(changed, key, value)
    return changed


def offered(choice: NameChoice, query_string: str, lang: str) -> tuple[list[tuple[str, str]], str]:
    """What a page offers for a name of several things (or of none): each as a link to the same page
    with its IRI, and the words above them."""
    links = [(option.name(lang), "?" + replaced(query_string, choice.param, option.value))
             for option in choice.choices]
    return links, (CHOOSE_ONE if choice.several else CLOSEST).render(lang)


def replaced(query_string: str, key: str, value: str) -> str:
    """The query string with one parameter's value replaced (the others kept, in their order)."""
    pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True)
    return urllib.parse.urlencode([(k, value if k == key else v) for k, v in pairs])
