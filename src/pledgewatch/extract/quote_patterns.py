"""Patterns of a share move: the figure, its price and currency, the words around it.

Read from ``lang/fr/quotes.yml``; used by quotes.py and quote_lists.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pledgewatch import langdata
from pledgewatch.extract.companies import CompanyMention

LANG = "fr"
SIGNS = {"+": 1, "-": -1, "−": -1, "–": -1}
NUMBER = r"\d+(?:[.,]\d+)?"
PRICE = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
NAME = r"(?:[A-ZÀ-Ý]|[a-z]+(?=[A-Z]))[\w&.'’-]*(?:[ -][A-ZÀ-Ý&][\w&.'’-]*)*"
"""A capitalised name of one or more words: "Foo", "Air France-KLM", "arGEN-X"."""




@dataclass(frozen=True)
class Move:
    """One share move read in the text, before the day's moves are chosen."""

    company: CompanyMention
    sign: int
    pct: str
    price: str | None
    currency: str | None
    start: int
    end: int
    earlier: bool = False
    close: bool = False


@dataclass(frozen=True)
class Figure:
    """A percentage, its price and currency if given, and where it ends."""

    pct: str
    price: str | None
    currency: str | None
    end: int


def as_figure(m: re.Match[str]) -> Figure:
    """The figure of a match with groups ``pct``, ``price`` and ``currency``."""
    return Figure(m.group("pct"), m.group("price"), m.group("currency"), m.end())


def make_move(company: CompanyMention, sign: int, figure: Figure, start: int, **marks: bool) -> Move:
    """A move of ``company`` by ``figure``."""
    return Move(company, sign, figure.pct, figure.price, figure.currency, start, figure.end, **marks)


def _literal(phrase: str) -> str:
    """Regex for a phrase: either apostrophe, any run of spaces."""
    return re.escape(phrase).replace("'", "['’]").replace(r"\ ", r"\s+")


def alternation(phrases: list[str]) -> str:
    """Regex of any of ``phrases``, the longest first."""
    return "|".join(_literal(p) for p in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=1)
def quote_data() -> dict:
    """The cue words of ``lang/fr/quotes.yml``, read once."""
    return langdata.load(LANG, "quotes")


@lru_cache(maxsize=1)
def currency_of() -> dict[str, str]:
    """Lower-cased currency word -> ISO code."""
    return {w.lower(): code for code, words in quote_data()["currencies"].items() for w in words}


@lru_cache(maxsize=1)
def currency_words() -> str:
    """Regex of the currency words after a price ("euros", "CHF", "fr.")."""
    return alternation([w for words in quote_data()["currencies"].values() for w in words])


@lru_cache(maxsize=1)
def priced() -> str:
    """Regex of a price and its currency word, "112,50 euros" (groups ``price``, ``currency``)."""
    return rf"(?P<price>{PRICE})\s?(?P<currency>{currency_words()})(?!\w)"


@lru_cache(maxsize=1)
def _tail() -> str:
    """Regex of the percent sign, then an optional price and currency."""
    data = quote_data()
    return (rf"\s?(?:{alternation(data['percent'])})"
            rf"(?:(?:\s+[^\W\d]+){{0,2}}?\s*[,(]?\s*(?:{alternation(data['price_links'])})\s+{priced()})?")


@lru_cache(maxsize=1)
def figure_re() -> re.Pattern[str]:
    """An optional hedge, a signed or unsigned figure, the tail."""
    hedge = rf"(?:(?:{alternation(quote_data()['hedges'])})\s+)?"
    return re.compile(rf"(?<![\w,.]){hedge}(?P<sign>[-+−–])?\s?(?P<pct>{NUMBER})" + _tail(), re.IGNORECASE)


@lru_cache(maxsize=1)
def and_words() -> str:
    """Regex of the words joining listed names or figures ("et")."""
    return alternation(quote_data()["and_words"])


@lru_cache(maxsize=1)
def link_re() -> re.Pattern[str]:
    """What may stand between a move word and its figure: a short gap, then "de" or "à"
    (before a sign); "plus de", "moins de" may not."""
    data = quote_data()
    stop = alternation(data["gap_stopwords"])
    gap_word = rf"(?!(?:{stop})(?!\w))[^\s\d%(),.;:!?]+"
    return re.compile(rf"(?:\s+{gap_word}){{0,3}}?(?:\s+(?:{alternation(data['cue_links'])})\s*"
                      rf"|\s+(?:{alternation(data['signed_links'])})\s*(?=[-+−–])|\s+)"
                      rf"(?P<shared>(?:{NUMBER}(?:,\s+|\s+(?:{and_words()})\s+))+)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def bracket_re() -> re.Pattern[str]:
    """A signed change in brackets: "(-0,38% à 413,16 dollars)", "(+1,3 % chacun)" (group ``each``)."""
    each = alternation(quote_data()["each"])
    return re.compile(rf"\s*\(\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail()
                      + rf"(?P<each>\s+(?:{each}))?\s*\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def headline_re() -> re.Pattern[str]:
    """A signed change right after a name, or after a colon or comma, as in headlines and lists
    of movers: "Kering : +5,2 %", "Soitec +7,5 %, Atos +5 %"; nothing but the end of the
    clause or of the list may follow it."""
    ands = and_words()
    return re.compile(rf"\s*[:,]?\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail()
                      + rf"(?=\s*(?:[,.;)\n]|$|(?:{ands})\s))", re.IGNORECASE)


@lru_cache(maxsize=1)
def price_first_re() -> re.Pattern[str]:
    """A price just before the move word: "à 21,80 euros, en baisse de", "cote 21,80 euros,"."""
    verbs = alternation(quote_data()["price_verbs"])
    return re.compile(rf"(?<!\w)(?:{verbs})\s+{priced()}\s*,?\s*(?:en\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=1)
def subject_re() -> re.Pattern[str]:
    """Stock phrases (group ``stock``), index names (``market``), business figures (``figure``)."""
    data = quote_data()
    markets = langdata.load(LANG, "companies")["markets"] + data["indices"]
    return re.compile(rf"(?<!\w)(?:(?P<stock>{alternation(data['stock_subjects'])})"
                      rf"|(?P<market>{alternation(markets)})"
                      rf"|(?P<figure>{alternation(data['not_quote_subjects'])}))(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def period() -> str:
    """Regex of a period: "depuis janvier", "en deux séances", "sur les trois derniers mois", "en 2021"."""
    data = quote_data()
    units = alternation(data["period_units"])
    return (rf"(?<!\w)(?:(?:{alternation(data['period_cues'])})(?!\w)"
            rf"|(?:{alternation(data['period_prepositions'])})\s+\w"
            rf"|(?:en|sur)\s+(?:\S+\s+){{0,3}}?(?:{units})(?!\w)|en\s+\d{{4}}(?!\w))")


@lru_cache(maxsize=1)
def after_re() -> re.Pattern[str]:
    """What may not follow a figure: a period or a fraction ("du capital"), unless the fraction
    is of the company's own market value ("a perdu 8 % de sa valeur")."""
    data = quote_data()
    own = rf"(?!\s*(?:{alternation(data['own_value'])})(?!\w))"
    return re.compile(rf"\s*,?\s*{period()}|\s+(?:{alternation(data['fraction_links'])})(?:\s|(?<=['’])){own}",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def marker_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Markers of an earlier session ("hier") and of the close ("a clôturé")."""
    data = quote_data()
    return tuple(re.compile(rf"(?<![\w-])(?:{alternation(data[key])})(?!\w)", re.IGNORECASE)
                 for key in ("earlier_day", "close_words"))


def number(raw: str) -> float:
    """French number: "7.646,42" -> 7646.42, "42,5" -> 42.5, "1 200" -> 1200."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw)
