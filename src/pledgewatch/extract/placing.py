"""Placing: where a fact happens (see ../shared/ANNOTATION.md, Places).

The place mentions of a fact's clause (``doc._.places``) become its place codes, grouped by
locality with the larger areas named beside it; landmarks ("près de Paris"), companies'
origins and events' venues are no place of a fact. Facts the text places nowhere inherit
the places it attaches to their actor's commitments, and a locality takes the department,
EPCI or state abroad the text names with it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.amounts import DURATION_UNITS
from pledgewatch.extract.frames import (
    ANCHOR,
    COMPANY_WIDE,
    Context,
    Sentence,
    breakdown_opening,
    cue,
    cue_at_end,
    is_title,
    paragraph_of,
    sentence_at,
    within,
)
from pledgewatch.extract.sites import SITE_KINDS

UNLENT_KINDS = ("energy_procurement", "sustainability_target")
"""Kinds whose places say nothing of where the actor's other commitments stand."""
VENUE_REACH = 25
"""How far after an event's name its venue may stand ("le sommet Choose France à Versailles")."""
AREA_LEVELS = ("region", "departement")
"""Levels of the French areas a site lies in, that its locality makes more precise (a
country named is kept as the text's own choice: "en France")."""
FOREIGN_AREA_GAP = 12
"""How far after a town abroad its state may be named ("Huntsville, dans l'Alabama")."""
AREA_AFTER = re.compile(r"[\s,(]*(?:dans|en|au sein d[eu]|au cœur d[eu])?\s*(?:l[ea]s?\s+|l['’]\s*)?")
"""What may stand between a locality and a larger area named right after it ("Bergerac (Dordogne)",
"Allenjoie, dans le pays de Montbéliard")."""
NEAR_REACH = 30
"""How far before a place a word may make it a landmark ("sur la zone industrielle de Lyon")."""
TITLE_REACH = 30
"""How far before a place the title of an office held there may stand ("président de la")."""
RIGHT_AFTER = 35
"""How far after a figure a country may stand to be the figure's own place."""
WORLDWIDE_REACH = 120
"""How far after its anchor a fact may be said worldwide ("2500 personnes dans le monde")."""


def _place_dict(p) -> dict:
    return {"code": p.code, "name": p.name}


def places_in(ctx: Context, start: int, end: int) -> list:
    """Place mentions inside ``start``-``end``, but for those naming an actor (a country that
    invests), where an actor comes from, or where an event is held ("Choose France à Paris")."""
    return [p for p in ctx.doc._.places if p.start >= start and p.end <= end
            and not any(c.start <= p.start < c.end for c in ctx.companies) and not origin(ctx, p)
            and not venue(ctx, p)]


def venue(ctx: Context, place) -> bool:
    """True for a place named right after an event, as its venue ("Choose France à Paris")."""
    return any(0 <= place.start - e.end <= VENUE_REACH for e in ctx.doc._.events)


def titled(ctx: Context, place) -> bool:
    """True for a place named in the title of an office held there ("le président de la région")."""
    return _named_after(ctx, place, "office_titles", TITLE_REACH)


def origin(ctx: Context, place) -> bool:
    """True for a place named as where a company comes from or is already ("originaire de
    Lyon", "déjà présent à Marseille et en région parisienne")."""
    return _named_after(ctx, place, "origin", 25)


def group_places(places: list) -> list[list]:
    """Group mentions that name one locality with its larger areas ("Mulhouse (Haut-Rhin)"),
    and communes glued into one name ("Carling-Saint-Avold").

    France itself is no site of its own when a French locality is named.
    """
    if any(p.level in gazetteer.FRENCH_LEVELS for p in places):
        places = [p for p in places if p.code != "country:FR"]
    groups: list[list] = []
    for p in places:
        for g in groups:
            if any(nested(p.code, q.code) or p.start == q.end + 1 for q in g):
                g.append(p)
                break
        else:
            groups.append([p])
    return groups


def nested(a: str, b: str) -> bool:
    """True when one of two codes lies inside the other (a town abroad in its country too)."""
    return a in gazetteer.parents(b) or b in gazetteer.parents(a) or _abroad_in(a, b) or _abroad_in(b, a)


def _abroad_in(place: str, country: str) -> bool:
    """True for a place abroad and its country ("place:Pune, IN", "country:IN")."""
    return place.startswith("place:") and country == f"country:{place.rsplit(', ', 1)[-1]}"


def place_codes(places: list, ctx: Context | None = None) -> list[dict]:
    """Place codes of a fact, each once. France is implied by any French locality named, and
    a town named as a landmark ("près de Mulhouse") gives way to a locality named beside it."""
    french = any(p.level in gazetteer.FRENCH_LEVELS for p in places)
    communes = [p for p in places if p.level == "commune"]
    if ctx is not None and len({p.code for p in communes}) > 1:
        near = {p.code for p in communes if named_as_landmark(ctx, p)}
        if len(near) < len({p.code for p in communes}):
            places = [p for p in places if p.code not in near]
    if ctx is not None and communes and all(named_as_landmark(ctx, p) for p in communes):
        closer = _closer_place(ctx, communes[-1])  # "près d'Arras" when the text names Saint-Laurent-Blangy
        places = [closer if p in communes else p for p in places] if closer else places
    seen, out = set(), []
    for p in places:
        if p.code in seen or (french and p.code == "country:FR"):
            continue
        seen.add(p.code)
        out.append(_place_dict(p))
    return out


def _closer_place(ctx: Context, landmark):
    """The one locality of the landmark's department that the text names, as no landmark and
    no company's origin, before it or else after it: the closer place that "près d'Arras"
    stands for."""
    areas = [c for c in gazetteer.parents(landmark.code) if c.startswith("departement:")]
    if not areas:
        return None
    near = [p for p in ctx.doc._.places if p.level == "commune" and p.code != landmark.code
            and areas[0] in gazetteer.parents(p.code) and not named_as_landmark(ctx, p) and not origin(ctx, p)]
    for side in ([p for p in near if p.start < landmark.start], [p for p in near if p.start > landmark.start]):
        found = {p.code: p for p in side}
        if found:
            return next(iter(found.values())) if len(found) == 1 else None
    return None


def named_as_landmark(ctx: Context, place) -> bool:
    """True for a place named as a landmark ("près de Paris"), also further on in a list
    ("à proximité de Paris et Marseille")."""
    return _named_after(ctx, place, "near", NEAR_REACH)


def _named_after(ctx: Context, place, name: str, reach: int) -> bool:
    """True for a place right after a ``name`` cue, or listed after such a place ("Paris et Marseille")."""
    before = ctx.text[max(0, place.start - reach):place.start]
    if cue_at_end(ctx.lang, name, before):
        return True
    previous = [p for p in ctx.doc._.places if p.end <= place.start]
    return bool(previous) and _listed(ctx, ctx.text[previous[-1].end:place.start]) \
        and _named_after(ctx, previous[-1], name, reach)


def _listed(ctx: Context, gap: str) -> bool:
    """True when ``gap`` joins two places of one list ("Paris et Marseille", "et en région
    parisienne"); a comma alone may open an apposition."""
    words = re.sub(r"\s+", " ", gap.replace("’", "'")).strip(" ,")
    return words.rstrip("'") in langdata.load(ctx.lang, "triggers")["list_links"]


def place_right_after(ctx: Context, places: list, end: int, unit: str | None) -> list:
    """The place named right after a figure, as the figure's own: a country ("4 milliards
    d'euros en France"), whatever localities the clause names farther on; any place, with the
    areas grouped with it, when the clause shares figures of the same unit out among places
    ("122 postes dans l'Orne, 29 dans le Loiret et 12 en Seine-Maritime")."""
    first = next((p for p in places if p.start >= end), None)
    if first is None or first.start - end > RIGHT_AFTER or len({p.code for p in places}) < 2:
        return []
    if first.level == "country":
        return [first]
    start, stop = min(p.start for p in places), max(p.end for p in places)
    shared = [q for q in ctx.doc._.quantities if q.unit in (unit, None) and q.end != end and start - RIGHT_AFTER <= q.start < stop]
    groups = group_places(places)
    return next((g for g in groups if first in g), []) if shared and len(groups) > 1 else []


def narrow_areas(facts: list[dict], actor_sites: dict[str, list]) -> None:
    """Give a fact placed only in areas ("en Normandie") the locality of its actor's site when
    the text names one inside them ("l'usine Eastman de Port-Jérôme-sur-Seine")."""
    for f in facts:
        codes = [p["code"] for p in f["places"]]
        if not codes or any(c.split(":")[0] not in AREA_LEVELS for c in codes):
            continue
        site = actor_sites.get(f["actor"])
        if site and all(c in gazetteer.parents(site[0].code) for c in codes):
            f["places"] = place_codes(site) + [p for p in f["places"] if p["code"] not in {q.code for q in site}]


def inherit_places(ctx: Context, facts: list[dict], actor_sites: dict[str, list]) -> None:
    """Give facts with no place the places the text attaches to their actor's commitments.

    An actor's money, jobs and other figures placed somewhere lend that place to its
    unplaced ones, unless its single site fact names the same with more areas; failing that,
    that single site fact; failing that, the locality last named before the sentence when the
    sentence refers back to a site; failing that, the one locality the text names for the
    actor's site; failing that, the locality the text is about; failing that, France when the
    text names France. A sustainability target said of a site ("l'usine ... permettra de
    réduire") takes the locality last named; company-wide targets and figures
    said to be worldwide ("dans le monde") stay unplaced; a figure broken down into parts
    ("dont un centre près de Toulouse") takes no part's place.
    """
    text_locality = cache(lambda: main_locality(ctx))  # the text's, looked for once if needed
    france = [{"code": "country:FR", "name": "France"}]
    figure_places: dict[str | None, list[dict]] = {}
    site_places: dict[str | None, list[list[dict]]] = {}
    for f in facts:
        if f["places"] and f["kind"] not in UNLENT_KINDS:
            if f["kind"] in SITE_KINDS:
                site_places.setdefault(f["actor"], []).append(f["places"])
            else:
                figure_places.setdefault(f["actor"], f["places"])
    for f in facts:
        if f["places"]:
            continue
        sent = sentence_at(ctx, f[ANCHOR])
        start = sent.start if sent else f[ANCHOR]
        if f["kind"] == "sustainability_target":  # company-wide, unless said of a site ("l'usine actuelle")
            if refers_to_site(ctx, f[ANCHOR]) and (local := latest_locality(ctx, start)):
                f["places"] = place_codes(local)
            continue
        if sent and _said_worldwide(ctx, sent, f[ANCHOR]) or f.get(COMPANY_WIDE):
            continue  # "2500 personnes dans le monde", "6 % de son résultat net": company-wide
        if f["value"] is not None and sent and breakdown_opening(ctx, f[ANCHOR], sent.end) is not None:
            if ctx.france_default:  # "906 millions d'euros, dont un centre près de Toulouse": the part's place
                f["places"] = list(france)
            continue
        sites = site_places.get(f["actor"], [])
        one_site = sites[0] if sites and all(s == sites[0] for s in sites) else None
        if f["actor"] in figure_places and not (one_site and _wider(one_site, figure_places[f["actor"]])):
            f["places"] = list(figure_places[f["actor"]])
            if sent and refers_to_site(ctx, f[ANCHOR]) and (local := latest_locality(ctx, start)) \
                    and _inside(local[0].code, f["places"]):  # "dans le Rhône ... 200 emplois y seront créés"
                f["places"] = place_codes(local)
        elif one_site:  # the site the figures stand at, with the areas its statement names
            f["places"] = list(one_site)
        elif refers_to_site(ctx, f[ANCHOR]) and (local := latest_locality(ctx, start)):
            f["places"] = place_codes(local)
            if f["kind"] in SITE_KINDS:  # "le site s'est doté d'un atelier. Cet équipement représente 40 millions"
                site_places.setdefault(f["actor"], []).append(f["places"])
            else:  # "Cette usine représentera 300 millions": the actor's figures are there
                figure_places.setdefault(f["actor"], f["places"])
        elif site := actor_sites.get(f["actor"]):
            f["places"] = place_codes(site)
        elif main := text_locality():
            f["places"] = place_codes(main)
        elif ctx.france_default:
            f["places"] = list(france)


def _inside(code: str, places: list[dict]) -> bool:
    """True when ``places`` are areas only, each holding the locality ``code``."""
    return bool(places) and all(p["code"] in gazetteer.parents(code) for p in places)


def _wider(places: list[dict], than: list[dict]) -> bool:
    """True when ``places`` hold every code of ``than`` and more ("Port-Jérôme-sur-Seine,
    Seine-Maritime, Normandie" against "Port-Jérôme-sur-Seine")."""
    codes = {p["code"] for p in places}
    return codes > {p["code"] for p in than}


def actor_sites(ctx: Context) -> dict[str, list]:
    """Per actor, the one locality the text names for its site, with its larger areas named
    beside it: the localities of the sentences that name a site, the actor and no other
    company ("le site Eurenco de Bergerac"); no entry when they name several. Failing any
    locality, the one department they name ("l'usine chimique de X dans l'Oise")."""
    found: dict[str, dict[str, object]] = {}
    areas: dict[str, dict[str, object]] = {}
    for sent in ctx.sentences:
        names = {c.name for c in within(ctx.companies, sent.start, sent.end)}
        if len(names) != 1 or not cue(ctx.lang, "site_nouns").search(sent.text):
            continue
        actor = names.pop()
        localities = found.setdefault(actor, {})
        for p in places_in(ctx, sent.start, sent.end):
            if p.level in ("commune", "place") and not named_as_landmark(ctx, p):
                localities.setdefault(p.code, p)
            elif p.level == "departement":
                areas.setdefault(actor, {}).setdefault(p.code, p)
    out = {actor: _with_areas(ctx, next(iter(local.values()))) for actor, local in found.items() if len(local) == 1}
    out |= {actor: list(dept.values()) for actor, dept in areas.items()  # "l'usine de WeylChem dans l'Oise"
            if not found[actor] and len(dept) == 1}
    return out


def main_locality(ctx: Context) -> list:
    """The locality a text is about: named at least twice and more than twice as often as any
    other, landmarks and companies' origins apart; with the areas named beside it."""
    named = [p for p in places_in(ctx, 0, len(ctx.text))
             if p.level in ("commune", "place") and not named_as_landmark(ctx, p)]
    counts = Counter(p.code for p in named).most_common(2)
    if not counts or counts[0][1] < 2 or (len(counts) > 1 and counts[0][1] <= 2 * counts[1][1]):
        return []
    return _with_areas(ctx, next(p for p in named if p.code == counts[0][0]))


def _with_areas(ctx: Context, local) -> list:
    """A locality with the larger areas named in a sentence that names it ("Bergerac (Dordogne)")."""
    areas: dict[str, object] = {}
    for mention in ctx.doc._.places:
        sent = sentence_at(ctx, mention.start) if mention.code == local.code else None
        for p in within(ctx.doc._.places, sent.start, sent.end) if sent else ():
            if p.code in gazetteer.parents(local.code):
                areas.setdefault(p.code, p)
    return [local, *areas.values()]


def _said_worldwide(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when a worldwide cue follows the anchor at ``pos`` in its sentence, before any other
    figure ("une centaine de salariés ... sur 2500 personnes dans le monde": the 2500 only)."""
    end = min(sent.end, pos + WORLDWIDE_REACH)
    end = min([q.start for q in within(ctx.doc._.quantities, pos + 1, end)
               if q.start > pos and q.unit not in DURATION_UNITS] + [end])
    return bool(cue(ctx.lang, "worldwide").search(ctx.text[pos:end]))


def refers_to_site(ctx: Context, pos: int) -> bool:
    """True when the sentence at ``pos`` refers back to a site ("sur place", "l'usine", "y"; not
    "y compris")."""
    sent = sentence_at(ctx, pos)
    return sent is not None and any(not cue(ctx.lang, "not_site_anaphora").match(sent.text, m.start())
                                    for m in cue(ctx.lang, "site_anaphora").finditer(sent.text))


def latest_locality(ctx: Context, pos: int) -> list:
    """The locality (a commune or a place abroad) the text last named before ``pos``, with
    the larger areas named right after it ("Bergerac (Dordogne)"); a town named as a landmark
    ("près d'Arras") only when the text names no closer place."""
    before = [p for p in places_in(ctx, 0, pos) if p.level in ("commune", "place")]
    if not before:
        return []
    closer = [p for p in before if not named_as_landmark(ctx, p)]  # "près d'Arras" gives way
    return _with_areas(ctx, (closer or before)[-1])


def complete_areas(ctx: Context, facts: list[dict]) -> None:
    """Add to a fact's localities their larger areas that the text names (its department, EPCI;
    abroad, the state named right after a town: "Huntsville, dans l'Alabama")."""
    places = ctx.doc._.places
    named: dict[str, object] = {}
    abroad: dict[str, list] = {}
    for i, p in enumerate(places):  # "Bergerac (Dordogne)": an area named right after its locality
        for q in places[i + 1:i + 3]:
            if p.level in ("commune", "epci") and AREA_AFTER.fullmatch(ctx.text[p.end:q.start]) \
                    and q.code in gazetteer.parents(p.code):
                named[q.code] = q
            if p.level == q.level == "place" and q.start - p.end <= FOREIGN_AREA_GAP \
                    and p.code.rsplit(", ", 1)[1] == q.code.rsplit(", ", 1)[1]:
                abroad.setdefault(p.code, []).append(q)
    offices = [p for p in places if titled(ctx, p)]  # "le président de l'agglomération"
    for f in facts:
        codes = [p["code"] for p in f["places"]]
        f["places"] += place_codes([q for code in codes for q in abroad.get(code, ()) if q.code not in codes])
        codes = [p["code"] for p in f["places"]]
        start, end = paragraph_of(ctx.text, f[ANCHOR])
        if is_title(ctx.text, f[ANCHOR]) and end < len(ctx.text):  # a heading and the paragraph it heads
            end = paragraph_of(ctx.text, end + 1)[1]
        here = {p.code: p for p in within(places, start, end) if p not in offices}
        extra = [here.get(c) or named[c] for code in codes if code.startswith("commune:")
                 for c in gazetteer.parents(code) if (c in named or c in here) and c not in codes and not c.startswith("region:")]
        f["places"] += place_codes(extra)
