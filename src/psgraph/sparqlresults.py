"""Writing SELECT and ASK results in the four W3C SPARQL 1.1 results formats.

pyoxigraph serialises a whole result iterator; the endpoint caps the number of rows it returns, so
it writes the rows it kept with these functions instead. The CLI's CSV and JSON renderings use them
too, so both give the same bytes for the same rows.

- JSON: https://www.w3.org/TR/sparql11-results-json/
- XML: https://www.w3.org/TR/rdf-sparql-XMLres/
- CSV and TSV: https://www.w3.org/TR/sparql11-results-csv-tsv/
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = Sequence[Term | None]
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RESULTS_NS = "http://www.w3.org/2005/sparql-results#"
# Characters XML 1.0 cannot carry at all, not even as character references (its production Char).
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Unrepresentable(ValueError):
    """The answer holds something the chosen format cannot write; ``str()`` says what, for the client."""


def check_xml_text(text: str, what: str) -> str:
    """``text``, or Unrepresentable if it holds a character that XML 1.0 forbids."""
    found = NOT_XML.search(text)
    if found:
        raise Unrepresentable(f"The {what} holds the character U+{ord(found.group()):04X}, which XML 1.0 "
                              "cannot carry; ask for JSON, CSV or TSV results (or Turtle, N-Triples, "
                              "JSON-LD for a graph) instead.")
    return text


def json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(term.subject),
                                            "predicate": json_term(term.predicate),
                                            "object": json_term(term.object)}}
    value: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
        value["datatype"] = term.datatype.value
    return value


def solutions_json(variables: Sequence[str], rows: Sequence[Row]) -> dict[str, Any]:
    bindings = [{name: json_term(term) for name, term in zip(variables, row, strict=True) if term is not None}
                for row in rows]
    return {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}


def csv_value(term: Term | None) -> str:
    """CSV carries values only: the IRI, the lexical form, ``_:label`` for a blank node."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def csv_text(variables: Sequence[str], rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([csv_value(term) for term in row] for row in rows)
    return buffer.getvalue()


def tsv_text(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """TSV carries terms in Turtle syntax; N-Triples escapes tabs and newlines inside literals."""
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
    return "\n".join(lines) + "\n"


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        parts = "".join(f"<{role}>{_xml_term(getattr(term, role))}</{role}>"
                        for role in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def xml_text(variables: Sequence[str], rows: Sequence[Row]) -> str:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head>']
    out.extend(f"<variable name={quoteattr(name)}/>" for name in variables)
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>")
        out.extend(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                   for name, term in zip(variables, row, strict=True) if term is not None)
        out.append("</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def write_solutions(fmt: str, variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """SELECT results in ``fmt`` (json, xml, csv or tsv), UTF-8 encoded."""
    if fmt == "json":
        return json.dumps(solutions_json(variables, rows), ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        return check_xml_text(xml_text(variables, rows), "answer").encode("utf-8")
    if fmt == "csv":
        return csv_text(variables, rows).encode("utf-8")
    if fmt == "tsv":
        return tsv_text(variables, rows).encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def write_boolean(fmt: str, value: bool) -> bytes:
    """ASK results; the CSV/TSV note defines no boolean form, so only JSON and XML are offered."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        text = "true" if value else "false"
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{RESULTS_NS}">\n<head/>\n'
                f"<boolean>{text}</boolean>\n</sparql>\n").encode()
    raise ValueError(f"no boolean form in results format {fmt!r}")
