"""A fact's clause fields: its deadline, status and event, and whether its clause tells news
or history (a pluperfect, a denial, dates in the past only, a history cue).
"""

from __future__ import annotations

import re
from functools import cache

from pledgewatch import langdata

from pledgewatch.extract.frames import (
    Context,
    Sentence,
    cue,
    within,
)
from pledgewatch.extract.sites import (
    founded,
)
from pledgewatch.extract.syntax import governing, span_root
from pledgewatch.extract.times import is_recent

FIGURE_KINDS_NO_EVENT = ("energy_procurement", "sustainability_target")
START_DATE_REACH = 60
"""How near a start phrase ("entrer en production") its date must stand."""
NOT_NEWS_REACH = 40
"""How far before an anchor a denial or a risk ("dément tout projet de") takes it back."""
SUPERSEDED_REACH = 25
"""How far before a date a word may say it was given up ("prévue initialement pour 2025")."""


def compared(ctx: Context, pos: int) -> bool:
    """True when a comparing word stands right before ``pos`` ("comme l'an passé")."""
    return bool(cue(ctx.lang, "like").search(ctx.text, max(0, pos - 8), pos))


def deadline_of(ctx: Context, sent: Sentence, pos: int, unit: str | None = None, kind: str | None = None) -> str | None:
    """The due date for an anchor: the nearest forward-looking time expression of its sentence.

    A day-precise date counts only after a "by" cue (it usually dates the announcement), and
    a bare "in <publication year>" is the news's own time, not a deadline. A date after a
    later figure in the anchor's ``unit`` is that figure's ("32 GWh et même 50 GWh en 2030").
    A start date ("à partir de 2026", "dont l'ouverture est prévue en 2027") is that of what
    starts, never the deadline of an investment.
    """
    published = ctx.doc._.published
    best, best_d = None, None
    c_start, c_end = sent.clause_of(pos)
    for t in within(ctx.doc._.times, sent.start, sent.end):
        if t.value is None or t.cue not in ("by", "in", "from"):
            continue
        if published and t.value[:4] < published[:4]:
            continue
        if len(t.value) == 10 and t.cue != "by":
            continue
        if t.cue == "in" and published and t.value == published[:4]:
            continue
        if cue(ctx.lang, "superseded").search(ctx.text[max(sent.start, t.start - SUPERSEDED_REACH):t.start]):
            continue  # "prévue initialement pour 2025": a date given up
        if t.cue == "in" and founded(ctx, sent, t.start):
            continue  # "ce site ouvert en 1968": when something was done, long before the news
        if t.start > pos and unit and any(q.start > pos + 1 and q.end <= t.start and q.unit == unit
                                 for q in within(ctx.doc._.quantities, pos + 1, t.start)):
            continue  # "atteindre 32 GWh et même 50 GWh en 2030": the later figure's date
        if t.start > pos and (_new_predicate(ctx, pos, t.start) or cue(ctx.lang, "equivalence").search(ctx.text, pos, t.start)):
            continue  # another statement's date, or a comparison's ("l'équivalent des importations de 2022")
        if any(e.start <= t.start < e.end for e in ctx.doc._.events) or \
                cue(ctx.lang, "edition").search(ctx.text[max(0, t.start - 15):t.start]):
            continue  # "Choose France 2024", "l'édition 2024": an edition, not a deadline
        if kind == "investment" and (t.cue == "from" or cue(ctx.lang, "start_phrases").search(
                ctx.text, max(sent.start, t.start - START_DATE_REACH), t.start)):
            continue  # "une usine dont l'ouverture est prévue en 2027": the site's date, not the money's
        if t.text.isdigit() and cue(ctx.lang, "programme_heads").search(ctx.text[max(0, t.start - 10):t.start]):
            continue  # "le plan France 2030": a programme's name
        d = abs(t.start - pos) + (0 if c_start <= t.start < c_end else 400) + (0 if t.start >= pos else 50)
        if best_d is None or d < best_d:
            best, best_d = t.value, d
    return best


def _new_predicate(ctx: Context, a: int, b: int) -> bool:
    """True when a status cue ("projette", "a signé") between ``a`` and ``b`` opens another
    statement: one behind a comma or a conjunction, not the anchor's own verb ("La
    construction du site devrait s'achever en 2027")."""
    between = ctx.text[a:b]
    for status in ("planned", "completed", "cancelled"):
        for m in cue(ctx.lang, status).finditer(between):
            head = between[:m.start()]
            if re.search(r"[,;]", head) or cue(ctx.lang, "clause_links").search(head):
                return True  # "..., Y prévoit ... en 2027": another statement's date
    return False


def status_of(ctx: Context, sent: Sentence, pos: int, kind: str) -> str:
    """The fact's own status, from the status cue of its clause nearest its anchor.

    A cancelled or completed cue makes the fact so unless a cue of intent ("projette")
    stands nearer. A signature completes a power deal, not what an agreement promises. Power
    bought under a deal the text reports is completed (power deals are news once concluded),
    unless the text speaks of the deal as a plan or the clause does.
    """
    c_start, c_end = sent.clause_of(pos)
    clause = ctx.text[c_start:c_end]
    nearest: tuple[int, str] | None = None
    for status in ("cancelled", "completed", "planned"):
        for m in cue(ctx.lang, status).finditer(clause):
            if status == "completed" and kind != "energy_procurement" and cue(ctx.lang, "signed").fullmatch(m.group()):
                continue  # "un accord signé" to invest: the money is still to come
            d = min(abs(c_start + m.start() - pos), abs(c_start + m.end() - pos))
            if nearest is None or d < nearest[0]:
                nearest = (d, status)
    done = done_by_tense(ctx, pos)
    if done is not None and c_start <= done < c_end and (nearest is None or abs(done - pos) < nearest[0]):
        return "completed"  # "a déjà supprimé 880 postes": the verb's tense is the nearest cue
    if nearest is not None:
        return nearest[1]
    if kind == "energy_procurement" and ctx.power_deal_concluded:
        return "completed"
    return "planned"


def done_by_tense(ctx: Context, pos: int) -> int | None:
    """Where the verb stands when the anchor at ``pos`` hangs from a verb that carries out a
    commitment (``done_verbs`` of status.yml, by lemma) told as done: a compound past in the
    present ("a investi", "ont été supprimés") or the recent past ("vient d'ouvrir"), not
    negated; else None."""
    root = span_root(ctx.doc, pos, pos + 1)
    if root is None:
        return None
    gov = governing(root)
    verb = gov.predicate
    if verb is None or gov.negated or verb.lemma_.lower() not in _done_verbs(ctx.lang):
        return None
    if gov.controllers == ["venir"]:
        return verb.idx if "Tense=Pres" in gov.morph else None  # "vient d'ouvrir", "vient d'être agrandie"
    tense = [c for c in verb.children if c.dep_ == "aux:tense"]
    done = not gov.controllers and bool(tense) and tense[0].morph.get("Tense") == ["Pres"] \
        and tense[0].morph.get("Mood") == ["Ind"]
    return verb.idx if done else None


@cache
def _done_verbs(lang: str) -> frozenset[str]:
    return frozenset(langdata.load(lang, "status")["done_verbs"])


def event_of(ctx: Context, sent: Sentence, kind: str) -> str | None:
    """The occasion a fact was announced at: one the sentence names, else the text's (none for
    power and sustainability figures)."""
    here = within(ctx.doc._.events, sent.start, sent.end)
    if here:
        return here[0].name
    return None if kind in FIGURE_KINDS_NO_EVENT else ctx.default_event


def is_past(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when the anchor's clause tells history, not news: a pluperfect before it, a
    denial or a mere risk just before it, or dates in the past only."""
    c_start, c_end = sent.clause_of(pos)
    if cue(ctx.lang, "pluperfect").search(ctx.text[c_start:pos]):
        return True  # "avait déjà vu Amazon annoncer...": background to the news
    window = ctx.text[max(c_start, pos - NOT_NEWS_REACH):pos]
    denial = list(cue(ctx.lang, "not_news").finditer(window))
    if denial and not cue(ctx.lang, "correction").search(window, denial[-1].end()):
        return True  # "le groupe dément toute fermeture"; not "pas 101 postes mais 60"
    contrast = cue(ctx.lang, "correction").search(ctx.text, pos, sent.end)
    if contrast and cue(ctx.lang, "not_news").search(ctx.text, contrast.end(), min(sent.end, contrast.end() + NOT_NEWS_REACH)):
        return True  # "400 postes seraient menacés, mais la direction dément"
    times = [t for t in ctx.doc._.times if c_start <= t.start < c_end
             and not compared(ctx, t.start)  # "comme l'an passé"
             and not dates_another_figure(ctx, t.start, t.end, pos)]  # "20 milliards, contre 15 milliards en 2024"
    history = [t for t in times if t.cue == "past" and not is_recent(t.value, ctx.doc._.published)]
    return bool(history) and not any(t.cue in ("by", "from") for t in times)


def dates_another_figure(ctx: Context, start: int, end: int, pos: int) -> bool:
    """True when the parse attaches the date at ``start``-``end`` to a figure other than the one
    at ``pos`` ("20 milliards cette année, contre 15 milliards en 2024": 2024 is the second's)."""
    root = span_root(ctx.doc, start, end)
    if root is None or root.head == root:
        return False
    at = root.head.idx
    return any(q.start <= at < q.end and not q.start <= pos < q.end for q in ctx.doc._.quantities)


def tells_history(ctx: Context, sent: Sentence) -> bool:
    """True when a history cue ("l'an passé") marks the sentence as background, unless it only
    compares ("le laboratoire investit, comme l'an passé, 300 millions": this year's money)."""
    return any(not compared(ctx, sent.start + m.start()) for m in cue(ctx.lang, "history").finditer(sent.text))
