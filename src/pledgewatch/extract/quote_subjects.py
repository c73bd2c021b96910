"""Who moved: the company of a share move, found through the dependency parse.

A move word ("recule", "en hausse de") is found by lemma (``lang/fr/quotes.yml``). Its
subject is the ``nsubj`` of the move verb, or of the verb it hangs from ("a bondi et
prenait 6 %", "est en hausse de"). The subject is then:

- a company mention, or a company named inside it ("le titre de Kering", "l'action Tencent");
- a noun of the share with an unknown name in its phrase ("l'action de Quanteris"): a
  company by that name, whatever entity the recogniser took it for;
- a noun of the share with no name ("la valeur", "l'action de la société"): the subject
  of the verb it is the object of ("Safran voit son titre céder 1 %"), else the company
  named last before it;
- an unknown proper name with no article ("Foo gagne 5 %"), or a capitalised noun with
  none, which a French common noun as a subject has ("Mercialys décroche"): a company;
- anything else (an index, a market, "ses ventes", a pronoun): no company.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pledgewatch import langdata
from pledgewatch.extract.companies import (
    CompanyMention,
    fold,
    is_blocked_name,
    is_person_name,
)
from pledgewatch.extract.quote_patterns import quote_data, subject_re
from pledgewatch.extract.references import find_references

LANG = "fr"
CLIMB = ("obl", "obl:arg", "obl:mod", "obl:agent", "xcomp", "conj", "advcl", "acl", "ROOT")
"""Relations through which a move word shares the subject of the verb it hangs from."""
CLAUSE_CLIMB = 4
"""How many heads a bracketed figure climbs to the verb of its clause."""
NOUN_CLIMB = 3
"""How many nominal relations a move noun climbs to the verb that bears it."""
SUBJECT_PHRASE = ("det", "amod", "nmod", "appos", "flat:name", "flat:foreign", "compound", "case", "nummod")
"""Relations that stay inside a subject's phrase (relative and adverbial clauses do not)."""


@dataclass(frozen=True)
class Subject:
    """What the parse says moved: ``company`` or None, and where its phrase starts."""

    company: CompanyMention | None
    start: int


def _with_present(verb: str) -> list[str]:
    """A verb's folded lemma, and for an -er verb its present forms, which the lemmatizer
    may leave as they are ("affiche", "flambent")."""
    word = fold(verb)
    return [word, word[:-2] + "e", word[:-2] + "ent"] if word.endswith("er") else [word]


@lru_cache(maxsize=1)
def _classes() -> dict[str, int]:
    """Folded move word -> sign: lemmas of both classes, and the present of -er verbs."""
    data = quote_data()
    signs: dict[str, int] = {}
    for key, sign in (("rising_verbs", 1), ("falling_verbs", -1), ("rising_nouns", 1), ("falling_nouns", -1)):
        for word in data[key]:
            for form in _with_present(word) if key.endswith("verbs") else [fold(word)]:
                signs[form] = sign
    return signs


@lru_cache(maxsize=1)
def _not_companies() -> frozenset[str]:
    """Folded names that are never a quote's company: indices, markets and brokers."""
    data = quote_data()
    markets = langdata.load(LANG, "companies")["markets"]
    return frozenset(fold(n) for n in [*data["indices"], *data["brokers"], *markets])


def move_sign(token: Token) -> int | None:
    """+1 or -1 for a word of a rising or falling move (by lemma), else None."""
    signs = _classes()
    return signs.get(fold(token.lemma_)) or signs.get(fold(token.text))


def is_stock_noun(token: Token) -> bool:
    """Whether ``token`` is a noun of the share ("titre", "action", "valeur")."""
    return fold(token.lemma_) in _stock_nouns() or fold(token.text) in _stock_nouns()


@lru_cache(maxsize=1)
def _stock_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["stock_nouns"])


def is_figure_noun(token: Token) -> bool:
    """Whether ``token`` names a market, an index or a business figure ("ventes", "indice")."""
    return fold(token.lemma_) in _figure_nouns() or fold(token.text) in _figure_nouns()


@lru_cache(maxsize=1)
def _figure_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["not_quote_subjects"])


def is_quotable(name: str) -> bool:
    """Whether ``name`` may be a quote's company: no index, market, broker, agency or person,
    nor a listing line that ends with its market ("SAINT-GOBAIN Euronext Paris")."""
    words = fold(name).split()
    return (not any(" ".join(words[i:]) in _not_companies() for i in range(len(words)))
            and not set(words) & _index_words()
            and not is_blocked_name(name) and not is_person_name(name))


@lru_cache(maxsize=1)
def _index_words() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["index_words"])


def _subject_token(cue: Token, companies: list[CompanyMention]) -> Token | None:
    """The nsubj of the move word or of the verbs it hangs from (at most three steps up); the
    antecedent of a relative "qui"; a company named in a second move's own clause; a name the
    parser left unlabelled before the verb ("Cadbury/dep a bondi")."""
    node = cue
    for _ in range(4):
        subjects = [c for c in node.children if c.dep_.startswith("nsubj")] or [
            c for c in node.children if c.dep_ == "dep" and c.i < node.i and c.text[:1].isupper()
            and (c.pos_ in ("PROPN", "X") or _mention_in([c], companies))]
        subject = min(subjects, key=lambda c: abs(c.i - node.i)) if subjects else None
        if subject is not None and subject.pos_ == "PRON" and node.dep_ == "acl:relcl":
            return node.head
        if subject is not None and "Rel" in subject.morph.get("PronType"):
            antecedent = _antecedent(subject, companies)
            if antecedent is not None:
                return antecedent  # "revient à Kering, qui perd 3,8 %": the parse hung the relative elsewhere
        moved = causative_object(node)
        if moved is not None:
            return moved
        if subject is not None:
            return subject
        if node.dep_ == "acl" and is_stock_noun(node.head):
            return node.head
        if node.head == node:
            return _split_subject(node)
        if node.dep_ not in CLIMB:
            return None
        if node.dep_ in ("conj", "advcl"):
            own = _own_subject(node, companies)
            if own is not None:
                return own
        node = node.head
    return None


def _antecedent(pronoun: Token, companies: list[CompanyMention]) -> Token | None:
    """The head of the company named right before a relative pronoun ("Kering, qui")."""
    text = pronoun.doc.text
    named = next((c for c in reversed(companies) if c.end <= pronoun.idx and not text[c.end:pronoun.idx].strip(" ,")),
                 None)
    span = pronoun.doc.char_span(named.start, named.end, alignment_mode="expand") if named else None
    return span.root if span is not None else None


def _split_subject(root: Token) -> Token | None:
    """The name the parser cut off as a root of its own right before the verb's clause
    ("Orpea/ROOT s'effondre/ROOT de 30 %", "Quantorix/ADJ bondit"): a capitalised word heading
    nothing but its name."""
    first = min([root, *(c for c in root.children if c.i < root.i)], key=lambda t: t.i)
    if first.i == 0:
        return None
    name = first.doc[first.i - 1]
    while name.head != name and name.dep_.startswith("flat") and name.head.i < name.i:
        name = name.head  # "Air/ROOT France/flat": the name's head
    if name.head != name or not name.text[:1].isupper() or name.pos_ not in ("NOUN", "PROPN", "X", "ADJ"):
        return None
    return name if all(c.dep_.startswith("flat") for c in name.children) else None


def causative_object(verb: Token) -> Token | None:
    """The object of a move verb made to move ("faisait reculer l'action de TotalEnergies"):
    what moved, where the subject of "faire" is its cause."""
    made = verb.dep_ == "xcomp" and fold(verb.head.lemma_) in _causatives()
    if not made and not any(c.i < verb.i and fold(c.lemma_) in _causatives() for c in verb.children):
        return None
    heads = [verb, verb.head] if made else [verb]
    return next((c for h in heads for c in h.children
                 if c.i > verb.i and (c.dep_ == "obj" or c.dep_ == "dep" and c.pos_ in ("PROPN", "X"))), None)


@lru_cache(maxsize=1)
def _causatives() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["causatives"])


def _own_subject(verb: Token, companies: list[CompanyMention]) -> Token | None:
    """The name a second move verb has after its head's figure, where the parse hangs the
    verb from the first ("X montait de 2 % et celle d'Y prenait 3 %")."""
    between = verb.doc[verb.head.i + 1:verb.i]
    figures = [t.i for t in between if t.lemma_ in ("%", "pourcent")]
    if not figures:
        return None
    own = [t for t in between if t.i > figures[-1] and (_mention_in([t], companies) or is_name(t))]
    return own[-1] if own else None


def _noun_cue_owner(cue: Token) -> Token | None:
    """For a move noun: the name it governs after the figure ("l'envolée de 24 % de Nvidia")."""
    figures = [c for c in cue.children if c.lemma_ in ("%", "pourcent")]
    owners = [c for c in [*cue.children, *(t for f in figures for t in f.children)]
              if c.dep_ == "nmod" and c.i > cue.i and c.pos_ == "PROPN"]
    return owners[-1] if owners else None


def _noun_cue_of_share(cue: Token) -> bool:
    """Whether a move noun tells a share move: "en hausse de", a bare noun (a verb the tagger
    took for a noun: "Atos chute de 12 %"), or with an article under a move verb or a verb
    of quotation ("avec un plongeon de"); "son gain de 41 %" does not."""
    if not any(c.dep_ == "det" for c in cue.children) or any(c.lower_ == "en" and c.dep_ == "case"
                                                            for c in cue.children):
        return True
    if any("Poss=Yes" in str(c.morph) for c in cue.children):
        return False
    head = _bearing_verb(cue)
    return head is not None and (move_sign(head) is not None or fold(head.lemma_) in _quote_verbs() or _copular(head))


def is_forecast(cue: Token) -> bool:
    """Whether a move is forecast, not made: its verb in the conditional ("gagnerait 10 %")
    or under a modal verb ("pourrait gagner 10 %", "devrait ouvrir en hausse de 2 %")."""
    verb = cue.head if cue.pos_ == "NOUN" and cue.head.pos_ in ("VERB", "AUX") else cue
    chain = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    return any("Cnd" in v.morph.get("Mood") or fold(v.lemma_) in _forecast_verbs() and v != verb
               or any(c.dep_.startswith("aux") and "Cnd" in c.morph.get("Mood") for c in v.children)
               for v in chain)


@lru_cache(maxsize=1)
def _forecast_verbs() -> frozenset[str]:
    return frozenset(fold(w) for w in quote_data()["forecast_verbs"])


def _told_of_figure(cue: Token) -> bool:
    """Whether a move noun describes a market or a business figure it modifies ("dans un
    marché en baisse de 0,5 %", "des ventes en hausse de 3 %"), not a share."""
    return cue.dep_ == "nmod" and cue.head.pos_ == "NOUN" and is_figure_noun(cue.head)


def _bearing_verb(noun: Token) -> Token | None:
    """The verb a noun phrase belongs to, up the nominal relations ("a terminé la journée sur
    une chute de 8 %": "terminer"); None past a business figure ("ses ventes") or a clause."""
    node = noun
    for _ in range(NOUN_CLIMB):
        if node.head == node or node.dep_.split(":")[0] not in ("obj", "obl", "nmod"):
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") or _copular(node):
            return node
        if is_figure_noun(node):
            return None
    return None


@lru_cache(maxsize=1)
def _quote_verbs() -> frozenset[str]:
    return frozenset(form for w in quote_data()["quote_verbs"] for form in _with_present(w))


def is_quote_verb(token: Token) -> bool:
    """Whether ``token`` is a verb of quotation ("a fini à +5 %", "termine dans le rouge")."""
    return token.pos_ in ("VERB", "AUX") and fold(token.lemma_) in _quote_verbs()


def _copular(token: Token) -> bool:
    """Whether ``token`` is a nominal predicate with its copula that ranks a share in its market,
    as a verb of quotation would ("Accor est la meilleure performance du CAC 40", "X est en
    tête du SBF 120"); not one of anything else ("Renault est le premier employeur")."""
    if token.pos_ not in ("NOUN", "ADJ") or not any(c.dep_ == "cop" for c in token.children):
        return False
    phrase = [t for t in token.subtree if t.dep_ not in ("nsubj", "cop") or t.head != token]
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
    return any(m.lastgroup == "market" for m in subject_re().finditer(token.doc.text, start, end))


def _mistagged_verb(token: Token) -> bool:
    """Whether a word tagged as a noun or name is the present of a move verb or verb of
    quotation heading the clause after a name ("Soitec grimpe/PROPN", "Verallia signe/NOUN"):
    written in lower case, with no article, as the root or its complement."""
    return (token.pos_ in ("NOUN", "PROPN") and token.text.islower() and token.dep_ in ("ROOT", "xcomp")
            and not any(c.dep_ == "det" for c in token.children)
            and fold(token.text) in _verb_forms())


@lru_cache(maxsize=1)
def _verb_forms() -> frozenset[str]:
    """The move verbs and verbs of quotation, with the present forms of -er verbs ("grimpe", "signe")."""
    data = quote_data()
    return frozenset(form for key in ("rising_verbs", "falling_verbs", "quote_verbs")
                     for verb in data[key] for form in _with_present(verb))


def clause_verb(token: Token) -> Token | None:
    """The move verb or verb of quotation a bracketed figure hangs from, at most four steps up
    ("Kering a terminé dans le vert (+1,2 %)", "prend la tête du CAC 40 (+3 %)"), or further
    through a move noun ("enregistre la plus forte hausse du SBF 120 (+7 %)"); never through
    a business figure ("a enregistré un chiffre d'affaires de 3 milliards (+5 %)") nor past
    another verb."""
    node, reach = token, CLAUSE_CLIMB
    for step in range(NOUN_CLIMB + CLAUSE_CLIMB):
        if step >= reach:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):  # the first verb up is the bracket's clause
            return node if move_sign(node) or is_quote_verb(node) else None
        if _mistagged_verb(node) or _copular(node):
            return node  # "Soitec grimpe/PROPN (+5 %)", "Accor est la meilleure performance du CAC 40 (+3,1 %)"
        if is_figure_noun(node):
            return None
        if node.pos_ == "NOUN" and move_sign(node):
            reach = step + 1 + NOUN_CLIMB
    return None


def _phrase(token: Token) -> list[Token]:
    """The subject's own phrase: the token and its dependents, less clauses."""
    found = [token]
    for child in token.children:
        if child.dep_ in SUBJECT_PHRASE:
            found += _phrase(child)
    return sorted(found, key=lambda t: t.i)


def _mention_in(tokens: list[Token], companies: list[CompanyMention]) -> CompanyMention | None:
    for company in companies:
        if any(t.idx < company.end and company.start < t.idx + len(t) for t in tokens):
            return company
    return None


def is_name(token: Token) -> bool:
    """Whether ``token`` is a capitalised name ("Baidu", "JD.com") inside its sentence that
    no entity calls a place or person."""
    return (token.pos_ in ("PROPN", "NOUN", "X", "ADJ") and token.text[:1].isupper() and not token.is_sent_start
            and token.ent_type_ not in ("LOC", "PER"))


def _bare_capitalised(token: Token) -> bool:
    """A capitalised noun with no determiner, which a French common noun as a subject has:
    a name the tagger took for a noun ("Mercialys décroche de 6 %")."""
    return token.text[:1].isupper() and not any(c.dep_ == "det" for c in token.children)


def _new_name(doc: Doc, token: Token) -> CompanyMention | None:
    """A company from an unknown proper name with no article ("Foo gagne 5 %"), or named
    in the phrase of a pronoun or common noun ("celui de la société Baidu")."""
    if token.pos_ == "PRON" or token.pos_ == "NOUN" and not _bare_capitalised(token):
        token = next((t for t in _phrase(token) if t.i > token.i and is_name(t)), None)
    return _named(doc, token)


def _share_owner(doc: Doc, noun: Token) -> CompanyMention | None:
    """The unknown name a share noun's phrase gives after it ("l'action de Quanteris"): a
    share is a company's, whatever person or place the entity recogniser took the name for."""
    return _named(doc, next((t for t in _phrase(noun) if t.i > noun.i and t.pos_ in ("PROPN", "X")), None))


def _named(doc: Doc, token: Token | None) -> CompanyMention | None:
    """The company a capitalised name with no article gives, its flat parts joined; None for
    no name or one that is no quote's company (an index, a broker, a person)."""
    if token is None or not token.text[:1].isupper() or token.pos_ in ("PRON", "DET", "NUM"):
        return None
    if any(c.dep_ == "det" for c in token.children):
        return None
    name_tokens = [token] + [c for c in token.children if c.dep_ in ("flat:name", "flat:foreign", "compound")
                             and c.text[:1].isupper()]
    span: Span = doc[min(t.i for t in name_tokens):max(t.i for t in name_tokens) + 1]
    if not is_quotable(span.text):
        return None
    return CompanyMention(span.start_char, span.end_char, span.text, span.text, None, "subject")


def _refers_back(doc: Doc, token: Token, phrase: list[Token]) -> bool:
    """Whether a subject phrase is a generic reference to a company named before ("le
    groupe", "le géant de Cupertino", "ce dernier"), as companies.yml lists them."""
    head = doc[phrase[0].i:token.i + 1].text
    return any(r.start == 0 and r.kind in ("generic", "latest") for r in find_references(head))


def subject_of(doc: Doc, cue: Token, companies: list[CompanyMention]) -> Subject | None:
    """The subject of the move word ``cue``; None where the parse gives no subject."""
    noun = cue.pos_ == "NOUN" and not _copular(cue)  # a move noun, not a predicate ("est en tête")
    token = _noun_cue_owner(cue) if noun else None
    if token is None and noun and (not _noun_cue_of_share(cue) or _told_of_figure(cue)):
        return Subject(None, cue.idx)
    token = token or _subject_token(cue, companies)
    if token is None:
        return None
    if any(c.dep_ == "obj" and c.i < cue.i and is_figure_noun(c) for c in token.head.children):
        return Subject(None, cue.idx)  # "X a vu ses perspectives revues en baisse de 35 %", "... son chiffre reculer"
    phrase = _phrase(token)
    start = phrase[0].idx
    if is_figure_noun(token):
        return Subject(None, start)
    mention = _mention_in([token], companies) or _mention_in(phrase, companies)
    if mention is not None:
        return Subject(mention if is_quotable(mention.name) else None, start)
    if _refers_back(doc, token, phrase):
        before = [c for c in companies if c.end <= token.idx and is_quotable(c.name)]
        return Subject(before[-1] if before else None, start)  # "le géant de Cupertino a perdu 3 %"
    if is_stock_noun(token):
        owner = _mention_in([c for c in token.head.children if c.dep_.startswith("nsubj")], companies)
        if token.dep_ == "obj" and owner is not None:
            return Subject(owner, owner.start)
        named = _share_owner(doc, token)
        if named is not None:
            return Subject(named, start)  # "l'action de Quanteris"
        before = [c for c in companies if c.end <= token.idx and is_quotable(c.name)]
        return Subject(before[-1] if before else None, start)
    return Subject(_new_name(doc, token), start)
