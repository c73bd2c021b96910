"""Coded error messages, in one place, each telling the user what to do."""

from __future__ import annotations

import unicodedata

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
    # the command line itself
    "E100": "{message} (see '{command} --help')",
    "E101": "--limit must be between 1 and {limit}, not {value}",
    "E102": "--offset must be between 0 and {limit}, not {value}",
    "E103": "--workers must be between 1 and {limit}, not {value}",
    "E104": "{source}: not a pledgewatch model ({reason}); rebuild it with 'pledgewatch train'",
    "E105": "--cv must be between 2 and the number of stories ({limit}), not {value}",
    "E106": "scikit-learn is needed to train ('pip install scikit-learn'): {reason}",
    "E107": "too little training data: the {found} decisions found are all of one class; give more gold folders",
    "E108": "--learned must name models of {choices}, not {value!r}",
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
    "L018": "invalid {name} {value!r}: use one of {choices}",
    "L019": "{name} {value!r} names nothing: give letters or digits",
    "L020": "unknown {name} {value!r}; the closest the ledger knows: {known}",
    "L021": "unknown {name} {value!r}; the ledger holds no {name} yet",
    "L022": "invalid {name} {value!r}: use a whole number from {low} to {high}",
    "L023": "invalid place {value!r}: a code is LEVEL:CODE with LEVEL one of {levels}; or give a place name",
    "L024": "{db}: the database stayed busy ({reason}); gave up after {tries} tries (settings.LEDGER_RETRIES)",
    "L025": "{source}: the extraction worker stopped on this document ({reason}); the other documents go on",
    "L026": "{source}: extraction took over {limit:g} s (settings.EXTRACT_TIMEOUT_S); its worker was stopped, "
            "the other documents go on",
    "L027": "the extraction workers could not start ({reason})",
    "L028": "{address}: cannot reach the Dask scheduler ({reason})",
    "L055": "{db}: upgrading the schema from version {found} to {head} would leave broken references; "
            "nothing was changed",
    "L056": "{db}: the database has schema version {found}, older than this pledgewatch's ({head}); "
            "run `pledgewatch init --db {db}` once to upgrade it",
    # the HTTP API
    "L100": "invalid request: {reason}",
}


_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")  # control, format (bidi, zero-width), line and paragraph separators


def escape(text: str) -> str:
    """``text`` with every control or invisible formatting character written as an escape (``\\n``, ``\\u202e``)."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _INVISIBLE else c
                   for c in text)


class _Shown(str):
    """A field's text with invisible characters escaped; its repr() is the original's (which escapes them too)."""

    def __new__(cls, value: object) -> _Shown:
        shown = super().__new__(cls, escape(str(value)))
        shown.original = value
        return shown

    def __repr__(self) -> str:
        return repr(self.original)


def _shown(value: object) -> object:
    """A field as a message shows it: numbers as they are, anything else as escaped text."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return _Shown(value)


class PledgewatchError(Exception):
    """An error with a code from MESSAGES; str() is the one-line message for the user.

    Control characters in the fields are escaped, so that a file name or a reason holding a
    line break can never make a message span two lines or forge another one.
    """

    def __init__(self, code: str, **fields: object) -> None:
        self.code = code
        self.fields = fields
        super().__init__(f"[{code}] " + MESSAGES[code].format(**{k: _shown(v) for k, v in fields.items()}))


class ReadError(PledgewatchError):
    """An input that could not be read as a news text."""


class UnsupportedLanguage(PledgewatchError):
    """An input in a language the extractor does not handle yet."""


class LedgerError(PledgewatchError):
    """An error of the ledger: storing, fetching sources, querying (L-codes)."""


class UsageError(PledgewatchError):
    """A bad argument or filter value given by the user: exit status 2 in the CLI, 422 in the API."""
