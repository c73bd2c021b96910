"""Site phrases: the site nouns a cue governs ("ouvrira une usine", "l'extension du site"),
and the tests that tell a site in particular from sites in general.

facts.py builds site facts from these anchors; the cue words come from
``lang/<lang>/triggers.yml`` (frames.py reads them).
"""

from __future__ import annotations

import re
from functools import cache

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.amounts import is_currency
from pledgewatch.extract.companies import after_of
from pledgewatch.extract.frames import (
    Context,
    Sentence,
    cue,
    cue_at_end,
    cue_spans,
    within,
)

SITE_KINDS = ("site_closure", "site_expansion", "site_opening")
"""The kinds of fact a site phrase states."""
SITE_CUE_BEFORE = 45
"""How far before its site noun a site cue may stand ("ouvrira prochainement un nouveau site")."""
SITE_CUE_AFTER = 80
"""How far after its site noun a site cue may stand ("les sites existants seront agrandis")."""
SITE_NEW_WINDOW = 14
"""How far before its site noun a "new" adjective may stand."""
FUNDED_SITE_GAP = 12
"""How far after a sum of money "pour une" may introduce the new site it pays for."""
INCISE = re.compile(r",[^,.;]{1,100},")
"""An aside between commas."""
LOCAL_LEVELS = ("commune", "place")
"""Levels of a locality: a commune, or a town abroad."""
FOUNDED_REACH = 30
"""How far before a date a participle may say what was founded or opened then ("créée en 1891")."""


def site_anchors(ctx: Context, sent: Sentence) -> list[tuple[str, int, int]]:
    """(kind, start, end) for each site noun that a site cue governs in the sentence."""
    anchors = []
    news = cue_spans(ctx, sent, "site_new")
    adjectival = cue_spans(ctx, sent, "site_nouns_adjectival")
    nouns = cue_spans(ctx, sent, "site_nouns")
    for a, b in nouns:
        if any(x <= a < y for x, y in adjectival):
            continue  # "90 emplois locaux": an adjective, no premises
        if _unqualified(ctx, a, b):
            continue  # "consolider son infrastructure en France": no site in particular
        if any(y < a and a - y <= SITE_NEW_WINDOW * 2 and cue(ctx.lang, "on_own_site").match(ctx.text, y + 1)
               for _, y in nouns):
            continue  # "un nouveau bâtiment sur son site": where the building stands, no site of its own
        before = ctx.text[max(sent.start, a - 14):a]
        place = cue(ctx.lang, "site_locative").search(before)
        locative = bool(place) and before.rstrip().split()[-1:] != ["de"] \
            and not (cue(ctx.lang, "possessives").search(place.group())
                     and cue(ctx.lang, "site_new").search(before, place.end()))  # not "à son nouveau centre"
        best = None
        for rank, kind in enumerate(SITE_KINDS):
            for x, y in cue_spans(ctx, sent, kind):
                if y <= a and _gap(ctx, y, a) <= SITE_CUE_BEFORE and not (x < b and y > a):
                    cand = ((_gap(ctx, y, a), rank), kind, x, b)
                    best = min(best, cand) if best else cand
            for x, y in cue_spans(ctx, sent, f"{kind}_after"):
                if x >= b and _gap(ctx, b, x) <= SITE_CUE_AFTER:
                    cand = ((_gap(ctx, b, x), rank), kind, a, y)
                    best = min(best, cand) if best else cand
        if best is None and not locative and anchors and coordinated_site(ctx, sent, a):
            best = ((0, 2), anchors[-1][0], a, b)  # "sur le développement de X ainsi que sur l'infrastructure Y"
        if best is None and not locative and funded_site(ctx, sent, a):
            best = ((0, 2), "site_opening", a, b)  # "2,4 milliards d'euros pour une gigafactory"
        if best is None and not locative and any(y <= a and a - y <= SITE_NEW_WINDOW for _, y in news):
            if anchors and anchors[-1][0] == "site_expansion" and a - anchors[-1][2] <= SITE_CUE_AFTER:
                continue  # "l'adjonction à un bâtiment de deux nouveaux bâtiments": the extension's
            best = ((0, 2), "site_opening", a, b)
        if best and best[1] == "site_opening" and cue(ctx.lang, "on_own_site").match(ctx.text, b + 1):
            best = (best[0], "site_expansion", *best[2:])  # "un nouveau bâtiment sur son site de Haguenau"
        if best and not (locative and best[2] == a):
            anchors.append((best[1], best[2], best[3]))
    merged: list[tuple[str, int, int]] = []
    for kind, a, b in sorted(anchors, key=lambda t: t[1]):
        if merged and merged[-1][0] == kind and a <= merged[-1][2] + 25:
            merged[-1] = (kind, merged[-1][1], max(b, merged[-1][2]))
        else:
            merged.append((kind, a, b))
    return merged


def _gap(ctx: Context, a: int, b: int) -> int:
    """Length of the text between ``a`` and ``b``, less an aside set between commas
    ("construire, au cœur de la zone d'activités, une usine"; "une usine, un projet du groupe
    Loop, sera implantée")."""
    aside = INCISE.search(ctx.text, a, b)
    return b - a - (aside.end() - aside.start() if aside else 0)


def background(ctx: Context, sent: Sentence, a: int, b: int) -> bool:
    """True when a site phrase tells the background of the news: an event it follows ("après
    la fermeture de l'usine") or a site that exists already ("déjà présent à Marseille")."""
    before = ctx.text[max(sent.start, a - 12):a]
    if cue_at_end(ctx.lang, "background_before", before):
        return True
    c_start, c_end = sent.clause_of(a)
    return bool(cue(ctx.lang, "existing_site").search(ctx.text[max(c_start, a - 40):min(c_end, b + 60)]))


def coordinated_site(ctx: Context, sent: Sentence, a: int) -> bool:
    """True when the site noun at ``a`` is joined to a site phrase before it ("... ainsi que sur
    l'infrastructure logistique"): another site of that phrase's kind."""
    return bool(cue(ctx.lang, "site_coordination").search(ctx.text, max(sent.start, a - SITE_NEW_WINDOW - 6), a))


def _unqualified(ctx: Context, a: int, b: int) -> bool:
    """True for a vague site noun that nothing qualifies ("son infrastructure en France", "l'infrastructure
    de Microsoft en France"), unlike "l'infrastructure cloud" or "l'infrastructure logistique"."""
    if not cue(ctx.lang, "vague_site_nouns").fullmatch(ctx.text, a, b):
        return False
    rest = _owner_name(ctx.lang).sub("", ctx.text[b:b + 40], count=1)
    return not rest.strip() or rest.lstrip()[0] in ".,;:()" or bool(cue(ctx.lang, "vague_site_tails").match(rest.lstrip()))


@cache
def _owner_name(lang: str) -> re.Pattern[str]:
    """A capitalised owner right after a noun, behind a form of "de" ("l'infrastructure de Microsoft")."""
    of = "|".join(re.escape(w).replace("'", "['’]") for w in langdata.load(lang, "companies")["of_words"])
    return re.compile(rf"^\s+(?:{of})\s*[A-ZÀ-Ý][\w&-]*(?:\s+[A-ZÀ-Ý][\w&-]*)*")


def generic_plural(ctx: Context, a: int, b: int) -> bool:
    """True when the site noun of an anchor is a bare plural after "de", perhaps behind "new"
    ("la construction de data centers modernes", "l'accueil de nouveaux centres"): sites
    in general, none in particular."""
    noun = cue(ctx.lang, "site_nouns").search(ctx.text, a, b)
    if noun is None or not noun.group().endswith(("s", "x")):
        return False
    if any(q.start < noun.start() < q.end + 1 for q in ctx.doc._.quantities if q.unit):
        return False  # "une dizaine de nouvelles centrales": counted sites
    start = noun.start()
    new = list(cue(ctx.lang, "site_new").finditer(ctx.text, max(0, start - SITE_NEW_WINDOW), start))
    if new and not ctx.text[new[-1].end():start].strip():
        start = new[-1].start()  # "de nouveaux centres"
    return after_of(ctx.text, start)


def funded_site(ctx: Context, sent: Sentence, a: int) -> bool:
    """True when a sum of money is given for a site noun at ``a`` that an indefinite article
    introduces ("2,4 milliards d'euros pour une gigafactory"): a new site."""
    link = cue(ctx.lang, "funded_site").search(ctx.text, max(sent.start, a - 12), a)
    if link is None or link.end() < a - 1:
        return False
    return any(is_currency(q.unit) and 0 <= link.start() - q.end <= FUNDED_SITE_GAP
               for q in within(ctx.doc._.quantities, sent.start, link.start()))


def one_agglomeration(groups: list[list]) -> list[list]:
    """Groups of places one site phrase names in one EPCI, as one group at the locality named
    first ("un entrepôt à Sausheim, au bord de la zone d'activités de Mulhouse")."""
    out: list[list] = []
    for group in groups:
        into = next((g for g in out if any(gazetteer.same_epci(p.code, q.code) for p in group for q in g)), None)
        if into is None:
            out.append(group)
        else:
            into.extend(p for p in group if p.level not in LOCAL_LEVELS)
    return out


def demonstrative(ctx: Context, a: int, b: int) -> bool:
    """True when the site noun of an anchor has a demonstrative ("ce centre de données"): the
    text speaks again of a site it named before."""
    for m in cue(ctx.lang, "site_nouns").finditer(ctx.text, a, b):
        if cue(ctx.lang, "demonstratives").search(ctx.text[max(a - 10, m.start() - 25):m.start()].split(",")[-1]):
            return True
    return False


def founded(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when a participle of founding or opening ends right before the date at ``pos``
    ("créée en 1891", "ce site ouvert en 1968"), with no future auxiliary before it ("sera
    ouverte en 2027" is a deadline)."""
    before = ctx.text[max(sent.start, pos - FOUNDED_REACH):pos]
    done = cue_at_end(ctx.lang, "founded", before)
    return done is not None and not cue(ctx.lang, "future_auxiliaries").search(before[:done.start()].rstrip()[-8:])


def opened_long_ago(ctx: Context, sent: Sentence, a: int) -> bool:
    """True when the clause of the site phrase at ``a`` dates the site's founding ("Cette usine,
    ouverte en 1965, s'étend sur 5 hectares"): a site that exists, no opening to come."""
    c_start, c_end = sent.clause_of(a)
    return any(t.cue == "in" and founded(ctx, sent, t.start) for t in within(ctx.doc._.times, c_start, c_end))
