"""Reading the dependency parse: the predicate a token hangs from, and the root of a span.

``governing`` reads the predicate a figure hangs from through auxiliaries, modals and control
verbs: in "va investir 5 millions", "compte investir 5 millions" and "a annoncé vouloir créer
500 emplois" the predicate is "investir", "investir" and "créer", its controllers ("compter";
"vouloir", "annoncer") and auxiliaries ("aller"; "avoir") are kept apart. The rules (figures,
actors) and the learned features both read the parse through this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass"})
"""Dependencies of a clause's subject."""
CONTROL_DEPS = frozenset({"xcomp", "ccomp", "advcl"})
"""Dependencies by which a verb hangs from a controlling verb ("vouloir créer")."""
AUX_DEPS = frozenset({"aux", "aux:tense", "aux:pass", "cop"})
"""Dependencies of auxiliaries and copulas."""
MAX_CLIMB = 8
"""How many heads are climbed from a figure to its predicate."""


@dataclass
class Governing:
    """The predicate a token hangs from: its lemma, controllers, auxiliaries and morphology."""

    predicate: Token | None
    path: list[str] = field(default_factory=list)
    noun: str | None = None
    controllers: list[str] = field(default_factory=list)
    auxiliaries: list[str] = field(default_factory=list)
    morph: list[str] = field(default_factory=list)
    negated: bool = False
    subject: Token | None = None


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in AUX_DEPS or c.pos_ == "AUX" and c.dep_.startswith("aux")]


def governing(token: Token) -> Governing:
    """The predicate ``token`` hangs from (its first verb ancestor, itself when a verb), climbed
    through the verbs that control it; the dependency path climbed, the first noun on the way."""
    out = Governing(None)
    node = token
    for _ in range(MAX_CLIMB):
        if node.pos_ == "VERB":
            break
        if node.head == node:
            break
        out.path.append(node.dep_.split(":")[0])
        node = node.head
        if out.noun is None and node.pos_ == "NOUN":
            out.noun = node.lemma_.lower()
    if node.pos_ not in ("VERB", "AUX"):
        return out
    out.predicate = node
    chain = [node]
    while chain[-1].dep_ in CONTROL_DEPS and chain[-1].head != chain[-1] and chain[-1].head.pos_ == "VERB" \
            and len(chain) < MAX_CLIMB:
        chain.append(chain[-1].head)
        out.controllers.append(chain[-1].lemma_.lower())
    for verb in chain:
        auxes = _auxiliaries(verb)
        out.auxiliaries += [a.lemma_.lower() for a in auxes]
        finite = next((t for t in auxes + [verb] if t.morph.get("VerbForm") == ["Fin"]), None)
        if finite is not None and not out.morph:
            out.morph = [f"{k}={v}" for k in ("Tense", "Mood") for v in finite.morph.get(k)]
        out.negated |= any("Neg" in c.morph.get("Polarity") for c in verb.children)
        if out.subject is None:
            out.subject = next((c for c in verb.children if c.dep_.startswith("nsubj")), None)
    if out.subject is None and chain[-1].dep_ == "conj" and chain[-1].head.pos_ in ("VERB", "AUX"):
        # coordinated verbs share their subject: "X récupère des productions et agrandit son usine"
        out.subject = next((c for c in chain[-1].head.children if c.dep_.startswith("nsubj")), None)
    if not out.morph:
        out.morph = [f"VerbForm={v}" for v in node.morph.get("VerbForm")]
    return out


def span_root(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic root of the tokens covering ``start``-``end`` (None when none does)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


