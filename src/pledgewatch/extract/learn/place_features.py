"""Features of a place candidate of a fact: where the text names the place against the fact's
anchor (clause, sentence, paragraph, distance, before or after), what the parse attaches it to
(the fact's predicate, the figure's noun phrase), the preposition and cue classes before it
(landmark, origin, office, venue), how often and where else the text names it, the companies
named beside it, its level and its nesting with the other places. General by design: no place
name and no phrasing of one text.

A fact's candidates are the places the document names (one per code, its mentions together)
and the places the rules gave it (inherited ones may be named nowhere).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pledgewatch.extract import gazetteer
from pledgewatch.extract.frames import (
    ANCHOR,
    Context,
    Sentence,
    is_title,
    paragraph_of,
    sentence_at,
)
from pledgewatch.extract.learn.features import DISTANCE_BUCKETS
from pledgewatch.extract.placing import (
    actor_sites,
    latest_locality,
    main_locality,
    named_as_landmark,
    origin,
    refers_to_site,
    titled,
    venue,
)
from pledgewatch.extract.syntax import governing, span_root

SENTENCE_STEPS = 3
"""Sentence distances beyond this many are one bucket ("far")."""
ANCESTOR_CLIMB = 12
"""How many heads are climbed from a place to tell what it hangs from."""


@dataclass(frozen=True)
class PlaceCandidate:
    """A candidate place code of a fact: its code, name and the document's mentions of it."""

    code: str
    name: str
    mentions: tuple


def candidates(ctx: Context, rule_places: list[dict]) -> list[PlaceCandidate]:
    """The places the document names, one per code in order of first mention, then the rules'
    places it names nowhere."""
    by_code: dict[str, list] = {}
    names: dict[str, str] = {}
    for p in ctx.doc._.places:
        by_code.setdefault(p.code, []).append(p)
        names.setdefault(p.code, p.name)
    for p in rule_places:
        by_code.setdefault(p["code"], [])
        names.setdefault(p["code"], p["name"])
    return [PlaceCandidate(code, names[code], tuple(ms)) for code, ms in by_code.items()]


def proposals(ctx: Context, facts: list[dict]) -> list[dict[str, set[str]]]:
    """For each of ``facts``, the codes each rule of inheritance would lend it, by name: the
    places its actor's other facts name in their own sentence, the actor's one site, the text's
    main locality, the locality last named before its sentence (also when the sentence refers
    back to a site: "y", "sur place")."""
    sites = {actor: {p.code for p in site} for actor, site in actor_sites(ctx).items()}
    main = {p.code for p in main_locality(ctx)}
    own: dict[str | None, set[str]] = {}
    for f in facts:
        sent = sentence_at(ctx, f[ANCHOR])
        named = {p.code for p in ctx.doc._.places if sent and sent.start <= p.start < sent.end}
        own.setdefault(f["actor"], set()).update(p["code"] for p in f["places"] if p["code"] in named)
    out = []
    for f in facts:
        sent = sentence_at(ctx, f[ANCHOR])
        latest = {p.code for p in latest_locality(ctx, sent.start if sent else f[ANCHOR])}
        found = {"actor_facts": own.get(f["actor"], set()), "actor_site": sites.get(f["actor"], set()),
                 "main_locality": main, "latest_locality": latest}
        if refers_to_site(ctx, f[ANCHOR]):
            found["site_anaphora_latest"] = latest
        out.append(found)
    return out


def _bucket(distance: int) -> str:
    return next((f"<{b}" for b in DISTANCE_BUCKETS if distance < b), "far")


def _sentence_index(ctx: Context, pos: int) -> int:
    return next((i for i, s in enumerate(ctx.sentences) if s.start <= pos < s.end), -1)


def _ancestors(token: Token) -> list[Token]:
    out, node = [], token
    for _ in range(ANCESTOR_CLIMB):
        if node.head == node:
            break
        node = node.head
        out.append(node)
    return out


def _nearest(mentions: tuple, pos: int):
    return min(mentions, key=lambda m: (abs(m.start - pos), m.start))


def place_features(ctx: Context, fact: dict, cand: PlaceCandidate, rule_codes: set[str],
                   others: list[PlaceCandidate], proposed: dict[str, set[str]]) -> dict[str, float]:
    """The features of ``cand`` as a place of ``fact`` (its anchor kept under ``frames.ANCHOR``),
    given the rules' codes for the fact, the fact's ``others`` candidates and the codes each
    rule of inheritance would lend it (``proposals``)."""
    level = cand.code.split(":", 1)[0]
    f: dict[str, float] = {"bias": 1.0, f"level={level}": 1.0, f"kind={fact['kind']}|level={level}": 1.0}
    for name, codes in proposed.items():
        if cand.code in codes:
            f[f"proposed={name}"] = 1.0
    ruled = cand.code in rule_codes
    f["rules" if ruled else "not_rules"] = 1.0
    f[f"rules={ruled}|level={level}"] = 1.0
    if not rule_codes:
        f["rules_empty"] = 1.0
    areas = set(gazetteer.ancestors(cand.code)) if level in gazetteer.FRENCH_LEVELS else set()
    if any(cand.code in gazetteer.ancestors(c) for c in rule_codes if c != cand.code):
        f["area_of_rules_place"] = 1.0
    if areas & rule_codes:
        f["inside_rules_place"] = 1.0
    if cand.code == "country:FR" and any(c.split(":", 1)[0] in gazetteer.FRENCH_LEVELS for c in rule_codes):
        f["france_with_french_rules"] = 1.0
    if not cand.mentions:
        f["named_nowhere"] = 1.0
        return f
    pos = fact[ANCHOR]
    sent = sentence_at(ctx, pos)
    near = _nearest(cand.mentions, pos)
    _where(ctx, f, sent, pos, near, cand)
    f[f"count={min(len(cand.mentions), 4)}"] = 1.0
    if any(is_title(ctx.text, m.start) for m in cand.mentions):
        f["in_title"] = 1.0
    counts = sorted((len(o.mentions) for o in others if o.code.split(":", 1)[0] in ("commune", "place")), reverse=True)
    if level in ("commune", "place") and counts and len(cand.mentions) == counts[0] \
            and (len(counts) == 1 or counts[0] > counts[1]):
        f["most_named_locality"] = 1.0
    _cues(ctx, f, near, cand)
    _parse(ctx, f, pos, near)
    _companies(ctx, f, fact, near)
    if sent is not None:
        nested = [o for o in others if o.code != cand.code and any(sent.start <= m.start < sent.end for m in o.mentions)]
        if any(cand.code in gazetteer.ancestors(o.code) for o in nested):
            f["area_of_locality_in_sentence"] = 1.0
        if any(o.code in areas for o in nested):
            f["inside_area_in_sentence"] = 1.0
        rivals = {o.code for o in nested if o.code.split(":", 1)[0] == level}
        f[f"same_level_rivals={min(len(rivals), 2)}"] = 1.0
    return f


def _where(ctx: Context, f: dict[str, float], sent: Sentence | None, pos: int, near, cand: PlaceCandidate) -> None:
    """Where the mention nearest the anchor stands against it."""
    side = "after" if near.start >= pos else "before"
    f[f"side={side}"] = 1.0
    f[f"chars={_bucket(abs(near.start - pos))}"] = 1.0
    steps = _sentence_index(ctx, near.start) - _sentence_index(ctx, pos)
    f[f"sentences={max(-SENTENCE_STEPS - 1, min(SENTENCE_STEPS + 1, steps))}"] = 1.0
    if sent is not None and sent.start <= near.start < sent.end:
        f["same_sentence"] = 1.0
        f[f"same_sentence|{side}"] = 1.0
        c_start, c_end = sent.clause_of(pos)
        if c_start <= near.start < c_end:
            f["same_clause"] = 1.0
    paragraph = paragraph_of(ctx.text, pos)
    if any(paragraph[0] <= m.start < paragraph[1] for m in cand.mentions):
        f["same_paragraph"] = 1.0
    if not any(m.start < pos for m in cand.mentions):
        f["first_named_after"] = 1.0


def _cues(ctx: Context, f: dict[str, float], near, cand: PlaceCandidate) -> None:
    """The cue classes before the nearest mention, and how many of all mentions carry them."""
    for name, test in (("landmark", named_as_landmark), ("origin", origin), ("office", titled), ("venue", venue)):
        hits = sum(1 for m in cand.mentions if test(ctx, m))
        if test(ctx, near):
            f[f"cue={name}"] = 1.0
        if hits == len(cand.mentions):
            f[f"cue={name}|always"] = 1.0
    if any(c.start <= near.start < c.end for c in ctx.companies):
        f["in_company_name"] = 1.0


def _parse(ctx: Context, f: dict[str, float], pos: int, near) -> None:
    """What the parse attaches the nearest mention to: the anchor's predicate, the anchor itself
    (the figure's noun phrase), and the preposition marking it."""
    place = span_root(ctx.doc, near.start, near.end)
    anchor = span_root(ctx.doc, pos, min(len(ctx.text), pos + 1))
    if place is None or anchor is None:
        return
    for child in place.children:
        if child.dep_ in ("case", "mark") or child.dep_ == "fixed":
            f[f"case={child.lemma_.lower()}"] = 1.0
    f[f"place_dep={place.dep_.split(':')[0]}"] = 1.0
    if place.head.pos_ in ("NOUN", "PROPN", "VERB"):
        f[f"place_head_pos={place.head.pos_}"] = 1.0
    ancestors = _ancestors(place)
    if anchor in ancestors:
        f["attached_anchor"] = 1.0
    if place in _ancestors(anchor):
        f["governs_anchor"] = 1.0
    predicate = governing(anchor).predicate
    if predicate is not None and predicate in ancestors:
        f["attached_predicate"] = 1.0
        f[f"attached_predicate|steps={min(ancestors.index(predicate), 3)}"] = 1.0
    elif predicate is not None and governing(place).predicate is predicate:
        f["same_predicate"] = 1.0


def _companies(ctx: Context, f: dict[str, float], fact: dict, near) -> None:
    """The companies named in the nearest mention's sentence: the fact's actor, another."""
    sent = sentence_at(ctx, near.start)
    if sent is None:
        return
    names = {c.name for c in ctx.companies if sent.start <= c.start < sent.end}
    actor = fact.get("actor")
    if actor and actor in names:
        f["actor_in_place_sentence"] = 1.0
    if names - {actor}:
        f["other_company_in_place_sentence"] = 1.0
