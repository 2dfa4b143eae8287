"""What reaches standard error besides the one-sentence errors: warnings as sentences, and no
library's traceback.

rdflib logs a warning with a whole traceback for every literal it cannot convert (a
``"2020-13-45"^^xsd:date``); the build refuses such literals, and whatever a library still logs is
shown as its one-line message. The server's own log (``psgraph.serve``) keeps tracebacks of its
own failures, for the operator.
"""

from __future__ import annotations

import logging
import sys

KEEPS_TRACEBACKS = "psgraph.serve"


class SentenceFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith(KEEPS_TRACEBACKS):
            return super().format(record)
        message = record.getMessage().strip().splitlines()
        return message[0] if message else ""


def configure() -> None:
    """Warnings and errors on standard error, one line each (called once by the command line)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SentenceFormatter("%(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
    logging.getLogger("rdflib").setLevel(logging.ERROR)
