"""Named occasions ("Choose France 2024", "VivaTech 2023") and the year of their edition.

The year is, in this order: one written with the name ("Choose France 2023", "l'édition
2023 du sommet Choose France"); one derived from an edition number in the same sentence
("le 7e sommet Choose France" -> 2018 + 6), or from the one edition number the text gives;
the fixed year of a one-off event; the publication year. Data: ``lang/fr/events.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pledgewatch import langdata

LANG = "fr"
YEAR = r"(?:19|20)\d{2}"


@dataclass(frozen=True)
class EventMention:
    """A named event in the text; ``name`` is the canonical name and edition year."""

    start: int
    end: int
    text: str
    name: str


def _literal(phrase: str) -> str:
    """Regex for a phrase: either apostrophe, any run of spaces."""
    return re.escape(phrase).replace("'", "['’]").replace(r"\ ", r"\s+")


def _alternation(phrases: list[str]) -> str:
    return "|".join(_literal(p) for p in sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=1)
def _data() -> dict:
    return langdata.load(LANG, "events")


@cache
def _alias_re(aliases: tuple[str, ...]) -> re.Pattern[str]:
    """The aliases, between word boundaries, with an optional year written after them."""
    return re.compile(rf"(?<!\w)(?:{_alternation(list(aliases))})(?!\w)(?:\s+(?:de\s+)?(?P<year>{YEAR})(?!\d))?",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _ordinal_re() -> re.Pattern[str]:
    """An edition number before an edition word: "7e édition", "septième sommet"."""
    data = _data()
    suffixes = _alternation(data["ordinal_suffixes"])
    words = _alternation(list(data["ordinal_words"]))
    nouns = _alternation(data["edition_words"])
    return re.compile(rf"(?<!\w)(?:(?P<num>\d{{1,2}})\s?(?:{suffixes})|(?P<word>{words}))"
                      rf"\s+(?:\w+\s+)?(?:{nouns})(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _year_before_re() -> re.Pattern[str]:
    """A year just before the name: "l'édition 2024 du sommet "."""
    data = _data()
    nouns, links = _alternation(data["edition_words"]), _alternation(data["year_links"])
    return re.compile(rf"(?:{nouns})\s+(?P<year>{YEAR})\s+(?:{links})\s*(?:\w+\s+){{0,2}}$", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``start:end``."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    return left, min(rights, default=len(text))


def _ordinal_value(match: re.Match[str]) -> int:
    if match.group("num"):
        return int(match.group("num"))
    return _data()["ordinal_words"][match.group("word").lower()]


def _text_edition(text: str) -> int | None:
    """The edition number the text gives ("la 7e édition"), when it gives just one."""
    editions = {_ordinal_value(m) for m in _ordinal_re().finditer(text)}
    return editions.pop() if len(editions) == 1 else None


def _year(event: dict, text: str, match: re.Match[str], published: str | None,
          text_edition: int | None) -> str | None:
    """The edition year of one mention; ``text_edition`` is the one edition number of the text."""
    if match.group("year"):
        return match.group("year")
    left, right = _sentence(text, match.start(), match.end())
    before = _year_before_re().search(text[left:match.start()])
    if before:
        return before.group("year")
    if event.get("year"):
        return str(event["year"])
    if event.get("yearly"):
        edition = _ordinal_re().search(text[left:right])
        # "la 7e édition" in another sentence counts when the text gives just one
        edition_number = _ordinal_value(edition) if edition else text_edition
        if edition_number:
            year = event["first_edition"] + edition_number - 1
            if not published or year <= int(published[:4]) + 1:
                return str(year)
    return published[:4] if published else None


def _event_aliases(event: dict, text: str, published: str | None) -> tuple[str, ...]:
    """The aliases that name ``event`` in this text."""
    aliases = list(event["aliases"])
    if event.get("context_aliases") and _alias_re(tuple(event["aliases"])).search(text):
        aliases += event["context_aliases"]
    if event.get("loose_aliases") and (not published or int(published[:4]) in event["loose_years"]):
        aliases += event["loose_aliases"]
    return tuple(aliases)


def find_events(text: str, published: str | None) -> list[EventMention]:
    """Named events in ``text``, sorted, without overlaps; ``published`` is a partial ISO date."""
    found: list[EventMention] = []
    text_edition = _text_edition(text)
    for event in _data()["events"]:
        for m in _alias_re(_event_aliases(event, text, published)).finditer(text):
            year = _year(event, text, m, published, text_edition)
            name = f"{event['name']} {year}" if year else event["name"]
            found.append(EventMention(m.start(), m.end(), m.group(), name))
    found.sort(key=lambda e: (e.start, -e.end))
    kept: list[EventMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
