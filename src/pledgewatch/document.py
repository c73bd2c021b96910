"""The Document every stage passes along, and the spans the analysis finds in it."""

from __future__ import annotations

from dataclasses import dataclass


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
