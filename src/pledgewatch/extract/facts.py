"""Facts: frames built over an analysed document (see ../shared/ANNOTATION.md).

Anchors start a fact: a figure (``doc._.quantities``) whose unit and nearby cue words give
its kind; a site cue ("ouvrir", "fermeture", ...) near a site noun ("usine", "centre de
données", found by sites.py); a phrase that states a fact alone ("un plan social", "neutralité carbone"); a
relative change ("doubler la production"). Each anchor then takes, from its sentence and
clause, an actor (actors.py), places, a deadline, a status and an event; the stretch of
clause that states it is its evidence. Cue words come from ``lang/<lang>/triggers.yml``
(frames.py reads them).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from pledgewatch import langdata
from pledgewatch.extract.actors import (
    actor_at,
    agent_after,
    find_actor,
    is_power_supplier,
    named,
    power_buyer,
)
from pledgewatch.extract.amounts import is_currency
from pledgewatch.extract.changes import move_start, multiplied, raised_sites, wholly_renewable
from pledgewatch.extract.evidence import (
    evidence_of,
)
from pledgewatch.extract.explain import WHY, explaining_now, traced
from pledgewatch.extract.fields import (
    deadline_of,
    event_of,
    is_past,
    status_of,
    tells_history,
)
from pledgewatch.extract.figures import (
    POWER_UNITS,
    SURFACE,
    Figure,
    after_possessive,
    bracket_has,
    closing_site_of,
    figure_kind,
    figure_of,
    in_brackets,
    kind_unit,
    spent_share,
)
from pledgewatch.extract.frames import (
    ANCHOR,
    COMPANY_WIDE,
    Context,
    Sentence,
    breakdown_opening,
    build_context,
    cue,
    cue_distance,
    is_excluded,
    within,
)
from pledgewatch.extract.learn.decide import decide_actor, decide_figure
from pledgewatch.extract.learn.model import active
from pledgewatch.extract.learn.place_decide import decide_places
from pledgewatch.extract.merging import (
    COORDINATED,
    RESTATED,
    attach_surfaces,
    closure_dates,
    dedupe,
    drop_restated,
    has_figure,
    part_dates,
    start_dates,
)
from pledgewatch.extract.placing import (
    actor_sites,
    complete_areas,
    group_places,
    inherit_places,
    latest_locality,
    named_as_landmark,
    narrow_areas,
    place_codes,
    place_right_after,
    places_in,
)
from pledgewatch.extract.sites import (
    LOCAL_LEVELS,
    SITE_KINDS,
    background,
    coordinated_site,
    demonstrative,
    generic_plural,
    one_agglomeration,
    opened_long_ago,
    site_anchors,
)
from pledgewatch.extract.status import STEP, apply_status, status_news

WORLDWIDE_SITE_REACH = 60
"""How far after a figureless site phrase a worldwide cue makes it the whole group's capacity."""
NATIONWIDE_REACH = 80
"""How far from a figure a nationwide phrase ("sur l'ensemble du territoire") makes it the country's."""
FIGURELESS_GAP = 40
"""How near a fact of its kind a figureless phrase must stand to add nothing."""
COUNTED = re.compile(r"\d\s*$")
"""A number right before a phrase: the phrase is counted, not stated once."""
GREEN_POWER_REACH = 200
"""How far from a power figure a word of renewable power may stand ("26 projets d'énergie
éolienne et solaire - en Australie, ... - soit 3,4 GW")."""


def _is_aggregate(ctx: Context, sent: Sentence, pos: int, unit: str | None) -> bool:
    """True when the figure sums several actors' commitments (a summit's total, "56 projets",
    a figure after a count of companies).

    An aggregate cue must stand nearer the figure than any company named, or referred to,
    before it in the sentence.
    """
    if unit == "projects":
        return True
    if after_possessive(ctx, sent, pos):
        return False  # "avec ses 700 millions d'euros, le chimiste arrive en tête": one actor's
    if any(q.unit == "companies" and (q.value or 0) > 1 and q.start < pos
           for q in within(ctx.doc._.quantities, sent.start, sent.end)):
        return True  # "84 entreprises sont concernées et près de 60.000 emplois menacés"
    agg = cue_distance(ctx, "aggregate", sent, pos, 160)
    if agg is None:
        return False
    actors = [c.end for c in within(ctx.companies, sent.start, pos)]
    actors += [r.end for r in within(ctx.references, sent.start, pos)]
    actors += [sent.start + m.end() for m in cue(ctx.lang, "pronouns").finditer(sent.text) if sent.start + m.end() <= pos]
    return not actors or pos - max(actors) > agg


def _kept_place(ctx: Context, sent: Sentence, places: list) -> list:
    """The places of a sentence that opens by keeping the place of the one before ("Toujours
    dans la sous-préfecture du Nord, X construira une usine"): that sentence's locality, with
    the areas the sentence names itself."""
    if cue(ctx.lang, "same_place").match(sent.text.lstrip()) and not any(p.level in LOCAL_LEVELS for p in places):
        return latest_locality(ctx, sent.start) + places
    return places


def _fact(ctx: Context, sent: Sentence, kind: str, pos: int, span: tuple[int, int],
          fig: Figure | None = None, unit: str | None = None, places: list | None = None, *,
          why_kind: str = "rules: a phrase that states the fact alone (triggers.yml figureless)") -> dict | None:
    """The fact of ``kind`` anchored at ``pos`` (its anchor spans ``span``), with its actor,
    aggregate, places (``places`` when the caller knows them), deadline, status and event; None
    when it has no actor and is no aggregate."""
    why = {"kind": why_kind,
           "places": "rules: the places of its clause (placing.places_in)" if places is None else "rules: the site's places"}
    money = bool(fig) and is_currency(unit)
    owner_at = span[1] if fig or kind not in SITE_KINDS else None  # "le plan social massif chez Auchan"
    agent = agent_after(ctx, sent, owner_at, money) if owner_at is not None else None
    aggregate = kind in ("investment", "jobs_created", "jobs_cut") and agent is None and \
        _is_aggregate(ctx, sent, pos, unit)
    actor, actor_id, rule = (None, None, "") if aggregate else find_actor(ctx, sent, pos, owner_at, money)
    why["actor"] = f"rules: {rule} (actors.find_actor)"
    if aggregate:
        why["actor"] = "rules: an aggregate has no actor"
    elif agent is not None:
        why["actor"] = "rules: the owner named right after the figure (actors.agent_after)"
    else:
        ruled = actor
        actor, actor_id = decide_actor(ctx, sent, pos, kind, fig.value if fig else None, unit, (actor, actor_id), named)
        if active("actor") is not None:
            why["actor"] = "model actor" + (" (the rules' choice)" if actor == ruled else "")
    if kind == "energy_procurement" and is_power_supplier(ctx, actor):
        actor, actor_id = power_buyer(ctx, sent) or (actor, actor_id)  # Engie sells, Amazon buys
        why["actor"] = "rules: the buyer of power, not its supplier (actors.power_buyer)"
    if kind == "capacity" and unit in POWER_UNITS and actor and not is_power_supplier(ctx, actor) \
            and cue_distance(ctx, "green_power", sent, pos, GREEN_POWER_REACH) is not None:
        kind = "energy_procurement"  # wind and solar power brought online for Amazon's own supply
        why["kind"] = "rules: renewable power brought online for the actor's own supply"
    if actor is None and not aggregate:
        return None
    if places is None:
        c_start, c_end = sent.clause_of(pos)
        if agent is not None and fig is None:
            c_start = span[0]  # "la fermeture des usines de Michelin à Vannes et du plan social chez Auchan"
        s_end = sent.end
        if fig is not None:  # "15 milliards ..., dont un mégaprojet à Cambrai": Cambrai is the part's
            part = breakdown_opening(ctx, span[1], sent.end)
            s_end = sent.end if part is None else part
        places = places_in(ctx, c_start, min(c_end, s_end))
        if fig is not None:
            places = place_right_after(ctx, places, span[1], fig.unit) or places
            if cue_distance(ctx, "nationwide", sent, pos, NATIONWIDE_REACH) is not None:
                places = [p for p in places if p.level == "country"] or places  # "sur l'ensemble du territoire national"
        if not places and len({c.name for c in within(ctx.companies, sent.start, sent.end)}) <= 1:
            # a sentence naming a single locality places its figures there, unless it lists companies
            in_sentence = places_in(ctx, sent.start, s_end)
            places = in_sentence if len(group_places(in_sentence)) == 1 else []
        places = _kept_place(ctx, sent, places)
    return {
        "kind": kind,
        "actor": actor,
        "actor_id": actor_id,
        "aggregate": aggregate,
        "value": fig.value if fig else None,
        "value_max": fig.value_max if fig else None,
        "unit": unit if fig and fig.value is not None else None,
        "qualifier": fig.qualifier if fig and fig.value is not None else "exact",
        "places": place_codes(places, ctx),
        "deadline": deadline_of(ctx, sent, pos, fig.unit if fig else None, kind),
        "status": status_of(ctx, sent, pos, kind),
        "event": event_of(ctx, sent, kind),
        "detail": None,
        STEP: None,
        "evidence": evidence_of(ctx, sent, *span, actor_at(ctx, sent, pos, actor)),
        ANCHOR: pos,
        COMPANY_WIDE: money and spent_share(ctx, sent, fig),
    } | ({WHY: why | {
        "aggregate": "rules: " + ("an aggregate cue nearer than any company" if aggregate else
                                  "no aggregate cue nearer than a company") + " (facts._is_aggregate)",
        "deadline": "rules: the nearest forward date of its sentence (fields.deadline_of)",
        "status": "rules: the status cue nearest in its clause (fields.status_of)",
        "event": "rules: the occasion its sentence names, else the text's (fields.event_of)"}}
         if explaining_now() else {})


def _figure_facts(ctx: Context, sent: Sentence, history: bool = False) -> list[dict]:
    """The facts of the sentence's figures: the rules propose a kind, which a history cue of the
    sentence (``history``) or a past clause take back; the learned model decides (decide.py)."""
    out = []
    for q in within(ctx.doc._.quantities, sent.start, sent.end):
        if is_excluded(ctx, q.start) or move_start(ctx, q) is not None:
            continue  # "passer de 13 millions d'unités à 26 millions": the figure is the second
        gates = tuple(name for name, shut in (("history", history), ("past", is_past(ctx, sent, q.start))) if shut)
        why = "rules: cue words and unit around the figure (figures.figure_kind)"
        fig = figure_of(ctx, q)
        found = figure_kind(ctx, sent, fig)
        if found is not None and found[0] == SURFACE:
            if gates:
                continue
            kind, unit = found
        else:
            kind = decide_figure(ctx, sent, fig.start, fig.end, fig.value, fig.unit, found and found[0], gates)
            if kind is None:
                continue
            unit = found[1] if found and found[0] == kind else kind_unit(kind, fig.unit)
            if gates or not found or found[0] != kind:
                why = "model figure_kind"
        if kind in SITE_KINDS and background(ctx, sent, q.start, q.end) or \
                kind == "site_opening" and opened_long_ago(ctx, sent, q.start):
            continue  # "s'ajoute aux 25 usines déjà mises en place", "l'usine, ouverte en 1965, s'étend sur 5 ha"
        if kind in SITE_KINDS and unit == "sites":
            c_start, c_end = sent.clause_of(q.start)
            groups = group_places(places_in(ctx, q.end, c_end))
            if len(groups) >= 2 and len(groups) == fig.value:  # "deux usines (à Vannes et Cholet)"
                out += [f for g in groups if (f := _fact(ctx, sent, kind, q.start, (q.start, g[-1].end), places=g, why_kind=why))]
                continue
        site = closing_site_of(ctx, fig) if kind == "jobs_cut" else None
        fact = _fact(ctx, sent, kind, q.start, (q.start, q.end), fig, unit, [site] if site else None, why_kind=why)
        if fact:
            out.append(fact)
    return out


def _figureless_facts(ctx: Context, sent: Sentence, found: list[dict]) -> list[dict]:
    """Facts stated by a phrase alone ("a signé ses premiers PPA", "un plan social").

    A phrase right beside a fact of its kind adds nothing; the phrase is the fact's detail.
    """
    out: list[dict] = []
    unlike = langdata.load(ctx.lang, "triggers")["figureless_unlike"]
    for kind in langdata.load(ctx.lang, "triggers")["figureless"]:
        for m in cue(ctx.lang, f"figureless.{kind}").finditer(sent.text):
            a, b = sent.start + m.start(), sent.start + m.end()
            if any(f["kind"] == kind and abs(f[ANCHOR] - a) < FIGURELESS_GAP
                   for f in found + out):
                continue
            site = [f for f in found if kind in SITE_KINDS and f["kind"] in SITE_KINDS and f["value"] is None
                    and f["evidence"]["start"] <= a and b <= f["evidence"]["end"] and abs(f[ANCHOR] - a) < FIGURELESS_GAP]
            if site:  # "la construction d'un nouvel atelier": the phrase says which kind of site fact
                site[0]["kind"] = kind
                continue
            if is_excluded(ctx, a) or is_past(ctx, sent, a) or COUNTED.search(ctx.text, max(0, a - 15), a):
                continue  # "près de 200 plans sociaux sont attendus": a tally of many companies'
            if kind in unlike and cue(ctx.lang, f"figureless_unlike.{kind}").match(ctx.text, b + 1):
                continue  # "renforcer les capacités en matière d'essais cliniques": no production
            if kind in SITE_KINDS and cue(ctx.lang, "worldwide").search(ctx.text, b, min(sent.end, b + WORLDWIDE_SITE_REACH)):
                continue  # "accroître les capacités industrielles du groupe (dans le monde)": no site
            fact = _fact(ctx, sent, kind, a, (a, b))
            if fact:
                fact["detail"] = m.group().lower()
                out.append(fact)
    return out


@cache
def _relative_changes(lang: str) -> list[tuple[str, float, re.Pattern[str]]]:
    """(kind, percent, pattern) for each relative change of ``triggers.yml``."""
    out = []
    for entry in langdata.load(lang, "triggers")["relative_changes"]:
        body = "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in entry["phrases"])
        out.append((entry["kind"], float(entry["value"]), re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)))
    return out


def _relative_facts(ctx: Context, sent: Sentence) -> list[dict]:
    """Relative changes told without a figure: a capacity or a workforce multiplied ("doubler la
    production", read from the parse) and the phrases of ``relative_changes``: facts in %."""
    found = [(c.kind, c.value, c.start, c.end, "rules: a multiplied capacity or workforce (changes.multiplied)")
             for c in multiplied(ctx, sent)]
    found += [(c.kind, c.value, c.start, c.end, "rules: a whole supply of renewable power (changes.wholly_renewable)")
              for c in wholly_renewable(ctx, sent)]
    for kind, value, pattern in _relative_changes(ctx.lang):
        found += [(kind, value, sent.start + m.start(), sent.start + m.end(), "rules: a relative change (triggers.yml)")
                  for m in pattern.finditer(sent.text)]
    out = []
    for kind, value, a, b, why in found:
        if is_excluded(ctx, a) or is_past(ctx, sent, a):
            continue
        fact = _fact(ctx, sent, kind, a, (a, b), Figure(a, b, value, None, "%", "exact"), "%", why_kind=why)
        if fact:
            out.append(fact)
    for a, b in raised_sites(ctx, sent):  # "doubler les capacités de son unité": the site is extended
        if not (is_excluded(ctx, a) or is_past(ctx, sent, a)):
            fact = _fact(ctx, sent, "site_expansion", a, (a, b), why_kind="rules: a site's capacity raised (changes.raised_sites)")
            out += [fact] if fact else []
    return out


def _without_landmarks(ctx: Context, groups: list) -> list:
    """The site's place groups, less a town named as a landmark beside a locality ("à Béthune,
    près de Lille": one site); a landmark beside areas only is a site of its own ("en région
    parisienne et près de Marseille")."""
    def landmark(group) -> bool:
        return group is not None and all(named_as_landmark(ctx, p) for p in group)
    if not any(g is not None and not landmark(g) and any(p.level in LOCAL_LEVELS for p in g) for g in groups):
        return groups
    return [g for g in groups if not landmark(g)]


def _site_facts(ctx: Context, sent: Sentence) -> list[dict]:
    out = []
    anchors = site_anchors(ctx, sent)
    for i, (kind, a, b) in enumerate(anchors):
        if is_excluded(ctx, a) or is_past(ctx, sent, a) or background(ctx, sent, a, b) or \
                kind == "site_opening" and opened_long_ago(ctx, sent, a):
            continue
        scope_end = anchors[i + 1][1] if i + 1 < len(anchors) else sent.end
        scope_start = anchors[i - 1][2] if i else sent.start
        c_start, _ = sent.clause_of(a)
        places = places_in(ctx, a, scope_end) or places_in(ctx, max(c_start, scope_start), a)
        places = [p for p in places if not (in_brackets(ctx, sent, p.start) and p.start > b
                                            and bracket_has(ctx, sent, p.start, ("site_nouns",)))]
        places = _kept_place(ctx, sent, places)
        groups = one_agglomeration(group_places(places)) or [None]
        groups = _without_landmarks(ctx, groups)
        if all(g is None or all(p.level == "country" for p in g) for g in groups) and generic_plural(ctx, a, b):
            continue  # "ce qui servira à la construction de data centers": sites in general
        for group in groups:
            end = max([b] + [p.end for p in group or []])
            fact = _fact(ctx, sent, kind, a, (a, end), None, None, group,
                         why_kind="rules: a site cue bearing on a site noun (sites.site_anchors)")
            if fact:
                fact[RESTATED] = demonstrative(ctx, a, b)
                fact[COORDINATED] = coordinated_site(ctx, sent, a)
                out.append(fact)
    return out


def find_facts(doc: Doc, quotes: list[dict] = ()) -> list[dict]:
    """Every fact the analysed document states, in text order, as schema dicts (with the working
    key ``explain.WHY`` inside ``explain.explaining()``).

    Figures inside the evidence of a market quote (``quotes``) are not facts.
    """
    ctx = build_context(doc, list(quotes))
    facts: list[dict] = []
    for sent in ctx.sentences:
        if tells_history(ctx, sent):
            facts.extend(_figure_facts(ctx, sent, history=True))  # background, unless the model reads news
            continue
        figures = _figure_facts(ctx, sent) + _relative_facts(ctx, sent)
        found = figures + [f for f in _site_facts(ctx, sent) if not has_figure(ctx, f, figures, sent)]
        found += _figureless_facts(ctx, sent, found)
        news = [n for n in status_news(ctx, sent) if not is_excluded(ctx, n.start) and not is_past(ctx, sent, n.start)]
        found = traced(found, "rules: status news of its sentence (status.apply_status)",
                       apply_status, ctx, sent, found, news, _fact)
        facts.extend(sorted(found, key=lambda f: f[ANCHOR]))
    sites = actor_sites(ctx)
    traced(facts, "rules: the actor's sites named elsewhere (placing.narrow_areas)", narrow_areas, facts, sites)
    traced(facts, "rules: places of the actor's other commitments (placing.inherit_places)",
           inherit_places, ctx, facts, sites)
    traced(facts, "rules: the area named with a locality (placing.complete_areas)", complete_areas, ctx, facts)
    traced(facts, "model places (learn.place_decide)", decide_places, ctx, facts)
    traced(facts, "rules: a start date in a following sentence (merging.start_dates)", start_dates, ctx, facts)
    traced(facts, "rules: the date of the actor's closure (merging.closure_dates)", closure_dates, facts)
    facts = traced(facts, "rules: the figure of the site's surface (merging.attach_surfaces)", attach_surfaces, ctx, facts)
    facts = traced(facts, "rules: taken from a restatement it absorbed (merging.drop_restated)", drop_restated, facts)
    out = traced(facts, "rules: taken from a restatement it absorbed (merging.dedupe)", dedupe, ctx, facts)
    traced(out, "rules: the date of the actor's dated total (merging.part_dates)", part_dates, out)
    for f in out:
        del f[ANCHOR]
        f.pop(RESTATED, None)
        f.pop(COORDINATED, None)
        f.pop(COMPANY_WIDE, None)
    return out
