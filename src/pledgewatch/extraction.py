"""Extraction: a Document in, the JSON of schema/extraction.schema.json out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from pledgewatch.document import Document
from pledgewatch.facts import find_facts
from pledgewatch.pipeline import analyse, analyse_many
from pledgewatch.quotes import find_quotes


def _result(document: Document, doc: Doc) -> dict:
    quotes = find_quotes(doc.text, doc._.companies)
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


def extract_many(documents: Iterable[Document]) -> Iterator[dict]:
    """Extract many documents of one language, batching the spaCy pipeline."""
    for document, doc in analyse_many(documents):
        yield _result(document, doc)
