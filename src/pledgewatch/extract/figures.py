"""Figures: a quantity as a fact's figure, and the kind of fact it states (the rules' proposal,
see learn/decide.py), from the cue words around it, its unit and the brackets or possessive
around it. Cue words come from ``lang/<lang>/triggers.yml`` (frames.py reads them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pledgewatch import langdata
from pledgewatch.extract.amounts import DURATION_UNITS, is_currency
from pledgewatch.extract.changes import move_end, move_start, raised_by
from pledgewatch.extract.frames import (
    CUE_WINDOW,
    Context,
    Sentence,
    cue,
    cue_at_end,
    cue_distance,
    cue_spans,
    nearer,
    paragraph_of,
    sentence_at,
    within,
)
from pledgewatch.extract.sites import (
    SITE_KINDS,
    SITE_NEW_WINDOW,
    background,
    funded_site,
)
from pledgewatch.extract.syntax import governing, span_root

SURFACE = "_surface"
"""Working kind of a surface with no site cue, until it joins the site fact it measures."""
WORKFORCE_UNITS = frozenset({"jobs", "people", "engineers", "researchers", "employees", "workers",
                             "technicians", "apprentices"})
"""Normalised units that count people employed: a jobs fact's unit becomes ``jobs``."""
SITE_UNITS = frozenset({"sites", "stores", "plants", "warehouses", "data centers", "offices",
                        "power plants", "restaurants", "hotels"})
"""Normalised units that count sites: a site fact's unit becomes ``sites``."""
NOT_CAPACITY_UNITS = DURATION_UNITS | frozenset({"countries", "inhabitants",
                                "customers", "companies", "students", "users", "trees", "projects"})
"""Counted nouns that are never a production or compute capacity."""
TOTAL_PARTS_REACH = 80
"""How far after a total of jobs the parts it adds up may be named ("dont 3000 indirects")."""
SHARE_REACH = 90
"""How far before a sum the share of a company's figures it restates may stand."""
NEW_SITE_STAFF_REACH = 40
"""How far before "ses 80 salariés" the new site they staff may be named."""
CAPABILITY_REACH = 40
"""How far before a share a capability phrase ("capable de récupérer") may stand."""
LAST_WORD = re.compile(r"(\w+)\s*$")
"""The last word of a window of text."""
PER_YEAR_REACH = 70
"""How far after a tonnage "par an" makes it a yearly one ("160 000 tonnes de déchets ... par an")."""
HEADCOUNT_REACH = 30
"""How near a workforce figure a headcount cue ("emploie", "effectifs") makes it the staff."""
RATE_REACH = 40
"""How far after a tonnage its rate may stand ("80 tonnes d'hydrogène vert par jour")."""
WORKFORCE_PLACE_REACH = 25
"""How far after a workforce figure the locality it works at may be named."""
BREAKDOWN_REACH = 80
"""How far before a bare number of a breakdown the figure it breaks down may stand."""
ARGUMENT_DEPS = frozenset({"nsubj", "obj"})
"""Dependencies of a predicate's own subject and object."""
POWER_UNITS = ("MW", "MWh")
"""Units of a power plant's capacity."""


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
    antecedent: object = None
    """The counted figure whose noun a clitic stands for ("en supprime 850"), if any."""


def figure_of(ctx: Context, q) -> Figure:
    """A Quantity as a Figure; a scaled amount with no unit takes the text's last currency, a
    bare number the unit of the figure it breaks down or whose noun a clitic stands for."""
    unit, antecedent = q.unit, None
    previous = within(ctx.doc._.quantities, 0, q.start)[-1:]
    if unit is None and previous and previous[0].unit and move_start(ctx, previous[0]) is q:
        unit = previous[0].unit  # "passer de 13 millions d'unités à 26 millions"
    elif unit is None and q.value is not None and q.value >= 1e6:
        earlier = [p.unit for p in ctx.doc._.quantities if p.end <= q.start and is_currency(p.unit)]
        unit = earlier[-1] if earlier else None
    elif unit is None and q.value is not None and not _is_year(ctx, q):
        unit = _breakdown_unit(ctx, q)
        if unit is None and (antecedent := _pronoun_antecedent(ctx, q)) is not None:
            unit = antecedent.unit
    if move_end(ctx, q):  # "passer de 3 500 à 3 800 m²": where it moves to, no range
        return Figure(q.start, q.end, _size(q.value_max), None, unit, "exact", q.raw_unit)
    return Figure(q.start, q.end, _size(q.value), _size(q.value_max), unit, q.qualifier, q.raw_unit, antecedent)


def _size(value: float | None) -> float | None:
    """A fact's figure is a size: its kind says which way it goes ("-45 % d'émissions" is a cut of 45 %)."""
    return abs(value) if value is not None else None


def closing_site_of(ctx: Context, fig: Figure):
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
    suppressions d'emplois, dont 300 à Lannion"; "2500 chez Auchan et 1250 chez Michelin";
    "163 postes : 41 en logistique, 53 au siège")."""
    before = ctx.text[max(0, q.start - BREAKDOWN_REACH):q.start]
    links = list(cue(ctx.lang, "breakdown").finditer(before))
    if links and not before[links[-1].end():].strip():
        earlier = [p for p in ctx.doc._.quantities if p.unit and q.start - BREAKDOWN_REACH <= p.end <= q.start]
        return earlier[-1].unit if earlier else None
    if before.rstrip().endswith(","):  # "41 en logistique, 53 au siège": the list goes on
        previous = [p for p in ctx.doc._.quantities if q.start - BREAKDOWN_REACH <= p.end <= q.start]
        if previous and previous[-1].unit is None and not _is_year(ctx, previous[-1]):
            return _breakdown_unit(ctx, previous[-1])
    return None


def _pronoun_antecedent(ctx: Context, q):
    """The counted figure whose noun the clitic "en" stands for before the verb of a bare number
    ("Le Crédit Agricole en envisage 850", "compte en signer 14 000"): the last one of the
    sentence or the one before, in the same paragraph."""
    doc = ctx.doc
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    sent = sentence_at(ctx, q.start)
    if span is None or sent is None:
        return None
    clitics = [t for t in doc.char_span(sent.start, q.start, alignment_mode="expand") or ()
               if t.lower_ in langdata.load(ctx.lang, "triggers")["partitive_clitics"] and t.i + 1 < len(doc)
               and doc[t.i + 1].pos_ in ("VERB", "AUX") and doc[t.i + 1].i < span.start]
    if not clitics or any(t.pos_ in ("NOUN", "PROPN") for t in doc[clitics[-1].i + 1:span.start]):
        return None
    previous = [s for s in ctx.sentences if s.end <= sent.start]
    reach = max(previous[-1].start if previous else sent.start, paragraph_of(ctx.text, sent.start)[0])
    earlier = [p for p in within(ctx.doc._.quantities, reach, clitics[-1].idx)
               if p.unit and not is_currency(p.unit) and p.unit not in DURATION_UNITS]
    return earlier[-1] if earlier else None


def figure_kind(ctx: Context, sent: Sentence, fig: Figure) -> tuple[str, str | None] | None:
    """The kind of fact a figure states and its unit as that kind counts it, or None. A figure
    whose noun a clitic stands for, with no cue of its own, states its antecedent's kind."""
    found = _own_kind(ctx, sent, fig)
    if found is None and fig.antecedent is not None and (where := sentence_at(ctx, fig.antecedent.start)):
        return _own_kind(ctx, where, figure_of(ctx, fig.antecedent))
    if found is not None and found[0] == "capacity" and current_output(ctx, fig):
        return None  # "l'usine produit 60 millions d'unités par an": what exists, no new capacity
    return found


def current_output(ctx: Context, fig: Figure) -> bool:
    """True for what a site makes today: the figure is the object of a verb of making, by its
    lemma, in the present indicative with no modal or control verb above it ("Nous fabriquons
    700 tonnes par an"; not "produira", "produirait", "pourra produire")."""
    root = span_root(ctx.doc, fig.start, fig.end)
    if root is None:
        return False
    gov = governing(root)
    return gov.predicate is not None and gov.predicate.lemma_.lower() in \
        langdata.load(ctx.lang, "triggers")["making_verbs"] and not gov.controllers \
        and not set(gov.auxiliaries) - {"avoir", "être"} and gov.morph == ["Tense=Pres", "Mood=Ind"]


def _own_kind(ctx: Context, sent: Sentence, fig: Figure) -> tuple[str, str | None] | None:
    unit, pos = fig.unit, (fig.start + fig.end) // 2
    has = lambda name, window=CUE_WINDOW: cue_distance(ctx, name, sent, pos, window) is not None  # noqa: E731
    if unit is None:
        return None
    if is_currency(unit):
        if cue(ctx.lang, "unit_price").match(ctx.text[fig.end:sent.end].lstrip()):
            return None  # "7,7 euros de l'heure", "40 euros par action": a wage or a price
        if nearer(ctx, sent, pos, "investment", "money_negative") or spent_share(ctx, sent, fig):
            return "investment", unit
        if ctx.about_investment and not has("money_negative") and not has("not_investment_context", 200):
            return "investment", unit
        building = has("site_nouns", 60) and (has("site_opening") or has("site_expansion")) or \
            any(funded_site(ctx, sent, a) for a, _ in cue_spans(ctx, sent, "site_nouns") if 0 < a - fig.end < 40)
        if building and not has("money_negative") and not has("not_investment_context", 200):
            return "investment", unit  # "construira une usine ... pour 1,5 milliard d'euros"
        return None
    if unit in WORKFORCE_UNITS:
        if in_brackets(ctx, sent, fig.start) and \
                not bracket_has(ctx, sent, fig.start, ("jobs_cut", "jobs_created", "breakdown_opens")):
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
        if _headcount(ctx, sent, fig):
            here = [background(ctx, sent, x, y) for x, y in cue_spans(ctx, sent, "site_closure")]
            past = here and all(here)  # "après la fermeture de l'usine, qui employait 300 personnes"
            return ("jobs_cut", "jobs") if ctx.closing and not past and has("jobs_cut", 200) else None
        if has("jobs_cut") and nearer(ctx, sent, pos, "jobs_cut", "jobs_created"):
            return "jobs_cut", "jobs"
        if has("jobs_created") and (unit == "jobs" or has("hiring", 50)):
            return "jobs_created", "jobs"
        if unit == "jobs" and promised(ctx, fig):
            return "jobs_created", "jobs"  # "plus de 10 000 emplois ont été promis"
        if new_site_staff(ctx, sent, fig):
            return "jobs_created", "jobs"  # "la nouvelle usine et ses 90 salariés": new jobs
        if closing_site_of(ctx, fig) is not None:
            return "jobs_cut", "jobs"  # "Les 300 employés de Vannes", where Vannes closes
        return None
    if unit == "startups":
        return ("startup_support", unit) if has("startup_support") else None
    if unit == "projects":
        return ("investment", unit) if ctx.about_investment or has("investment") and has("aggregate") else None
    if unit in SITE_UNITS or unit == "units":
        for kind in SITE_KINDS:
            if has(kind, 60):
                if kind == "site_expansion" and after_possessive(ctx, sent, fig.start):
                    return None  # "moderniser ses trois sites": sites that exist, no count of new ones
                return kind, "sites" if unit in SITE_UNITS else unit
        return ("capacity", unit) if unit == "units" and has("capacity", 40) else None
    if unit == "m2":
        if has("not_site_area", 40) or not has("site_nouns", len(sent.text)):
            return None
        if not has("site_nouns", 60):  # "l'usine vient d'être agrandie et réorganisée, passant à 2 800 m²"
            return SURFACE, unit  # the surface of the site its sentence names, if a fact states it
        if not (has("site_opening") or has("site_expansion") or has("site_new", 60) or has("site_future", 60)):
            return SURFACE, unit  # "Avec 4 000 m2 de locaux": the surface of a site named before, if any
        strong = has("site_expansion", 60) and not has("area_phrases", 40)
        if strong and nearer(ctx, sent, pos, "site_expansion", "site_opening") or has("on_own_site", 60):
            return "site_expansion", unit  # "un nouveau bâtiment de 5 000 m2 sur son site de Lyon"
        return "site_opening", unit
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
        if cue_at_end(ctx.lang, "held_share", ctx.text[max(sent.start, fig.start - CAPABILITY_REACH):fig.start]):
            return None  # "filiale à 100 % de SNCF", "détenue à 51 %": a stake, no target
        if raised := raised_by(ctx, sent, fig.start, fig.end):
            return raised, unit  # "augmenter les capacités de l'usine de 25 %"
        if has("sustainability_target", 70) and has("target", 80):
            return "sustainability_target", unit
        return None
    if unit == "t" and cue_distance(ctx, "per_year", sent, fig.end, PER_YEAR_REACH) is not None:
        unit = "t/yr"
    if unit == "t" and (rate := _rate(ctx, sent, fig)):
        if nearer(ctx, sent, pos, "emissions", "processing") and has("emissions", RATE_REACH):
            return "sustainability_target", f"t/{rate}"
        return "capacity", f"t/{rate}"  # "80 tonnes d'hydrogène par jour": a plant's output
    if unit in ("t", "t/yr") and has("sustainability_target", 50):
        if unit == "t/yr" and nearer(ctx, sent, pos, "processing", "emissions"):
            return "capacity", unit  # "recycler 160 000 tonnes de déchets par an": what the plant treats
        return "sustainability_target", unit
    if unit in NOT_CAPACITY_UNITS:
        return None
    if unit == "t" and has("capacity", 60):
        return "capacity", "t/yr"  # a plant's capacity in tonnes is a yearly one ("une capacité de 50 000 tonnes")
    return ("capacity", unit) if has("capacity", 60) or unit == "GPU" else None


def _headcount(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """True when a workforce figure counts the staff ("qui emploie 863 personnes"): a headcount
    cue beside it, and no cue of jobs cut or created nearer, nor one built on the headcount cue
    ("la suppression de 93 emplois, soit 13 % de ses effectifs", "réduire ses effectifs de 350
    personnes" are cuts)."""
    near = cue_distance(ctx, "headcount", sent, fig.start, HEADCOUNT_REACH)
    if near is None:
        return False
    changes = (cue_distance(ctx, kind, sent, fig.start, HEADCOUNT_REACH) for kind in ("jobs_cut", "jobs_created"))
    heads = cue_spans(ctx, sent, "headcount")
    built_on = any(a < x and y <= b for kind in ("jobs_cut", "jobs_created") for a, b in cue_spans(ctx, sent, kind)
                   for x, y in heads)
    return not built_on and not any(d is not None and d < near for d in changes)


def _rate(ctx: Context, sent: Sentence, fig: Figure) -> str | None:
    """The period of a rate right after a tonnage, a key of ``rates`` ("par jour": day), if any."""
    for period in langdata.load(ctx.lang, "triggers")["rates"]:
        if cue(ctx.lang, f"rates.{period}").search(ctx.text, fig.end, min(sent.end, fig.end + RATE_REACH)):
            return period
    return None


def promised(ctx: Context, fig: Figure) -> bool:
    """True when jobs are the subject or object of a verb of promise, by its lemma ("500 postes
    sont annoncés", "a promis 300 emplois"): new jobs, as a count of the staff ("300 salariés")
    is not."""
    root = span_root(ctx.doc, fig.start, fig.end)
    if root is None:
        return False
    head = root.head if root.dep_ == "conj" else root  # "15 milliards et 10 000 emplois ont été promis"
    gov = governing(root)
    data = langdata.load(ctx.lang, "triggers")
    if any(c.lower_ in data["restating"] for c in root.children):
        return False  # "le transfert des deux sites, soit 700 emplois, est prévu": a gloss
    return gov.predicate is not None and head.head.i == gov.predicate.i and head.dep_.split(":")[0] in ARGUMENT_DEPS \
        and not gov.negated and root.lemma_.lower() in data["new_job_nouns"] \
        and gov.predicate.lemma_.lower() in data["promises"]


def kind_unit(kind: str, unit: str | None) -> str | None:
    """The unit a figure takes as a fact of ``kind`` the model chose: people employed count as
    jobs, trainees as people, sites as sites."""
    if kind in ("jobs_created", "jobs_cut"):
        return "jobs"
    if kind == "training":
        return "people"
    return "sites" if kind in SITE_KINDS and unit in SITE_UNITS else unit


def spent_share(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """True for a sum given as a share of a company's figures that it spends ("consacre 6 % de
    son résultat net, soit 6 millions d'euros"): the result is the base, not the money."""
    floor = max(sent.start, fig.start - SHARE_REACH)
    for share in within(ctx.doc._.quantities, floor, fig.start):
        if share.unit == "%" and cue(ctx.lang, "share_of_own").match(ctx.text, share.end + 1) \
                and cue(ctx.lang, "investment").search(ctx.text, floor, share.start) \
                and cue(ctx.lang, "share_restated").search(ctx.text, share.end, fig.start):
            return True
    return False


def in_brackets(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when ``pos`` stands inside brackets opened in its sentence."""
    before = ctx.text[sent.start:pos]
    return before.rfind("(") > before.rfind(")")


def bracket_has(ctx: Context, sent: Sentence, pos: int, names: tuple[str, ...]) -> bool:
    """True when the brackets holding ``pos`` hold a cue of one of ``names``."""
    opened = ctx.text.rfind("(", sent.start, pos)
    closed = ctx.text.find(")", pos, sent.end)
    inside = ctx.text[opened + 1:closed if closed >= 0 else sent.end]
    return any(cue(ctx.lang, name).search(inside) for name in names)


def after_possessive(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when the word right before ``pos`` is a possessive ("ses 500 millions", "ses trois sites")."""
    last = LAST_WORD.search(ctx.text, max(sent.start, pos - 20), pos)
    return bool(last) and bool(cue(ctx.lang, "possessives").fullmatch(last.group(1)))


def new_site_staff(ctx: Context, sent: Sentence, fig: Figure) -> bool:
    """True for the staff of a new site, named with it ("la nouvelle usine et ses 90 salariés")."""
    if not after_possessive(ctx, sent, fig.start):
        return False
    before = ctx.text[max(sent.start, fig.start - NEW_SITE_STAFF_REACH):fig.start]
    nouns = list(cue(ctx.lang, "site_nouns").finditer(before))
    return bool(nouns) and bool(cue(ctx.lang, "site_new").search(before, max(0, nouns[-1].start() - SITE_NEW_WINDOW),
                                                                 nouns[-1].start()))
