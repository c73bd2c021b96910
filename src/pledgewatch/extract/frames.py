"""Frames: the sentences, clauses and cue words the fact builder reads a document through.

A ``Context`` holds one analysed document with what the fact builder knows of it; cue words
come from ``lang/<lang>/triggers.yml`` through ``cue``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.companies import acting_countries
from pledgewatch.extract.place_names import is_country_name
from pledgewatch.extract.references import find_references
from pledgewatch.extract.times import dateline_end

ANCHOR = "_anchor"
"""Working key of a fact under construction: where its anchor starts; removed on output."""
COMPANY_WIDE = "_company_wide"
"""Working key of a fact: a figure of the whole company ("6 % de son résultat net"), that inherits
no place; removed on output."""
TITLE_LENGTH = 160
"""The longest line read as a title."""
CUE_WINDOW = 90
"""How far (in characters) from a figure a cue word still counts for its kind."""
RELATIVE_REACH = 50
"""How far after "dont" and its article the verb of a relative clause may stand."""
CLAUSE_BREAK = re.compile(r"[;:•]|\s[–—]\s|\.\s|\n")
"""Where a sentence's clauses end."""


@cache
def cue(lang: str, name: str) -> re.Pattern[str]:
    """Compile the cue list ``name`` ("jobs_cut", "figureless.training") of ``triggers.yml``."""
    parts = []
    data = langdata.load(lang, "triggers")
    for key in name.split("."):
        data = data[key]
    for entry in data:
        whole = entry.endswith("$")
        body = re.escape(entry.rstrip("$")).replace(r"\ ", r"\s+").replace("'", "['’]")
        parts.append(body + (r"(?!\w)" if whole else r"\w*"))
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(parts, key=len, reverse=True)) + ")", re.IGNORECASE)


@dataclass
class Sentence:
    """A sentence of the document with the analyses that fall inside it."""

    start: int
    end: int
    text: str
    clauses: list[tuple[int, int]] = field(default_factory=list)

    def clause_of(self, pos: int) -> tuple[int, int]:
        """The clause (absolute offsets) holding ``pos``."""
        for start, end in self.clauses:
            if start <= pos < end:
                return start, end
        return self.start, self.end


@dataclass
class Context:
    """What the fact builder knows about one document."""

    doc: Doc
    lang: str
    sentences: list[Sentence]
    references: list
    excluded: list[tuple[int, int]]
    default_event: str | None
    france_default: bool
    buys_power: bool
    power_deal_concluded: bool
    closing: bool
    closing_places: frozenset[str]
    """Codes of the places named in sentences that speak of closing a site."""
    mention_counts: Counter
    companies: list
    about_investment: bool

    text: str = ""
    """The document's text, kept once (``Doc.text`` rebuilds it at each call)."""
    names_by_sentence: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    """The spans of the companies each sentence names, by the sentence's start, read once."""


SENTENCE_END = re.compile(r"(?:[.!?…]+[\s»\"”’)]*|\n\s*)$")
"""What a sentence ends with: a final stop (perhaps behind a closing quote) or a line break."""


def _ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text))


def split_sentences(doc: Doc, full_text: str) -> list[Sentence]:
    """The non-blank sentences of ``doc`` (whose text is ``full_text``), cut into clauses."""
    spans: list[list[int]] = []
    body = dateline_end(full_text) or 0
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        if start < body < end:  # the dateline is no part of the first statement
            start = body
        elif end <= body:
            continue
        if not full_text[start:end].strip():
            continue
        if spans and not _ends_sentence(full_text[spans[-1][0]:start]):
            spans[-1][1] = end  # the parser cut inside a sentence ("2 milliards | d'euros")
        else:
            spans.append([start, end])
    out = []
    for start, end in spans:
        text = full_text[start:end]
        s = Sentence(start, end, text)
        cuts = [start] + [start + m.end() for m in CLAUSE_BREAK.finditer(text)] + [end]
        s.clauses = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
        out.append(s)
    return out


def sentence_at(ctx: Context, pos: int) -> Sentence | None:
    """The sentence holding ``pos``, if any."""
    return next((s for s in ctx.sentences if s.start <= pos < s.end), None)


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    """The bounds of the line (paragraph) holding ``pos``."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, end if end >= 0 else len(text)


def is_title(text: str, pos: int) -> bool:
    """True when ``pos`` stands on a title line: short, one sentence at most, a line of its own."""
    start, end = paragraph_of(text, pos)
    line = text[start:end].strip()
    return len(line) <= TITLE_LENGTH and not re.search(r"[.!?…]\s", line)


def within(items: list, start: int, end: int) -> list:
    """The spans of ``items`` lying inside ``start``-``end``."""
    return [x for x in items if x.start >= start and x.end <= end]


def cue_at_end(lang: str, name: str, text: str) -> re.Match[str] | None:
    """The ``name`` cue that ends ``text``, trailing spaces aside (the cue right before what
    follows it), or None."""
    text = text.rstrip()
    found = [m for m in cue(lang, name).finditer(text) if m.end() == len(text)]
    return found[-1] if found else None


def cue_distance(ctx: Context, name: str, sent: Sentence, pos: int, window: int = CUE_WINDOW) -> int | None:
    """Distance from ``pos`` to the nearest ``name`` cue in the sentence, within ``window``."""
    best = None
    names = _names_in(ctx, sent)
    for m in cue(ctx.lang, name).finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        if ctx.excluded and any(x <= a < y for x, y in ctx.excluded) or any(x <= a and b <= y for x, y in names):
            continue
        d = 0 if a <= pos <= b else min(abs(a - pos), abs(b - pos))
        if d <= window and (best is None or d < best):
            best = d
    return best


def nearer(ctx: Context, sent: Sentence, pos: int, first: str, second: str) -> bool:
    """True when a ``first`` cue is present and nearer ``pos`` than any ``second`` cue."""
    a = cue_distance(ctx, first, sent, pos)
    b = cue_distance(ctx, second, sent, pos)
    return a is not None and (b is None or a <= b)


def is_excluded(ctx: Context, pos: int) -> bool:
    """True inside a market quote's evidence, whose figures are no facts."""
    return any(x <= pos < y for x, y in ctx.excluded)


def breakdown_opening(ctx: Context, start: int, end: int) -> int | None:
    """Where a breakdown of the figure before opens in ``start``-``end`` ("dont un centre près de
    Toulouse", "dont la moitié en France"), or None; a relative clause ("dont l'ouverture est
    prévue à Petit-Landau") opens none."""
    for m in cue(ctx.lang, "breakdown_opens").finditer(ctx.text, start, end):
        if not _relative_clause(ctx, m.end(), end):
            return m.start()
    return None


def _relative_clause(ctx: Context, pos: int, end: int) -> bool:
    """True when the words after "dont" at ``pos`` are a relative clause: an article, a noun that
    is no share ("la moitié"), then a verb before the next comma ("dont l'ouverture est prévue")."""
    article = cue(ctx.lang, "dont_relative.articles").match(ctx.text, pos + 1)
    if not article:
        return False
    rest = re.split(r"[,.;:()]", ctx.text[article.end():min(end, article.end() + RELATIVE_REACH)], maxsplit=1)[0]
    return not cue(ctx.lang, "dont_relative.shares").match(rest.lstrip()) and \
        bool(cue(ctx.lang, "dont_relative.verbs").search(rest))


def cue_spans(ctx: Context, sent: Sentence, name: str) -> list[tuple[int, int]]:
    """Absolute spans of the ``name`` cues in the sentence, none inside a company's name ("Air
    Liquide" holds no cue of liquidation)."""
    names = _names_in(ctx, sent)
    spans = [(sent.start + m.start(), sent.start + m.end()) for m in cue(ctx.lang, name).finditer(sent.text)]
    return [(a, b) for a, b in spans if not any(x <= a and b <= y for x, y in names)]


def _names_in(ctx: Context, sent: Sentence) -> list[tuple[int, int]]:
    """The spans of the companies the sentence names."""
    if sent.start not in ctx.names_by_sentence:
        ctx.names_by_sentence[sent.start] = [(c.start, c.end) for c in ctx.companies
                                             if c.start < sent.end and sent.start < c.end]
    return ctx.names_by_sentence[sent.start]


def _is_place_name(text: str, lang: str, mention, places: list) -> bool:
    """True for a name found by NER or cue that is a place: inside a place mention ("La
    Roche-sur-Yon", not the company Roche), a French locality right after a place
    preposition ("sa plateforme d'Allenjoie"), or the territory of a town ("le Grand Arras")."""
    if any(p.start < mention.end and mention.start < p.end for p in places):
        return True
    head, _, rest = mention.text.partition(" ")
    territory = head in langdata.load(lang, "places")["territory_prefixes"]
    if territory and any(e.level == "commune" for e in gazetteer.search(rest)):
        return True  # "le Grand Arras": the territory around a town
    before = text[max(0, mention.start - 12):mention.start].rstrip()
    after_preposition = cue_at_end(lang, "place_prepositions", before) is not None
    return after_preposition and any(e.level in ("commune", "departement", "region")
                                     for e in gazetteer.search(mention.text))


def _given_name(text: str, lang: str, mention) -> bool:
    """True for the name given to a site or a product ("un site baptisé « Evolutive Facility »")."""
    before = text[max(0, mention.start - 20):mention.start].rstrip(" «\"“")
    return cue_at_end(lang, "naming", before) is not None


def _inside_place(mention, places: list) -> bool:
    """True for a name that is part of a longer place name ("Roche" in "La Roche-sur-Yon")."""
    return any(p.start <= mention.start and mention.end <= p.end and p.end - p.start > mention.end - mention.start
               for p in places)


def _default_event(names: list[str]) -> str | None:
    """The event a text speaks of: the name it gives most often; on a tie, a dated name
    ("Choose France 2024") before an undated one, then the name given first."""
    if not names:
        return None
    return max(dict.fromkeys(names), key=lambda n: (names.count(n), bool(re.search(r"\d{4}", n)), -names.index(n)))


def build_context(doc: Doc, quotes: list[dict]) -> Context:
    """What the fact builder knows of an analysed document; figures inside ``quotes`` are no facts."""
    lang = doc._.lang or "fr"
    text = doc.text
    excluded = [(q["evidence"]["start"], q["evidence"]["end"]) for q in quotes if q.get("evidence")]
    default_event = _default_event([e.name for e in doc._.events or []])
    sentences = split_sentences(doc, text)
    companies = [c for c in doc._.companies if not _inside_place(c, doc._.places) and not _given_name(text, lang, c)
                 and (c.found_by == "list" or not (_is_place_name(text, lang, c, doc._.places)
                                                   or is_country_name(c.text)))]
    countries = [p for p in doc._.places if p.level == "country"]
    companies = sorted(companies + acting_countries(text, countries), key=lambda c: c.start)
    buys_power = bool(cue(lang, "figureless.energy_procurement").search(text))
    concluded = buys_power and not any(cue(lang, "figureless.energy_procurement").search(s.text)
                                    and cue(lang, "planned").search(s.text) for s in sentences)
    return Context(
        doc=doc, text=text, lang=lang, sentences=sentences, references=find_references(text),
        excluded=excluded, default_event=default_event,
        france_default=any(p.code == "country:FR" for p in doc._.places),
        buys_power=buys_power, power_deal_concluded=concluded,
        closing=bool(cue(lang, "site_closure").search(text)),
        closing_places=frozenset(p.code for s in sentences if cue(lang, "site_closure").search(s.text)
                                 for p in within(doc._.places, s.start, s.end)),
        mention_counts=Counter(c.name for c in companies), companies=companies,
        about_investment=len(cue(lang, "investment").findall(text)) >= 2,
    )
