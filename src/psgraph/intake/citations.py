"""The sources and documents sheets: what a citation points to, and the evidence it carries.

A source is a seed text (a quote is checked against its words), a legal text, policy document or
dataset the graph holds or the documents sheet declares, or a web page (its address). A quote from
a web page is checked against the passage the row keeps — the paragraph as it was read, stored in
the repository with the day it was read and its SHA-256 — and a page cited without a passage is
cited by a locator only (psg:locator), never by a quote: every quote of the graph is verifiable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyoxigraph as ox

from psgraph.i18n import text
from psgraph.intake import layout
from psgraph.intake.cells import Cells, is_url
from psgraph.intake.reconcile import Unmatched
from psgraph.intake.workbook import Row
from psgraph.prefixes import PREFIXES

PSG, DCT, RDF, RDFS, XSD, ELI, DCAT, OWL = (
    PREFIXES[p] for p in ("psg", "dcterms", "rdf", "rdfs", "xsd", "eli", "dcterms", "owl")
)
DCAT = "http://www.w3.org/ns/dcat#"
PASSAGES = "https://w3id.org/psgraph/id/passage/"
TYPE = ox.NamedNode(RDF + "type")
_QUOTE_FORM = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "*": None})


def quote_form(words: str) -> str:
    """As check-quotes compares: case, runs of spaces, curly quotes and markdown '*' ignored."""
    return " ".join(words.translate(_QUOTE_FORM).split()).lower()


def passage_iri(page: str, passage: str) -> str:
    """A kept passage is named by its page and its text: the same words read twice on one page are
    one passage."""
    return PASSAGES + sha256(f"{page}\n{passage}")[:16]


def sha256(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(PSG + local)


def _date(value: str) -> ox.Literal:
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(value), "date")
    return ox.Literal(value, datatype=_n(XSD + kind))


@dataclass
class WebPage:
    """A web page as the workbook describes it, and the passages kept from it."""

    url: str
    publisher: str
    title: str
    page_date: str
    read_on: str
    row: Row
    passages: dict[str, tuple[str, str]] = field(default_factory=dict)  # passage IRI → (its text, read on)

    def triples(self) -> list[ox.Triple]:
        page = _n(self.url)
        out = [
            ox.Triple(page, TYPE, _p("WebPage")),
            ox.Triple(page, _n(DCT + "publisher"), ox.Literal(self.publisher)),
        ]
        if self.title:
            out.append(ox.Triple(page, _n(RDFS + "label"), ox.Literal(self.title)))
        if self.page_date:
            out.append(ox.Triple(page, _n(DCT + "date"), _date(self.page_date)))
        out.append(ox.Triple(page, _p("readOn"), _date(self.read_on)))
        return out


def passage_triples(iri: str, words: str, page: str, read_on: str) -> list[ox.Triple]:
    node = _n(iri)
    return [
        ox.Triple(node, TYPE, _p("Passage")),
        ox.Triple(node, _p("passageOf"), _n(page)),
        ox.Triple(node, _p("passageText"), ox.Literal(words)),
        ox.Triple(node, _p("sha256"), ox.Literal(sha256(words))),
        ox.Triple(node, _p("readOn"), _date(read_on)),
    ]


@dataclass
class Citation:
    """A citation's own triples about a placeholder subject, and what it needs kept beside it."""

    parts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]]
    page: WebPage | None = None


class Sources:
    """Reads the documents and sources sheets."""

    def __init__(
        self,
        cells: Cells,
        seed_texts: dict[str, str | None],
        known_pages: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.cells = cells
        self.seed_texts = seed_texts  # seed IRI → its normalised words (None: its file is not at hand)
        self.known_pages = known_pages or {}  # page URL → what the graph records of it (publisher …)
        self.documents: dict[str, tuple[str, Row]] = {}  # id of the documents sheet → (IRI, row)
        self.pages: dict[str, WebPage] = {}

    # Documents ---------------------------------------------------------------------------------

    def document(self, row: Row, taken: set[str]) -> tuple[str, str, list[ox.Triple]] | None:
        """A row of the documents sheet: (its IRI, its folder, its triples)."""
        cells = self.cells
        cells.required(row, layout.DOCUMENTS)
        key = cells.identifier(row)
        kind = cells.find(row, "kind", layout.DOCUMENT_TYPE)
        country = cells.find(row, "country", layout.COUNTRY)
        date = cells.date(row, "date")
        eli, licence, url = cells.url(row, "eli"), cells.url(row, "licence"), cells.url(row, "url")
        author = cells.find(row, "adopted_by", layout.ACTOR)
        whole = cells.find(row, "part_of", layout.LAW)
        if key in self.documents:
            cells.problem(
                row,
                "id",
                text(
                    "'{cell}' is already the id of documents row {row}; give each document its own id",
                    cell=key,
                    row=self.documents[key][1].number,
                ),
            )
            return None
        if not key or not kind or not country:
            return None
        dataset = kind == PSG + "Dataset"
        code = country.rsplit("/", 1)[-1]
        iri = (PREFIXES["src"] if dataset else f"{PREFIXES['lfr'].rsplit('/', 2)[0]}/{code}/") + key
        if iri in taken:
            cells.problem(
                row,
                "id",
                text(
                    "'{cell}' is already the identifier of a resource of the graph; "
                    "choose another id, or cite that resource by its name",
                    cell=key,
                ),
            )
            return None
        self.documents[key] = (iri, row)
        node = _n(iri)
        out: list[ox.Triple] = []

        def add(predicate: str, value: ox.NamedNode | ox.Literal) -> None:
            out.append(ox.Triple(node, _n(predicate), value))

        if dataset:
            add(RDF + "type", _p("Dataset"))
        else:
            document_class = self.cells.reconciler.document_classes.get(kind, PSG + "PolicyDocument")
            add(RDF + "type", _n(document_class))
            add(ELI + "type_document", _n(kind))
            add(ELI + "title", ox.Literal(row.get("title_en"), language="en"))
        add(RDFS + "label", ox.Literal(row.get("title_en"), language="en"))
        add(RDFS + "label", ox.Literal(row.get("title_fr"), language="fr"))
        for column, predicate in (("number", "officialNumber"), ("celex", "celex"), ("nor", "nor")):
            if row.get(column):
                add(PSG + predicate, ox.Literal(row.get(column)))
        if eli:
            add(PSG + "eli", ox.Literal(eli, datatype=_n(XSD + "anyURI")))
        if date:
            legal = not dataset and self.cells.reconciler.document_classes.get(kind) == ELI + "LegalResource"
            add((ELI + "date_document") if legal else (DCT + "date"), _date(date))
        if whole:
            add(ELI + "is_part_of", _n(whole))
        if author:
            legal = not dataset and self.cells.reconciler.document_classes.get(kind) == ELI + "LegalResource"
            add((ELI + "passed_by") if legal else (DCT + "creator"), _n(author))
        if row.get("publisher"):
            add(DCT + "publisher", ox.Literal(row.get("publisher")))
        if row.get("version"):
            add(DCT + "hasVersion", ox.Literal(row.get("version")))
        if licence:
            add(DCT + "license", _n(licence))
        if url:
            add(DCAT + "landingPage", _n(url))
        if row.get("notes"):
            add(PREFIXES["skos"] + "note", ox.Literal(row.get("notes"), language="en"))
        return iri, "sources", out

    # Sources -----------------------------------------------------------------------------------

    def citation(self, row: Row) -> Citation | None:
        """A row of the sources sheet as a citation (its target is read by the caller)."""
        cells = self.cells
        if not cells.required(row, layout.SOURCES):
            return None
        cell, quote = row.get("source").strip(), row.get("quote")
        confidence = cells.find(row, "confidence", layout.CONFIDENCE)
        actors = cells.number(row, "actors_named")
        page: WebPage | None = None
        if cell in self.documents:
            source = self.documents[cell][0]
        else:
            try:
                source = cells.reconciler.find(layout.SOURCE, cell)
            except Unmatched as unmatched:
                if not is_url(cell):
                    cells.problem(row, "source", unmatched.text)
                    return None
                source = cell
        # A web page: an address that names no document of the graph, or a page the graph records; or
        # the address of a document's own text (its ELI) cited with the passage read there.
        if is_url(cell) and row.get("passage") and source != cell:
            source = cell
        web = source in self.known_pages or (
            source == cell and is_url(cell) and (not self._is_document(source) or bool(row.get("passage")))
        )
        parts: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal]] = [(_n(DCT + "source"), _n(source))]
        if web:
            page = self._page(row, source)
            if page is None:
                return None
            passage = row.get("passage")
            if quote and not passage:
                cells.problem(
                    row,
                    "passage",
                    text(
                        "a quote from a web page needs the passage it comes from: copy the paragraph, as you "
                        "read it, into passage (or move the words to locator)"
                    ),
                )
                return None
            if passage:
                if quote and quote_form(quote) not in quote_form(passage):
                    cells.problem(
                        row,
                        "quote",
                        text(
                            "the quote is not in the passage of this row: copy it exactly from the passage "
                            "(spacing and case may differ)"
                        ),
                    )
                    return None
                iri = passage_iri(page.url, passage)
                read_on = max(row.get("read_on"), page.passages.get(iri, ("", ""))[1])
                page.passages[iri] = (passage, read_on)
                parts.append((_p("passage"), _n(iri)))
        elif source in self.seed_texts:
            if not quote:
                cells.problem(
                    row,
                    "quote",
                    text(
                        "a seed text is cited with a quote: copy the words that support the row, exactly "
                        "as the "
                        "text has them"
                    ),
                )
                return None
            words = self.seed_texts[source]
            if words is not None and quote_form(quote) not in words:
                cells.problem(
                    row,
                    "quote",
                    text(
                        "the quote is not in {seed}: copy it exactly from the text (spacing and case may "
                        "differ)",
                        seed=source.rsplit("/", 1)[-1],
                    ),
                )
                return None
        elif quote:
            cells.problem(
                row,
                "quote",
                text(
                    "the words of '{source}' cannot be checked here: cite the web page you read them on (its "
                    "address, with the passage), or write where in the text in locator",
                    source=cells.reconciler.name(layout.SOURCE, source),
                ),
            )
            return None
        for column in ("publisher", "title", "page_date", "read_on", "passage"):
            if row.get(column) and not web:
                cells.problem(
                    row,
                    column,
                    text(
                        "this column is for a web page; the source of this row is "
                        "not a web address: leave it empty"
                    ),
                )
                return None
        if quote:
            parts.append((_p("quote"), ox.Literal(quote)))
        if row.get("locator"):
            parts.append((_p("locator"), ox.Literal(row.get("locator"))))
        if confidence:
            parts.append((_p("confidence"), _n(confidence)))
        if actors is not None:
            parts.append((_p("actorsNamed"), ox.Literal(str(int(actors)), datatype=_n(XSD + "integer"))))
        return Citation(parts, page)

    def _is_document(self, iri: str) -> bool:
        candidate = self.cells.reconciler.indexes[layout.SOURCE].candidates.get(iri)
        return candidate is not None and iri not in self.known_pages

    def _page(self, row: Row, url: str) -> WebPage | None:
        """The page a row cites, its description checked against the graph's and the other rows'."""
        cells = self.cells
        read_on = cells.date(row, "read_on")
        page_date = cells.date(row, "page_date", partial=True)
        known = self.known_pages.get(url, {})
        publisher = row.get("publisher") or known.get("publisher", "")
        if not row.get("read_on"):
            cells.problem(
                row, "read_on", text("a web page is cited with the day you read it: write it as YYYY-MM-DD")
            )
        if not publisher:
            cells.problem(
                row,
                "publisher",
                text(
                    "a web page is cited with its publisher: write who publishes "
                    "the site (Préfecture du Loiret, Ville de Vernon …)"
                ),
            )
        if not read_on or not publisher:
            return None
        page = self.pages.get(url)
        if page is None:
            page = self.pages[url] = WebPage(url, publisher, row.get("title"), page_date or "", read_on, row)
        for column, mine, theirs in (
            ("publisher", publisher, page.publisher),
            ("title", row.get("title"), page.title),
            ("page_date", page_date or "", page.page_date),
        ):
            if mine and theirs and mine != theirs:
                cells.problem(
                    row,
                    column,
                    text(
                        "sources row {row} gives this page '{other}': a page has one "
                        "{column}; write the same in both rows",
                        row=page.row.number,
                        other=theirs,
                        column=column,
                    ),
                )
                return None
            if mine and not theirs:
                setattr(page, column, mine)
        if known.get("publisher") and known["publisher"] != page.publisher:
            cells.problem(
                row,
                "publisher",
                text(
                    "the graph records this page with the publisher '{other}'; "
                    "write the same, or correct it where it is recorded",
                    other=known["publisher"],
                ),
            )
            return None
        page.read_on = max(page.read_on, read_on)
        return page
