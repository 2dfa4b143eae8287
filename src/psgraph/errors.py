"""Errors reported to users as one sentence and an exit code, never as a traceback."""

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class PsgraphError(Exception):
    """A problem the user can fix; ``str(error)`` is the one-sentence explanation."""

    exit_code = EXIT_USAGE


class InputError(PsgraphError):
    """Bad input: a file that does not parse, a missing file or directory, a bad parameter."""


class ParameterError(InputError):
    """A parameter of a canned query that is unknown, missing or of the wrong value; ``french`` says
    the same in French, for the pages of a reader who reads them in French."""

    def __init__(self, message: str, french: str) -> None:
        super().__init__(message)
        self.french = french

    def in_language(self, lang: str) -> str:
        return self.french if lang == "fr" else str(self)


class StoreMissingError(PsgraphError):
    """No store has been built yet."""


class EndpointError(PsgraphError):
    """A remote SPARQL endpoint could not be reached or refused the query."""
