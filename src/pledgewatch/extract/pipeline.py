"""The analysis pipeline: spaCy's French model plus pledgewatch's own components.

Each component reads the text (and what earlier components assigned) and assigns one
extension attribute on the Doc:

| component | assigns |
| --- | --- |
| ``pw_line_breaks`` | ``token.is_sent_start``: a line break always ends a sentence (before the parser) |
| ``pw_quantities`` | ``doc._.quantities``: amounts and counts (amounts.py) |
| ``pw_times`` | ``doc._.times``: time expressions and deadlines (times.py) |
| ``pw_places`` | ``doc._.places``: places with official codes (places.py) |
| ``pw_companies`` | ``doc._.companies``: companies, from the list, NER and the subjects of verbs of commitment (companies.py, subjects.py) |
| ``pw_events`` | ``doc._.events``: named occasions such as Choose France (events.py) |

``doc._.published`` and ``doc._.lang`` are set from the Document before the pipeline runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.extract.amounts import find_quantities
from pledgewatch.extract.companies import find_companies
from pledgewatch.extract.events import find_events
from pledgewatch.extract.places import find_places
from pledgewatch.extract.subjects import commitment_subjects
from pledgewatch.extract.times import find_times

T = TypeVar("T")

for _name in ("quantities", "times", "places", "companies", "events"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
for _name in ("published", "lang"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("pw_line_breaks", assigns=["token.is_sent_start"])
def line_breaks_component(doc: Doc) -> Doc:
    """Start a sentence after each line break: headlines and list items have no final stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@Language.component("pw_quantities", assigns=["doc._.quantities"])
def quantities_component(doc: Doc) -> Doc:
    """Find amounts, counts and their qualifiers."""
    doc._.quantities = find_quantities(doc.text, doc._.lang or "fr")
    return doc


@Language.component("pw_times", assigns=["doc._.times"])
def times_component(doc: Doc) -> Doc:
    """Find time expressions, resolved against the publication date."""
    doc._.times = find_times(doc.text, doc._.published, doc._.lang or "fr")
    return doc


@Language.component("pw_places", assigns=["doc._.places"])
def places_component(doc: Doc) -> Doc:
    """Find places and link them to official codes."""
    doc._.places = find_places(doc.text, doc._.lang or "fr")
    return doc


@Language.component("pw_companies", requires=["doc.ents"], assigns=["doc._.companies"])
def companies_component(doc: Doc) -> Doc:
    """Find companies: the known list, then NER organisations."""
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    doc._.companies = find_companies(doc.text, ents, commitment_subjects(doc))
    return doc


@Language.component("pw_events", assigns=["doc._.events"])
def events_component(doc: Doc) -> Doc:
    """Find named occasions (summits) with their edition year."""
    doc._.events = find_events(doc.text, doc._.published)
    return doc


COMPONENTS: tuple[str, ...] = ("pw_quantities", "pw_times", "pw_places", "pw_companies", "pw_events")


@cache
def get_nlp(lang: str = "fr") -> Language:
    """Load the language's spaCy model once, with pledgewatch's components added."""
    nlp = spacy.load(settings.SPACY_MODELS[lang], exclude=list(settings.SPACY_EXCLUDE))
    nlp.add_pipe("pw_line_breaks", before="parser")
    for name in COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp


def _make_doc(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.published = document.published
    doc._.lang = document.lang
    return doc


def analyse(document: Document) -> Doc:
    """Run the whole pipeline over one document."""
    nlp = get_nlp(document.lang)
    return nlp(_make_doc(nlp, document))


def _batches(pairs: Iterable[tuple[Document, T]], size: int, chars: int) -> Iterator[list[tuple[Document, T]]]:
    """``pairs`` in lists of at most ``size`` documents, closed once they hold ``chars`` characters."""
    batch, held = [], 0
    for pair in pairs:
        batch.append(pair)
        held += len(pair[0].text)
        if len(batch) == size or held >= chars:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


def analyse_many(documents: Iterable[tuple[Document, T]], batch_size: int = 16) -> Iterator[tuple[Doc, T]]:
    """Run the pipeline over a stream of (document, context) pairs of one language, batched with
    ``nlp.pipe`` and read lazily: only one batch (``batch_size`` documents, or
    settings.BATCH_CHARS characters) is held at a time. Yields (analysed doc, context)."""
    pairs = iter(documents)
    first = next(pairs, None)
    if first is None:
        return
    nlp = get_nlp(first[0].lang)
    for batch in _batches(itertools.chain([first], pairs), batch_size, settings.BATCH_CHARS):
        yield from nlp.pipe(((_make_doc(nlp, d), context) for d, context in batch), as_tuples=True,
                            batch_size=len(batch))


def _cut(text: str, start: int, size: int) -> int:
    """Where the part of ``text`` starting at ``start`` ends: after its last line break within
    ``size`` characters, else after its last sentence end, else its last space, else at ``size``."""
    window = text[start:start + size]
    for ends in (("\n",), (". ", "! ", "? ", "… "), (" ",)):
        found = max(window.rfind(end) + len(end) for end in ends)
        if found > len(ends[0]):
            return start + found
    return start + size


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """The (start, end) parts a text is analysed in: the whole text when it has at most ``size``
    characters, else groups of whole paragraphs (lines) of at most ``size`` characters, a longer
    paragraph being cut at a sentence end or a space."""
    bounds, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds
