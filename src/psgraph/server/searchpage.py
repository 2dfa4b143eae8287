"""The search page: what a reader typed, the filters (a body type, a territory, a period), and the
results by kind with honest counts ("60 of 301 shown") and, for bodies, their type, dates and
whether they have ended. Filters take names, as every form does (psgraph.paramnames)."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from psgraph.errors import InputError, ParameterError
from psgraph.i18n import Text, number, text
from psgraph.intake import layout
from psgraph.paramnames import CHOOSE_ONE, CLOSEST, NameChoice, ParamNames
from psgraph.params import Param
from psgraph.search.index import KIND_ORDER
from psgraph.search.lookup import MAX_QUERY_CHARS, Filters, counts, search
from psgraph.server.resources import local_path

FILTERS = (Param("type", "iri", range=layout.BODY_TYPE), Param("territory", "iri", range=layout.TERRITORY))
WORDS: dict[str, Text] = {
    "type": text("body type"),
    "territory": text("in the territory"),
    "from": text("active from (year)"),
    "until": text("to (year)"),
    "filter": text("Filter"),
    "filters_note": text("The filters find bodies only; without words, every body they keep."),
    "ended": text("ended"),
    "type_example": text("CLSPD"),
}


@dataclass
class SearchPage:
    status: int = 200
    context: dict[str, Any] = field(default_factory=dict)


def search_page(params: Mapping[str, str], lang: str, index: Path | None,
                names: ParamNames | None) -> SearchPage:
    q = params.get("q", "").strip()
    given = {key: params.get(key, "").strip() for key in ("type", "territory", "from", "until")}
    context: dict[str, Any] = {"q": q[:MAX_QUERY_CHARS], "lang": lang, "groups": [], "error": "",
                               "offered": [], "offered_heading": "", "given": given,
                               "words": {key: value.render(lang) for key, value in WORDS.items()}}
    if len(q) > MAX_QUERY_CHARS:
        context["error"] = text("The search text is {length} characters long; this search takes at most "
                                "{most}: shorten it.", length=number(len(q), lang),
                                most=MAX_QUERY_CHARS).render(lang)
        return SearchPage(400, context)
    try:
        filters = _filters(given, names)
    except NameChoice as choice:
        context["error"] = choice.in_language(lang)
        context["offered_heading"] = (CHOOSE_ONE if choice.several else CLOSEST).render(lang)
        context["offered"] = [(option.name(lang),
                               "?" + urllib.parse.urlencode({**params, choice.param: option.value}))
                              for option in choice.choices]
        return SearchPage(400, context)
    except ParameterError as error:
        context["error"] = error.in_language(lang)
        return SearchPage(400, context)
    except InputError as error:  # no build to read names from
        context["error"] = str(error)
        return SearchPage(400, context)
    if not (q or filters):
        return SearchPage(200, context)
    if index is None or not index.is_file():
        context["error"] = text("The search index of this build is missing: run `psgraph build` "
                                "again.").render(lang)
        return SearchPage(503, context)
    hits = search(index, q, lang, filters=filters)
    totals = counts(index, q, filters)
    grouped: dict[str, list[dict[str, Any]]] = {}
    for hit in hits:
        grouped.setdefault(hit.kind, []).append(
            {"href": local_path(hit.iri) + f"?lang={lang}", "label": hit.label, "context": hit.context,
             "names": hit.names, "type": hit.type, "dates": _dates(hit.start, hit.end), "ended": hit.ended})
    ordered = sorted(grouped.items(), key=lambda item: KIND_ORDER.get(item[0], 99))
    context["groups"] = [(kind, shown, _count(len(shown), totals.get(kind, len(shown)), lang))
                         for kind, shown in ordered]
    return SearchPage(200, context)


def _filters(given: Mapping[str, str], names: ParamNames | None) -> Filters:
    """The filters a reader gave, names read as the forms read them; an error names the one that is
    wrong."""
    iris = {}
    for param in FILTERS:
        value = given[param.name]
        if not value:
            continue
        try:
            iris[param.name] = param.parse(value).value
        except InputError:
            if names is None:
                raise
            iris[param.name] = names.iri(param, value)
    years = {key: _year(key, given[key]) for key in ("from", "until") if given[key]}
    return Filters(type=iris.get("type", ""), territory=iris.get("territory", ""),
                   start=f"{years['from']}-01-01" if "from" in years else "",
                   end=f"{years['until']}-12-31" if "until" in years else "")


def _year(name: str, value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        sentence = text("Parameter {name}={value!r} is not a year; write it with four digits, e.g. 2005.",
                        name=name, value=value)
        raise ParameterError(sentence.render("en"), sentence.render("fr"))
    return value


def _dates(start: str, end: str) -> str:
    """1992–2002, 2006–, –2002 or nothing: the years a body lasted, as far as they are known."""
    return f"{start[:4]}–{end[:4]}" if start or end else ""


def _count(shown: int, total: int, lang: str) -> str:
    if shown >= total:
        return number(total, lang)
    return text("{shown} shown of {total} found", shown=number(shown, lang),
                total=number(total, lang)).render(lang)
