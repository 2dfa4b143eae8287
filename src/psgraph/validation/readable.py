"""Findings told in a curator's terms: where the resource is defined (file:line), names instead of
identifiers in the messages, and one finding per mistake."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from psgraph.prefixes import PREFIXES
from psgraph.validation.findings import Finding, compact

_SUBJECT = re.compile(r"^(?:<([^>\s]+)>|([a-z][a-z0-9]*):([\w.-]*[\w-]))\s")
_IRI = re.compile(r"(?<![<\w])(https?://[^\s<>()]+[\w/])|<(https?://[^\s<>]+)>")
_LABEL_PREDICATES = (ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.NamedNode(PREFIXES["skos"] + "prefLabel"))
_CODES = tuple(ox.NamedNode(PREFIXES["psg"] + name)
               for name in ("inseeCode", "sirenCode", "gssCode", "nutsCode"))
_SPECIFIC_FIRST = ("dangling-reference-violation",)  # of two findings on one value, the clearer one


def definitions(files: Iterable[Path], display: dict[Path, str]) -> dict[str, str]:
    """Where each resource is defined: the first line of a file that starts with its name."""
    found: dict[str, str] = {}
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            match = _SUBJECT.match(line)
            if not match:
                continue
            iri = match[1] or (PREFIXES.get(match[2], "") and PREFIXES[match[2]] + match[3])
            if iri and iri not in found:
                found[iri] = f"{display.get(path, str(path))}:{number}"
    return found


def one_per_mistake(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with one kept for each (resource, value) that several violations name: a dangling
    identifier is reported once, not also as a membership without a valid member; a territory of the
    wrong level once, not also as wider than the level."""
    seen: dict[tuple[str, str], Finding] = {}
    ranked = sorted(enumerate(findings), key=lambda pair: (pair[1].rule not in _SPECIFIC_FIRST, pair[0]))
    chosen = []
    for position, finding in ranked:
        value = finding.value or next((m[1] or m[2] for m in _IRI.finditer(finding.message)), "")
        key = (finding.owner, _full(value))
        if finding.is_violation and value:
            first = seen.get(key)
            # The rows of one QC query are distinct facts by design; anything else on the same value repeats.
            if first is not None and not (first.check == "qc" and first.rule == finding.rule):
                continue
            seen.setdefault(key, finding)
        chosen.append((position, finding))
    return [finding for _, finding in sorted(chosen, key=lambda pair: pair[0])]


def _full(value: str) -> str:
    prefix, _, local = value.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and not value.startswith("http") else value


def with_names(findings: Sequence[Finding], store: ox.Store, where: dict[str, str]) -> list[Finding]:
    """Each message with the identifiers it quotes replaced by "label (code)" — in English, and in
    French in the French message — and where its resource is defined."""
    names: dict[tuple[str, str], str] = {}

    def namer(lang: str) -> Callable[[re.Match[str]], str]:
        def name(match: re.Match[str]) -> str:
            iri = match[1] or match[2]
            # In Turtle a message asks to write ("org:member ofr:x"), the identifier stays.
            if re.search(r"\b[a-z]+:\w+\s$", match.string[: match.start()]):
                return compact(iri)
            if (iri, lang) not in names:
                names[iri, lang] = _name(store, iri, lang) or iri
            return names[iri, lang]
        return name

    def readable(message: str, lang: str) -> str:
        # An identifier in brackets after the name it stands for goes: "prefect (https://…/prefect)".
        return _IRI.sub(namer(lang), re.sub(r"\s*\(<?https?://[^()\s]+>?\)", "", message))

    return [dataclasses.replace(f, message=readable(f.message, "en"),
                                message_fr=readable(f.message_fr, "fr") if f.message_fr else "",
                                defined_at=where.get(f.owner, ""))
            for f in findings]


def _name(store: ox.Store, iri: str, lang: str = "en") -> str:
    try:
        node = ox.NamedNode(iri)
    except ValueError:  # a URL-like text quoted from the data, not an identifier: left as it is
        return ""
    labels = [q.object for p in _LABEL_PREDICATES for q in store.quads_for_pattern(node, p, None)
              if isinstance(q.object, ox.Literal)]
    if not labels:
        return ""
    label = next((lab.value for lab in labels if lab.language == lang),
                 next((lab.value for lab in labels if lab.language == "en"), labels[0].value))
    code = next((q.object.value for p in _CODES for q in store.quads_for_pattern(node, p, None)), "")
    return f"{label} ({code})" if code else label
