"""The grammar of time expressions of one language: the patterns and lookup tables that
``times.py`` matches and resolves, compiled once from ``lang/<lang>/time.yml`` (all words come
from there; this module holds the generic shapes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from pledgewatch import langdata

YEAR = r"(?<![\d.,/])(?<!\d[ \u00a0\u202f])(?:19\d\d|20\d\d|2100)(?![\d/])(?![.,]\d)"
YEAR4 = r"(?:19|20)\d\d"
DAY = r"(?:0?[1-9]|[12]\d|3[01])"


def normal_form(text: str) -> str:
    """Lower-case, straight apostrophes, single spaces: the form used as data key."""
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


def _phrase(phrase: str) -> str:
    """Regex for one data phrase: any apostrophe, any spacing, capital A for a leading à."""
    words = []
    for word in phrase.split():
        pattern = re.escape(word).replace("'", "['’]")
        if word.startswith("à"):
            pattern = "(?:à|(?-i:A))" + pattern[1:]
        words.append(pattern)
    body = r"\s+".join(words)
    tail = r"(?!\w)" if phrase[-1].isalnum() or phrase[-1] == "." else ""
    return rf"(?<!\w){body}{tail}"


def _alt(phrases: Any) -> str:
    """Regex alternation of phrases, longest first."""
    ordered = sorted({str(p) for p in phrases}, key=len, reverse=True)
    return "(?:" + "|".join(_phrase(p) for p in ordered) + ")"


@dataclass(frozen=True)
class Grammar:
    """Compiled patterns and lookup tables for one language."""

    data: dict[str, Any]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    cue: re.Pattern[str]
    duration_cue: re.Pattern[str]
    suffix_cue: re.Pattern[str]
    count_noun: re.Pattern[str]
    not_year_before: re.Pattern[str]
    dateline_prefix: re.Pattern[str]

    def lookup(self, table: str, text: str) -> Any:
        """Value of a matched phrase in a data table."""
        keyed = {normal_form(str(k)): v for k, v in self.data[table].items()}
        norm = normal_form(text)
        return keyed[norm] if norm in keyed else keyed["à" + norm[1:]]

    def kind_of(self, table: str, text: str) -> str:
        """Key of the list, in a table of lists, that holds a matched phrase ("d'ici" → "by")."""
        norm = normal_form(text)
        for kind, phrases in self.data[table].items():
            keys = {normal_form(p) for p in phrases}
            if norm in keys or "à" + norm[1:] in keys:
                return str(kind)
        raise KeyError(text)


@cache
def grammar(lang: str) -> Grammar:
    """Build the grammar of a language from its ``time.yml``."""
    d = langdata.load(lang, "time")
    year = rf"(?P<y>{YEAR})"
    month = rf"(?P<mon>{_alt(d['months'])})"
    part = rf"(?:{_alt(d['part_articles'])}\s+)?(?P<part>{_alt(d['parts'])})"
    link = rf"(?:\s*-\s*|\s+{_alt(d['part_links'])}\s*|\s+)"
    year_noun = rf"(?:{_alt(d['year_nouns'])}\s+)"
    of = r"(?:\s+(?:de\s+|d['’])?)"
    next_word = rf"(?P<next>{_alt(d['next_words'])})"
    day = rf"(?P<d>{_alt(d['day_words'])}|(?<![\w,.]){DAY})"
    number = rf"(?P<n>(?<![\w,.])\d{{1,2}}|{_alt(d['numbers'])})"
    sources = {
        "iso": rf"(?<![\d-])(?P<y>{YEAR4})-(?P<m>0[1-9]|1[0-2])(?:-(?P<d>{DAY}))?(?![\d-])",
        "numeric": rf"(?<![\d/])(?P<d>{DAY})/(?P<m>0?[1-9]|1[0-2])/(?P<y>{YEAR4})(?![\d/])",
        "day": rf"(?:{_alt(d['day_articles'])}\s+)?(?:{_alt(d['weekdays'])}\s+)?{day}\s+{month}"
        rf"(?:\s+{year})?",
        "month": rf"(?:{part}{link})?{month}(?:{of}{year})?",
        "season": rf"(?:(?P<det>{_alt(d['season_demonstratives'])}"
        rf"|{_alt(d['season_articles'])})\s*)?"
        rf"(?P<s>{_alt(d['seasons'])})(?:{of}{year}|\s+{next_word})?",
        "period": rf"(?:{_alt(d['season_articles'])}\s*)?(?P<ord>{_alt(d['ordinals'])})\s+"
        rf"(?P<pn>{_alt(d['period_nouns'])})(?:{of}{year_noun}?{year})?",
        "abbrev": rf"(?<!\w)(?-i:(?P<ab>{'|'.join(d['period_abbrevs'])}))(?P<n>[1-4])"
        rf"\s*(?P<y>{YEAR4})(?!\d)",
        "part_year": rf"{part}{link}{year_noun}?{year}",
        "range": rf"(?:(?P<open>{_alt(d['range_openers'])})\s+)?(?P<y1>{YEAR})"
        rf"(?:\s*[-–]\s*|\s+(?P<link>{_alt(d['range_links'])})\s+)(?P<y2>{YEAR})",
        "year": year,
        "rel_year": rf"(?:{part}{link})?(?P<rel>{_alt(d['relative_years'])})",
        "rel_after_part": rf"{part}{link}(?P<rel>{_alt(d['relative_years_after_part'])})"
        rf"(?:\s+{next_word})?",
        "duration": rf"(?:{_alt(d['duration_articles'])}\s+)?{number}\s+"
        rf"(?:{_alt(d['duration_next'])}\s+)?(?P<u>{_alt(d['duration_units'])})"
        rf"(?:\s+{_alt(d['duration_tails'])})?",
        "vague": _alt(d["vague"]),
    }
    flags = re.IGNORECASE
    cue_phrases = [p for phrases in d["cues"].values() for p in phrases]
    suffix_phrases = [p for phrases in d["suffix_cues"].values() for p in phrases]
    return Grammar(
        data=d,
        patterns=tuple((k, re.compile(v, flags)) for k, v in sources.items()),
        cue=re.compile(rf"{_alt(cue_phrases)}\s*$", flags),
        duration_cue=re.compile(rf"{_alt(d['duration_cues'])}\s*$", flags),
        suffix_cue=re.compile(rf"\s*{_alt(suffix_phrases)}", flags),
        count_noun=re.compile(rf"\s*(?:de\s+|d['’])?{_alt(d['count_nouns'])}", flags),
        not_year_before=re.compile(rf"{_alt(d['not_year_after'])}\s*$", flags),
        dateline_prefix=re.compile(
            rf"\s*(?:{_alt(d['dateline_prefixes'])}\s*:?\s+|[^\W\d_][\w'’\- ]{{0,40}}?,\s*)?"
            rf"(?:{_alt(d['weekdays'])}\s+)?",
            flags,
        ),
    )
