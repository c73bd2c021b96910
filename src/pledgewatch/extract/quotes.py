"""Market quotes: a company's share move of the day, "Microsoft (-0,38% à 413,16 dollars)".

Moves are read in these forms (cue words in ``lang/fr/quotes.yml``):

- a signed change in brackets after a name: "EURONEXT (+ 8,47% à 42,50 euros)", lists of
  movers "Foo (+18 %), Bar (+14 %) et Baz (+11 %) s'envolent"; after a clause, for its
  subject ("Kering a terminé dans le vert (+1,2 %)"); after a colon ("KERING : +5,2 %"), for
  the name or the clause before it ("Ubisoft s'envole en Bourse : +12 %");
- a word of movement found by lemma, then a percentage: "le titre cède 2,38 % à 23,63
  euros", "en hausse de 3,85 %", with the price first ("à 21,80 euros, en baisse de
  2,4 %"); the sign comes from the word's class. Its company is the move's subject in the
  dependency parse (quote_subjects.py); where the parse gives none, the nearest subject
  before the figure in the sentence;
- a signed figure after a verb of quotation: "Vallourec a fini à +5 %";
- lists (quote_lists.py): "X et Y ont reculé respectivement de 1 % et 2 %", "Renault
  perdait 0,53 %, Valeo 2,57 % et Kering 1 %".

The figure's patterns are in quote_patterns.py.

Hedged bounds ("de plus de 2 %"), forecasts ("pourrait gagner 10 %"), moves over a period
("depuis janvier", "en deux séances"), a market's move ("dans un marché en baisse"),
fractions ("3 % du capital"), indices, markets, business figures ("ses ventes") and brokers
or agencies are no quotes. Of one company's moves on a day, the close is kept if
the text gives it, else the latest; a move dated to an earlier session ("hier") is its own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from pledgewatch.extract.companies import CompanyMention, fold
from pledgewatch.extract.company_list import lookup
from pledgewatch.extract.frames import SENTENCE_END
from pledgewatch.extract.quote_lists import (
    bracket_price,
    continuations,
    each_moves,
    group_start,
    listed_names,
    more_figures,
    paired_moves,
)
from pledgewatch.extract.quote_patterns import (
    NAME,
    NUMBER,
    SIGNS,
    Figure,
    Move,
    after_re,
    alternation,
    as_figure,
    bracket_re,
    currency_of,
    figure_re,
    headline_re,
    link_re,
    make_move,
    marker_res,
    number,
    period,
    price_first_re,
    priced,
    quote_data,
    subject_re,
)
from pledgewatch.extract.quote_subjects import (
    causative_object,
    clause_verb,
    is_forecast,
    is_quotable,
    is_quote_verb,
    move_sign,
    subject_of,
)

END_REACH = 12
"""How many characters before a sentence its final stop and closing quotes are looked for in."""
LOOKBACK = 10
"""How many tokens before a figure its move word may stand ("a chuté sévèrement hier de",
"avec des reculs de 1,86 et 1,57 %")."""


def _complement(text: str, start: int) -> bool:
    """Whether a name is a complement ("du groupe X", "du CAC 40"), not a subject."""
    return re.search(r"(?<!\w)(?:de|du|des|d['’])(?:\s+\w+)?\s*$", text[max(0, start - 30):start]) is not None


def _adjunct(text: str, start: int) -> bool:
    """Whether a noun is in a phrase of a preposition, which no subject is ("a pour sa part
    gagné 0,9 %", "malgré ses ventes")."""
    preps = alternation(quote_data()["adjunct_prepositions"])
    return re.search(rf"(?<!\w)(?:{preps})\s+(?:\w+\s+)?$", text[max(0, start - 30):start], re.IGNORECASE) is not None


def _nearest_subject(text: str, companies: list[CompanyMention], sent_start: int, cue_start: int,
                     figure_start: int, sent_end: int) -> tuple[CompanyMention | None, int]:
    """Where the parse gives no subject: the nearest company, stock phrase, index or business
    figure before the figure in the sentence (else a company after it) and where it starts."""
    found = [(c.start, c.end, "company") for c in companies if sent_start <= c.start and c.end <= figure_start]
    for m in subject_re().finditer(text, sent_start, figure_start):
        if not any(s <= m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), m.lastgroup))
    found = sorted(s for s in found if not (_complement(text, s[0]) if s[2] in ("company", "market")
                                            else s[2] == "figure" and _adjunct(text, s[0])))
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


def _sentence_start(text: str, token: Token) -> int:
    """Where the sentence of ``token`` starts: the parser's sentence, joined to those before
    it while they end with no final stop or line break (``frames.SENTENCE_END``: the parser
    split a clause off)."""
    sent = token.sent
    while sent.start > 0 and not SENTENCE_END.search(text, max(0, sent.start_char - END_REACH), sent.start_char):
        sent = token.doc[sent.start - 1].sent
    return sent.start_char


def _cue_before(doc: Doc, figure: re.Match[str]) -> tuple[Token | None, list[str]]:
    """The move word standing before ``figure`` in its sentence, joined to it by a short gap,
    and the figures that share its percent sign ("de 1,86 et 1,57 %" gives ["1,86"])."""
    text = doc.text
    span = doc.char_span(figure.start(), figure.end(), alignment_mode="expand")
    if span is None:
        return None, []
    first = span[0]
    for token in reversed(doc[max(first.sent.start, first.i - LOOKBACK):first.i]):
        if token.is_punct and token.text not in "'’,":
            return None, []
        link = link_re().fullmatch(text, _object_end(token, figure.start()), figure.start())
        if link and (move_sign(token) or figure.group("sign") and is_quote_verb(token)):
            return token, re.findall(NUMBER, link.group("shared") or "")
    return None, []


def _object_end(token: Token, before: int) -> int:
    """Where the figure's link may start after a move word: right after it, or after the share a
    causative makes move, up to the figure at ``before`` ("faisait reculer l'action du groupe
    TotalEnergies de 3,45 %")."""
    moved = causative_object(token) if move_sign(token) else None
    phrase = [t for t in moved.subtree if t.idx + len(t) <= before] if moved is not None and moved.i > token.i else []
    if not phrase:
        return token.idx + len(token)
    last = max(phrase, key=lambda t: t.i)
    return last.idx + len(last)


def _markers(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether ``text[start:end]`` dates a move to an earlier session, and to the close."""
    earlier, close = marker_res()
    return earlier.search(text, start, end) is not None, close.search(text, start, end) is not None


def _verbal_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    """Moves told by a move word, one figure or a list, and the lists continuing them."""
    text, found, listed = doc.text, [], 0
    for figure in figure_re().finditer(text):
        if figure.start() < listed:
            continue
        cue, shared = _cue_before(doc, figure)
        if cue is None or _period_before(text, cue.sent.start_char, cue.idx) or is_forecast(cue):
            continue
        if after_re().match(text, figure.end()) and not _owner_follows(text, cue, figure.end()):
            continue
        figures = [Figure(pct, None, None, figure.start()) for pct in shared] + [as_figure(figure)]
        figures += more_figures(text, figure.end())
        if len(figures) > 1:
            listed = figures[-1].end
            earlier, close = _markers(text, cue.idx, _clause_end(text, listed))
            found += paired_moves(doc, companies, group_start(text, cue.idx), cue.idx, cue, figures,
                                   earlier=earlier, close=close)
            found += continuations(doc, companies, listed, cue, earlier=earlier, close=close)
            continue
        move = _single_move(doc, companies, cue, figure)
        if move is not None:
            found.append(move)
            found += continuations(doc, companies, figure.end(), cue, earlier=move.earlier, close=move.close)
    return found


def _single_move(doc: Doc, companies: list[CompanyMention], cue: Token, figure: re.Match[str]) -> Move | None:
    """The move of ``figure`` after the move word ``cue``: its subject's company, its price
    (after the figure, in brackets after the name, or before the move word), its session."""
    text, sentence = doc.text, cue.sent
    sent_start = _sentence_start(text, cue)
    subject = subject_of(doc, cue, companies)
    if subject is None:
        company, start = _nearest_subject(text, companies, sent_start, cue.idx,
                                          figure.start(), sentence.end_char)
    else:
        company, start = subject.company, min(subject.start, cue.idx)
    if company is None:
        return None
    sign = move_sign(cue) or SIGNS[figure.group("sign")]
    verb = cue.head if cue.pos_ == "NOUN" and cue.head.pos_ in ("VERB", "AUX") else cue
    earlier, close = _markers(text, min(verb.idx, cue.idx), _clause_end(text, figure.end()))
    move = make_move(company, sign, as_figure(figure), start, earlier=earlier or _pluperfect(cue), close=close)
    if not move.price:
        price, currency = bracket_price(text, company)
        move = replace(move, price=price, currency=currency)
    return _with_price(move, None if move.price else price_first_re().search(text, sent_start, cue.idx))


def _with_price(move: Move, price: re.Match[str] | None) -> Move:
    """The move with the price a match of ``quote_patterns.priced`` gives, if it has none yet."""
    if price is None or move.price:
        return move
    return replace(move, price=price.group("price"), currency=price.group("currency"))


def _owner_follows(text: str, cue: Token, end: int) -> bool:
    """Whether a move noun's figure is followed by the name that moved ("l'envolée de 24 % de
    Nvidia"), not by what it is a fraction of ("a cédé 5 % du capital")."""
    links = alternation(quote_data()["cue_links"])  # "de", "d'"
    return cue.pos_ == "NOUN" and re.compile(rf"\s+(?:{links})\s*[A-ZÀ-Ý]").match(text, end) is not None


def _period_before(text: str, start: int, end: int) -> bool:
    """Whether a period phrase ("Depuis janvier,", "sur un mois :") stands before the move
    word in its sentence."""
    return any(not text[start:m.start()].rstrip().endswith("%")
               for m in re.compile(period(), re.IGNORECASE).finditer(text, start, end))


def _clause_end(text: str, pos: int) -> int:
    """End of the clause going on at ``pos``: the next comma, stop or line break, or a clause of
    an earlier move opening ("grimpe de 3 % après avoir perdu 2 % la veille": the eve is the
    second move's)."""
    m = _clause_end_re().search(text, pos)
    return m.start() if m else len(text)


@lru_cache(maxsize=1)
def _clause_end_re() -> re.Pattern[str]:
    """What ends the clause of a move: a stop, a comma, a line break, "après avoir"."""
    opens = alternation(quote_data()["earlier_clause"])
    return re.compile(rf"[,.;:!?\n]|(?<!\w)(?:{opens})(?!\w)", re.IGNORECASE)


def _pluperfect(cue: Token) -> bool:
    """Whether the move verb is in the pluperfect ("avait perdu"): an earlier session."""
    return any(c.dep_.startswith("aux") and "Imp" in c.morph.get("Tense") for c in cue.children)


NAME_REACH = 60
"""How far before a figure or a bracket the name it belongs to is looked for."""
NAME_BEFORE = re.compile(rf"(?<![\w'’])(?P<name>{NAME})\s*$")
"""A name ending the text searched ("… Soitec" before its move)."""
NAME_BEFORE_BRACKET = re.compile(rf"(?<![\w'’])(?P<name>{NAME})\s*\(\s*(?:[A-Z]+\s*:\s*)?$")
"""A name before an opening bracket, perhaps with a market code ("Quantorix (EPA:")."""


def _name_before(doc: Doc, companies: list[CompanyMention], end: int) -> CompanyMention | None:
    """The company named right before ``end``: a mention, else a quotable capitalised name
    (not a unit after a number: "63 ME (+81 %)")."""
    text = doc.text
    mention = next((c for c in companies if c.end <= end and not text[c.end:end].strip()), None)
    if mention is not None:
        return mention if is_quotable(mention.name) else None
    m = NAME_BEFORE.search(text, max(0, end - NAME_REACH), end)
    if m is None or not is_quotable(m.group("name")) or re.search(r"\d\s*$", text[:m.start()]):
        return None
    return CompanyMention(m.start(), m.start() + len(m.group("name")), m.group("name"), m.group("name"), None,
                          "subject")


def _listed_price(doc: Doc, companies: list[CompanyMention], end: int) -> tuple[CompanyMention | None, re.Match | None]:
    """The name and price of a listing line before ``end``: "Soitec : 112,50 euros (+3,2 %)",
    "Soitec, 112,50 €, +3,2 %"."""
    price = _price_before().search(doc.text, max(0, end - NAME_REACH), end)
    company = _name_before(doc, companies, price.start()) if price else None
    if company is None or _complement(doc.text, company.start):
        return None, None  # not "le chiffre d'affaires de Soitec : 112,50 euros (+3,2 %)"
    return company, price


@lru_cache(maxsize=1)
def _price_before() -> re.Pattern[str]:
    """A price between a name and its signed change, after a colon or comma: " : 112,50 euros"."""
    return re.compile(rf"\s*[:,]\s*{priced()}\s*,?\s*$", re.IGNORECASE)


def _bracket_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    """Signed changes in brackets or after a colon, for the name before them (with its price:
    "Soitec : 112,50 euros (+3,2 %)") or the clause's subject ("Kering a terminé à 235,85 euros
    (+1,2 %)": the price may come first)."""
    found, text = [], doc.text
    for m in bracket_re().finditer(text):
        if m.group("each"):
            found += each_moves(doc, companies, m, SIGNS[m.group("sign")])
            continue
        company, start = _name_before(doc, companies, m.start()), None
        listed = None
        if company is None:
            company, listed = _listed_price(doc, companies, m.start())
        if company is None:
            company, start = _clause_subject(doc, companies, m)
        if company is not None:
            move = make_move(company, SIGNS[m.group("sign")], as_figure(m), start or company.start, close=True)
            found.append(_with_price(move, listed or price_first_re().search(text, move.start, m.start())))
    for m in headline_re().finditer(text):
        company, start = _name_before(doc, companies, m.start()), None
        if company is not None and _complement(text, company.start):
            continue  # not "ventes de Renault +5 %"
        listed = None
        if company is None:
            company, listed = _listed_price(doc, companies, m.start())  # "Soitec, 112,50 €, +3,2 %"
        if company is None and text[:m.start("sign")].rstrip().endswith(":"):
            company, start = _clause_subject(doc, companies, m)  # "Ubisoft s'envole en Bourse : +12 %"
        if company is not None:
            move = make_move(company, SIGNS[m.group("sign")], as_figure(m), start or company.start, close=True)
            found.append(_with_price(move, listed))
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
    return _nearest_subject(doc.text, companies, _sentence_start(doc.text, verb), verb.idx, m.start(), m.start())


def _unchanged_moves(doc: Doc, companies: list[CompanyMention]) -> list[Move]:
    """Shares that closed unchanged ("SPS et ABB ont fini inchangés", "le titre X a terminé
    inchangé à 235 euros"): a move of 0 % for each name its clause lists before the verb of
    the close; none where the clause is about a business figure ("le dividende ... inchangé")."""
    text, found, (_, closes) = doc.text, [], marker_res()
    for token in doc:
        if fold(token.text) not in _unchanged_words():
            continue
        verb = next((t for t in reversed(doc[max(token.sent.start, token.i - 3):token.i])
                     if closes.fullmatch(t.text)), None)
        if verb is None:
            continue
        start = max(_sentence_start(text, verb), text.rfind(",", 0, verb.idx) + 1)
        if any(m.lastgroup == "figure" for m in subject_re().finditer(text, start, verb.idx)):
            continue
        end = token.idx + len(token)
        price = _price_after().match(text, end)
        for company in listed_names(doc, companies, start, verb.idx):
            found.append(Move(company, 1, "0", price and price.group("price"), price and price.group("currency"),
                              company.start, price.end() if price else end, close=True))
    return found


@lru_cache(maxsize=1)
def _price_after() -> re.Pattern[str]:
    """A price right after an unchanged close: " à 235 euros"."""
    return re.compile(rf"\s+à\s+{priced()}")


@lru_cache(maxsize=1)
def _unchanged_words() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["unchanged"])


def _quote(move: Move, text: str) -> dict:
    """The schema's quote object."""
    company = move.company
    record = lookup(company.company_id) if company.company_id else None
    return {
        "company": company.name,
        "ticker": (record or {}).get("ticker") or None,
        "change_pct": move.sign * number(move.pct),
        "price": number(move.price) if move.price else None,
        "currency": currency_of()[move.currency.lower()] if move.currency else None,
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


TICKER = re.compile(r"[A-Z][A-Z0-9.]{1,9}")
"""A ticker or a market code in brackets after a name ("ALQTX", "EPA")."""
RIC = re.compile(r"[A-Z0-9]{1,6}[a-z]?\.[A-Z]{1,2}")
"""A Reuters instrument code, written after a name without brackets ("Nebius NBIS.O", "ENR1n.DE")."""


def _ticker_owner(text: str, move: Move) -> Move:
    """A move whose company is a ticker in brackets after a name ("Quantorix (ALQTX)",
    "Quantorix (EPA:QTX)"), or an instrument code right after it ("Nebius NBIS.O"), is the
    move of that name."""
    company = move.company
    if not TICKER.fullmatch(company.text) and not RIC.fullmatch(company.text):
        return move
    m = NAME_BEFORE_BRACKET.search(text, max(0, company.start - NAME_REACH), company.start)
    if m is None and RIC.fullmatch(company.text):
        m = NAME_BEFORE.search(text, max(0, company.start - NAME_REACH), company.start)
    if m is None or not is_quotable(m.group("name")):
        return move
    name = m.group("name")
    return replace(move, company=CompanyMention(m.start("name"), m.end("name"), name, name, None, "subject"))


def find_quotes(doc: Doc) -> list[dict]:
    """The day's share moves of the companies named in the analysed ``doc``, in text order."""
    companies = sorted(doc._.companies or [], key=lambda c: c.start)
    moves = _bracket_moves(doc, companies) + _verbal_moves(doc, companies) + _unchanged_moves(doc, companies)
    moves = [m for m in (_ticker_owner(doc.text, m) for m in moves)
             if is_quotable(m.company.name)]  # not "l'indice Swiss Performance Index (SPI) a fini en repli"
    return [_quote(move, doc.text) for move in _day_moves(moves)]
