"""Market quotes: a company's share move, "Microsoft (-0,38% à 413,16 dollars)".

Three forms are read (cue words in ``lang/fr/quotes.yml``):

- a signed change in brackets right after a company: "EURONEXT (+ 8,47% à 42,50 euros)";
- a verb or noun of movement and a percentage: "le titre cède 2,38 % à 23,63 euros",
  "en hausse de 3,85 %"; the sign comes from the cue. Its company is the nearest subject
  before the figure in the sentence: a company mention, or a stock phrase ("le titre",
  "l'action") standing for the company named last. A market, an index or a business
  figure ("le marché", "le CAC 40", "ses ventes") as nearest subject means no quote;
- a list continuing a verbal quote: "Renault perdait 0,53 %, Valeo 2,57 %".

Hedged bounds ("de plus de 2 %"), moves over a period ("depuis janvier") and fractions
("3 % du capital") are not quotes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pledgewatch import langdata
from pledgewatch.extract.companies import CompanyMention, lookup

LANG = "fr"
SIGNS = {"+": 1, "-": -1, "−": -1, "–": -1}
NUMBER = r"\d+(?:[.,]\d+)?"
PRICE = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"


def _literal(phrase: str) -> str:
    """Regex for a phrase: either apostrophe, any run of spaces."""
    return re.escape(phrase).replace("'", "['’]").replace(r"\ ", r"\s+")


def _alternation(phrases: list[str]) -> str:
    return "|".join(_literal(p) for p in sorted(set(phrases), key=len, reverse=True))


@lru_cache(maxsize=1)
def _data() -> dict:
    return langdata.load(LANG, "quotes")


@lru_cache(maxsize=1)
def _currency_of() -> dict[str, str]:
    """Lower-cased currency word -> ISO code."""
    return {w.lower(): code for code, words in _data()["currencies"].items() for w in words}


@lru_cache(maxsize=1)
def _tail() -> str:
    """Regex of the percent sign, then an optional price and currency."""
    data = _data()
    currency = _alternation([w for words in data["currencies"].values() for w in words])
    return (rf"\s?(?:{_alternation(data['percent'])})"
            rf"(?:\s*,?\s*(?:{_alternation(data['price_links'])})\s+(?P<price>{PRICE})\s?"
            rf"(?P<currency>{currency})(?!\w))?")


@lru_cache(maxsize=1)
def _cue_re() -> re.Pattern[str]:
    """A cue, an optional short gap and link, an optional hedge, a signed figure, the tail."""
    data = _data()
    cues = rf"(?P<neg>{_alternation(data['negative_cues'])})|(?P<pos>{_alternation(data['positive_cues'])})"
    stop = _alternation(data["gap_stopwords"])
    gap_word = rf"(?!(?:{stop})(?![\w']))[^\s\d%(),.;:!?]+"
    link = (rf"(?:(?:\s+{gap_word}){{0,2}}?\s+(?:{_alternation(data['cue_links'])})"
            rf"|\s+(?:{_alternation(data['signed_links'])})(?=\s*[-+−–]))")
    hedge = rf"(?:{_alternation(data['hedges'])})\s+"
    return re.compile(rf"(?<!\w)(?:{cues})\w*(?:{link})?\s*(?:{hedge})?(?P<sign>[-+−–])?\s?(?P<pct>{NUMBER})"
                      + _tail(), re.IGNORECASE)


@lru_cache(maxsize=1)
def _bracket_re() -> re.Pattern[str]:
    """A signed change in brackets: "(-0,38% à 413,16 dollars)"."""
    return re.compile(rf"\s*\(\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail() + r"\s*\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _subject_re() -> re.Pattern[str]:
    """Stock phrases (group ``stock``), index names (``market``), business figures (``figure``)."""
    data = _data()
    markets = langdata.load(LANG, "companies")["markets"]
    return re.compile(rf"(?<!\w)(?:(?P<stock>{_alternation(data['stock_subjects'])})"
                      rf"|(?P<market>{_alternation(markets)})"
                      rf"|(?P<figure>{_alternation(data['not_quote_subjects'])}))(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _after_re() -> re.Pattern[str]:
    """What may not follow a figure: a period ("depuis janvier") or a fraction ("du capital")."""
    data = _data()
    return re.compile(rf"\s*,?\s*(?:{_alternation(data['period_cues'])})(?!\w)"
                      rf"|\s+(?:{_alternation(data['fraction_links'])})(?:\s|(?<=['’]))", re.IGNORECASE)


def _number(raw: str) -> float:
    """French number: "7.646,42" -> 7646.42, "42,5" -> 42.5, "1 200" -> 1200."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw)


def _sentence_start(text: str, pos: int) -> int:
    """Offset of the start of the sentence holding ``pos``."""
    starts = [m.end() for m in re.finditer(r"[.!?]\s+(?=\W*[A-ZÀ-Ý])|\n", text[:pos])]
    return starts[-1] if starts else 0


def _sentence_end(text: str, pos: int) -> int:
    m = re.search(r"[.!?](?=\s+\W*[A-ZÀ-Ý])|\n", text[pos:])
    return pos + m.start() if m else len(text)


def _last_company(companies: list[CompanyMention], before: int) -> CompanyMention | None:
    previous = [c for c in companies if c.end <= before]
    return previous[-1] if previous else None


def _complement(text: str, start: int) -> bool:
    """Whether a name is a complement ("du groupe X", "du CAC 40"), not a subject."""
    return re.search(r"(?<!\w)(?:de|du|des|d['’])(?:\s+\w+)?\s*$", text[max(0, start - 30):start]) is not None


def _subjects(text: str, companies: list[CompanyMention], start: int, end: int) -> list[tuple[int, int, str]]:
    """Subjects in ``text[start:end]``: (start, end, kind), kind company | stock | market |
    figure; companies and indices in a complement ("du CAC 40") are left out."""
    found = [(c.start, c.end, "company") for c in companies if start <= c.start and c.end <= end]
    for m in _subject_re().finditer(text, start, end):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), m.lastgroup))
    return sorted(s for s in found if s[2] not in ("company", "market") or not _complement(text, s[0]))


def _subject_company(companies: list[CompanyMention], subject: tuple[int, int, str],
                     limit: int) -> CompanyMention | None:
    """The company a subject stands for; a stock phrase ("le cours de Microsoft") stands for
    the company it names before ``limit``, else the company named last; None for a market
    or a business figure."""
    start, end, kind = subject
    if kind == "company":
        return next(c for c in companies if c.start == start)
    if kind in ("market", "figure"):
        return None
    named = [c for c in companies if end <= c.start and c.end <= limit]
    return named[0] if named else _last_company(companies, start)


def _company_for_cue(text: str, companies: list[CompanyMention], cue_start: int,
                     figure_start: int) -> tuple[CompanyMention | None, int]:
    """Company of a verbal quote and where its evidence starts."""
    sent_start, sent_end = _sentence_start(text, cue_start), _sentence_end(text, figure_start)
    before = _subjects(text, companies, sent_start, figure_start)
    if before:
        return _subject_company(companies, before[-1], cue_start), before[-1][0]
    after = [s for s in _subjects(text, companies, figure_start, sent_end) if s[2] in ("company", "stock")]
    return (_subject_company(companies, after[0], sent_end) if after else None), cue_start


def _quote(company: CompanyMention, match: re.Match[str], sign: int, text: str, start: int) -> dict:
    """The schema's quote object."""
    record = lookup(company.company_id) if company.company_id else None
    price = match.group("price")
    currency = match.group("currency")
    return {
        "company": company.name,
        "ticker": (record or {}).get("ticker") or None,
        "change_pct": sign * _number(match.group("pct")),
        "price": _number(price) if price else None,
        "currency": _currency_of()[currency.lower()] if currency else None,
        "evidence": {"text": text[start:match.end()], "start": start, "end": match.end()},
    }


def _bracket_quotes(text: str, companies: list[CompanyMention]) -> list[dict]:
    found = []
    for company in companies:
        m = _bracket_re().match(text, company.end)
        if m:
            found.append(_quote(company, m, SIGNS[m.group("sign")], text, company.start))
    return found


def _continuations(text: str, companies: list[CompanyMention], pos: int, sign: int) -> list[dict]:
    """Quotes listed after a verbal one: ", Valeo 2,57 %" (same sign)."""
    found = []
    while True:
        sep = re.match(r"\s*[,;]\s*(?:et\s+)?", text[pos:])
        company = next((c for c in companies if sep and c.start == pos + sep.end()), None)
        m = re.compile(rf"\s+(?P<pct>{NUMBER})" + _tail()).match(text, company.end) if company else None
        if not m or _after_re().match(text, m.end()):
            return found
        found.append(_quote(company, m, sign, text, company.start))
        pos = m.end()


def _verbal_quotes(text: str, companies: list[CompanyMention]) -> list[dict]:
    found = []
    for m in _cue_re().finditer(text):
        if _after_re().match(text, m.end()):
            continue
        company, start = _company_for_cue(text, companies, m.start(), m.start("pct"))
        if company is None:
            continue
        sign = -1 if m.group("neg") else 1
        found.append(_quote(company, m, sign, text, start))
        found += _continuations(text, companies, m.end(), sign)
    return found


def find_quotes(text: str, companies: list[CompanyMention]) -> list[dict]:
    """Share moves of the companies in ``companies`` (mentions of ``text``), in text order."""
    companies = sorted(companies, key=lambda c: c.start)
    quotes, seen = [], set()
    for quote in sorted(_bracket_quotes(text, companies) + _verbal_quotes(text, companies),
                        key=lambda q: q["evidence"]["end"]):
        key = (quote["company"], quote["change_pct"], quote["price"])
        if key not in seen:
            seen.add(key)
            quotes.append(quote)
    return quotes
