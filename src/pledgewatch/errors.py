"""Coded error messages, in one place, each telling the user what to do."""

from __future__ import annotations

# Code ranges: E001-E099 reading and extraction, E100-E149 the command line itself,
# L001-L099 the ledger (store, sources, ingest, queries), L100-L149 the HTTP API.
MESSAGES: dict[str, str] = {
    "E001": "{source}: no such file",
    "E002": "{source}: cannot be read ({reason})",
    "E003": "{source}: the file is empty",
    "E004": "{source}: the file is {size} bytes, over the limit of {limit} bytes (settings.MAX_INPUT_BYTES)",
    "E005": "{source}: looks like a binary file, not text",
    "E006": "{source}: the text could not be decoded ({reason})",
    "E007": "{source}: English is not supported yet; pledgewatch extracts French news for now",
    "E008": "{source}: the language could not be recognised (supported: {supported})",
    "E009": "{source}: is a directory; give the files inside it",
    "E010": "invalid publication date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD",
    "E011": "{source}: no gold file found in this folder",
    "E012": "{source}: extraction failed ({reason}); the other inputs go on. Please report this with the text",
    "E013": "{source}: read as {decoding}; the text may hold errors",
    "E014": "--lang must be one of {choices}",
    "E015": "{source}: more than {limit} bytes, over the limit (settings.MAX_INPUT_BYTES)",
    "E016": "{source}: line {line} is over the limit of {limit} bytes (settings.MAX_INPUT_BYTES)",
    "E017": "{source}: line {line}: invalid publication date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD",
    "E018": "{source}: 'extract' reads files; to fetch a URL use 'pledgewatch ingest {source}'",
    "E019": "{source}: written to {path}, since {first} already took {taken}",
    # the ledger

    "L001": "{db}: cannot open the database ({reason})",
    "L002": "{db}: the database has schema version {found}, newer than this pledgewatch knows "
            "({head}); upgrade pledgewatch to read it",
    "L003": "{db}: not a pledgewatch database nor an empty one ({reason})",
    "L004": "{source}: cannot be fetched ({reason})",
    "L005": "{source}: over the limit of {limit} bytes (sources.MAX_FETCH_BYTES)",
    "L006": "{source}: more than {limit} redirects (sources.MAX_REDIRECTS)",
    "L007": "{source}: only http and https URLs are fetched",
    "L008": "{source}: the feed is malformed ({reason}); read what it holds",
    "L009": "{source}: line {line} is not a JSON object with a \"text\" ({reason})",
    "L010": "{source}: the feed holds no entries",
    "L011": "{source}: the page holds no main text",
    "L012": "{source}: extraction failed ({reason})",
    "L013": "unknown commitment {id!r}",
    "L014": "unknown document {id!r}",
    "L015": "--by must be one of {choices}",
    "L016": "invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD",
    "L017": "{source}: cannot be stored ({reason}); nothing of it was kept",
}


class PledgewatchError(Exception):
    """An error with a code from MESSAGES; str() is the one-line message for the user."""

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"[{code}] " + MESSAGES[code].format(**fields))


class ReadError(PledgewatchError):
    """An input that could not be read as a news text."""


class UnsupportedLanguage(PledgewatchError):
    """An input in a language the extractor does not handle yet."""


class LedgerError(PledgewatchError):
    """An error of the ledger: storing, fetching sources, querying (L-codes)."""


class UsageError(PledgewatchError):
    """A bad argument or filter value given by the user: exit status 2 in the CLI, 422 in the API."""
