"""Coded error messages, in one place, each telling the user what to do."""

from __future__ import annotations

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
