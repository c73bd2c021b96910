"""Listed moves: several companies and their figures in one phrase.

- pairs in order: "X et Y ont reculé respectivement de 1 % et 2 %", "Syensqo (78,94) et
  Solvay (36,92) ... avec des reculs de 1,86 et 1,57 %" (a bracketed number is the price);
- continuations of a move with the same sign: ", Valeo 2,57 %", "et Trigano 2,66 % à
  138,70 euros", ", Cofinimmo (64,10) et Sofina (244,80) de 1,23 et 0,73 %".
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from pledgewatch.extract.companies import CompanyMention
from pledgewatch.extract.quote_patterns import (
    NAME,
    NUMBER,
    PRICE,
    Figure,
    Move,
    after_re,
    and_words,
    as_figure,
    currency_words,
    figure_re,
    make_move,
)
from pledgewatch.extract.quote_subjects import is_name, is_quotable, move_sign


def more_figures(text: str, pos: int) -> list[Figure]:
    """Figures listed after a move's own: "de 1,6 % à 158 HKD et de 1 % à 304 HKD"."""
    found = []
    joined = re.compile(rf"\s*(?:,\s*(?:(?:{and_words()})\s+)?|\s+(?:{and_words()})\s+)(?:de\s+)?(?=\d)")
    while (sep := joined.match(text, pos)) and (m := figure_re().match(text, sep.end())):
        if after_re().match(text, m.end()):
            break
        found.append(as_figure(m))
        pos = m.end()
    return found


def listed_names(doc: Doc, companies: list[CompanyMention], start: int, end: int) -> list[CompanyMention]:
    """Quotable names in ``doc.text[start:end]``, in order: mentions, and capitalised names
    right before a bracketed price ("Syensqo (78,94)"); a ticker in brackets is left out."""
    text = doc.text
    names = [c for c in companies if start <= c.start and c.end <= end and is_quotable(c.name)
             and not text[:c.start].rstrip().endswith("(")]
    spans = [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w'’])(?:{NAME})(?=\s*\(\s*(?:{PRICE})\s*\))",
                                                        text[:end]) if m.start() >= start]
    span = doc.char_span(start, end, alignment_mode="contract")
    spans += [(t.idx, t.idx + len(t)) for t in (span or []) if (is_name(t) or _coordinated(t, names) or _listed(t))
              and not text[:t.idx].rstrip().endswith("(")]
    for at, to in sorted(spans):
        name = text[at:to]
        if not any(c.start <= at < c.end for c in names) and is_quotable(name) and not _is_place(doc, at, to):
            names.append(CompanyMention(at, to, name, name, None, "subject"))
    return sorted(names, key=lambda c: c.start)


def _listed(token: Token) -> bool:
    """Whether a capitalised word right before its figure in a list of movers is a name,
    whatever place the recogniser took it for ("Euronext 1 %, Tikehau 0,5 %"); a place the
    gazetteer knows stays one (``_is_place``)."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return (token.text[:1].isupper() and not token.is_sent_start and token.ent_type_ == "LOC"
            and following is not None and following.like_num)


def _coordinated(token: Token, names: list[CompanyMention]) -> bool:
    """Whether a capitalised proper name is coordinated with a company named in the list
    ("SPS et ABB"): conjuncts are of one kind, whatever place or person the recogniser saw."""
    if token.pos_ not in ("PROPN", "X") or not token.text[:1].isupper():
        return False
    joined = [c for c in token.children if c.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])
    return any(c.start <= t.idx < c.end for t in joined for c in names)


def bracket_price(text: str, company: CompanyMention) -> tuple[str | None, str | None]:
    """A price in brackets right after a name: "Galapagos (27,74)", "Renault (40 euros)"."""
    m = _bracketed_price().match(text, company.end)
    return (m.group("price"), m.group("currency")) if m else (None, None)


@lru_cache(maxsize=1)
def _bracketed_price() -> re.Pattern[str]:
    """A price in brackets, its currency word optional: " (27,74)", " (40 euros)"."""
    return re.compile(rf"\s*\(\s*(?P<price>{PRICE})(?:\s?(?P<currency>{currency_words()}))?\s*\)")


def paired_moves(doc: Doc, companies: list[CompanyMention], start: int, end: int, cue: Token,
                  figures: list[Figure], **marks: bool) -> list[Move]:
    """Moves of the companies listed in ``doc.text[start:end]``, paired in order with their
    figures ("X et Y ont reculé respectivement de 1 % et 2 %"); none when fewer names than
    figures are listed."""
    names = listed_names(doc, companies, start, end)
    if len(names) < len(figures):
        return []
    moves = []
    for company, figure in zip(names[-len(figures):], figures):
        if figure.price is None:
            price, currency = bracket_price(doc.text, company)
            figure = replace(figure, price=price, currency=currency)
        moves.append(make_move(company, move_sign(cue), figure, company.start, **marks))
    return moves


def _is_place(doc: Doc, start: int, end: int) -> bool:
    """Whether the name at ``doc.text[start:end]`` holds a place the pipeline found ("A Paris")."""
    return any(p.start < end and start < p.end for p in doc._.places or [])


def group_start(text: str, pos: int) -> int:
    """Where the names of a listed move before ``pos`` may start: after the last figure,
    bracket or sentence end."""
    ends = [m.end() for m in re.finditer(r"%\)?|[.!?](?=\s)|\n", text[:pos])]
    return ends[-1] if ends else 0


def each_moves(doc: Doc, companies: list[CompanyMention], m: re.Match[str], sign: int) -> list[Move]:
    """The same bracketed move for each of the names coordinated right before it: "Geberit
    et Dufry (+1,3 % chacun)"."""
    text = doc.text
    listed = re.compile(rf"(?<![\w'’])(?:{NAME})(?:\s*,\s*(?:{NAME}))*\s+(?:{and_words()})\s+(?:{NAME})\s*$")
    coordinated = listed.search(text, group_start(text, m.start()), m.start())
    if coordinated is None:
        return []
    moves = []
    for name in re.finditer(NAME, text[:coordinated.end()].rstrip()):
        if (name.start() < coordinated.start() or not is_quotable(name.group())
                or _is_place(doc, name.start(), name.end())):
            continue
        company = next((c for c in companies if c.start == name.start() and c.end == name.end()),
                       CompanyMention(name.start(), name.end(), name.group(), name.group(), None, "subject"))
        moves.append(make_move(company, sign, as_figure(m), company.start, close=True))
    return moves


@lru_cache(maxsize=1)
def _continuation_re() -> re.Pattern[str]:
    """Names (with bracketed prices) and the start of their figures, after a listed move:
    ", Valeo 2,57 %", "et Trigano 2,66 %", ", Cofinimmo (64,10) et Sofina (244,80) de 1,23 et"."""
    named = rf"(?:{NAME})(?:\s*\(\s*(?:{PRICE})\s*\))?"
    joins = and_words()
    return re.compile(rf"(?:\s*[,;]\s*(?:(?:{joins})\s+)?|\s+(?:{joins})\s+)"
                      rf"(?P<names>{named}(?:\s*(?:,|{joins})\s+{named})*)"
                      rf"\s+(?:de\s+)?(?P<shared>(?:{NUMBER}(?:,\s+|\s+(?:{joins})\s+))*)(?=\d)")


def continuations(doc: Doc, companies: list[CompanyMention], pos: int, cue: Token,
                   **marks: bool) -> list[Move]:
    """Moves listed after a move, with the same sign: ", Valeo 2,57 %", "et Trigano 2,66 %
    à 138,70 euros", ", Cofinimmo (64,10) et Sofina (244,80) de 1,23 et 0,73 %"."""
    found, text = [], doc.text
    while (m := _continuation_re().match(text, pos)) and (figure := figure_re().match(text, m.end())):
        if figure.group("sign") or after_re().match(text, figure.end()):
            break
        figures = [Figure(pct, None, None, figure.start()) for pct in re.findall(NUMBER, m.group("shared"))]
        figures += [as_figure(figure)] + more_figures(text, figure.end())
        moves = paired_moves(doc, companies, m.start("names"), m.end("names"), cue, figures, **marks)
        if not moves:
            break
        found += moves
        pos = figures[-1].end
    return found
