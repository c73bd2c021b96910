"""Market quotes: a company's share move of the day, "Microsoft (-0,38% à 413,16 dollars)".

Moves are read in these forms (cue words in ``lang/fr/quotes.yml``):

- a signed change in brackets after a name: "EURONEXT (+ 8,47% à 42,50 euros)", lists of
  movers "Foo (+18 %), Bar (+14 %) et Baz (+11 %) s'envolent";
- a word of movement found by lemma, then a percentage: "le titre cède 2,38 % à 23,63
  euros", "en hausse de 3,85 %", with the price first ("à 21,80 euros, en baisse de
  2,4 %"); the sign comes from the word's class. Its company is the move's subject in the
  dependency parse (quote_subjects.py); where the parse gives none, the nearest subject
  before the figure in the sentence;
- a list continuing a move: "Renault perdait 0,53 %, Valeo 2,57 % et Kering 1 %".

Hedged bounds ("de plus de 2 %"), moves over a period ("depuis janvier", "en deux
séances"), fractions ("3 % du capital"), indices, markets, business figures ("ses ventes")
and brokers or agencies are no quotes. Of one company's moves on a day, the close is kept if
the text gives it, else the latest; a move dated to an earlier session ("hier") is its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from pledgewatch import langdata
from pledgewatch.extract.companies import CompanyMention, fold, lookup
from pledgewatch.extract.quote_subjects import is_quotable, move_sign, subject_of

LANG = "fr"
SIGNS = {"+": 1, "-": -1, "−": -1, "–": -1}
NUMBER = r"\d+(?:[.,]\d+)?"
PRICE = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
NAME = r"[A-ZÀ-Ý][\w&.'’-]*(?:[ -][A-ZÀ-Ý&][\w&.'’-]*)*"
"""A capitalised name of one or more words: "Foo", "Air France-KLM"."""
LOOKBACK = 6
"""How many words before a figure its move word may stand ("a chuté sévèrement hier de")."""


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


def _move(company: CompanyMention, sign: int, m: re.Match[str], start: int, **marks: bool) -> Move:
    """A move from a figure match (groups ``pct``, ``price``, ``currency``)."""
    return Move(company, sign, m.group("pct"), m.group("price"), m.group("currency"), start, m.end(), **marks)


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
def _currency() -> str:
    return _alternation([w for words in _data()["currencies"].values() for w in words])


@lru_cache(maxsize=1)
def _tail() -> str:
    """Regex of the percent sign, then an optional price and currency."""
    data = _data()
    return (rf"\s?(?:{_alternation(data['percent'])})"
            rf"(?:\s*,?\s*(?:{_alternation(data['price_links'])})\s+(?P<price>{PRICE})\s?"
            rf"(?P<currency>{_currency()})(?!\w))?")


@lru_cache(maxsize=1)
def _figure_re() -> re.Pattern[str]:
    """An optional hedge, a signed or unsigned figure, the tail."""
    hedge = rf"(?:(?:{_alternation(_data()['hedges'])})\s+)?"
    return re.compile(rf"(?<![\w,.]){hedge}(?P<sign>[-+−–])?\s?(?P<pct>{NUMBER})" + _tail(), re.IGNORECASE)


@lru_cache(maxsize=1)
def _link_re() -> re.Pattern[str]:
    """What may stand between a move word and its figure: a short gap, then "de" or "à"
    (before a sign); "plus de", "moins de" may not."""
    data = _data()
    stop = _alternation(data["gap_stopwords"])
    gap_word = rf"(?!(?:{stop})(?!\w))[^\s\d%(),.;:!?]+"
    return re.compile(rf"(?:\s+{gap_word}){{0,3}}?(?:\s+(?:{_alternation(data['cue_links'])})\s*"
                      rf"|\s+(?:{_alternation(data['signed_links'])})\s*(?=[-+−–])|\s+)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bracket_re() -> re.Pattern[str]:
    """A signed change in brackets: "(-0,38% à 413,16 dollars)"."""
    return re.compile(rf"\s*\(\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail() + r"\s*\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _price_first_re() -> re.Pattern[str]:
    """A price just before the move word: "à 21,80 euros, en baisse de"."""
    return re.compile(rf"(?<!\w)à\s+(?P<price>{PRICE})\s?(?P<currency>{_currency()})\s*,?\s*(?:en\s+)?$",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _subject_re() -> re.Pattern[str]:
    """Stock phrases (group ``stock``), index names (``market``), business figures (``figure``)."""
    data = _data()
    markets = langdata.load(LANG, "companies")["markets"] + data["indices"]
    return re.compile(rf"(?<!\w)(?:(?P<stock>{_alternation(data['stock_subjects'])})"
                      rf"|(?P<market>{_alternation(markets)})"
                      rf"|(?P<figure>{_alternation(data['not_quote_subjects'])}))(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _period() -> str:
    """Regex of a period: "depuis janvier", "en deux séances", "sur les trois derniers mois", "en 2021"."""
    data = _data()
    units = _alternation(data["period_units"])
    return (rf"(?<!\w)(?:(?:{_alternation(data['period_cues'])})(?!\w)"
            rf"|(?:{_alternation(data['period_prepositions'])})\s+\w"
            rf"|(?:en|sur)\s+(?:\S+\s+){{0,3}}?(?:{units})(?!\w)|en\s+\d{{4}}(?!\w))")


@lru_cache(maxsize=1)
def _after_re() -> re.Pattern[str]:
    """What may not follow a figure: a period or a fraction ("du capital")."""
    return re.compile(rf"\s*,?\s*{_period()}|\s+(?:{_alternation(_data()['fraction_links'])})(?:\s|(?<=['’]))",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def _marker_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Markers of an earlier session ("hier") and of the close ("a clôturé")."""
    data = _data()
    return tuple(re.compile(rf"(?<![\w-])(?:{_alternation(data[key])})(?!\w)", re.IGNORECASE)
                 for key in ("earlier_day", "close_words"))


def _number(raw: str) -> float:
    """French number: "7.646,42" -> 7646.42, "42,5" -> 42.5, "1 200" -> 1200."""
    raw = re.sub(r"[ \u00a0\u202f]", "", raw)
    if "," in raw:
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw):
        return float(raw.replace(".", ""))
    return float(raw)


def _complement(text: str, start: int) -> bool:
    """Whether a name is a complement ("du groupe X", "du CAC 40"), not a subject."""
    return re.search(r"(?<!\w)(?:de|du|des|d['’])(?:\s+\w+)?\s*$", text[max(0, start - 30):start]) is not None


def _nearest_subject(text: str, companies: list[CompanyMention], sent_start: int, cue_start: int,
                     figure_start: int, sent_end: int) -> tuple[CompanyMention | None, int]:
    """Where the parse gives no subject: the nearest company, stock phrase, index or business
    figure before the figure in the sentence (else a company after it) and where it starts."""
    found = [(c.start, c.end, "company") for c in companies if sent_start <= c.start and c.end <= figure_start]
    for m in _subject_re().finditer(text, sent_start, figure_start):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), m.lastgroup))
    found = sorted(s for s in found if s[2] not in ("company", "market") or not _complement(text, s[0]))
    if not found:
        after = [c for c in companies if figure_start <= c.start and c.end <= sent_end]
        return (after[0] if after else None), cue_start
    start, end, kind = found[-1]
    if kind == "company":
        return next(c for c in companies if c.start == start), start
    if kind == "stock":
        named = [c for c in companies if end <= c.start and c.end <= cue_start]
        previous = [c for c in companies if c.end <= start]
        return (named or previous[-1:] or [None])[0], start
    return None, start


def _cue_before(doc: Doc, figure: re.Match[str]) -> Token | None:
    """The move word standing before ``figure`` in its sentence, joined to it by a short gap."""
    text = doc.text
    span = doc.char_span(figure.start(), figure.end(), alignment_mode="expand")
    if span is None:
        return None
    first = span[0]
    for token in reversed(doc[max(first.sent.start, first.i - LOOKBACK):first.i]):
        if token.is_punct and token.text not in "'’":
            return None
        if move_sign(token) and _link_re().fullmatch(text, token.idx + len(token), figure.start()):
            return token
    return None


def _markers(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether ``text[start:end]`` dates a move to an earlier session, and to the close."""
    earlier, close = _marker_res()
    return earlier.search(text, start, end) is not None, close.search(text, start, end) is not None


def _verbal_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    text, found = doc.text, []
    for figure in _figure_re().finditer(text):
        if _after_re().match(text, figure.end()):
            continue
        cue = _cue_before(doc, figure)
        if cue is None or _period_before(text, cue.sent.start_char, cue.idx):
            continue
        sentence = cue.sent
        subject = subject_of(doc, cue, companies)
        if subject is None:
            company, start = _nearest_subject(text, companies, sentence.start_char, cue.idx,
                                              figure.start(), sentence.end_char)
        else:
            company, start = subject.company, min(subject.start, cue.idx)
        if company is None:
            continue
        sign = move_sign(cue)
        verb = cue.head if cue.pos_ == "NOUN" and cue.head.pos_ in ("VERB", "AUX") else cue
        earlier, close = _markers(text, min(verb.idx, cue.idx), _clause_end(text, figure.end()))
        move = _move(company, sign, figure, start, earlier=earlier or _pluperfect(cue), close=close)
        price_first = None if move.price else _price_first_re().search(text, sentence.start_char, cue.idx)
        if price_first:
            move = replace(move, price=price_first.group("price"), currency=price_first.group("currency"))
        found.append(move)
        found += _continuations(doc, companies, figure.end(), sign, earlier, close)
    return found


def _period_before(text: str, start: int, end: int) -> bool:
    """Whether a period phrase ("Depuis janvier,", "sur un mois :") stands before the move
    word in its sentence."""
    return any(not text[start:m.start()].rstrip().endswith("%")
               for m in re.compile(_period(), re.IGNORECASE).finditer(text, start, end))


def _clause_end(text: str, pos: int) -> int:
    """End of the clause going on at ``pos`` (next comma, stop or line break)."""
    m = re.compile(r"[,.;:!?\n]").search(text, pos)
    return m.start() if m else len(text)


def _pluperfect(cue: Token) -> bool:
    """Whether the move verb is in the pluperfect ("avait perdu"): an earlier session."""
    return any(c.dep_.startswith("aux") and "Imp" in c.morph.get("Tense") for c in cue.children)


def _name_before(doc: Doc, companies: list[CompanyMention], end: int) -> CompanyMention | None:
    """The company named right before ``end``: a mention, else a quotable capitalised name."""
    text = doc.text
    mention = next((c for c in companies if c.end <= end and not text[c.end:end].strip()), None)
    if mention is not None:
        return mention if is_quotable(mention.name) else None
    m = re.compile(rf"(?<![\w'’])(?P<name>{NAME})\s*$").search(text, max(0, end - 60), end)
    if m is None or not is_quotable(m.group("name")):
        return None
    return CompanyMention(m.start(), m.start() + len(m.group("name")), m.group("name"), m.group("name"), None,
                          "subject")


def _bracket_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    found = []
    for m in _bracket_re().finditer(doc.text):
        company = _name_before(doc, companies, m.start())
        if company is not None:
            found.append(_move(company, SIGNS[m.group("sign")], m, company.start, close=True))
    return found


def _continuations(doc: Doc, companies: list[CompanyMention], pos: int, sign: int,
                   earlier: bool, close: bool) -> list[Move]:
    """Moves listed after a verbal one: ", Valeo 2,57 %", "et Trigano 2,66 % à 138,70 euros"."""
    found, text = [], doc.text
    figure_re = re.compile(rf"\s+(?:de\s+)?(?P<sign>)(?P<pct>{NUMBER})" + _tail())
    while True:
        sep = re.compile(rf"\s*[,;]\s*(?:et\s+)?(?={NAME})|\s+et\s+(?={NAME})").match(text, pos)
        name = re.compile(NAME).match(text, sep.end()) if sep else None
        m = figure_re.match(text, name.end()) if name else None
        if not m or _after_re().match(text, m.end()):
            return found
        company = _name_before(doc, companies, name.end())
        if company is None:
            return found
        found.append(_move(company, sign, m, company.start, earlier=earlier, close=close))
        pos = m.end()


def _quote(move: Move, text: str) -> dict:
    """The schema's quote object."""
    company = move.company
    record = lookup(company.company_id) if company.company_id else None
    return {
        "company": company.name,
        "ticker": (record or {}).get("ticker") or None,
        "change_pct": move.sign * _number(move.pct),
        "price": _number(move.price) if move.price else None,
        "currency": _currency_of()[move.currency.lower()] if move.currency else None,
        "evidence": {"text": text[move.start:move.end], "start": move.start, "end": move.end},
    }


def _day_moves(moves: list[Move]) -> list[Move]:
    """One move per company and session: the close if given, else the latest."""
    chosen: dict[tuple[str, bool], Move] = {}
    for move in sorted(moves, key=lambda m: m.end):
        key = (fold(move.company.name), move.earlier)
        kept = chosen.get(key)
        if kept is None or move.close or not kept.close:
            chosen[key] = move
    return sorted(chosen.values(), key=lambda m: m.end)


def find_quotes(doc: Doc) -> list[dict]:
    """The day's share moves of the companies named in the analysed ``doc``, in text order."""
    companies = sorted(doc._.companies or [], key=lambda c: c.start)
    moves = _bracket_moves(doc, companies) + _verbal_moves(doc, companies)
    return [_quote(move, doc.text) for move in _day_moves(moves)]
