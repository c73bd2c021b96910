"""Status news: a sentence that tells what happened to a project, found through the parse.

A *predicate* is a verb of a class ("inaugurer", "suspendre", "repousser"; by lemma, or by
its own form where the lemmatizer misses the verb), a verb with its complement ("mettre en
pause", "poser la première pierre") or a noun of the event ("l'abandon du projet", "la
liquidation de la société"). The noun it bears on (subject, object or complement) says what
changed: a site, a project, works, an activity, a closure plan, job cuts or the company
itself. The news counts only when the parse says it happened: not negated, not future or
conditional, not a pluperfect (history), not governed by a fear, a plan or a demand
("envisage de fermer", "demandent l'abandon"). Word classes come from ``lang/<lang>/status.yml``.

``status_news`` finds the news of a sentence; ``apply_status`` turns them into facts: a fact
of the sentence's clause that the news bears on takes its status and step, else a new
figureless fact is built. The step ("opened", "postponed", ...) is kept on the fact for the
ledger, which moves a commitment's status with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from pledgewatch import langdata
from pledgewatch.extract.companies import fold
from pledgewatch.extract.frames import ANCHOR, Context, Sentence, cue, within

STEP = "step"
"""The fact field naming the status news a fact reports ("opened", "abandoned", ...), or None."""
ARGUMENTS = ("nsubj", "nsubj:pass", "obj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj",
             "xcomp", "appos", "flat:name")
"""Relations through which a predicate bears on a noun."""
INSIDE = ("det", "amod", "nmod", "case", "compound", "fixed", "flat:name", "appos", "nummod", "obj", "obl")
"""Relations that stay inside an argument's phrase."""
HEDGE_DEPTH = 4
"""How many heads up the parse a fear, a plan or a demand may govern a predicate."""
HISTORY_REACH = 30
"""How far after a predicate a past date makes it history ("ouvert en 2007")."""
NOUN_REACH = 12
"""How many tokens from its predicate the noun it bears on may stand in a clause the parse broke."""
CLAUSE_LINKS = ("acl:relcl", "advcl", "ccomp", "parataxis", "conj")
"""Relations that open another statement: a noun behind them is not the predicate's."""
DONE_CLASSES = ("open", "begin", "close", "dismiss", "liquidate", "lay", "grant")
"""Classes whose news is a deed: their infinitive is a plan ("décide de fermer"), unlike a
decision to abandon, suspend or postpone, which is the news itself."""
FAMILIES = {
    "site_opening": ("site_opening", "site_expansion", "investment", "jobs_created", "capacity"),
    "site_expansion": ("site_opening", "site_expansion", "investment", "jobs_created", "capacity"),
    "site_closure": ("site_closure", "jobs_cut"),
    "jobs_cut": ("jobs_cut", "site_closure"),
}
"""Kinds of fact a status news of a kind moves along with it: one project's site, money and jobs."""


@dataclass(frozen=True)
class StatusNews:
    """One status news of a sentence: its step, the fact kind and status it gives, where its
    predicate stands and how far its phrase reaches, and the noun class it bears on."""

    step: str
    kind: str
    status: str
    start: int
    end: int
    bears_on: str | None
    words: tuple[tuple[int, int], ...] = ()
    """Offsets of the words of its phrase: the predicate and its arguments."""
    known: bool = True
    """False when it bears on a project the text introduces ("abandonnant un projet d'usine"):
    that project's own status, a plain fact, not news of a known commitment."""


@cache
def _data(lang: str) -> dict:
    return langdata.load(lang, "status")


@cache
def _verb_forms(lang: str) -> dict[str, str]:
    """Folded verb form -> class: the lemmas, and the present and participles of -er verbs,
    for words the lemmatizer leaves as they are ("ferme ses portes")."""
    out: dict[str, str] = {}
    for cls, lemmas in _data(lang)["verbs"].items():
        for lemma in lemmas:
            out[fold(lemma)] = cls
            if lemma.endswith("er"):
                for ending in ("e", "es", "ent", "é", "ée", "és", "ées"):
                    out[fold(lemma[:-2] + ending)] = cls
    return out


@cache
def _classes(lang: str, key: str) -> dict[str, str]:
    """Folded first word -> class, for a mapping of classes to words (``nouns``)."""
    return {fold(w): cls for cls, words in _data(lang)[key].items() for w in words}


@cache
def _words(lang: str, key: str) -> frozenset[str]:
    return frozenset(fold(w) for w in _data(lang)[key])


@cache
def _noun_groups(lang: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(group, folded phrases) for what a predicate bears on, most telling group first."""
    data = _data(lang)
    order = ("company_nouns", "permit_nouns", "cut_nouns", "closure_nouns", "works_nouns", "activity_nouns",
             "project_nouns", "site_nouns")
    return tuple((g.removesuffix("_nouns"), tuple(fold(w) for w in data[g])) for g in order)


def _lemma(token: Token) -> str:
    return fold(token.lemma_)


def _noun_group(ctx: Context, token: Token) -> str | None:
    """The group of the noun at ``token`` ("site", "works", ...): by lemma, or by the words
    that start there ("centre de données", "plan social"), or "company" for a company named there."""
    if any(c.start <= token.idx < c.end for c in ctx.companies):
        return "company"
    if token.pos_ not in ("NOUN", "PROPN", "X") and not any(c.dep_ == "det" for c in token.children):
        return None  # not a noun, unless a determiner makes it one ("le permis" read as a participle)
    lemma, text = _lemma(token), fold(ctx.text[token.idx:token.idx + 40])
    for group, phrases in _noun_groups(ctx.lang):
        if group == "company" and "Plur" in token.morph.get("Number"):
            continue  # "3 000 entreprises placées en liquidation": companies in general
        for phrase in phrases:
            if phrase in (lemma, fold(token.text)) or (" " in phrase and " ".join(text.split()).startswith(phrase)):
                return group
    return None


def _phrase_class(token: Token, lang: str) -> str | None:
    """The class of a verb with its complement ("mettre en pause", "placée en liquidation")."""
    lemma = _lemma(token)
    for entry in _data(lang)["phrases"]:
        if fold(entry["verb"]) != lemma:
            continue
        nouns = {fold(n) for n in entry["nouns"]}
        if any(_lemma(t) in nouns for t in token.subtree if t.i > token.i and t.i - token.i <= 6):
            return entry["class"]
    return None


def _predicate(token: Token, lang: str) -> tuple[str, str] | None:
    """(class, "verb" or "noun") when ``token`` is a status predicate."""
    if token.pos_ in ("VERB", "AUX"):
        phrase = _phrase_class(token, lang)
        if phrase:
            return phrase, "verb"
    if token.pos_ == "NOUN":
        cls = _classes(lang, "nouns").get(_lemma(token))
        if cls:
            return cls, "noun"
        if any(c.dep_ == "det" for c in token.children):
            return None  # "la ferme d'insectes": a noun, not the verb's form
    if token.pos_ in ("VERB", "AUX", "ADJ") or _has_aux(token):  # "ont été licenciés" read as a noun
        cls = _verb_forms(lang).get(_lemma(token)) or _verb_forms(lang).get(fold(token.text))
        if cls:
            return cls, "verb"
    return None


def _negated(token: Token, lang: str) -> bool:
    negations = _words(lang, "negations")
    return any(c.dep_ == "advmod" and (fold(c.text) in negations or fold(c.text) in ("ne", "n"))
               for c in token.children)


def _unreal(token: Token, lang: str) -> bool:
    """True for a future, a conditional, an imperfect or a pluperfect, or a verb behind a
    modal or "aller" auxiliary: not what happened now."""
    for t in [token] + [c for c in token.children if c.dep_.startswith("aux")]:
        mood, tense = t.morph.get("Mood"), t.morph.get("Tense")
        if "Cnd" in mood or "Fut" in tense or ("Imp" in tense and t.morph.get("VerbForm") == ["Fin"]):
            return True
        if t is not token and _lemma(t) in _words(lang, "hedging"):
            return True  # "va fermer", "doit démarrer"
    return False


def _hedged(token: Token, lang: str) -> bool:
    """True when what governs the predicate makes it no news: a fear, a plan, a demand, a
    purpose ("pour fermer"), a negated or unreal governing verb; the parse is climbed up to
    the sentence's root ("les syndicats craignent que l'usine ne ferme")."""
    hedging = _words(lang, "hedging")
    node = token
    for _ in range(HEDGE_DEPTH):
        infinitive = "Inf" in node.morph.get("VerbForm")
        if infinitive and any(fold(c.text) in _words(lang, "purpose") for c in node.children if c.dep_ in ("mark", "case")):
            return True
        if node.head == node:
            return False
        head = node.head
        if _lemma(head) in hedging:
            return True
        if head.pos_ in ("VERB", "AUX") and (_negated(head, lang) or _unreal(head, lang)):
            return True
        node = head
    return False


def _not_done(ctx: Context, token: Token, sent: Sentence) -> bool:
    """True when a verb of a deed (opening, closing, cuts) does not say the deed is done: an
    infinitive is a plan ("a décidé de cesser son activité") unless attended ("venu
    inaugurer"); a participle with no auxiliary describes or heads ("Deux sites fermés");
    a present is an announcement ("X ferme son site de Y") unless the clause says now
    ("ferme ses portes ce vendredi", "définitivement")."""
    form, tense = token.morph.get("VerbForm"), token.morph.get("Tense")
    if "Inf" not in form and _has_aux(token):
        return False  # "a fermé", "ont été licenciés"
    if "Inf" in form:
        return _lemma(token.head) not in _words(ctx.lang, "attending")
    if "Part" in form and "Past" in tense:
        return not _has_aux(token)
    if "Fin" in form and "Pres" in tense or token.pos_ not in ("VERB", "AUX"):  # "ferme" read as an adjective
        c_start, c_end = sent.clause_of(token.idx)
        clause = fold(ctx.text[c_start:c_end])
        return not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", clause) for w in _words(ctx.lang, "now"))
    return False


def _history(ctx: Context, token: Token, sent: Sentence) -> bool:
    """True when a date right after the predicate is before the publication year ("ouvert en 2007")."""
    published = ctx.doc._.published
    c_end = sent.clause_of(token.idx)[1]
    return bool(published) and any(
        t.value and t.value[:4] < published[:4] and t.start - token.idx <= HISTORY_REACH
        for t in within(ctx.doc._.times, token.idx, c_end))


def _arguments(token: Token) -> list[Token]:
    """The tokens a predicate bears on: its arguments' phrases, the noun a participle qualifies
    ("l'usine, fermée depuis"), the subject of the verb an infinitive hangs from."""
    out: list[Token] = []

    def phrase(t: Token) -> None:
        out.append(t)
        for c in t.children:
            if c.dep_ in INSIDE:
                phrase(c)

    for c in token.children:
        if c.dep_ in ARGUMENTS:
            phrase(c)
    if token.dep_ in ("amod", "acl") and token.head != token:
        phrase(token.head)
    if "Inf" in token.morph.get("VerbForm") and token.head != token:
        out += [c for c in token.head.children if c.dep_.startswith("nsubj")]
    return sorted(set(out), key=lambda t: abs(t.i - token.i))


def _targets(ctx: Context, token: Token, sent: Sentence) -> list[tuple[str, Token]]:
    """(group, noun) for each noun a predicate bears on: through the parse, and the sites of
    its clause near it where the parse gives it none (a clause the parse broke)."""
    found = [(g, t) for t in _arguments(token) if (g := _noun_group(ctx, t))]
    if not any(g == "site" for g, _ in found):
        c_start, c_end = sent.clause_of(token.idx)
        near = ctx.doc[max(0, token.i - NOUN_REACH):token.i + NOUN_REACH]
        found += [("site", t) for t in sorted(near, key=lambda t: abs(t.i - token.i))
                  if c_start <= t.idx < c_end and t.i != token.i and not _separated(token, t)
                  and _noun_group(ctx, t) == "site"]
    return found


def _main_target(lang: str, token: Token, found: list[tuple[str, Token]]) -> tuple[str, Token] | None:
    """What the predicate is about: the most telling group (a closure plan before the site it
    closes, a site before the company: "Fabrix a inauguré son usine"), then the nearest."""
    rank = [g for g, _ in _noun_groups(lang)[1:]] + ["company"]
    return min(found, key=lambda x: (rank.index(x[0]), abs(x[1].i - token.i)), default=None)


def _separated(a: Token, b: Token) -> bool:
    """True when another statement lies between two tokens ("..., qui ...", "et ... ont")."""
    lo, hi = sorted((a, b), key=lambda t: t.i)
    return any(t.dep_ in CLAUSE_LINKS and t.pos_ in ("VERB", "AUX") for t in lo.doc[lo.i + 1:hi.i])


def _step(cls: str, group: str | None, sited: bool, token: Token) -> str | None:
    """The step a predicate class makes of what it bears on (``sited``: a site among it, or an
    activity named alone), or None.

    An activity begun or stopped is a site opened or closed only at a site, or named alone
    ("la production a démarré dans l'usine", "la production a été lancée"; not "a arrêté la
    production d'un moteur").
    """
    if cls == "liquidate":
        return "liquidated" if group == "company" else None
    if cls == "receive":
        return "receivership" if group == "company" else None
    if group is None:
        return None
    plan = group in ("project", "works", "closure", "cut")
    at_site = group == "site" or group == "activity" and sited
    table = {
        "open": "works_started" if group == "works" else "opened" if at_site else None,
        "begin": "works_started" if group == "works" or _begins_works(token) else
                 "opened" if group == "activity" and sited else None,
        "close": "abandoned" if plan else "closed" if at_site else None,
        "abandon": "abandoned" if group != "company" else None,
        "suspend": "suspended" if group != "company" else None,
        "postpone": "postponed" if group != "company" else None,
        "rescue": "rescued" if at_site else None,
        "lay": "works_started" if _first_stone(token) else None,
        "grant": "permit_granted" if group == "permit" else None,
        "dismiss": "cuts_done" if "Pass" in token.morph.get("Voice") or _has_aux(token) else None,
    }
    return table.get(cls)


def _indefinite_article(noun: Token) -> bool:
    """True for a noun introduced by an indefinite article ("un projet d'usine")."""
    return any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in noun.children)


def _bare(noun: Token) -> bool:
    """True for an activity named alone ("la production a été lancée"): the site's own, not
    that of a product ("la production d'un moteur")."""
    return not any(c.dep_ == "nmod" for c in noun.children)


def _begins_works(token: Token) -> bool:
    """True when what begins is building ("a commencé à édifier le site"): works, not an opening."""
    verbs = _words("fr", "works_verbs")
    return any(c.dep_ == "xcomp" and _lemma(c) in verbs for c in token.children)


def _has_aux(token: Token) -> bool:
    return any(c.dep_.startswith("aux") for c in token.children)


def _first_stone(token: Token) -> bool:
    stone = _data("fr")["first_stone"]
    return any(_lemma(c) == fold(stone["noun"]) and any(_lemma(a) in {fold(x) for x in stone["adjectives"]}
                                                       for a in c.children) for c in token.children)


def _on_own_site(ctx: Context, noun: Token, phrase: list[Token]) -> bool:
    """True when the noun a step bears on is set on a site its company has, or is that site, in
    the news's phrase from the noun on ("la première pierre de sa future unité de séchage sur son site de Vierzon":
    ``triggers.yml``'s on_own_site): a unit added to that site, an extension, not a new site."""
    end = max(t.idx + len(t) for t in [*phrase, noun.right_edge])
    return cue(ctx.lang, "on_own_site").search(ctx.text, noun.left_edge.idx, end) is not None


def _kind(step: str, group: str | None, lang: str) -> tuple[str, str]:
    """The kind and status of a step's fact: the step's own, else its noun's."""
    spec = _data(lang)["steps"][step]
    kind = spec["kind"] or {"closure": "site_closure", "cut": "jobs_cut"}.get(group or "", "site_opening")
    return kind, spec["status"]


def _bounded(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when the clause bounds a suspension in time ("jusqu'en 2026")."""
    c_start, c_end = sent.clause_of(pos)
    until = "|".join(re.escape(w).replace("'", "['’]") for w in _data(ctx.lang)["until"])
    return any(t.value and re.search(rf"(?:{until})\s*$", ctx.text[max(c_start, t.start - 12):t.start], re.IGNORECASE)
               for t in within(ctx.doc._.times, c_start, c_end))


def _indefinite(ctx: Context, sent: Sentence, pos: int) -> bool:
    """True when the clause puts a postponement off with no date ("reporté sine die")."""
    c_start, c_end = sent.clause_of(pos)
    return any(w in fold(ctx.text[c_start:c_end]) for w in _words(ctx.lang, "indefinite"))


def status_news(ctx: Context, sent: Sentence) -> list[StatusNews]:
    """The status news the sentence tells, in text order."""
    out: list[StatusNews] = []
    span = ctx.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None:
        return out
    for token in span:
        found = _predicate(token, ctx.lang)
        if found is None or _negated(token, ctx.lang) or _hedged(token, ctx.lang):
            continue
        cls, pos = found
        if pos == "verb" and (_unreal(token, ctx.lang) or cls in DONE_CLASSES and _not_done(ctx, token, sent)):
            continue
        if _history(ctx, token, sent):
            continue
        targets = _targets(ctx, token, sent)
        main = _main_target(ctx.lang, token, targets)
        group, noun = main if main else (None, None)
        sited = any(g == "site" for g, _ in targets) or group == "activity" and _bare(noun)
        step = _step(cls, group, sited, token)
        if step is None:
            continue
        kind, status = _kind(step, group, ctx.lang)
        if step == "suspended" and _bounded(ctx, sent, token.idx):
            status = "planned"  # a suspension until a stated date (ANNOTATION.md)
        elif step == "postponed" and _indefinite(ctx, sent, token.idx):
            step, status = "suspended", "cancelled"  # "reporté sine die"
        phrase = [t for t in [token] + _arguments(token) + ([noun] if noun is not None else [])
                  if sent.start <= t.idx < sent.end]
        if kind == "site_opening" and noun is not None and _on_own_site(ctx, noun, phrase):
            kind = "site_expansion"
        out.append(StatusNews(step, kind, status, min(t.idx for t in phrase), max(t.idx + len(t) for t in phrase),
                              group, tuple(sorted({(t.idx, t.idx + len(t)) for t in phrase})),
                              known=noun is None or not _indefinite_article(noun)))
    return out


Build = Callable[[Context, Sentence, str, int, tuple[int, int]], dict | None]


def apply_status(ctx: Context, sent: Sentence, found: list[dict], news: list[StatusNews], build: Build) -> list[dict]:
    """Facts of the sentence with its status news applied: a fact of the news's clause and
    family whose anchor is a word of the news's phrase takes its status and step; news that moves no fact there becomes a figureless fact
    built by ``build`` (facts.py's builder, with its actor, places and deadline)."""
    out = list(found)
    for n in news:
        family = FAMILIES[n.kind]
        moved = [f for f in out if f["kind"] in family and not f.get(STEP)
                 and any(a <= f[ANCHOR] < b for a, b in n.words)]
        step = n.step if n.known else None
        for f in moved:
            f["status"], f[STEP] = n.status, step
        if moved or any(f.get(STEP) == n.step and n.start <= f[ANCHOR] < n.end for f in out):
            continue
        fact = build(ctx, sent, n.kind, n.start, (n.start, n.end))
        if fact is not None:
            fact["status"], fact[STEP] = n.status, step
            out.append(fact)
    return out


def carry_step(into: dict, restated: dict) -> None:
    """A fact that restates another passes on the status news it reports, if the other has none."""
    if restated.get(STEP) and not into.get(STEP):
        into["status"], into[STEP] = restated["status"], restated[STEP]
