"""Sentences for people in their language: gettext catalogues a translator can open.

The English sentence is the message id, written in the code with ``text()`` (or ``plural()`` where
the number decides the form); the French is in ``locale/fr/LC_MESSAGES/psgraph.po``. ``make
messages`` extracts the ids with Babel (``pybabel extract``) and updates the catalogue; ``make
setup`` compiles it (``psgraph.mo``). Where no compiled catalogue is at hand (a checkout used without
``make``), the ``.po`` file is read directly, so the French is never silently lost.

A ``Text`` keeps its id and parameters until it is shown: the same problem can be told to a curator
in French on the terminal and written in English in a pull request's summary.
"""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

DOMAIN = "psgraph"
LANGUAGES = ("en", "fr")


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English, the language of the ids, has none)."""
    if lang not in LANGUAGES or lang == "en":
        return gettext.NullTranslations()
    folder = resources.files("psgraph") / "locale" / lang / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.is_file() and (not source.is_file() or _newer(compiled, source)):
        with compiled.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not source.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _newer(compiled: Any, source: Any) -> bool:
    from pathlib import Path

    return Path(str(compiled)).stat().st_mtime >= Path(str(source)).stat().st_mtime


@dataclass(frozen=True)
class Text:
    """A sentence rendered in a language when it is shown.

    ``msgid`` is the English sentence with ``{name}`` parameters; ``plural`` its plural form (chosen
    by ``count``); ``written`` the sentence already written in each language (a shape's
    ``sh:message``), used instead of the catalogue. Parameters that are themselves ``Text`` are
    rendered in the same language.
    """

    msgid: str
    params: tuple[tuple[str, Any], ...] = ()
    plural: str = ""
    count: int = 0
    written: tuple[tuple[str, str], ...] = ()

    def render(self, lang: str = "en") -> str:
        if self.written:
            by_language = dict(self.written)
            return by_language.get(lang) or by_language.get("en") or next(iter(by_language.values()))
        catalogue = translations(lang)
        pattern = (catalogue.ngettext(self.msgid, self.plural, self.count) if self.plural
                   else catalogue.gettext(self.msgid))
        values = {name: value.render(lang) if isinstance(value, Text) else value
                  for name, value in self.params}
        return pattern.format(**values) if values else pattern

    def __str__(self) -> str:
        return self.render("en")


def text(msgid: str, /, **params: Any) -> Text:
    """A sentence of the catalogue: ``text("'{value}' is not a date", value=cell)``."""
    return Text(msgid, tuple(params.items()))


def plural(singular: str, plural_form: str, count: int, /, **params: Any) -> Text:
    """A sentence whose form follows ``count`` (which is also passed as ``{count}``)."""
    return Text(singular, (("count", count), *params.items()), plural_form, count)


def written(**by_language: str) -> Text:
    """A sentence already written in each language (``en=…, fr=…``)."""
    return Text(by_language.get("en", ""), written=tuple(by_language.items()))


def gettext_for(lang: str) -> Any:
    """``gettext`` in ``lang``, for templates and code that renders at once."""
    return translations(lang).gettext


# Numbers and dates as each language writes them, from Babel's copy of the Unicode CLDR: British
# English (7 December 2026, 519,127) and the French of France (7 décembre 2026, 519 127 with a narrow
# no-break space, 99,5).
LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def number(value: int | float | Decimal, lang: str = "en") -> str:
    """A number as ``lang`` writes it, with as many decimals as it has, up to 4 (a percentage 99.91,
    a similarity 0.6667)."""
    from babel.numbers import format_decimal

    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        value = Decimal(str(round(float(value), 4)))
    return format_decimal(value, format="#,##0.####", locale=locale_of(lang))


def day(value: date | str, lang: str = "en", form: str = "long") -> str:
    """A date as ``lang`` writes it: « 7 décembre 2026 », "7 December 2026" (``form`` "medium":
    « 7 déc. 2026 »). A text that is not an ISO 8601 date (or date-time) is given back as it is."""
    from babel.dates import format_date

    if form not in ("short", "medium", "long", "full"):
        raise ValueError(f"day(): form {form!r} is not short, medium, long or full")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, format=form, locale=locale_of(lang))


def N_(msgid: str, /) -> str:
    """An English sentence kept as plain text and translated where it is shown (gettext's ``N_``):
    Babel extracts it (``make messages``), ``say(msgid, lang)`` renders it."""
    return msgid


def say(msgid: str, lang: str) -> str:
    """A sentence marked with ``N_`` in ``lang`` (itself when the catalogue lacks it)."""
    return translations(lang).gettext(msgid) if msgid else msgid
