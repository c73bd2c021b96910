"""Time expressions and deadlines: find them in a text and normalise them to partial ISO dates.

All words come from ``lang/<lang>/time.yml``, compiled by ``time_grammar.py``; this module matches
and resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pledgewatch import langdata
from pledgewatch.extract.time_grammar import Grammar, grammar, normal_form
from pledgewatch.settings import SUPPORTED_LANGS

CUES: tuple[str, ...] = ("by", "from", "in", "past", "vague")
"""Every value of ``TimeExpr.cue``."""

_CUE_WINDOW = 60
_MAX_STACKED_CUES = 3
_DATELINE_CHARS = 200
_MAX_RANGE_YEARS = 50


@dataclass(frozen=True)
class TimeExpr:
    """A time expression: its span (cue words included), partial ISO value and cue."""

    start: int
    end: int
    text: str
    value: str | None
    cue: str


@dataclass(frozen=True)
class _Pub:
    """A publication date, as far as it is known."""

    year: int
    month: int | None


@dataclass(frozen=True)
class _Core:
    """A time expression without its cue words, as read by one pattern."""

    start: int
    end: int
    value: str | None
    hint: str | None  # cue implied by the expression itself
    needs: str | None  # "cue" or "duration": only valid with such a cue before it
    months: int = 0  # length of a duration


def _iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """Partial ISO date, or None without a year."""
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _parse_published(published: str | None) -> _Pub | None:
    """Year and month of a partial ISO publication date."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?", published or "")
    if not m:
        return None
    return _Pub(int(m[1]), int(m[2]) if m[2] else None)


PAST_MONTH_REACH = 1
"""How many months before the publication a month named without its year ("en octobre",
written in November) is the one just past, not the one to come eleven months later."""
RECENT_MONTHS = 3
"""How many months before the publication what was announced is still the news."""


def is_recent(value: str | None, published: str | None) -> bool:
    """True for a date (month or day) in the few months before the publication: what was
    announced then is still the news ("l'annonce est arrivée en octobre", written in November)."""
    when, pub = _parse_published(value), _parse_published(published)
    if when is None or pub is None or when.month is None or pub.month is None:
        return False
    return 0 <= (pub.year - when.year) * 12 + pub.month - when.month <= RECENT_MONTHS


def _next_year_of(month: int, pub: _Pub | None) -> int | None:
    """Year of the first such month on or after the publication month."""
    if pub is None:
        return None
    if pub.month is None or month >= pub.month:
        return pub.year
    return pub.year + 1


def _last_year_of(month: int, pub: _Pub) -> int:
    """Year of the last such month before the publication month."""
    return pub.year if pub.month and month < pub.month else pub.year - 1


def _nearest_year_of(month: int, pub: _Pub | None) -> int | None:
    """Year putting this month closest to the publication month (for a day without year)."""
    if pub is None or pub.month is None:
        return pub.year if pub else None
    published = pub.year * 12 + pub.month
    years = (pub.year - 1, pub.year, pub.year + 1)
    return min(years, key=lambda y: abs(y * 12 + month - published))


def _add_months(pub: _Pub | None, months: int) -> str | None:
    """Publication date shifted by some months: a year when whole years, else a month."""
    if pub is None:
        return None
    if months % 12 == 0 or pub.month is None:
        return _iso(pub.year + round(months / 12))
    total = pub.year * 12 + pub.month - 1 + months
    return _iso(total // 12, total % 12 + 1)


def _int(m: re.Match[str], group: str) -> int | None:
    """An integer group, or None when absent."""
    return int(m[group]) if m[group] else None


def _part_month(g: Grammar, m: re.Match[str]) -> int | None:
    """Month meant by a part of the year ("fin" → 12), None without one."""
    return g.lookup("parts", m["part"]) if m["part"] else None


def _core_iso(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """ISO or numeric date written in the text."""
    y, mon, d = int(m["y"]), int(m["m"]), _int(m, "d")
    if d is not None and not _valid_day(y, mon, d):
        return None
    return _Core(m.start(), m.end(), _iso(y, mon, d), None, None)


def _valid_day(year: int, month: int, day: int) -> bool:
    """Tell whether a calendar day exists."""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _core_day(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A day and month, with or without a year ("13 mai 2024")."""
    mon = g.lookup("months", m["mon"])
    d = int(m["d"]) if m["d"].isdigit() else g.lookup("day_words", m["d"])
    y = _int(m, "y") or _nearest_year_of(mon, pub)
    if y is not None and not _valid_day(y, mon, d):
        return None
    return _Core(m.start(), m.end(), _iso(y, mon, d) if y else None, None, None)


def _core_month(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A month, with an optional part and year ("fin mars 2026", "septembre")."""
    mon = g.lookup("months", m["mon"])
    y = _int(m, "y") or _next_year_of(mon, pub)
    needs = None if m["y"] or m["part"] else "cue"
    if not m["y"] and pub is not None and pub.month is not None and 0 < (pub.month - mon) % 12 <= PAST_MONTH_REACH:
        y = _last_year_of(mon, pub)  # "en octobre", written in November: last October
        return _Core(m.start(), m.end(), _iso(y, mon), "past", needs)
    return _Core(m.start(), m.end(), _iso(y, mon), None, needs)


def _core_season(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A season: its first month ("au printemps 2025", "cet automne", "l'été dernier")."""
    mon = g.lookup("seasons", m["s"])
    hint = needs = None
    if m["y"]:
        y = int(m["y"])
    elif m["next"]:
        step = g.lookup("next_words", m["next"])
        y = _next_year_of(mon, pub)
        if step < 0 and pub is not None:
            y, hint = _last_year_of(mon, pub), "past"
        elif step < 0:
            hint = "past"
    elif m["det"] and normal_form(m["det"]) in map(normal_form, g.data["season_demonstratives"]):
        y = pub.year if pub else None
    else:
        y, needs = _next_year_of(mon, pub), "cue"
    return _Core(m.start(), m.end(), _iso(y, mon), hint, needs)


def _core_period(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A half or quarter of a year: its last month ("premier semestre 2026" → 2026-06)."""
    size = g.lookup("period_nouns", m["pn"])
    return _period(m, size, g.lookup("ordinals", m["ord"]), pub)


def _core_abbrev(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """An abbreviated half or quarter ("T1 2026", "S2 2025")."""
    return _period(m, g.data["period_abbrevs"][m["ab"]], int(m["n"]), pub)


def _period(m: re.Match[str], size: int, rank: int, pub: _Pub | None) -> _Core | None:
    """The last month of the rank-th period of ``size`` months."""
    if rank * size > 12:
        return None
    y = _int(m, "y") or (pub.year if pub else None)
    return _Core(m.start(), m.end(), _iso(y, rank * size), None, None)


def _core_part_year(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A part of a year ("fin 2025", "mi-2026", "la fin de l'année 2025", "courant 2026")."""
    return _Core(m.start(), m.end(), _iso(int(m["y"]), _part_month(g, m)), None, None)


def _core_range(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A span of years ("2025-2030", "entre 2025 et 2030"): its end."""
    y1, y2 = int(m["y1"]), int(m["y2"])
    if not y1 < y2 <= y1 + _MAX_RANGE_YEARS or (m["link"] and not m["open"]):
        return None
    return _Core(m.start(), m.end(), _iso(y2), "by", None)


def _core_year(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A bare year."""
    return _Core(m.start(), m.end(), _iso(int(m["y"])), None, None)


def _core_rel_year(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A year named from the publication ("l'an prochain", "la fin de l'année prochaine")."""
    return _relative(g, m, g.lookup("relative_years", m["rel"]), pub)


def _core_rel_after_part(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """The current year after a part ("la fin de l'année", "fin d'année")."""
    offset = g.lookup("relative_years_after_part", m["rel"])
    return _relative(g, m, offset + (g.lookup("next_words", m["next"]) if m["next"] else 0), pub)


def _relative(g: Grammar, m: re.Match[str], offset: int, pub: _Pub | None) -> _Core:
    """The publication year shifted by ``offset``, at the month of the part if any."""
    value = _iso(pub.year + offset, _part_month(g, m)) if pub else None
    return _Core(m.start(), m.end(), value, "past" if offset < 0 else None, None)


def _core_duration(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """A duration ("trois ans", "18 mois"); its cue gives it a direction later."""
    n = int(m["n"]) if m["n"].isdigit() else g.lookup("numbers", m["n"])
    months = n * g.lookup("duration_units", m["u"])
    return _Core(m.start(), m.end(), None, None, "duration", months)


def _core_vague(g: Grammar, m: re.Match[str], pub: _Pub | None) -> _Core | None:
    """An expression with no resolvable date ("prochainement")."""
    return _Core(m.start(), m.end(), None, "vague", None)


_HANDLERS: dict[str, Callable[[Grammar, re.Match[str], _Pub | None], _Core | None]] = {
    "iso": _core_iso,
    "numeric": _core_iso,
    "day": _core_day,
    "month": _core_month,
    "season": _core_season,
    "period": _core_period,
    "abbrev": _core_abbrev,
    "part_year": _core_part_year,
    "range": _core_range,
    "year": _core_year,
    "rel_year": _core_rel_year,
    "rel_after_part": _core_rel_after_part,
    "duration": _core_duration,
    "vague": _core_vague,
}
_YEAR_ENDED = {"range", "year", "part_year"}


def _cores(text: str, g: Grammar, pub: _Pub | None) -> list[_Core]:
    """Every candidate expression, longest first at each start, amounts excluded."""
    found = []
    for kind, pattern in g.patterns:
        for m in pattern.finditer(text):
            if kind in _YEAR_ENDED and _is_amount(text, m, g):
                continue
            core = _HANDLERS[kind](g, m, pub)
            if core is not None:
                found.append(core)
    return sorted(found, key=lambda c: (c.start, -c.end))


def _is_amount(text: str, m: re.Match[str], g: Grammar) -> bool:
    """Tell whether a year-like match is rather a count ("2027 emplois", "dont 1900")."""
    before = g.not_year_before.search(text, max(0, m.start() - _CUE_WINDOW), m.start())
    return bool(g.count_noun.match(text, m.end()) or before)


def _cue_before(
    text: str, start: int, floor: int, pattern: re.Pattern[str]
) -> re.Match[str] | None:
    """A cue phrase ending right before ``start`` and not reaching below ``floor``."""
    m = pattern.search(text, max(floor, start - _CUE_WINDOW), start)
    return m if m and m.start() >= floor else None


def _with_cues(
    text: str, core: _Core, floor: int, g: Grammar, pub: _Pub | None
) -> TimeExpr | None:
    """Extend a core expression over its cue words and settle its value and cue."""
    start, value, cues = core.start, core.value, []
    if core.needs == "duration":
        m = _cue_before(text, start, floor, g.duration_cue)
        if m is None:
            return None
        cue, sign = g.lookup("duration_cues", m[0])
        start, cues, value = m.start(), [cue], _add_months(pub, sign * core.months)
    for _ in range(_MAX_STACKED_CUES):
        m = _cue_before(text, start, floor, g.cue)
        if m is None:
            break
        cues.append(g.kind_of("cues", m[0]))
        start = m.start()
    if core.needs == "cue" and not cues:
        return None
    end = core.end
    suffix = g.suffix_cue.match(text, end)
    if suffix:
        end = suffix.end()
        cues.insert(0, g.kind_of("suffix_cues", suffix[0]))
    return TimeExpr(start, end, text[start:end], value, _settle_cue(core.hint, cues, value, pub))


def _settle_cue(hint: str | None, cues: list[str], value: str | None, pub: _Pub | None) -> str:
    """The expression's own cue, else the strongest cue word; past when before publication."""
    strong = [c for c in cues if c != "in"]
    if hint in ("past", "vague"):
        return hint
    cue = strong[0] if strong else hint or "in"
    if value and pub and cue != "past":
        published = _iso(pub.year, pub.month) or ""
        n = min(len(value), len(published))
        if value[:n] < published[:n]:
            return "past"
    return cue


def find_times(text: str, published: str | None, lang: str = "fr") -> list[TimeExpr]:
    """Time expressions of ``text`` (its leading dateline aside), sorted and non-overlapping,
    relative ones resolved against ``published``."""
    g, pub = grammar(lang), _parse_published(published)
    dateline = _dateline(text)
    chosen: list[TimeExpr] = []
    for core in _cores(text, g, pub):
        floor = chosen[-1].end if chosen else (dateline[1] if dateline else 0)
        if core.start < floor:
            continue
        expr = _with_cues(text, core, floor, g, pub)
        if expr is not None:
            chosen.append(expr)
    return chosen


def parse_dateline(text: str) -> str | None:
    """Publication date (partial ISO) from a dateline at the very start of ``text``, else None."""
    dateline = _dateline(text)
    return dateline[0] if dateline else None


DATELINE_TAIL = re.compile(r"[ \t]*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ .-]+(?:,[ \t]*[\w.]+)?[ \t]*(?=\())?"
                           r"(?:\([^()\n]{1,40}\))?[ \t]*[-–—:]?[ \t]*")
"""What closes a dateline after its date: a place and the agency, and a dash ("(AOF) - ",
"NEW CARLISLE, Ind. (AP) — ")."""


def dateline_end(text: str) -> int | None:
    """Where the body starts after a leading dateline ("date 2024-05 (AOF) - "), or None."""
    dateline = _dateline(text)
    if dateline is None:
        return None
    return DATELINE_TAIL.match(text, dateline[1]).end()


def _dateline(text: str) -> tuple[str, int] | None:
    """Date of a leading dateline and the offset where that date ends."""
    lead = len(text) - len(text.lstrip())
    head = text[lead : lead + _DATELINE_CHARS].split("\n", 1)[0]
    for lang in SUPPORTED_LANGS:
        if not langdata.available(lang, "time"):
            continue
        g = grammar(lang)
        pos = g.dateline_prefix.match(head).end()  # type: ignore[union-attr]
        for kind, pattern in g.patterns:
            m = pattern.match(head, pos) if kind in ("iso", "numeric", "day") else None
            core = _HANDLERS[kind](g, m, None) if m else None
            if core is not None and core.value:
                return core.value, lead + core.end
    return None
