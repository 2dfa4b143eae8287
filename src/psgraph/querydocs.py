"""Plain-text descriptions of the canned query catalogue, for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from psgraph.catalogue import CannedQuery
from psgraph.tables import render_table


def listing(catalogue: Mapping[str, CannedQuery]) -> str:
    rows = [(q.name, q.category, q.title) for q in catalogue.values()]
    return render_table(("name", "category", "title"), rows)


def describe(query: CannedQuery) -> str:
    lines = [f"{query.name} ({query.category}): {query.title}", "",
             textwrap.fill(query.description, width=100), ""]
    if query.params:
        lines.append("Parameters (--param NAME=VALUE):")
        for param in query.params:
            default = f"default {param.default}" if param.default is not None else (
                "required" if param.required else "optional: all when left out")
            example = f", e.g. {param.example}" if param.example else ""
            limits = (("at least", param.minimum), ("at most", param.maximum))
            bounds = "".join(f", {word} {value}" for word, value in limits if value is not None)
            named = f", or a {param.range}'s name, acronym or code" if param.range else ""
            lines.append(f"  {param.name} ({param.type}{named}; {default}{bounds}{example})")
            if param.description:
                lines.append(textwrap.fill(param.description, width=100, initial_indent="      ",
                                           subsequent_indent="      "))
    else:
        lines.append("Parameters: none.")
    lines += ["", f"Query text ({query.path.name}):", "", query.text.rstrip()]
    return "\n".join(lines)
