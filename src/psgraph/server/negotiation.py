"""HTTP content negotiation (RFC 9110 §12.5.1) over the media types the endpoint can write."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Offer:
    """A format the endpoint writes, under the media types clients may ask for it by."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def matches(self) -> tuple[str, ...]:
        return (self.media_type, *self.aliases)


SOLUTIONS = (
    Offer("json", "application/sparql-results+json", ("application/json", "text/javascript",
                                                      "application/javascript")),
    Offer("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Offer("csv", "text/csv"),
    Offer("tsv", "text/tab-separated-values"),
)
BOOLEAN = SOLUTIONS[:2]
GRAPH = (
    Offer("turtle", "text/turtle", ("application/turtle", "application/x-turtle", "text/plain")),
    Offer("ntriples", "application/n-triples"),
    Offer("jsonld", "application/ld+json", ("application/x-json+ld", "application/json")),
    Offer("rdfxml", "application/rdf+xml", ("application/xml", "text/xml")),
    Offer("n3", "text/n3", ("text/rdf+n3",)),
)


def _ranges(accept: str) -> list[tuple[str, float, int]]:
    """(media range, quality, position) for each entry of an Accept header."""
    ranges = []
    for position, entry in enumerate(accept.split(",")):
        parts = [p.strip() for p in entry.split(";")]
        if not parts[0]:
            continue
        quality = 1.0
        for parameter in parts[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((parts[0].lower(), quality, position))
    return ranges


def _quality(offer: Offer, ranges: list[tuple[str, float, int]]) -> tuple[float, int, int]:
    """The quality the client gives an offer: from its most specific matching range."""
    best: tuple[int, float, int] | None = None  # (specificity, quality, position)
    for media_range, quality, position in ranges:
        for media_type in offer.matches():
            major = media_type.split("/")[0]
            if media_range == media_type:
                specificity = 2
            elif media_range == f"{major}/*":
                specificity = 1
            elif media_range == "*/*":
                specificity = 0
            else:
                continue
            if best is None or specificity > best[0]:
                best = (specificity, quality, position)
    if best is None:
        return (0.0, 0, 0)
    return (best[1], best[0], -best[2])


def negotiate(accept: str | None, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the client prefers; the first offer when it states no preference; None if none is
    acceptable. Between equally acceptable offers, one the client names beats one it reaches through
    a wildcard, then the client's earlier entry wins, then the endpoint's order."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = _ranges(accept)
    scored = [(_quality(offer, ranges), -index, offer) for index, offer in enumerate(offers)]
    (quality, _specificity, _position), _order, offer = max(scored, key=lambda item: (item[0], item[1]))
    return offer if quality > 0 else None


def by_name(name: str, offers: tuple[Offer, ...]) -> Offer | None:
    return next((offer for offer in offers if offer.name == name), None)
