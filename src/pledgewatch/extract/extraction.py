"""Extraction: a Document in, the JSON of schema/extraction.schema.json out.

A text longer than ``settings.CHUNK_CHARS`` is analysed in parts (groups of whole paragraphs,
see ``pipeline.chunk_bounds``), one batch of parts at a time, so that time grows with the length
and memory stays bounded; each part's facts and quotes are moved to their offsets in the whole
text and joined in text order. A shorter text is one part: its result is that of the whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.facts import find_facts
from pledgewatch.extract.groups import find_relations
from pledgewatch.extract.pipeline import analyse_many, chunk_bounds
from pledgewatch.extract.quotes import find_quotes


@dataclass
class _Whole:
    """A document being extracted part by part: what its parts found so far."""

    document: Document
    parts: int
    facts: list[dict] = field(default_factory=list)
    quotes: list[dict] = field(default_factory=list)
    companies: list[dict] = field(default_factory=list)
    done: int = 0
    failed: bool = False


def _found(doc: Doc) -> tuple[list[dict], list[dict], list[dict]]:
    quotes = find_quotes(doc)
    return find_facts(doc, quotes), quotes, find_relations(doc)


def _shifted(items: list[dict], offset: int) -> list[dict]:
    """``items`` with their evidence moved ``offset`` characters on (a part's into the whole text)."""
    if not offset:
        return items
    return [{**item, "evidence": {**item["evidence"], "start": item["evidence"]["start"] + offset,
                                  "end": item["evidence"]["end"] + offset}}
            if isinstance(item.get("evidence"), dict) and "start" in item["evidence"] else item
            for item in items]


def _result(whole: _Whole) -> dict:
    document = whole.document
    return {
        "document": {
            "id": document.id,
            "source": document.source,
            "title": document.title,
            "lang": document.lang,
            "published": document.published,
        },
        "facts": whole.facts,
        "quotes": whole.quotes,
    } | ({"companies": whole.companies} if whole.companies else {})


def _parts(documents: Iterable[Document]) -> Iterator[tuple[Document, tuple[_Whole, int]]]:
    """Each part of each document (the document itself when short), with its whole and offset."""
    for document in documents:
        bounds = chunk_bounds(document.text, settings.CHUNK_CHARS)
        whole = _Whole(document, len(bounds))
        for start, end in bounds:
            part = document if len(bounds) == 1 else replace(document, text=document.text[start:end])
            yield part, (whole, start)


def extract(document: Document) -> dict:
    """Extract the facts and market quotes of one document."""
    return next(extract_many([document]))


def extract_many(documents: Iterable[Document],
                 on_error: Callable[[PledgewatchError], None] | None = None) -> Iterator[dict]:
    """Extract many documents of one language, batching the spaCy pipeline.

    A document whose extraction fails is passed to ``on_error`` as an E012 error and skipped,
    so that the others go on; without ``on_error`` the failure is raised.
    """
    for doc, (whole, offset) in analyse_many(_parts(documents)):
        whole.done += 1
        if not whole.failed:
            try:
                _add_part(whole, doc, offset)
            except Exception as exc:  # noqa: BLE001 (one failing document never stops the batch)
                if on_error is None:
                    raise
                whole.failed = True
                on_error(PledgewatchError("E012", source=whole.document.source or whole.document.id,
                                          reason=f"{type(exc).__name__}: {exc}"))
        if whole.done == whole.parts and not whole.failed:
            yield _result(whole)


def _add_part(whole: _Whole, doc: Doc, offset: int) -> None:
    """Add what one analysed part (starting ``offset`` characters into the text) states."""
    facts, quotes, relations = _found(doc)
    whole.facts.extend(_shifted(facts, offset))
    whole.quotes.extend(_shifted(quotes, offset))
    known = {(r["child"], r["parent"]) for r in whole.companies}  # once per document
    whole.companies.extend(r for r in _shifted(relations, offset) if (r["child"], r["parent"]) not in known)


def analysed_parts(document: Document) -> list[tuple[Doc, int]]:
    """The document's parts analysed, each with its offset in the text (for caches of analyses)."""
    return [(doc, offset) for doc, (_, offset) in analyse_many(_parts([document]))]


def assemble(document: Document, parts: list[tuple[Doc, int]]) -> dict:
    """The extraction of a document from its parts analysed before (``analysed_parts``)."""
    whole = _Whole(document, len(parts))
    for doc, offset in parts:
        _add_part(whole, doc, offset)
    return _result(whole)
