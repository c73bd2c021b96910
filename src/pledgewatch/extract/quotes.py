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
from pledgewatch.extract.quote_subjects import (clause_verb, is_name, is_quotable, is_quote_verb, move_sign,
                                                subject_of)

LANG = "fr"
SIGNS = {"+": 1, "-": -1, "−": -1, "–": -1}
NUMBER = r"\d+(?:[.,]\d+)?"
PRICE = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
NAME = r"(?:[A-ZÀ-Ý]|[a-z]+(?=[A-Z]))[\w&.'’-]*(?:[ -][A-ZÀ-Ý&][\w&.'’-]*)*"
"""A capitalised name of one or more words: "Foo", "Air France-KLM", "arGEN-X"."""
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


@dataclass(frozen=True)
class Figure:
    """A percentage, its price and currency if given, and where it ends."""

    pct: str
    price: str | None
    currency: str | None
    end: int


def _figure(m: re.Match[str]) -> Figure:
    return Figure(m.group("pct"), m.group("price"), m.group("currency"), m.end())


def _move(company: CompanyMention, sign: int, figure: Figure, start: int, **marks: bool) -> Move:
    """A move of ``company`` by ``figure``."""
    return Move(company, sign, figure.pct, figure.price, figure.currency, start, figure.end, **marks)


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
            rf"(?:(?:\s+[^\W\d]+){{0,2}}?\s*,?\s*(?:{_alternation(data['price_links'])})\s+(?P<price>{PRICE})\s?"
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
                      rf"|\s+(?:{_alternation(data['signed_links'])})\s*(?=[-+−–])|\s+)"
                      rf"(?P<shared>(?:{NUMBER}(?:,\s+|\s+et\s+))+)?", re.IGNORECASE)


@lru_cache(maxsize=1)
def _bracket_re() -> re.Pattern[str]:
    """A signed change in brackets: "(-0,38% à 413,16 dollars)"."""
    return re.compile(rf"\s*\(\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail() + r"\s*\)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _headline_re() -> re.Pattern[str]:
    """A signed change after a name and a colon, as in headlines: "Kering : +5,2 %"."""
    return re.compile(rf"\s*:\s*(?P<sign>[-+−–])\s?(?P<pct>{NUMBER})" + _tail() + r"(?!\s*\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _price_first_re() -> re.Pattern[str]:
    """A price just before the move word: "à 21,80 euros, en baisse de", "cote 21,80 euros,"."""
    return re.compile(rf"(?<!\w)(?:à|cote|cotait|vaut|valait)\s+(?P<price>{PRICE})\s?(?P<currency>{_currency()})\s*,?\s*(?:en\s+)?$",
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


def _cue_before(doc: Doc, figure: re.Match[str]) -> tuple[Token | None, list[str]]:
    """The move word standing before ``figure`` in its sentence, joined to it by a short gap,
    and the figures that share its percent sign ("de 1,86 et 1,57 %" gives ["1,86"])."""
    text = doc.text
    span = doc.char_span(figure.start(), figure.end(), alignment_mode="expand")
    if span is None:
        return None, []
    first = span[0]
    for token in reversed(doc[max(first.sent.start, first.i - LOOKBACK - 4):first.i]):
        if token.is_punct and token.text not in "'’,":
            return None, []
        link = _link_re().fullmatch(text, token.idx + len(token), figure.start())
        if link and (move_sign(token) or figure.group("sign") and is_quote_verb(token)):
            return token, re.findall(NUMBER, link.group("shared") or "")
    return None, []


def _more_figures(text: str, pos: int) -> list[Figure]:
    """Figures listed after a move's own: "de 1,6 % à 158 HKD et de 1 % à 304 HKD"."""
    found = []
    joined = re.compile(rf"\s*(?:,\s*(?:et\s+)?|\s+et\s+)(?:de\s+)?(?=\d)")
    while (sep := joined.match(text, pos)) and (m := _figure_re().match(text, sep.end())):
        if _after_re().match(text, m.end()):
            break
        found.append(_figure(m))
        pos = m.end()
    return found


def _listed_names(doc: Doc, companies: list[CompanyMention], start: int, end: int) -> list[CompanyMention]:
    """Quotable names in ``doc.text[start:end]``, in order: mentions, and capitalised names
    right before a bracketed price ("Syensqo (78,94)"); a ticker in brackets is left out."""
    text = doc.text
    names = [c for c in companies if start <= c.start and c.end <= end and is_quotable(c.name)
             and not text[:c.start].rstrip().endswith("(")]
    spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w'’])(?:{NAME})(?=\s*\(\s*(?:{PRICE})\s*\))",
                                                        text[:end]) if m.start() >= start]
    span = doc.char_span(start, end, alignment_mode="contract")
    spans += [(t.idx, t.idx + len(t)) for t in (span or []) if is_name(t)
              and not text[:t.idx].rstrip().endswith("(")]
    for at, to in sorted(spans):
        name = text[at:to]
        if not any(c.start <= at < c.end for c in names) and is_quotable(name):
            names.append(CompanyMention(at, to, name, name, None, "subject"))
    return sorted(names, key=lambda c: c.start)


def _bracket_price(text: str, company: CompanyMention) -> tuple[str | None, str | None]:
    """A price in brackets right after a name: "Galapagos (27,74)"; no currency is given."""
    m = re.compile(rf"\s*\(\s*(?P<price>{PRICE})\s*\)").match(text, company.end)
    return (m.group("price"), None) if m else (None, None)


def _paired_moves(doc: Doc, companies: list[CompanyMention], start: int, end: int, cue: Token,
                  figures: list[Figure], **marks: bool) -> list[Move]:
    """Moves of the companies listed in ``doc.text[start:end]``, paired in order with their
    figures ("X et Y ont reculé respectivement de 1 % et 2 %"); none when fewer names than
    figures are listed."""
    names = _listed_names(doc, companies, start, end)
    if len(names) < len(figures):
        return []
    moves = []
    for company, figure in zip(names[-len(figures):], figures):
        if figure.price is None:
            price, currency = _bracket_price(doc.text, company)
            figure = replace(figure, price=price, currency=currency)
        moves.append(_move(company, move_sign(cue), figure, company.start, **marks))
    return moves


def _markers(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether ``text[start:end]`` dates a move to an earlier session, and to the close."""
    earlier, close = _marker_res()
    return earlier.search(text, start, end) is not None, close.search(text, start, end) is not None


def _verbal_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    text, found, listed = doc.text, [], 0
    for figure in _figure_re().finditer(text):
        if figure.start() < listed or _after_re().match(text, figure.end()):
            continue
        cue, shared = _cue_before(doc, figure)
        if cue is None or _period_before(text, cue.sent.start_char, cue.idx):
            continue
        sentence = cue.sent
        figures = [Figure(pct, None, None, figure.start()) for pct in shared] + [_figure(figure)]
        figures += _more_figures(text, figure.end())
        if len(figures) > 1:
            listed = figures[-1].end
            earlier, close = _markers(text, cue.idx, _clause_end(text, listed))
            found += _paired_moves(doc, companies, _group_start(doc, cue), cue.idx, cue, figures,
                                   earlier=earlier, close=close)
            found += _continuations(doc, companies, listed, cue, earlier=earlier, close=close)
            continue
        subject = subject_of(doc, cue, companies)
        if subject is None:
            company, start = _nearest_subject(text, companies, sentence.start_char, cue.idx,
                                              figure.start(), sentence.end_char)
        else:
            company, start = subject.company, min(subject.start, cue.idx)
        if company is None:
            continue
        sign = move_sign(cue) or SIGNS[figure.group("sign")]
        verb = cue.head if cue.pos_ == "NOUN" and cue.head.pos_ in ("VERB", "AUX") else cue
        earlier, close = _markers(text, min(verb.idx, cue.idx), _clause_end(text, figure.end()))
        move = _move(company, sign, _figure(figure), start, earlier=earlier or _pluperfect(cue), close=close)
        if not move.price:
            price, currency = _bracket_price(text, company)
            move = replace(move, price=price, currency=currency)
        price_first = None if move.price else _price_first_re().search(text, sentence.start_char, cue.idx)
        if price_first:
            move = replace(move, price=price_first.group("price"), currency=price_first.group("currency"))
        found.append(move)
        found += _continuations(doc, companies, figure.end(), cue, earlier=earlier, close=close)
    return found


def _group_start(doc: Doc, cue: Token) -> int:
    """Where the names of a listed move may start: after the last figure or sentence end
    before the move word."""
    ends = [m.end() for m in re.finditer(r"%|[.!?](?=\s)|\n", doc.text[:cue.idx])]
    return ends[-1] if ends else 0


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
    """The company named right before ``end``: a mention, else a quotable capitalised name
    (not a unit after a number: "63 ME (+81 %)")."""
    text = doc.text
    mention = next((c for c in companies if c.end <= end and not text[c.end:end].strip()), None)
    if mention is not None:
        return mention if is_quotable(mention.name) else None
    m = re.compile(rf"(?<![\w'’])(?P<name>{NAME})\s*$").search(text, max(0, end - 60), end)
    if m is None or not is_quotable(m.group("name")) or re.search(r"\d\s*$", text[:m.start()]):
        return None
    return CompanyMention(m.start(), m.start() + len(m.group("name")), m.group("name"), m.group("name"), None,
                          "subject")


def _bracket_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    found = []
    for m in _bracket_re().finditer(doc.text):
        company, start = _name_before(doc, companies, m.start()), None
        if company is None:
            company, start = _clause_subject(doc, companies, m)
        if company is not None:
            found.append(_move(company, SIGNS[m.group("sign")], _figure(m), start or company.start, close=True))
    for m in _headline_re().finditer(doc.text):
        company = _name_before(doc, companies, m.start())
        if company is not None:
            found.append(_move(company, SIGNS[m.group("sign")], _figure(m), company.start, close=True))
    return found


def _clause_subject(doc: Doc, companies: list[CompanyMention],
                    m: re.Match[str]) -> tuple[CompanyMention | None, int | None]:
    """The company of a bracketed change after a clause: the subject of the move verb or
    verb of quotation it hangs from ("Kering a terminé dans le vert (+1,2 %)")."""
    span = doc.char_span(m.start("pct"), m.end("pct"), alignment_mode="expand")
    verb = clause_verb(span[0]) if span is not None else None
    if verb is None:
        return None, None
    subject = subject_of(doc, verb, companies)
    if subject is not None:
        return subject.company, subject.start
    return _nearest_subject(doc.text, companies, verb.sent.start_char, verb.idx, m.start(), m.start())


@lru_cache(maxsize=1)
def _continuation_re() -> re.Pattern[str]:
    """Names (with bracketed prices) and the start of their figures, after a listed move:
    ", Valeo 2,57 %", "et Trigano 2,66 %", ", Cofinimmo (64,10) et Sofina (244,80) de 1,23 et"."""
    named = rf"(?:{NAME})(?:\s*\(\s*(?:{PRICE})\s*\))?"
    return re.compile(rf"(?:\s*[,;]\s*(?:et\s+)?|\s+et\s+)(?P<names>{named}(?:\s*(?:,|et)\s+{named})*)"
                      rf"\s+(?:de\s+)?(?P<shared>(?:{NUMBER}(?:,\s+|\s+et\s+))*)(?=\d)")


def _continuations(doc: Doc, companies: list[CompanyMention], pos: int, cue: Token,
                   **marks: bool) -> list[Move]:
    """Moves listed after a move, with the same sign: ", Valeo 2,57 %", "et Trigano 2,66 %
    à 138,70 euros", ", Cofinimmo (64,10) et Sofina (244,80) de 1,23 et 0,73 %"."""
    found, text = [], doc.text
    while (m := _continuation_re().match(text, pos)) and (figure := _figure_re().match(text, m.end())):
        if figure.group("sign") or _after_re().match(text, figure.end()):
            break
        figures = [Figure(pct, None, None, figure.start()) for pct in re.findall(NUMBER, m.group("shared"))]
        figures += [_figure(figure)] + _more_figures(text, figure.end())
        moves = _paired_moves(doc, companies, m.start("names"), m.end("names"), cue, figures, **marks)
        if not moves:
            break
        found += moves
        pos = figures[-1].end
    return found


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
