"""The names the place finder looks for, one dictionary of folded names per language: the
gazetteer's units (EPCI names with and without their type, communes named after a river,
article contractions, aliases), the countries (pycountry's names in French, and the aliases of
``lang/<lang>/places.yml``), places abroad and blocked phrases.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.gazetteer import fold


@dataclass(frozen=True)
class Candidate:
    """One thing a folded name may denote; ``written`` is the form the case check uses."""

    code: str
    name: str
    level: str
    written: str
    population: int = 0
    strict: bool = False
    article: str = ""
    block: bool = False


@dataclass
class Lexicon:
    """The name dictionary and the context cues of one language."""

    index: dict[tuple[str, ...], list[Candidate]]
    prefixes: frozenset[tuple[str, ...]]
    generic: frozenset[str]
    countries: dict[str, str]
    data: dict[str, Any]


def _short_country_names(lang: str, common: bool = False) -> Iterator[tuple[str, str]]:
    """(alpha-2 code, short name in ``lang``) of every country: pycountry's name translated, before
    any comma; with ``common``, its common name too ("Bolivia" besides "Bolivia, Plurinational State of")."""
    translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
    for country in pycountry.countries:
        names = (country.name, getattr(country, "common_name", country.name)) if common else (country.name,)
        for name in dict.fromkeys(names):
            yield country.alpha_2, translation.gettext(name).split(",")[0].strip()


def _country_names(lang: str, data: dict[str, Any]) -> dict[str, list[str]]:
    """Names of the countries in ``lang`` (pycountry's, before any comma) plus the aliases."""
    names: dict[str, list[str]] = {}
    for code, name in _short_country_names(lang):
        if code not in data["country_skip"] and "(" not in name:
            names.setdefault(code, []).append(name)
    for code, aliases in data["countries"].items():
        names.setdefault(code, []).extend(aliases)
    return names


@cache
def _any_country_names() -> frozenset[str]:
    return frozenset(fold(name) for lang in ("fr", "en") for _, name in _short_country_names(lang, common=True))


def is_country_name(name: str) -> bool:
    """True when ``name`` is the short name of a country in French or English ("Allemagne",
    "Germany"): a place, never a company, wherever a named-entity tagger puts it."""
    return fold(name) in _any_country_names()


def _epci_forms(name: str, prefixes: dict[str, str]) -> list[str]:
    """The official EPCI name, without its type prefix, and with the prefix spelt out."""
    head, _, rest = name.partition(" ")
    if head not in prefixes:
        return [name]
    forms = [f"{prefixes[head]} {rest}"]
    if fold(rest).split()[0] not in {"de", "d", "du", "des"}:
        forms.append(rest)
    return forms


RIVER_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]{3,}-[A-ZÀ-Ý][a-zà-ÿ]{3,}")
"""A commune named after a town and its river with no "sur" ("Ernolsheim-Bruche"), that news
often write with it ("Ernolsheim-sur-Bruche"). The other two-word names get an unused "sur"
form too ("Saint-sur-Avold"); none of these forms is the name of another commune."""


def _gazetteer_candidates(data: dict[str, Any]) -> list[Candidate]:
    """Candidates for every official unit and alias of the gazetteer."""
    strict = {fold(n) for n in data["strict_departements"]}
    stop = {fold(n) for n in data["stop_communes"]}
    out: list[Candidate] = []
    for entry in gazetteer.entries().values():
        if entry.code in data["skip_names"]:
            continue
        forms = _epci_forms(entry.name, data["epci_prefixes"]) if entry.level == "epci" else [entry.name]
        for form in forms:
            hard = fold(form) in (strict if entry.level == "departement" else stop) or entry.common_word
            out.append(Candidate(entry.code, entry.name, entry.level, form, entry.population, hard))
            if entry.level == "commune" and RIVER_NAME.fullmatch(form):  # "Ernolsheim-sur-Bruche", common for Ernolsheim-Bruche
                town, river = form.split("-")
                out.append(Candidate(entry.code, entry.name, entry.level, f"{town}-sur-{river}", entry.population, hard))
            article, _, rest = form.partition(" ")
            if entry.level == "commune" and article.lower() in data["article_contractions"] and rest:
                out.append(Candidate(entry.code, entry.name, entry.level, rest, entry.population,
                                      hard, article.lower()))
    for code, aliases in data["aliases"].items():
        entry = gazetteer.lookup(code)
        out.extend(Candidate(code, entry.name, entry.level, a, entry.population) for a in aliases)
    return out


def _other_candidates(data: dict[str, Any], countries: dict[str, list[str]]) -> list[Candidate]:
    """Candidates for the ``countries`` (their names by code), places abroad and blocked phrases."""
    out: list[Candidate] = []
    for code, names in countries.items():
        out.extend(Candidate(f"country:{code}", names[0], "country", n) for n in names)
    for code, names in data["foreign"].items():
        out.extend(Candidate(f"place:{code}", code.split(",")[0], "place", n) for n in names)
    out.extend(Candidate("", p, "", p, block=True) for p in data["blocked_phrases"] + data["press_titles"])
    return out


@cache
def lexicon(lang: str) -> Lexicon:
    """Build (once per language) the dictionary of folded names."""
    data = langdata.load(lang, "places")
    country_names = _country_names(lang, data)
    index: dict[tuple[str, ...], list[Candidate]] = {}
    for cand in _gazetteer_candidates(data) + _other_candidates(data, country_names):
        key = tuple(fold(cand.written).split())
        if key:
            index.setdefault(key, []).append(cand)
    generic = frozenset(fold(w) for w in data["generic_words"])
    countries = {code: names[0] for code, names in country_names.items()}
    prefixes = frozenset(key[:n] for key in index for n in range(1, len(key) + 1))
    return Lexicon(index, prefixes, generic, countries, data)
