"""The Document every stage passes along, and the spans the analysis finds in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
"""A partial ISO date, as a Document's ``published`` and the ledger's date filters hold it: 2024, 2024-05, 2024-05-13."""


@dataclass(frozen=True)
class Document:
    """One news text as read: offsets of every later span count code points of ``text``."""

    id: str
    text: str
    lang: str
    published: str | None = None
    source: str | None = None
    title: str | None = None
    decoding: str | None = None
    """How the text was read from bytes ("utf-8", "utf-8 with 4 bytes replaced", "cp1252",
    "utf-16"), and what reading removed ("2 NUL characters removed"); None for given text."""


@dataclass(frozen=True)
class Span:
    """A stretch of a document's text: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str
