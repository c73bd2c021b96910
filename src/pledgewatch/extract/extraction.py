"""Extraction: a Document in, the JSON of schema/extraction.schema.json out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc

from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.facts import find_facts
from pledgewatch.extract.pipeline import analyse, analyse_many
from pledgewatch.extract.quotes import find_quotes


def _result(document: Document, doc: Doc) -> dict:
    quotes = find_quotes(doc)
    return {
        "document": {
            "id": document.id,
            "source": document.source,
            "title": document.title,
            "lang": document.lang,
            "published": document.published,
        },
        "facts": find_facts(doc, quotes),
        "quotes": quotes,
    }


def extract(document: Document) -> dict:
    """Extract the facts and market quotes of one document."""
    return _result(document, analyse(document))


def extract_many(documents: Iterable[Document],
                 on_error: Callable[[PledgewatchError], None] | None = None) -> Iterator[dict]:
    """Extract many documents of one language, batching the spaCy pipeline.

    A document whose extraction fails is passed to ``on_error`` as an E012 error and skipped,
    so that the others go on; without ``on_error`` the failure is raised.
    """
    for document, doc in analyse_many(documents):
        try:
            result = _result(document, doc)
        except Exception as exc:  # noqa: BLE001 (one failing document never stops the batch)
            if on_error is None:
                raise
            on_error(PledgewatchError("E012", source=document.source or document.id,
                                      reason=f"{type(exc).__name__}: {exc}"))
            continue
        yield result
