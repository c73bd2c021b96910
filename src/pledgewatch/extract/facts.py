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
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.actors import (
    actor_at,
    agent_after,
    find_actor,
    is_power_supplier,
    named,
    power_buyer,
)
from pledgewatch.extract.amounts import DURATION_UNITS, is_currency
from pledgewatch.extract.frames import (
    ANCHOR,
    COMPANY_WIDE,
    CUE_WINDOW,
    Context,
    Sentence,
    breakdown_opening,
    build_context,
    cue,
    cue_at_end,
    cue_distance,
    cue_spans,
    is_excluded,
    is_title,
    nearer,
    paragraph_of,
    within,
)
from pledgewatch.extract.learn.decide import decide_actor, decide_figure
from pledgewatch.extract.placing import (
    actor_sites,
    complete_areas,
    country_right_after,
    group_places,
    inherit_places,
    latest_locality,
    narrow_areas,
    nested,
    place_codes,
    places_in,
)
from pledgewatch.extract.sites import (
    LOCAL_LEVELS,
    SITE_KINDS,
    SITE_NEW_WINDOW,
    background,
    coordinated_site,
    demonstrative,
    founded,
    funded_site,
    generic_plural,
    one_agglomeration,
    opened_long_ago,
    site_anchors,
)
from pledgewatch.extract.status import STEP, apply_status, carry_step, status_news
from pledgewatch.extract.times import is_recent

RESTATED = "_restated"
"""Working key: the site noun has a demonstrative ("ce site"), a site said before; removed on output."""
COORDINATED = "_coordinated"
"""Working key: the site is joined to the site phrase before it, another site; removed on output."""
SURFACE = "_surface"
"""Working kind of a surface with no site cue, until it joins the site fact it measures."""
FIGURE_KINDS_NO_EVENT = ("energy_procurement", "sustainability_target")
RESTATED_KINDS = ("jobs_created", "jobs_cut", "energy_procurement", "training")
"""Kinds whose figureless phrase ("le plan social") restates a figure given elsewhere."""
WORKFORCE_UNITS = frozenset({"jobs", "people", "engineers", "researchers", "employees", "workers",
                             "technicians", "apprentices"})
"""Normalised units that count people employed: a jobs fact's unit becomes ``jobs``."""
SITE_UNITS = frozenset({"sites", "stores", "plants", "warehouses", "data centers", "offices",
                        "power plants", "restaurants", "hotels"})
"""Normalised units that count sites: a site fact's unit becomes ``sites``."""
NOT_CAPACITY_UNITS = DURATION_UNITS | frozenset({"countries", "inhabitants",
                                "customers", "companies", "students", "users", "trees", "projects"})
"""Counted nouns that are never a production or compute capacity."""
WORLDWIDE_SITE_REACH = 60
"""How far after a figureless site phrase a worldwide cue makes it the whole group's capacity."""
TOTAL_PARTS_REACH = 80
"""How far after a total of jobs the parts it adds up may be named ("dont 3000 indirects")."""
SHARE_REACH = 90
"""How far before a sum the share of a company's figures it restates may stand."""
NATIONWIDE_REACH = 80
"""How far from a figure a nationwide phrase ("sur l'ensemble du territoire") makes it the country's."""
NEW_SITE_STAFF_REACH = 40
"""How far before "ses 80 salariés" the new site they staff may be named."""
CAPABILITY_REACH = 40
"""How far before a share a capability phrase ("capable de récupérer") may stand."""
FIGURELESS_GAP = 40
"""How near a fact of its kind a figureless phrase must stand to add nothing."""
LAST_WORD = re.compile(r"(\w+)\s*$")
"""The last word of a window of text."""
COUNTED = re.compile(r"\d\s*$")
"""A number right before a phrase: the phrase is counted, not stated once."""
SEGMENT_BREAK = re.compile(r",\s|\(|\)")
BRACKETS = {"(": ")", "[": "]", "{": "}"}
"""Opening brackets and their closing ones: an evidence span never ends inside a pair."""
CLOSING = frozenset(BRACKETS.values())
PER_YEAR_REACH = 70
"""How far after a tonnage "par an" makes it a yearly one ("160 000 tonnes de déchets ... par an")."""
WORKFORCE_PLACE_REACH = 25
"""How far after a workforce figure the locality it works at may be named."""
START_DATE_REACH = 60
"""How near a start phrase ("entrer en production") its date must stand."""
START_DATE_SENTENCES = 3
"""How many sentences after a site fact may give its start date."""
EVIDENCE_REACH = 150
"""How far before its anchor the actor may be named and still open the evidence."""
BREAKDOWN_REACH = 80
"""How far before a bare number of a breakdown the figure it breaks down may stand."""
NOT_NEWS_REACH = 40
"""How far before an anchor a denial or a risk ("dément tout projet de") takes it back."""
POWER_UNITS = ("MW", "MWh")
"""Units of a power plant's capacity."""
GREEN_POWER_REACH = 200
"""How far from a power figure a word of renewable power may stand ("26 projets d'énergie
éolienne et solaire - en Australie, ... - soit 3,4 GW")."""
SUPERSEDED_REACH = 25
"""How far before a date a word may say it was given up ("prévue initialement pour 2025")."""


@dataclass(frozen=True)
class Figure:
    """The normalised figure of a fact, taken from a Quantity."""

    start: int
    end: int
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str
    raw_unit: str | None = None


def _figure(ctx: Context, q) -> Figure:
    """A Quantity as a Figure; a scaled amount with no unit takes the text's last currency."""
    unit = q.unit
    if unit is None and q.value is not None and q.value >= 1e6:
        earlier = [p.unit for p in ctx.doc._.quantities if p.end <= q.start and is_currency(p.unit)]
        unit = earlier[-1] if earlier else None
    elif unit is None and q.value is not None and not _is_year(ctx, q):
        unit = _breakdown_unit(ctx, q)
    return Figure(q.start, q.end, q.value, q.value_max, unit, q.qualifier, q.raw_unit)


def _closing_site_of(ctx: Context, fig: Figure):
    """The locality a workforce is "de" ("963 de Cholet") when the text closes a site there."""
    after = ctx.text[fig.end:fig.end + WORKFORCE_PLACE_REACH]
    link = cue(ctx.lang, "owner_of").match(after.lstrip())
    if link is None:
        return None
    at = fig.end + len(after) - len(after.lstrip()) + link.end()
    at += len(ctx.text[at:at + 3]) - len(ctx.text[at:at + 3].lstrip())
    place = next((p for p in ctx.doc._.places if p.start == at and p.level == "commune"), None)
    return place if place is not None and place.code in ctx.closing_places else None


def _is_year(ctx: Context, q) -> bool:
    return any(t.start <= q.start < t.end for t in ctx.doc._.times)


def _breakdown_unit(ctx: Context, q) -> str | None:
    """The unit a bare number of a breakdown shares with the figure it breaks down ("900
    suppressions d'emplois, dont 300 à Lannion"; "2500 chez Auchan et 1250 chez Michelin")."""
    before = ctx.text[max(0, q.start - BREAKDOWN_REACH):q.start]
    links = list(cue(ctx.lang, "breakdown").finditer(before))
    if not links or before[links[-1].end():].strip():
        return None
    earlier = [p for p in ctx.doc._.quantities if p.unit and q.start - BREAKDOWN_REACH <= p.end <= q.start]
    return earlier[-1].unit if earlier else None


def figure_kind(ctx: Context, sent: Sentence, fig: Figure) -> tuple[str, str | None] | None:
    """The kind of fact a figure states and its unit as that kind counts it, or None."""
    unit, pos = fig.unit, (fig.start + fig.end) // 2
    has = lambda name, window=CUE_WINDOW: cue_distance(ctx, name, sent, pos, window) is not None  # noqa: E731
    if unit is None:
        return None
    if is_currency(unit):
        if nearer(ctx, sent, pos, "investment", "money_negative") or _spent_share(ctx, sent, fig):
            return "investment", unit
        if ctx.about_investment and not has("money_negative") and not has("not_investment_context", 200):
            return "investment", unit
        building = has("site_nouns", 60) and (has("site_opening") or has("site_expansion")) or \
            any(funded_site(ctx, sent, a) for a, _ in cue_spans(ctx, sent, "site_nouns") if 0 < a - fig.end < 40)
        if building and not has("money_negative") and not has("not_investment_context", 200):
            return "investment", unit  # "construira une usine ... pour 1,5 milliard d'euros"
        return None
    if unit in WORKFORCE_UNITS:
        if _in_brackets(ctx, sent, fig.start) and \
                not _bracket_has(ctx, sent, fig.start, ("jobs_cut", "jobs_created", "breakdown_opens")):
            return None  # "Tupperware (qui compte 1500 salariés)": its size, no breakdown
        before = ctx.text[max(sent.start, fig.start - 25):fig.start].rstrip()
        if cue_at_end(ctx.lang, "fraction_of", before):
            return None  # "la moitié des 772 postes": the whole a share is taken of
        tail = ctx.text[fig.end:fig.end + 20]
        if cue(ctx.lang, "indirect_jobs").search((fig.raw_unit or "") + " " + tail.split(",")[0]):
            return None
        if cue(ctx.lang, "totals").search(ctx.text, max(sent.start, fig.start - 20), fig.start) and \
                cue(ctx.lang, "indirect_jobs").search(ctx.text, fig.end, min(sent.end, fig.end + TOTAL_PARTS_REACH)):
            return None  # "un total de 4000 emplois : 1200 directs et 2800 indirects": indirect jobs counted in
        if cue(ctx.lang, "construction_jobs").search(ctx.text, max(sent.start, fig.start - 80), min(sent.end, fig.end + 40)):
            return None  # "Le chantier va générer 300 emplois": temporary jobs
        if unit != "jobs" and has("training", 50):
            return "training", "people"
        if cue_distance(ctx, "headcount", sent, fig.start, 30) is not None:
            here = [background(ctx, sent, x, y) for x, y in cue_spans(ctx, sent, "site_closure")]
            past = here and all(here)  # "après la fermeture de l'usine, qui employait 300 personnes"
            return ("jobs_cut", "jobs") if ctx.closing and not past and has("jobs_cut", 200) else None
        if has("jobs_cut") and nearer(ctx, sent, pos, "jobs_cut", "jobs_created"):
            return "jobs_cut", "jobs"
        if has("jobs_created") and (unit == "jobs" or has("hiring", 50)):
            return "jobs_created", "jobs"
        if _new_site_staff(ctx, sent, fig):
            return "jobs_created", "jobs"  # "la nouvelle usine et ses 90 salariés": new jobs
        if _closing_site_of(ctx, fig) is not None:
            return "jobs_cut", "jobs"  # "Les 300 employés de Vannes", where Vannes closes
        return None
    if unit == "startups":
        return ("startup_support", unit) if has("startup_support") else None
    if unit == "projects":
        return ("investment", unit) if ctx.about_investment or has("investment") and has("aggregate") else None
    if unit in SITE_UNITS or unit == "units":
        for kind in SITE_KINDS:
            if has(kind, 60):
                if kind == "site_expansion" and _after_possessive(ctx, sent, fig.start):
                    return None  # "moderniser ses trois sites": sites that exist, no count of new ones
                return kind, "sites" if unit in SITE_UNITS else unit
        return ("capacity", unit) if unit == "units" and has("capacity", 40) else None
    if unit == "m2":
        if not has("site_nouns", 60) or has("not_site_area", 40):
            return None
        if not (has("site_opening") or has("site_expansion") or has("site_new", 60) or has("site_future", 60)):
            return SURFACE, unit  # "Avec 4 000 m2 de locaux": the surface of a site named before, if any
        strong = has("site_expansion", 60) and not has("area_phrases", 40)
        return ("site_expansion" if strong and nearer(ctx, sent, pos, "site_expansion", "site_opening")
                else "site_opening"), unit
    if unit in POWER_UNITS:
        if any(0 <= pos - b <= 60 for _, b in cue_spans(ctx, sent, "power_use")):
            return None  # "une consommation de 130 MW"; not "130 MW (soit la consommation d'une ville)"
        if has("energy_procurement") or (has("renewable") and ctx.buys_power):
            return "energy_procurement", unit
        return "capacity", unit  # renewable capacity is the procurement of a company selling no power (_fact)
    if unit == "%":
        if cue(ctx.lang, "share_of_target").match(ctx.text, fig.end, sent.end):
            return None  # "près de 25 % des objectifs de décarbonation": progress, not a target
        if any(0 <= fig.start - b <= CAPABILITY_REACH for _, b in cue_spans(ctx, sent, "capability")):
            return None  # "capable de récupérer jusqu'à 90 % du verre": what it can do
        if has("sustainability_target", 70) and has("target", 80):
            return "sustainability_target", unit
        return None
    if unit == "t" and cue_distance(ctx, "per_year", sent, fig.end, PER_YEAR_REACH) is not None:
        unit = "t/yr"
    if unit in ("t", "t/yr") and has("sustainability_target", 50):
        if unit == "t/yr" and nearer(ctx, sent, pos, "processing", "emissions"):
            return "capacity", unit  # "recycler 160 000 tonnes de déchets par an": what the plant treats
        return "sustainability_target", unit
    if unit in NOT_CAPACITY_UNITS:
        return None
    return ("capacity", unit) if has("capacity", 60) or unit == "GPU" else None


def kind_unit(kind: str, unit: str | None) -> str | None:
    """The unit a figure takes as a fact of ``kind`` the model chose: people employed count as
    jobs, trainees as people, sites as sites."""
    if kind in ("jobs_created", "jobs_cut"):
        return "jobs"
    if kind == "training":
        return "people"
    return "sites" if kind in SITE_KINDS and unit in SITE_UNITS else unit


def _spent_share(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """True for a sum given as a share of a company's figures that it spends ("consacre 6 % de
    son résultat net, soit 6 millions d'euros"): the result is the base, not the money."""
    floor = max(sent.start, fig.start - SHARE_REACH)
    for share in within(ctx.doc._.quantities, floor, fig.start):
        if share.unit == "%" and cue(ctx.lang, "share_of_own").match(ctx.text, share.end + 1) \
                and cue(ctx.lang, "investment").search(ctx.text, floor, share.start) \
                and cue(ctx.lang, "share_restated").search(ctx.text, share.end, fig.start):
            return True
    return False


def _in_brackets(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when ``pos`` stands inside brackets opened in its sentence."""
    before = ctx.text[sent.start:pos]
    return before.rfind("(") > before.rfind(")")


def _bracket_has(ctx: Context, sent: Sentence, pos: int, names: tuple[str, ...]) -> bool:
    """True when the brackets holding ``pos`` hold a cue of one of ``names``."""
    opened = ctx.text.rfind("(", sent.start, pos)
    closed = ctx.text.find(")", pos, sent.end)
    inside = ctx.text[opened + 1:closed if closed >= 0 else sent.end]
    return any(cue(ctx.lang, name).search(inside) for name in names)


def _after_possessive(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when the word right before ``pos`` is a possessive ("ses 500 millions", "ses trois sites")."""
    last = LAST_WORD.search(ctx.text, max(sent.start, pos - 20), pos)
    return bool(last) and bool(cue(ctx.lang, "possessives").fullmatch(last.group(1)))


def _compared(ctx: Context, pos: int) -> bool:
    """True when a comparing word stands right before ``pos`` ("comme l'an passé")."""
    return bool(cue(ctx.lang, "like").search(ctx.text, max(0, pos - 8), pos))


def _is_aggregate(ctx: Context, sent: Sentence, pos: int, unit: str | None) -> bool:
    """True when the figure sums several actors' commitments (a summit's total, "56 projets",
    a figure after a count of companies).

    An aggregate cue must stand nearer the figure than any company named, or referred to,
    before it in the sentence.
    """
    if unit == "projects":
        return True
    if _after_possessive(ctx, sent, pos):
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


def _deadline(ctx: Context, sent: Sentence, pos: int, unit: str | None = None, kind: str | None = None) -> str | None:
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


def _status(ctx: Context, sent: Sentence, pos: int, kind: str) -> str:
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
    if nearest is not None:
        return nearest[1]
    if kind == "energy_procurement" and ctx.power_deal_concluded:
        return "completed"
    return "planned"


def _event(ctx: Context, sent: Sentence, kind: str) -> str | None:
    here = within(ctx.doc._.events, sent.start, sent.end)
    if here:
        return here[0].name
    return None if kind in FIGURE_KINDS_NO_EVENT else ctx.default_event


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``, ``end`` moved past the spaces, punctuation and quote marks at either end."""
    part = text[start:end]
    lead = len(part) - len(part.lstrip(" \t\n,;:–—-\"«»"))
    trail = len(part) - len(part.rstrip(" \t\n,;:.–—-\"«»"))
    return start + lead, end - trail


def _bracket_partners(text: str, lo: int, hi: int) -> dict[int, int | None]:
    """Each bracket of ``text[lo:hi]`` (absolute offset) with its partner's, or None when it has none there."""
    partners: dict[int, int | None] = {}
    opened: list[int] = []
    for i in range(lo, hi):
        char = text[i]
        if char in BRACKETS:
            opened.append(i)
            partners[i] = None
        elif char in CLOSING:
            j = next((k for k in reversed(range(len(opened))) if BRACKETS[text[opened[k]]] == char), None)
            partners[i] = None if j is None else opened[j]
            if j is not None:
                partners[opened[j]] = i
                del opened[j:]
    return partners


def _balanced(text: str, sent: Sentence, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """``start``, ``end`` widened or narrowed so that no bracket is left open or closed alone:
    a bracket after the anchor (``a``-``b``) is cut off with what follows, one before it with
    what precedes, and brackets around the anchor are taken whole."""
    partners = _bracket_partners(text, sent.start, sent.end)
    for _ in range(len(partners) + 1):
        alone = [i for i in partners if start <= i < end
                 and (partners[i] is None or not start <= partners[i] < end)]
        if not alone:
            break
        i = alone[0] if text[alone[0]] in CLOSING else alone[-1]
        partner = partners[i]
        if i >= b:
            end = i
        elif i < a and (text[i] in CLOSING or partner is None):
            start = i + 1
        elif partner is not None:
            start, end = (partner, end) if text[i] in CLOSING else (start, partner + 1)
        else:
            break  # a bracket inside the anchor itself, left as written
        start, end = _trimmed(text, start, end)
        if end <= start:
            break
    return start, end


def _evidence(ctx: Context, sent: Sentence, a: int, b: int, actor_at: int | None = None) -> dict:
    """The shortest stretch of the clause that states the fact: from the comma-delimited
    segment naming its actor (when near) to the one ending its anchor, trimmed, its brackets
    paired (never ending inside brackets)."""
    c_start, c_end = sent.clause_of(a)
    cuts = [c_start] + [c_start + m.end() for m in SEGMENT_BREAK.finditer(ctx.text[c_start:c_end])] + [c_end]
    left = a if actor_at is None or not c_start <= actor_at < a or a - actor_at > EVIDENCE_REACH else actor_at
    start = max(x for x in cuts if x <= left)
    end = min([x for x in cuts if x >= b] or [c_end])
    start, end = _balanced(ctx.text, sent, *_trimmed(ctx.text, start, end), a, b)
    if end <= start:
        start, end = sent.start, sent.end
    return {"text": ctx.text[start:end], "start": start, "end": end}


def _is_past(ctx: Context, sent: Sentence, pos: int) -> bool:
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
             and not _compared(ctx, t.start)]  # "comme l'an passé"
    history = [t for t in times if t.cue == "past" and not is_recent(t.value, ctx.doc._.published)]
    return bool(history) and not any(t.cue in ("by", "from") for t in times)


def _kept_place(ctx: Context, sent: Sentence, places: list) -> list:
    """The places of a sentence that opens by keeping the place of the one before ("Toujours
    dans la sous-préfecture du Nord, X construira une usine"): that sentence's locality, with
    the areas the sentence names itself."""
    if cue(ctx.lang, "same_place").match(sent.text.lstrip()) and not any(p.level in LOCAL_LEVELS for p in places):
        return latest_locality(ctx, sent.start) + places
    return places


def _fact(ctx: Context, sent: Sentence, kind: str, pos: int, span: tuple[int, int],
          fig: Figure | None = None, unit: str | None = None, places: list | None = None) -> dict | None:
    money = bool(fig) and is_currency(unit)
    owner_at = span[1] if fig or kind not in SITE_KINDS else None  # "le plan social massif chez Auchan"
    agent = agent_after(ctx, sent, owner_at, money) if owner_at is not None else None
    aggregate = kind in ("investment", "jobs_created", "jobs_cut") and agent is None and \
        _is_aggregate(ctx, sent, pos, unit)
    actor, actor_id = (None, None) if aggregate else find_actor(ctx, sent, pos, owner_at, money)
    if agent is None:  # an owner named right after the figure ("30 millions de Novartis") is the actor
        actor, actor_id = decide_actor(ctx, sent, pos, kind, fig.value if fig else None, unit, (actor, actor_id), named)
    if kind == "energy_procurement" and is_power_supplier(ctx, actor):
        actor, actor_id = power_buyer(ctx, sent) or (actor, actor_id)  # Engie sells, Amazon buys
    if kind == "capacity" and unit in POWER_UNITS and actor and not is_power_supplier(ctx, actor) \
            and cue_distance(ctx, "green_power", sent, pos, GREEN_POWER_REACH) is not None:
        kind = "energy_procurement"  # wind and solar power brought online for Amazon's own supply
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
            places = country_right_after(places, span[1]) or places
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
        "deadline": _deadline(ctx, sent, pos, fig.unit if fig else None, kind),
        "status": _status(ctx, sent, pos, kind),
        "event": _event(ctx, sent, kind),
        "detail": None,
        STEP: None,
        "evidence": _evidence(ctx, sent, *span, actor_at(ctx, sent, pos, actor)),
        ANCHOR: pos,
        COMPANY_WIDE: money and _spent_share(ctx, sent, fig),
    }


def _figure_facts(ctx: Context, sent: Sentence, history: bool = False) -> list[dict]:
    """The facts of the sentence's figures: the rules propose a kind, which a history cue of the
    sentence (``history``) or a past clause take back; the learned model decides (decide.py)."""
    out = []
    for q in within(ctx.doc._.quantities, sent.start, sent.end):
        if is_excluded(ctx, q.start):
            continue
        gates = tuple(name for name, shut in (("history", history), ("past", _is_past(ctx, sent, q.start))) if shut)
        fig = _figure(ctx, q)
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
        if kind in SITE_KINDS and background(ctx, sent, q.start, q.end) or \
                kind == "site_opening" and opened_long_ago(ctx, sent, q.start):
            continue  # "s'ajoute aux 25 usines déjà mises en place", "l'usine, ouverte en 1965, s'étend sur 5 ha"
        if kind in SITE_KINDS and unit == "sites":
            c_start, c_end = sent.clause_of(q.start)
            groups = group_places(places_in(ctx, q.end, c_end))
            if len(groups) >= 2 and len(groups) == fig.value:  # "deux usines (à Vannes et Cholet)"
                out += [f for g in groups if (f := _fact(ctx, sent, kind, q.start, (q.start, g[-1].end), places=g))]
                continue
        site = _closing_site_of(ctx, fig) if kind == "jobs_cut" else None
        fact = _fact(ctx, sent, kind, q.start, (q.start, q.end), fig, unit, [site] if site else None)
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
            if is_excluded(ctx, a) or _is_past(ctx, sent, a) or COUNTED.search(ctx.text, max(0, a - 15), a):
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
    """Relative changes of a capacity or a headcount ("doubler la production"): facts in %."""
    out = []
    for kind, value, pattern in _relative_changes(ctx.lang):
        for m in pattern.finditer(sent.text):
            a, b = sent.start + m.start(), sent.start + m.end()
            if is_excluded(ctx, a) or _is_past(ctx, sent, a):
                continue
            fig = Figure(a, b, value, None, "%", "exact")
            fact = _fact(ctx, sent, kind, a, (a, b), fig, "%")
            if fact:
                out.append(fact)
    return out


def _site_facts(ctx: Context, sent: Sentence) -> list[dict]:
    out = []
    anchors = site_anchors(ctx, sent)
    for i, (kind, a, b) in enumerate(anchors):
        if is_excluded(ctx, a) or _is_past(ctx, sent, a) or background(ctx, sent, a, b) or \
                kind == "site_opening" and opened_long_ago(ctx, sent, a):
            continue
        scope_end = anchors[i + 1][1] if i + 1 < len(anchors) else sent.end
        scope_start = anchors[i - 1][2] if i else sent.start
        c_start, _ = sent.clause_of(a)
        places = places_in(ctx, a, scope_end) or places_in(ctx, max(c_start, scope_start), a)
        places = [p for p in places if not (_in_brackets(ctx, sent, p.start) and p.start > b
                                            and _bracket_has(ctx, sent, p.start, ("site_nouns",)))]
        places = _kept_place(ctx, sent, places)
        groups = one_agglomeration(group_places(places)) or [None]
        if all(g is None or all(p.level == "country" for p in g) for g in groups) and generic_plural(ctx, a, b):
            continue  # "ce qui servira à la construction de data centers": sites in general
        for group in groups:
            end = max([b] + [p.end for p in group or []])
            fact = _fact(ctx, sent, kind, a, (a, end), None, None, group)
            if fact:
                fact[RESTATED] = demonstrative(ctx, a, b)
                fact[COORDINATED] = coordinated_site(ctx, sent, a)
                out.append(fact)
    return out


def _new_site_staff(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """True for the staff of a new site, named with it ("la nouvelle usine et ses 90 salariés")."""
    if not _after_possessive(ctx, sent, fig.start):
        return False
    before = ctx.text[max(sent.start, fig.start - NEW_SITE_STAFF_REACH):fig.start]
    nouns = list(cue(ctx.lang, "site_nouns").finditer(before))
    return bool(nouns) and bool(cue(ctx.lang, "site_new").search(before, max(0, nouns[-1].start() - SITE_NEW_WINDOW),
                                                                 nouns[-1].start()))


def _same_site(f: dict, g: dict) -> bool:
    """Two site facts of one actor name one site when their places agree or nest, or share an EPCI."""
    a = {p["code"] for p in f["places"]}
    b = {p["code"] for p in g["places"]}
    if a <= b or b <= a:
        return True
    local_a, local_b = ({c for c in codes if c.split(":")[0] in LOCAL_LEVELS} for codes in (a, b))
    if local_a and local_b:  # Villeurbanne and Vénissieux, both in the Métropole de Lyon: two sites
        return bool(local_a & local_b)
    return any(x == y or nested(x, y) or gazetteer.same_epci(x, y) for x in a for y in b)


def _same_date(f: dict, g: dict) -> bool:
    """Two facts may be one unless both are dated, differently ("un millier d'ici 2024, puis un
    millier d'ici 2030" are two)."""
    return None in (f["deadline"], g["deadline"]) or f["deadline"] == g["deadline"]


def _same_actor(f: dict, g: dict) -> bool:
    """One actor, written in full then shorter ("PSA Peugeot Citroën", then "PSA": one listed
    company); two brands of one group ("Peugeot", "Opel") stay two."""
    if f["actor"] == g["actor"]:
        return True
    if f.get("actor_id") is None or f.get("actor_id") != g.get("actor_id"):
        return False
    short, long_ = sorted((f["actor"].split(), g["actor"].split()), key=len)
    return long_[:len(short)] == short


def _dedupe(ctx: Context, facts: list[dict]) -> list[dict]:
    """One fact per statement: a figure, a site or a phrase restated later is still one fact.
    A later qualifier ("jusqu'à") makes a figure no longer exact only when it was first given
    in a title: in the text, a later "jusqu'à 150 salariés" is another statement's."""
    out: list[dict] = []
    for f in facts:
        same = [g for g in out if g["kind"] == f["kind"] and _same_actor(g, f)
                and g["aggregate"] == f["aggregate"] and (g["value"] is None) == (f["value"] is None)]
        if f["value"] is not None:
            first = next((g for g in same if abs(g["value"] - f["value"]) <= 1e-6 * abs(f["value"])
                          and g["unit"] == f["unit"] and _same_date(g, f)), None)
        elif f["kind"] in SITE_KINDS:  # a site joined to another ("ainsi que sur X") is another one
            first = None if f.get(COORDINATED) else next((g for g in same if _same_site(f, g)), None)
            if first is None and f.get(RESTATED):  # "ce campus": a site already stated, with or without figure
                first = next((g for g in out if g["kind"] in SITE_KINDS and g["actor"] == f["actor"]), None)
        else:
            first = next((g for g in same if g.get("detail") == f.get("detail")), None)
        if first is None:
            out.append(f)
            continue
        carry_step(first, f)
        if first["deadline"] is None:
            first["deadline"] = f["deadline"]  # a restatement may date what the first mention did not
        if first["qualifier"] == "exact" and f["qualifier"] != "exact" and f["value"] is not None \
                and is_title(ctx.text, first[ANCHOR]):  # a title's "350 millions", "jusqu'à 350 millions" in the text
            first["qualifier"], first["value_max"] = f["qualifier"], f["value_max"]
    return out


def _closure_dates(facts: list[dict]) -> None:
    """Job cuts tied to an actor's dated closure take the closure's date."""
    for f in facts:
        if f["kind"] != "jobs_cut" or f["deadline"]:
            continue
        dates = {g["deadline"] for g in facts if g["kind"] == "site_closure" and g["actor"] == f["actor"] and g["deadline"]}
        if len(dates) == 1:  # one date, however often the closure is restated undated
            f["deadline"] = dates.pop()


def _part_dates(facts: list[dict]) -> None:
    """An undated investment of an actor takes the date of the actor's dated total it is a part
    of (a larger sum in the same currency): "15 milliards pour de nouveaux data centers" out of
    "20 milliards d'ici 2030"."""
    dated = [f for f in facts if f["kind"] == "investment" and f["deadline"] and not f["aggregate"]]
    for f in facts:
        if f["kind"] != "investment" or f["deadline"] or f["value"] is None or f["aggregate"]:
            continue
        totals = [g for g in dated if g["actor"] == f["actor"] and g["status"] == f["status"]
                  and g["unit"] == f["unit"] and g["value"] > f["value"]]  # money spent is no part of money planned
        if len({g["deadline"] for g in totals}) == 1:
            f["deadline"] = totals[0]["deadline"]


def _start_dates(ctx: Context, facts: list[dict]) -> None:
    """A new or extended site, or a capacity, with no date takes the start date one of the next
    sentences gives ("Le site doit entrer en production début 2027"): what starts then is due then.
    A closing site takes the date they give its closure ("une fermeture pour mars 2018"), money
    the date they give the end of the works ("La fin des travaux est prévue pour 2022")."""
    for f in facts:
        if f["kind"] not in SITE_KINDS + ("capacity", "investment") or f["deadline"] or f["aggregate"]:
            continue
        phrases = {"site_closure": "site_closure", "investment": "completion_phrases"}.get(f["kind"], "start_phrases")
        following = [s for s in ctx.sentences if s.start >= f["evidence"]["end"]][:START_DATE_SENTENCES]
        for sent in following:
            start = cue(ctx.lang, phrases).search(sent.text)
            if not start:
                continue
            pos = sent.start + start.start()
            dated = [t for t in within(ctx.doc._.times, sent.start, sent.end) if t.value and t.cue in ("by", "in", "from")]
            times = [t for t in dated if abs(t.start - pos) < START_DATE_REACH]
            if times and cue(ctx.lang, "phased").search(sent.text):  # "en trois phases: 2027, 2029, 2030"
                f["deadline"] = max(t.value for t in [t for t in dated if t.start > pos] or times)
                break
            if times:  # the date after the phrase first ("un démarrage calé pour début 2019")
                f["deadline"] = min(times, key=lambda t: (t.start < pos, abs(t.start - pos))).value
                break


def _has_figure(ctx: Context, site: dict, figures: list[dict], sent: Sentence) -> bool:
    """True when a figure fact of the site fact's kind and actor stands in its clause ("12 000
    m2"), or the power of a plant ("un parc solaire de 300 MW": the capacity states the site)."""
    clause = sent.clause_of(site[ANCHOR])
    plant = bool(cue(ctx.lang, "power_plants").search(site["evidence"]["text"]))
    return any((f["kind"] == site["kind"] or plant and f["unit"] in POWER_UNITS) and f["actor"] == site["actor"]
               and clause[0] <= f[ANCHOR] < clause[1] for f in figures)  # "un parc solaire de 300 MW"


def _attach_surfaces(ctx: Context, facts: list[dict]) -> list[dict]:
    """A surface given with no site cue ("Avec 4 000 m2 de locaux") is the figure of the last
    site fact without figure stated before it in the paragraph; else no fact ("le site de 135
    hectares": a site that is no news)."""
    out: list[dict] = []
    for f in facts:
        if f["kind"] != SURFACE:
            out.append(f)
            continue
        start = paragraph_of(ctx.text, f[ANCHOR])[0]
        site = next((g for g in reversed(out) if g["kind"] in ("site_opening", "site_expansion")
                     and g["value"] is None and start <= g[ANCHOR]), None)
        if site is not None:
            site.update(value=f["value"], value_max=f["value_max"], unit=f["unit"], qualifier=f["qualifier"])
    return out


def _restated_key(f: dict) -> tuple:
    """What a figureless phrase must share with a figure to restate it: kind and actor, and the
    status but for jobs ("un plan de sauvegarde de l'emploi" restates the 153 jobs cut, done or not;
    "a signé ses premiers PPA" is no restatement of a power target)."""
    return (f["kind"], f["actor"]) if f["kind"] in ("jobs_cut", "jobs_created") else (f["kind"], f["actor"], f["status"])


def _drop_restated(facts: list[dict]) -> list[dict]:
    """Drop a figureless fact ("le plan social", "une nouvelle usine") when the text gives the
    same commitment, or the same site, a figure ("15 000 m2"); the site's figure takes the
    date the dropped statement gave ("sortir de terre d'ici 2030. Il s'étendra sur 14,6 hectares")."""
    figured = {_restated_key(f) for f in facts if f["value"] is not None}
    sized = [f for f in facts if f["kind"] in SITE_KINDS and f["value"] is not None]
    out = []
    for f in facts:
        if f["value"] is None and f["kind"] in RESTATED_KINDS and _restated_key(f) in figured:
            continue
        same = [g for g in sized if f["value"] is None and g["kind"] == f["kind"] and g["actor"] == f["actor"]
                and _same_site(f, g) and not (f.get(STEP) and g["status"] != f["status"])]  # "a ouvert son usine": no plan restated
        for g in same:
            g["deadline"] = g["deadline"] or f["deadline"]
            carry_step(g, f)
        if not same:
            out.append(f)
    return out


def _tells_history(ctx: Context, sent: Sentence) -> bool:
    """True when a history cue ("l'an passé") marks the sentence as background, unless it only
    compares ("le laboratoire investit, comme l'an passé, 300 millions": this year's money)."""
    return any(not _compared(ctx, sent.start + m.start()) for m in cue(ctx.lang, "history").finditer(sent.text))


def find_facts(doc: Doc, quotes: list[dict] = ()) -> list[dict]:
    """Every fact the analysed document states, in text order, as schema dicts.

    Figures inside the evidence of a market quote (``quotes``) are not facts.
    """
    ctx = build_context(doc, list(quotes))
    facts: list[dict] = []
    for sent in ctx.sentences:
        if _tells_history(ctx, sent):
            facts.extend(_figure_facts(ctx, sent, history=True))  # background, unless the model reads news
            continue
        figures = _figure_facts(ctx, sent) + _relative_facts(ctx, sent)
        found = figures + [f for f in _site_facts(ctx, sent) if not _has_figure(ctx, f, figures, sent)]
        found += _figureless_facts(ctx, sent, found)
        news = [n for n in status_news(ctx, sent) if not is_excluded(ctx, n.start) and not _is_past(ctx, sent, n.start)]
        found = apply_status(ctx, sent, found, news, _fact)
        facts.extend(sorted(found, key=lambda f: f[ANCHOR]))
    sites = actor_sites(ctx)
    narrow_areas(facts, sites)
    inherit_places(ctx, facts, sites)
    complete_areas(ctx, facts)
    _start_dates(ctx, facts)
    _closure_dates(facts)
    out = _dedupe(ctx, _drop_restated(_attach_surfaces(ctx, facts)))
    _part_dates(out)
    for f in out:
        del f[ANCHOR]
        f.pop(RESTATED, None)
        f.pop(COORDINATED, None)
        f.pop(COMPANY_WIDE, None)
    return out
