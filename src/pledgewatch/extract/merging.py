"""Merging: the facts of a document made one per statement (restatements, figureless phrases
that restate a figure, surfaces joined to their site) and dated from one another (closures,
parts of a dated total, start dates of the next sentences).
"""

from __future__ import annotations

from pledgewatch.extract import gazetteer
from pledgewatch.extract.fields import (
    START_DATE_REACH,
)
from pledgewatch.extract.figures import (
    POWER_UNITS,
    SURFACE,
)
from pledgewatch.extract.frames import (
    ANCHOR,
    Context,
    Sentence,
    cue,
    is_title,
    paragraph_of,
    within,
)
from pledgewatch.extract.placing import (
    nested,
)
from pledgewatch.extract.sites import (
    LOCAL_LEVELS,
    SITE_KINDS,
)
from pledgewatch.extract.status import STEP, carry_step

RESTATED = "_restated"
"""Working key: the site noun has a demonstrative ("ce site"), a site said before; removed on output."""
COORDINATED = "_coordinated"
"""Working key: the site is joined to the site phrase before it, another site; removed on output."""
RESTATED_KINDS = ("jobs_created", "jobs_cut", "energy_procurement", "training")
"""Kinds whose figureless phrase ("le plan social") restates a figure given elsewhere."""
START_DATE_SENTENCES = 3
"""How many sentences after a site fact may give its start date."""


def same_site(f: dict, g: dict) -> bool:
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


def _news_of_site(news: dict, site: dict) -> bool:
    """True when ``news``, a figureless site fact that reports a step, may tell of ``site``, a site
    fact of another site kind with the same status ("a fait installer un nouvel atelier ... Son
    premier module a été mis en service"): the step's own kind was only its default."""
    return bool(news.get(STEP)) and news["value"] is None and news["status"] == site["status"] \
        and {news["kind"], site["kind"]} <= {"site_opening", "site_expansion"}


def dedupe(ctx: Context, facts: list[dict]) -> list[dict]:
    """One fact per statement: a figure, a site or a phrase restated later is still one fact.
    A later qualifier ("jusqu'à") makes a figure no longer exact only when it was first given
    in a title: in the text, a later "jusqu'à 150 salariés" is another statement's."""
    out: list[dict] = []
    for f in facts:
        same = [g for g in out if (g["kind"] == f["kind"] or _news_of_site(f, g)) and _same_actor(g, f)
                and g["aggregate"] == f["aggregate"] and (g["value"] is None) == (f["value"] is None)]
        if f["value"] is not None:
            first = next((g for g in same if abs(g["value"] - f["value"]) <= 1e-6 * abs(f["value"])
                          and g["unit"] == f["unit"] and _same_date(g, f)), None)
        elif f["kind"] in SITE_KINDS:  # a site joined to another ("ainsi que sur X") is another one
            first = None if f.get(COORDINATED) else next((g for g in same if same_site(f, g)), None)
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


def closure_dates(facts: list[dict]) -> None:
    """Job cuts tied to an actor's dated closure take the closure's date."""
    for f in facts:
        if f["kind"] != "jobs_cut" or f["deadline"]:
            continue
        dates = {g["deadline"] for g in facts if g["kind"] == "site_closure" and g["actor"] == f["actor"] and g["deadline"]}
        if len(dates) == 1:  # one date, however often the closure is restated undated
            f["deadline"] = dates.pop()


def part_dates(facts: list[dict]) -> None:
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


def start_dates(ctx: Context, facts: list[dict]) -> None:
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


def has_figure(ctx: Context, site: dict, figures: list[dict], sent: Sentence) -> bool:
    """True when a figure fact of the site fact's kind and actor stands in its clause ("12 000
    m2"), or the power of a plant ("un parc solaire de 300 MW": the capacity states the site)."""
    clause = sent.clause_of(site[ANCHOR])
    plant = bool(cue(ctx.lang, "power_plants").search(site["evidence"]["text"]))
    return any((f["kind"] == site["kind"] or plant and f["unit"] in POWER_UNITS) and f["actor"] == site["actor"]
               and clause[0] <= f[ANCHOR] < clause[1] for f in figures)  # "un parc solaire de 300 MW"


def attach_surfaces(ctx: Context, facts: list[dict]) -> list[dict]:
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


def drop_restated(facts: list[dict]) -> list[dict]:
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
                and same_site(f, g) and not (f.get(STEP) and g["status"] != f["status"])]  # "a ouvert son usine": no plan restated
        for g in same:
            g["deadline"] = g["deadline"] or f["deadline"]
            carry_step(g, f)
        if not same:
            out.append(f)
    return out
