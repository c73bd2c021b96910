"""Typed results of the public API: ``pledgewatch.extract(text)`` returns an ``Extraction``.

Each value mirrors one object of ``schema/extraction.schema.json``; ``to_dict()`` gives back
that JSON exactly, so the typed and the JSON forms never drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Evidence:
    """The sentence (or clause) a value came from: ``text == document_text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Place:
    """An official place code (``commune:68224``, ``region:44``, ``place:Texas, US``) and its name."""

    code: str
    name: str


@dataclass(frozen=True)
class Fact:
    """One commitment stated in a text (see ANNOTATION.md for each field's normal form)."""

    kind: str
    actor: str | None
    actor_id: str | None
    aggregate: bool
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str
    places: tuple[Place, ...]
    deadline: str | None
    status: str
    event: str | None
    detail: str | None
    evidence: Evidence
    step: str | None = None
    """The status news the fact reports ("opened", "postponed", "abandoned"...; see extract/status.py)."""

    @classmethod
    def from_dict(cls, data: dict) -> Fact:
        """The typed form of one schema fact object."""
        return cls(**{**data, "places": tuple(Place(**p) for p in data["places"]),
                      "evidence": Evidence(**data["evidence"])})


@dataclass(frozen=True)
class Quote:
    """A market quote: a listed company's share move on the day, with its price when given."""

    company: str
    ticker: str | None
    change_pct: float
    price: float | None
    currency: str | None
    evidence: Evidence

    @classmethod
    def from_dict(cls, data: dict) -> Quote:
        """The typed form of one schema quote object."""
        return cls(**{**data, "evidence": Evidence(**data["evidence"])})


@dataclass(frozen=True)
class DocumentInfo:
    """What the extraction says of its document: id, source, title, language, publication date."""

    id: str
    source: str | None
    title: str | None
    lang: str
    published: str | None


@dataclass(frozen=True)
class Extraction:
    """The facts and market quotes of one document."""

    document: DocumentInfo
    facts: tuple[Fact, ...]
    quotes: tuple[Quote, ...]

    @classmethod
    def from_dict(cls, data: dict) -> Extraction:
        """The typed form of one document's schema JSON."""
        return cls(DocumentInfo(**data["document"]), tuple(Fact.from_dict(f) for f in data["facts"]),
                   tuple(Quote.from_dict(q) for q in data["quotes"]))

    def to_dict(self) -> dict:
        """The JSON of schema/extraction.schema.json (what ``extract --format json`` prints)."""
        data = asdict(self)
        for fact in data["facts"]:
            fact["places"] = list(fact["places"])
        data["facts"], data["quotes"] = list(data["facts"]), list(data["quotes"])
        return data


def extract_text(text: str, published: str | None = None, *, title: str | None = None,
                 source: str | None = None) -> Extraction:
    """Extract the facts and market quotes of one news text.

    ``published`` (YYYY, YYYY-MM or YYYY-MM-DD) resolves relative dates when the text has no
    dateline. Raises a ``PledgewatchError`` subclass (coded) for text that cannot be read.
    """
    from pledgewatch.extract.extraction import extract
    from pledgewatch.read.reader import content_hash, read_text

    doc_id = content_hash(text)
    document = read_text(text, source or "<text>", doc_id, published, title)
    return Extraction.from_dict(extract(document))
