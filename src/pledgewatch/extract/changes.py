"""Relative changes and shares told in words: a capacity or a workforce multiplied ("doubler sa production", "Ethypharm
double les capacités") or raised by a share ("augmenter les capacités de l'usine de 25 %",
"accroître de 40 % sa capacité", "gagner 30 % de capacité"), read from the parse.

The word of change is found by its lemma (``changes`` of ``lang/<lang>/triggers.yml``): a
multiplier gives the change itself (doubling is 100 %), a rise takes the share it governs. What
changes is the noun the word bears on: its object, the noun right after the share ("30 % de
capacité"), else its subject ("la production augmentera de 25 %"); that noun's class gives the
kind of fact. A change of anything else (a turnover, a price) is no fact. A figure moved from one
value to another ("passer de 3 500 à 3 800 m²") is where it moves to; a supply "entirely" of
renewable power is a target of 100 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from pledgewatch import langdata
from pledgewatch.extract.frames import Context, Sentence, cue, sentence_at, within
from pledgewatch.extract.syntax import SUBJECT_DEPS

CHANGE_REACH = 12
"""How many tokens after the word of change its noun or its share may stand."""
NOUN_GAP_POS = frozenset({"DET", "ADJ", "NUM", "ADP", "ADV", "SYM", "PRON"})
"""Parts of speech that may stand between the word of change and the noun it bears on."""
WHOLE_REACH = 40
"""How far after an adverb of a whole supply the renewable power it bears on may be named."""
MOVE_REACH = 40
"""How far before a figure the verb moving it from one figure to another may stand."""


@dataclass(frozen=True)
class Change:
    """A relative change: the kind of fact it states, the change in %, the word of change."""

    kind: str
    value: float | None
    start: int
    end: int


@cache
def _data(lang: str) -> dict:
    data = langdata.load(lang, "triggers")["changes"]
    measures = {lemma: kind for kind, lemmas in data["measures"].items() for lemma in lemmas}
    return {"multipliers": data["multipliers"], "rises": frozenset(data["rises"]), "measures": measures,
            "verb_forms": frozenset(data["multiplier_verb_forms"]), "share_links": frozenset(data["share_links"]),
            "movers": frozenset(data["movers"]), "move_to": data["move_to"],
            "site_heads": frozenset(data["site_heads"]), "whole_adverbs": frozenset(data["whole_adverbs"])}


def _is_multiplier(token: Token, data: dict) -> bool:
    """A multiplying word by its lemma; a bare "double" only as a verb, before its object's
    determiner ("Ethypharm double les capacités", not "un double investissement")."""
    if token.lemma_ not in data["multipliers"]:
        return False
    if token.lemma_ not in data["verb_forms"]:
        return True
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return following is not None and following.pos_ == "DET"


def _is_rise(token: Token, data: dict) -> bool:
    """A verb or noun of a rise by its lemma ("augmenter", "hausse")."""
    return token.lemma_ in data["rises"] and token.pos_ in ("VERB", "NOUN")


def _measure_token(token: Token, end: int) -> Token | None:
    """The noun the word of change at ``token`` bears on: the first noun after it (past
    determiners, adjectives, a share), else its subject."""
    doc = token.doc
    for t in doc[token.i + 1:min(len(doc), token.i + 1 + CHANGE_REACH)]:
        if t.idx >= end:
            break
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_ not in ("pourcent", "%"):
            return t
        if t.pos_ not in NOUN_GAP_POS and t.text != "%":
            break
    return next((c for c in token.children if c.dep_ in SUBJECT_DEPS), None)


def _measure(token: Token, end: int, data: dict) -> str | None:
    """The kind of fact a change of what ``token`` bears on states (None for any other noun)."""
    measure = _measure_token(token, end)
    return data["measures"].get(measure.lemma_) if measure is not None else None


def multiplied(ctx: Context, sent: Sentence) -> list[Change]:
    """The multiplied capacities and workforces of a sentence ("tripler sa production")."""
    data = _data(ctx.lang)
    span = ctx.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    out = []
    for token in span or ():
        if _is_multiplier(token, data):
            _, clause_end = sent.clause_of(token.idx)
            kind = _measure(token, clause_end, data)
            if kind is not None:
                out.append(Change(kind, float(data["multipliers"][token.lemma_]), token.idx, token.idx + len(token)))
    return out


def raised_by(ctx: Context, sent: Sentence, start: int, end: int) -> str | None:
    """The kind of fact a share at ``start``-``end`` states when it raises a capacity or a
    workforce ("augmenter les capacités de 25 %", "gagner 30 % de capacité"), or None."""
    data = _data(ctx.lang)
    c_start, c_end = sent.clause_of(start)
    share = ctx.doc.char_span(start, end, alignment_mode="expand")
    span = ctx.doc.char_span(c_start, start, alignment_mode="expand")
    rises = [t for t in span or () if _is_rise(t, data)]
    if share is None or not rises or share.start - rises[-1].i > CHANGE_REACH:
        return None
    between = ctx.text[rises[-1].idx + len(rises[-1]):start].split()
    if between and between[-1].lower().replace("’", "'") not in data["share_links"]:
        return None  # "augmenter de 25 %", "gagner 30 %"; not "augmenter ses ventes, à 25 %"
    return _measure(rises[-1], c_end, data)


def _mover_before(ctx: Context, start: int) -> bool:
    """True when the figure at ``start`` follows "de" after a verb of moving a figure by its lemma
    ("passer de", "porter de", "augmenter de"), adverbs apart ("passer ainsi de")."""
    data = _data(ctx.lang)
    before = ctx.doc.char_span(max(0, start - MOVE_REACH), start, alignment_mode="contract")
    tokens = [t for t in before or () if not t.is_space]
    if tokens and tokens[-1].lower_.replace("’", "'") in data["share_links"]:
        tokens.pop()
    while tokens and tokens[-1].pos_ == "ADV":
        tokens.pop()
    return bool(tokens) and tokens[-1].lemma_ in data["movers"]


def move_end(ctx: Context, q) -> bool:
    """True for a range that is a move, not a span: "passer de 3 500 à 3 800 m²" ends at 3 800."""
    return q.qualifier == "range" and q.text.split()[0].lower() == "de" and _mover_before(ctx, q.start)


def move_start(ctx: Context, q) -> object:
    """The quantity a figure moves to when ``q`` is where it moves from ("passer de 13 millions
    d'unités à 26 millions"), else None."""
    sent = sentence_at(ctx, q.start)
    if sent is None or not _mover_before(ctx, q.start):
        return None
    after = within(ctx.doc._.quantities, q.end, sent.end)
    if after and ctx.text[q.end:after[0].start].split()[-1:] == [_data(ctx.lang)["move_to"]]:
        return after[0]
    return None


def wholly_renewable(ctx: Context, sent: Sentence) -> list[Change]:
    """A whole supply told by an adverb ("s'alimenter entièrement en énergies renouvelables", "se
    fournir uniquement en électricité verte"): a sustainability target of 100 %. The adverb,
    by its lemma (``whole_adverbs``), modifies a verb whose clause names renewable power after it."""
    span = ctx.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    adverbs = _data(ctx.lang)["whole_adverbs"]
    out = []
    for token in span or ():
        if token.lemma_.lower() in adverbs and token.head.pos_ == "VERB":
            _, clause_end = sent.clause_of(token.idx)
            after = ctx.text[token.idx + len(token):min(clause_end, token.idx + len(token) + WHOLE_REACH)]
            if cue(ctx.lang, "renewable").search(after):
                out.append(Change("sustainability_target", 100.0, token.idx, token.idx + len(token)))
    return out


def raised_sites(ctx: Context, sent: Sentence) -> list[tuple[int, int]]:
    """The sites whose capacity a change raises ("doubler les capacités de son unité",
    "augmenter la production de l'usine de 25 %"): an existing site extended (ANNOTATION.md,
    site_expansion). The site noun is the capacity noun's complement; spans of the site nouns."""
    data = _data(ctx.lang)
    span = ctx.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    out = []
    for token in span or ():
        if not (_is_multiplier(token, data) or _is_rise(token, data)):
            continue
        _, clause_end = sent.clause_of(token.idx)
        measure = _measure_token(token, clause_end)
        if measure is None or data["measures"].get(measure.lemma_) != "capacity":
            continue
        for child in measure.children:
            if child.dep_ == "nmod" and child.lemma_.lower() in data["site_heads"]:
                out.append((child.idx, child.idx + len(child)))
    return out
