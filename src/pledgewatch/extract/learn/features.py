"""Features of a figure candidate: what the parse, the word classes of ``lang/`` and the
candidate's place in the text say about it. General by design: lemmas, dependency roles,
morphology, cue classes and distances, never a phrasing of one text. The parse is read
through ``extract.syntax``.
"""

from __future__ import annotations

import math

from spacy.tokens import Token

from pledgewatch.extract.amounts import is_currency
from pledgewatch.extract.frames import Context, Sentence, cue_distance, is_title, within
from pledgewatch.extract.syntax import governing, span_root

CUE_CLASSES = ("investment", "money_negative", "jobs_created", "jobs_cut", "hiring", "headcount",
               "training", "startup_support", "energy_procurement", "renewable", "capacity",
               "sustainability_target", "target", "emissions", "processing", "per_year", "aggregate",
               "totals", "indirect_jobs", "construction_jobs", "site_nouns", "site_opening",
               "site_expansion", "site_closure", "site_new", "site_future", "planned", "completed",
               "cancelled", "history", "not_investment_context", "power_use", "capability", "worldwide")
"""Cue lists of ``triggers.yml`` whose distance to the figure is a feature."""
CUE_REACH = 200
"""How far (characters) a cue is looked for around a figure."""
DISTANCE_BUCKETS = (15, 40, 90)
"""A cue's distance in these buckets (then "far")."""
def _bucket(distance: int | None) -> str | None:
    if distance is None:
        return None
    return next((f"<{b}" for b in DISTANCE_BUCKETS if distance < b), "far")


def unit_class(unit: str | None) -> str:
    """The family of a figure's unit: money, people, sites, power, energy, share, mass, area, other."""
    families = {"jobs": "people", "people": "people", "employees": "people", "workers": "people",
                "sites": "sites", "stores": "sites", "plants": "sites", "data centers": "sites",
                "MW": "power", "MWh": "energy", "%": "share", "t": "mass", "t/yr": "mass", "m2": "area"}
    if unit is None:
        return "none"
    return "money" if is_currency(unit) else families.get(unit, "other")


def _is_company(ctx: Context, token: Token | None) -> bool:
    return token is not None and any(c.start <= token.idx < c.end for c in ctx.companies)


def figure_features(ctx: Context, sent: Sentence, start: int, end: int, unit: str | None, value: float | None,
                    gates: tuple[str, ...] = ()) -> dict[str, float]:
    """The features of the figure at ``start``-``end`` of ``sent`` with its normalised ``unit``
    and ``value``, and the rules' ``gates`` that took it back as background. The kind the rules
    propose is left out: with it, the model learns to repeat the rules (they were written on
    part of the training texts) and adds nothing where they fail."""
    cls = unit_class(unit)
    f: dict[str, float] = {"bias": 1.0, f"unit={unit}": 1.0, f"family={cls}": 1.0}
    for gate in gates:
        f[f"gate={gate}"] = 1.0
        f[f"gate={gate}|family={cls}"] = 1.0
    if value:
        f[f"magnitude={int(math.log10(abs(value)))}"] = 1.0
    pos = (start + end) // 2
    for name in CUE_CLASSES:
        bucket = _bucket(cue_distance(ctx, name, sent, pos, CUE_REACH))
        if bucket is not None:
            f[f"cue:{name}{bucket}"] = 1.0
            f[f"cue:{name}|family={cls}"] = 1.0
    root = span_root(ctx.doc, start, end)
    if root is not None:
        gov = governing(root)
        f[f"dep={root.dep_}"] = 1.0
        f[f"head_pos={root.head.pos_}"] = 1.0
        if gov.noun:
            f[f"noun={gov.noun}"] = 1.0
        if gov.predicate is not None:
            lemma = gov.predicate.lemma_.lower()
            f[f"verb={lemma}"] = 1.0
            f[f"verb={lemma}|family={cls}"] = 1.0
            f[f"path={'/'.join(gov.path[:3])}"] = 1.0
            for name in gov.controllers:
                f[f"controller={name}"] = 1.0
            for name in gov.auxiliaries:
                f[f"aux={name}"] = 1.0
            for name in gov.morph:
                f[name] = 1.0
            if gov.negated:
                f["negated"] = 1.0
            if gov.subject is not None:
                f[f"subject_pos={gov.subject.pos_}"] = 1.0
                if _is_company(ctx, gov.subject):
                    f["subject_company"] = 1.0
                if gov.subject.ent_type_:
                    f[f"subject_ent={gov.subject.ent_type_}"] = 1.0
        else:
            f["no_verb"] = 1.0
    before = ctx.text[sent.start:start]
    if before.rfind("(") > before.rfind(")"):
        f["in_brackets"] = 1.0
    if is_title(ctx.text, start):
        f["title"] = 1.0
    index = next((i for i, s in enumerate(ctx.sentences) if s.start == sent.start), len(ctx.sentences))
    f[f"sentence={min(index, 3)}"] = 1.0
    companies = {c.name for c in within(ctx.companies, sent.start, sent.end)}
    f[f"companies_in_sentence={min(len(companies), 3)}"] = 1.0
    figures = [q for q in within(ctx.doc._.quantities, sent.start, sent.end) if q.unit == unit]
    f[f"same_unit_figures={min(len(figures), 3)}"] = 1.0
    return f


def _subject_span(ctx: Context, pos: int) -> tuple[int, int] | None:
    """The character span of the subject of the predicate governing ``pos`` (through control verbs)."""
    root = span_root(ctx.doc, pos, min(len(ctx.text), pos + 1))
    if root is None:
        return None
    subject = governing(root).subject
    if subject is None:
        return None
    tokens = list(subject.subtree)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def actor_features(ctx: Context, sent: Sentence, pos: int, kind: str, mentions: list, order: int) -> dict[str, float]:
    """The features of one candidate actor of the fact of ``kind`` anchored at ``pos``: where its
    ``mentions`` stand (sentence, clause, before or after, the subject of the governing
    predicate, the title, the paragraph), how often and how first it is named, how it was found;
    ``order`` is its rank of first mention in the text. Whether the rules chose it is left out:
    with it, the model learns to repeat them."""
    f: dict[str, float] = {"bias": 1.0, f"kind={kind}": 1.0}
    c_start, c_end = sent.clause_of(pos)
    before = [m for m in mentions if sent.start <= m.start < pos]
    after = [m for m in mentions if pos <= m.start < sent.end]
    if before:
        f[f"before{_bucket(pos - before[-1].end)}"] = 1.0
        if before[-1].start >= c_start:
            f["clause_before"] = 1.0
    if after:
        f[f"after{_bucket(after[0].start - pos)}"] = 1.0
        if after[0].start < c_end:
            f["clause_after"] = 1.0
    if not before and not after:
        earlier = [m for m in mentions if m.end <= sent.start]
        f["earlier_text" if earlier else "later_text"] = 1.0
        if earlier and sent.start - earlier[-1].end < 300:
            f["earlier_near"] = 1.0
    subject = _subject_span(ctx, pos)
    if subject and any(subject[0] <= m.start < subject[1] for m in mentions):
        f["subject"] = 1.0
    if any(is_title(ctx.text, m.start) for m in mentions):
        f["in_title"] = 1.0
    f[f"order={min(order, 3)}"] = 1.0
    f[f"count={min(len(mentions), 4)}"] = 1.0
    for m in mentions:
        f[f"found_by={m.found_by}"] = 1.0
    if any(m.company_id for m in mentions):
        f["listed"] = 1.0
    labels = {t.ent_type_ for m in mentions for t in ctx.doc.char_span(m.start, m.end, alignment_mode="expand") or []}
    for label in labels - {""}:
        f[f"ent={label}"] = 1.0
    return f
