"""The HTTP layer's one correction to waitress: request smuggling.

A request that carries both ``Content-Length`` and ``Transfer-Encoding`` is read by its chunked
body (as waitress does), and the connection is closed after the answer, as RFC 9112 section 6.3
requires: a proxy in front may have framed the body by the other header, so whatever follows on
that connection cannot be trusted to be a new request.
"""

from __future__ import annotations

from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import BaseWSGIServer, MultiSocketServer


class StrictRequestParser(HTTPRequestParser):
    def parse_header(self, header_plus: bytes) -> None:
        super().parse_header(header_plus)
        if self.chunked and "CONTENT_LENGTH" in self.headers:
            self.connection_close = True
            self.headers["CONNECTION"] = "close"  # what the task reads to close after answering


class StrictChannel(HTTPChannel):
    parser_class = StrictRequestParser


def harden(server: BaseWSGIServer | MultiSocketServer) -> None:
    """Make ``server`` (one socket or several) read requests with the strict parser."""
    if isinstance(server, MultiSocketServer):
        for each in server.map.values():
            if isinstance(each, BaseWSGIServer):
                each.channel_class = StrictChannel
    else:
        server.channel_class = StrictChannel
