"""Find amounts and counted quantities ("4 milliards d'euros", "plus de 500 emplois") in a text.

All words come from ``lang/<lang>/{numbers,units,currencies,qualifiers}.yml``. A quantity is
parsed as: [qualifier] number [multipliers] [connector] [fillers] [unit] [qualifier], where the
number is written in digits, in words (read by text2num) or is a vague determiner ("des
milliers": value None, qualifier about), and multipliers are scales ("milliard", "Md") and
approximations ("une trentaine": 30, qualifier about). Ranges ("entre 8 000 et 10 000 emplois")
share the scale and the unit of their second figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

import pycountry
from text_to_num import text2num

from pledgewatch.langdata import load

SPACE = "[\\s\u00a0\u202f]"
_DIGITS = re.compile(
    r"(?P<sign>[-−+])?"
    r"(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3}(?!\d))+|\d{1,3}(?:\.\d{3}(?!\d))+|\d+)"
    r"(?:[,.](?P<frac>\d+))?"
)
_BEFORE_DIGIT = re.compile(r"[\w.,/\-−+]")
_BEFORE_SIGN = re.compile(r"[\w.,]")
_AFTER_DIGITS = re.compile(r"[/:]\d|[^\W\d_]")
_SPACES = re.compile(SPACE + "*")
_SEPARATORS = re.compile(f"(?:{SPACE}|-)+")
_TOKENS = re.compile(r"[^\s\u00a0\u202f-]+")
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d")


@dataclass(frozen=True)
class Quantity:
    """A figure found in a text, with its unit in normal form and its hedge."""

    start: int
    end: int
    text: str
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str
    raw_unit: str | None


@dataclass(frozen=True)
class _Entry:
    """What a data form stands for: a unit, a multiplier or a qualifier."""

    name: str
    factor: Decimal = Decimal(1)
    bound: bool = False


def _key(form: str) -> str:
    """Normalise apostrophes, hyphens and spaces of a form for dictionary look-ups."""
    form = form.replace("’", "'").replace("‐", "-").replace("‑", "-")
    return re.sub(SPACE + "+", " ", form)


def _form_pattern(form: str) -> str:
    """Regex for one data form: lower-case forms match any case, words keep their bounds."""
    swaps = {"'": "['’]", " ": SPACE + "+", "-": "[-‐‑]"}
    body = "".join(swaps.get(ch, re.escape(ch)) for ch in form)
    if form == form.lower():
        body = f"(?i:{body})"
    if form[0].isalnum():
        body = r"(?<![^\W\d_])" + body
    if form[-1].isalnum():
        body += r"(?!\w)"
    return body


class _Table:
    """A set of forms, each standing for an entry; matches forward or just before a position."""

    def __init__(self, entries: dict[str, _Entry]) -> None:
        forms = sorted((f for f in entries if f), key=len, reverse=True)
        alternation = "|".join(_form_pattern(f) for f in forms) or "(?!)"
        self.forward = re.compile(f"(?:{alternation})")
        self.backward = re.compile(f"(?:{alternation}){SPACE}*\\Z")
        self.exact = {_key(f): e for f, e in entries.items() if f != f.lower()}
        self.folded = {_key(f).lower(): e for f, e in entries.items() if f == f.lower()}

    def entry(self, matched: str) -> _Entry:
        """The entry of a matched text."""
        key = _key(matched)
        return self.exact.get(key) or self.folded[key.lower()]

    def match(self, text: str, pos: int) -> tuple[int, int, _Entry] | None:
        """Match a form at ``pos``: (start, end, entry)."""
        m = self.forward.match(text, pos)
        return (m.start(), m.end(), self.entry(m.group())) if m else None

    def match_before(self, text: str, lo: int, pos: int) -> tuple[int, _Entry] | None:
        """Match a form ending (give or take spaces) at ``pos``, starting at ``lo`` or later."""
        m = self.backward.search(text, lo, pos)
        if not m:
            return None
        return m.start(), self.entry(m.group().rstrip())


def _table(groups: list[dict[str, Any]], name_key: str) -> _Table:
    """Build a table from YAML groups ``{<name_key>: ..., forms: [...], factor?, bound?}``.

    ``needs_scale`` (ambiguous units) is read as ``bound``: kept only after a scale.
    """
    entries: dict[str, _Entry] = {}
    for group in groups:
        entry = _Entry(
            name=str(group[name_key]),
            factor=Decimal(str(group.get("factor", 1))),
            bound=bool(group.get("bound") or group.get("needs_scale")),
        )
        entries.update({str(form): entry for form in group["forms"]})
    return _Table(entries)


def _plain(forms: list[str]) -> _Table:
    """A table of forms that only need to be recognised (their entries carry no data)."""
    return _Table({str(f): _Entry("") for f in forms})


@dataclass(frozen=True)
class _Rule:
    """A range pattern: opening forms, joining forms, whether the second figure needs a unit."""

    open: _Table
    join: _Table
    bare: bool
    unit_required: bool


@dataclass(frozen=True)
class _Lang:
    """The compiled language data of one language."""

    words: re.Pattern[str]
    needs_multiplier: frozenset[str]
    article_units: frozenset[str]
    scales: _Table
    approximations: _Table
    vague: _Table
    connectors: _Table
    halves: _Table
    units: _Table
    fillers: _Table
    before: _Table
    after: _Table
    ranges: tuple[_Rule, ...]
    starts: re.Pattern[str]


def _qualifier_table(by_qualifier: dict[str, list[str]]) -> _Table:
    """Table of qualifier forms keyed by qualifier name."""
    return _Table({str(f): _Entry(q) for q, forms in by_qualifier.items() for f in forms})


def _rule(data: dict[str, Any]) -> _Rule:
    """Compile one range rule."""
    opens = [str(f) for f in data["open"]]
    return _Rule(
        open=_plain(opens),
        join=_plain(data["join"]),
        bare="" in opens,
        unit_required=bool(data.get("unit_required")),
    )


@cache
def _lang(lang: str) -> _Lang:
    """Load and compile the amount vocabulary of ``lang``."""
    numbers = load(lang, "numbers")
    units = load(lang, "units")
    qualifiers = load(lang, "qualifiers")
    word = "|".join(_form_pattern(w) for w in sorted(numbers["words"], key=len, reverse=True))
    joiner = "|".join(_form_pattern(w) for w in numbers["word_joiners"])
    words = re.compile(f"(?:{word})(?:(?:{SPACE}+|-)(?:{word}|{joiner}))*")
    vague = _plain(numbers["vague"])
    return _Lang(
        words=words,
        needs_multiplier=frozenset(numbers["needs_multiplier"]),
        article_units=frozenset(numbers["article_units"]),
        scales=_table(numbers["scales"], "value"),
        approximations=_table(numbers["approximations"], "value"),
        vague=vague,
        connectors=_plain(numbers["connectors"]),
        halves=_plain(numbers["halves"]),
        units=_table(units["units"] + load(lang, "currencies"), "unit"),
        fillers=_plain(units["fillers"]),
        before=_qualifier_table(qualifiers["before"]),
        after=_qualifier_table(qualifiers["after"]),
        ranges=tuple(_rule(r) for r in qualifiers["ranges"]),
        starts=re.compile(f"[-−+]?\\d|{word}|{vague.forward.pattern}"),
    )


@dataclass(frozen=True)
class _Piece:
    """One figure as parsed: number × multiplier, then its unit."""

    start: int
    end: int
    number: Decimal | None
    multiplier: Decimal
    has_scale: bool
    approximate: bool
    is_year: bool
    unit: _Entry | None
    raw_unit: str | None


def _digits(text: str, pos: int) -> tuple[int, Decimal] | None:
    """A number written in digits at ``pos``, with French separators: (end, value)."""
    m = _DIGITS.match(text, pos)
    if not m or (pos > 0 and _BEFORE_DIGIT.match(text[pos - 1]) and not m["sign"]):
        return None
    if m["sign"] and pos > 0 and _BEFORE_SIGN.match(text[pos - 1]):
        return None
    whole = re.sub(r"[^\d]", "", m["int"])
    value = Decimal(f"{whole}.{m['frac'] or 0}")
    return m.end(), -value if m["sign"] in ("-", "−") else value


def _words(lang: _Lang, text: str, pos: int) -> tuple[int, Decimal, str] | None:
    """A number written in words at ``pos``: (end, value, kind: needs, words or word).

    "needs": an article-like word kept only before a multiplier; "word": a single word,
    kept only with a multiplier or a unit.
    """
    m = lang.words.match(text, pos)
    if not m:
        return None
    tokens = list(_TOKENS.finditer(m.group()))
    for count in range(len(tokens), 0, -1):
        phrase = m.group()[: tokens[count - 1].end()]
        try:
            value = text2num(_SEPARATORS.sub(" ", phrase.lower()), "fr")
        except ValueError:
            continue
        kind = "words" if count > 1 else "word"
        if phrase.lower() in lang.needs_multiplier:
            kind = "needs"
        return pos + len(phrase), Decimal(value), kind
    return None


def _is_year(written: str) -> bool:
    """Whether a number is written like a year (four plain digits)."""
    return _YEAR.fullmatch(written) is not None


def _skip(text: str, pos: int) -> int:
    """Position after the spaces at ``pos``."""
    return _SPACES.match(text, pos).end()


def _measured(lang: _Lang, text: str, pos: int, kind: str) -> bool:
    """True when an article-like word counts a unit of measure ("un gigawatt", "un exaflop")."""
    unit = _unit(lang, text, pos, False, False) if kind == "needs" else None
    return unit is not None and unit[2].name in lang.article_units


def _unit(
    lang: _Lang, text: str, pos: int, linked: bool, scaled: bool
) -> tuple[int, int, _Entry, int] | None:
    """A unit after a figure ending at ``pos``: (unit start, end, entry, raw start).

    ``linked``: a connector ("de") may come first; ``scaled``: the figure has a scale.
    """
    here = _skip(text, pos)
    connector = lang.connectors.match(text, here) if linked else None
    for begin in ([connector[1]] if connector else []) + [here]:
        cur, filled = _skip(text, begin), False
        while filler := lang.fillers.match(text, cur):
            cur, filled = _skip(text, filler[1]), True
        found = lang.units.match(text, cur)
        if found and (scaled or not found[2].bound):
            raw = here if connector and begin == connector[1] and not filled else found[0]
            return found[0], found[1], found[2], raw
    return None


def _scale(lang: _Lang, text: str, pos: int) -> tuple[int, int, _Entry] | None:
    """A scale or approximation word at ``pos``; bound scales need a unit right after."""
    found = lang.scales.match(text, pos) or lang.approximations.match(text, pos)
    if found and found[2].bound and not _unit(lang, text, found[1], False, True):
        return None
    return found


@dataclass(frozen=True)
class _Multiplier:
    """Scales and approximations found after a number."""

    end: int
    product: Decimal = Decimal(1)
    has_scale: bool = False
    approximate: bool = False
    first: int = -1
    last: int = -1


def _multipliers(lang: _Lang, text: str, pos: int) -> _Multiplier:
    """Read the scales and approximations after a number ending at ``pos``."""
    found_any = _Multiplier(end=pos)
    cur = _skip(text, pos)
    while found := _scale(lang, text, cur):
        is_scale = lang.scales.match(text, cur) is not None
        found_any = _Multiplier(
            end=found[1],
            product=found_any.product * Decimal(found[2].name),
            has_scale=found_any.has_scale or is_scale,
            approximate=found_any.approximate or not is_scale,
            first=found[0] if found_any.first < 0 else found_any.first,
            last=found[0],
        )
        connector = lang.connectors.match(text, _skip(text, found[1]))
        if not connector:
            break
        cur = _skip(text, connector[1])
    return found_any


def _number(lang: _Lang, text: str, pos: int) -> tuple[int, Decimal | None, str] | None:
    """The number at ``pos``: (end, value or None when vague, kind: digits, vague, word...)."""
    if found := _digits(text, pos):
        return found[0], found[1], "digits"
    if found := _words(lang, text, pos):
        return found
    if found := lang.vague.match(text, pos):
        return found[1], None, "vague"
    return None


def _half(lang: _Lang, text: str, mult: _Multiplier) -> tuple[int, Decimal]:
    """A "et demi" after a scale: (new end, amount to add to the number)."""
    half = lang.halves.match(text, _skip(text, mult.end)) if mult.has_scale else None
    return (half[1], Decimal("0.5")) if half else (mult.end, Decimal(0))


def _piece(lang: _Lang, text: str, pos: int) -> _Piece | None:
    """Parse one figure (number, multipliers, unit) starting at ``pos``."""
    found = _number(lang, text, pos)
    if not found:
        return None
    end, number, kind = found
    mult = _multipliers(lang, text, end)
    multiplied = mult.first >= 0
    if kind in ("needs", "vague") and not multiplied and not _measured(lang, text, end, kind):
        return None
    mult_end, extra = _half(lang, text, mult)
    unit = _unit(lang, text, mult_end, multiplied, mult.has_scale)
    if kind == "word" and not (multiplied or unit):
        return None
    glued_to = mult.first if multiplied else (unit[0] if unit else -1)
    if kind == "digits" and _AFTER_DIGITS.match(text, end) and glued_to != end:
        return None
    raw_start = unit[3] if unit else None
    if unit and mult.has_scale and unit[0] == mult_end:
        raw_start = mult.last
    return _Piece(
        start=pos,
        end=unit[1] if unit else mult_end,
        number=None if number is None else number + extra,
        multiplier=mult.product,
        has_scale=mult.has_scale,
        approximate=mult.approximate or kind == "vague",
        is_year=kind == "digits" and not (multiplied or unit) and _is_year(text[pos:end]),
        unit=unit[2] if unit else None,
        raw_unit=text[raw_start : unit[1]] if unit else None,
    )


def _value(number: Decimal | None, multiplier: Decimal, unit: _Entry | None) -> float | None:
    """Fully expanded value of a figure in its normal unit."""
    if number is None:
        return None
    return float(number * multiplier * (unit.factor if unit else 1))


def _quantity(
    text: str, start: int, end: int, first: _Piece, last: _Piece, qualifier: str
) -> Quantity:
    """Build the public Quantity from one figure (``first is last``) or a range's two figures."""
    unit = last.unit or first.unit
    value_max = _value(last.number, last.multiplier, unit) if first is not last else None
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=_value(first.number, first.multiplier, unit),
        value_max=value_max,
        unit=unit.name if unit else None,
        qualifier=qualifier,
        raw_unit=last.raw_unit or first.raw_unit,
    )


def _range_pair(text: str, first: _Piece, second: _Piece, rule: _Rule) -> tuple[_Piece, _Piece] | None:
    """Check two figures form a range; the first takes the second's scale when it lacks one,
    a word ("8 et 10 milliards") or groups of thousands ("entre 350 et 500 000")."""
    if first.number is None or second.number is None or (first.is_year and second.is_year):
        return None
    if first.unit and second.unit and first.unit.name != second.unit.name:
        return None
    if rule.unit_required and (first.unit or not second.unit):
        return None
    if not first.has_scale and second.has_scale and first.number <= second.number:
        first = replace(first, multiplier=second.multiplier, has_scale=True)
    groups = len(THOUSANDS_GROUP.findall(text[second.start:second.end]))
    if groups and not first.has_scale and first.number < 1000 and \
            not THOUSANDS_GROUP.search(text[first.start:first.end]) and first.number * 1000 ** groups <= second.number:
        first = replace(first, number=first.number * 1000 ** groups)  # "entre 10 et 15 000 emplois": 10 000
    if first.number * first.multiplier >= second.number * second.multiplier:
        return None
    return first, second


THOUSANDS_GROUP = re.compile(r"(?<=\d)[\s\u00a0\u202f.]\d{3}(?!\d)")
"""A group of three digits after a thousands separator ("15 000", "500.000")."""


def _as_range(lang: _Lang, text: str, piece: _Piece, floor: int) -> Quantity | None:
    """The range opened before ``piece`` and closed after it, if any."""
    for rule in lang.ranges:
        opener = None if rule.bare else rule.open.match_before(text, floor, piece.start)
        join = rule.join.match(text, _skip(text, piece.end))
        if not join or not (rule.bare or opener) or _skip(text, join[1]) == join[1]:
            continue
        second = _piece(lang, text, _skip(text, join[1]))
        pair = second and _range_pair(text, piece, second, rule)
        if pair:
            start = opener[0] if opener else piece.start
            return _quantity(text, start, second.end, pair[0], pair[1], "range")
    return None


def _as_single(lang: _Lang, text: str, piece: _Piece, floor: int) -> Quantity:
    """One figure with the hedges written before or after it."""
    before = lang.before.match_before(text, floor, piece.start)
    after = lang.after.match(text, _skip(text, piece.end))
    qualifier = "about" if piece.approximate else "exact"
    if after:
        qualifier = after[2].name
    if before:
        qualifier = before[1].name
    start = before[0] if before else piece.start
    end = after[1] if after else piece.end
    return _quantity(text, start, end, piece, piece, qualifier)


def find_quantities(text: str, lang: str = "fr") -> list[Quantity]:
    """Find the amounts and counted quantities of ``text``, sorted by start, non-overlapping."""
    data = _lang(lang)
    found: list[Quantity] = []
    pos = floor = 0
    while m := data.starts.search(text, pos):
        piece = _piece(data, text, m.start())
        if piece is None:
            pos = m.start() + 1
            continue
        quantity = _as_range(data, text, piece, floor) or _as_single(data, text, piece, floor)
        found.append(quantity)
        pos = floor = quantity.end
    return found


DURATION_UNITS = frozenset({"years", "months", "days", "weeks", "hours"})
"""Normalised units of a span of time."""


@cache
def is_currency(unit: str | None) -> bool:
    """True for an ISO 4217 currency code."""
    return bool(unit) and len(unit) == 3 and pycountry.currencies.get(alpha_3=unit) is not None
