"""Company relations stated in the text: which company is a subsidiary of which.

Read from the parse, around a relation noun of ``lang/<lang>/groups.yml`` (a subsidiary noun,
"filiale", or a parent noun, "maison mère"). The noun names one company and relates it to another:

* the company it names: the subject of a copula ("X est une filiale de Y"), the name it is set
  beside by a comma ("X, filiale de Y,"), or the name right after it when a possessive
  determiner opens it ("sa filiale X"; the owner is then the subject of the clause it hangs from,
  "le groupe Y annonce ... de sa filiale X");
* the other: the name after "de" ("filiale de Y"), or after a common noun after "de"
  ("filiale du groupe Y").

A side is a company when a company mention covers it, when it bears the name of a company
mentioned elsewhere in the document (NER often takes a small company for a place), or when it is
a proper noun in one of these slots (the relation noun says it is a company). A relation with a
side missing is none ("la filiale de Lacq va fermer", "sa filiale va investir").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from pledgewatch import langdata
from pledgewatch.extract.companies import CompanyMention
from pledgewatch.extract.syntax import SUBJECT_DEPS

NAME_DEPS = ("nmod", "appos", "flat", "flat:name")
"""Dependencies by which a name stands beside the noun that describes it ("filiale Hydrolys")."""


@cache
def _words(lang: str) -> dict | None:
    """The relation words of ``lang``, None for a language without them."""
    return langdata.load(lang, "groups") if langdata.available(lang, "groups") else None


class _Names:
    """The companies of one document, by token: a mention covering it, else one of that name."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.mentions: list[CompanyMention] = list(doc._.companies or [])
        self.by_name = {m.name: m for m in self.mentions} | {m.text: m for m in self.mentions}

    def company(self, tok: Token, loose: bool = True) -> tuple[str, str | None] | None:
        """(name, company id) of the company ``tok`` names, or None; ``loose``: any proper noun
        is one (in a slot the relation noun says is a company's)."""
        for m in self.mentions:
            if m.start <= tok.idx < m.end:
                return m.name, m.company_id
        m = self.by_name.get(tok.text)
        if m is not None:
            return m.name, m.company_id
        if loose and tok.pos_ == "PROPN":
            return _flat_name(tok), None
        return None


    def evidence(self, toks: list[Token]) -> dict:
        """The stretch of text from the first of ``toks`` to the last, whole names included."""
        start = min(t.idx for t in toks)
        end = max(c.idx + len(c) for t in toks for c in [t, *_flat(t)])
        for m in self.mentions:
            if m.start <= start < m.end:
                start = m.start
            if m.start < end <= m.end:
                end = m.end
        return {"text": self.doc.text[start:end], "start": start, "end": end}


def _flat(tok: Token) -> list[Token]:
    """The names flattened onto a proper noun, after it ("Air Liquide")."""
    return [c for c in tok.children if c.dep_ in ("flat", "flat:name") and c.i > tok.i]


def _flat_name(tok: Token) -> str:
    """A proper noun with the names flattened onto it."""
    return " ".join(t.text for t in [tok, *_flat(tok)])


def _phrase_at(text: str, tok: Token, phrases: list[str]) -> bool:
    """Whether a relation noun phrase ("maison mère") starts at ``tok`` of the document's
    ``text`` (passed in: ``Doc.text`` is rebuilt at each read)."""
    text = text[tok.idx:tok.idx + 40].lower()
    return any(text.startswith(p.lower()) and (len(text) == len(p) or not text[len(p)].isalnum()) for p in phrases)


def _has_case(tok: Token, words: list[str]) -> bool:
    return any(c.dep_ == "case" and c.lemma_.lower() in words for c in tok.children)


def _of_company(noun: Token, names: _Names, of_words: list[str]) -> tuple[Token, tuple[str, str | None]] | None:
    """The company after "de": "filiale de Y", "filiale du groupe Y"."""
    for c in noun.children:
        if c.dep_ in ("nmod", "obl") and c.i > noun.i and _has_case(c, of_words):
            found = names.company(c)
            if found:
                return c, found
            for g in c.children:  # "du groupe Vantor": the name beside the common noun
                if g.dep_ in NAME_DEPS and g.i > c.i and not _has_case(g, of_words) and (found := names.company(g)):
                    return g, found
    return None


def _named(noun: Token, names: _Names, words: dict) -> tuple[Token, tuple[str, str | None], bool] | None:
    """The company the noun names, and whether it was named after a possessive (the other side
    is then the clause's subject)."""
    kids = list(noun.children)
    if any(c.dep_ == "cop" for c in kids):
        for c in kids:
            if c.dep_ in SUBJECT_DEPS and (found := names.company(c)):
                return c, found, False
    if any(c.dep_ == "det" and c.lemma_.lower() in words["possessives"] for c in kids):
        for c in kids:
            if c.dep_ in NAME_DEPS and c.i > noun.i and not _has_case(c, words["of_words"]) and (found := names.company(c)):
                return c, found, True
        return None
    head = noun.head
    if head.i < noun.i and noun.dep_ in ("appos", "nmod", "acl") and noun.doc[noun.i - 1].text == ",":
        found = names.company(head)
        if found:
            return head, found, False
    return None


def _subject_company(noun: Token, names: _Names, skip: Token) -> tuple[Token, tuple[str, str | None]] | None:
    """The company subject of the clause the noun hangs from, climbing clause by clause; where
    the parse gives no such subject, the first company named in the sentence before the noun."""
    tok = noun
    while True:
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
            for c in tok.children:
                if c.dep_ in SUBJECT_DEPS and not (c.left_edge.i <= noun.i <= c.right_edge.i):
                    for t in c.subtree:
                        if t.i != skip.i and (found := names.company(t, loose=False)):
                            return t, found
        if tok.head.i == tok.i:
            break
        tok = tok.head
    for t in noun.doc[noun.sent.start:noun.i]:
        if t.i != skip.i and (found := names.company(t, loose=False)):
            return t, found
    return None


def _relation(noun: Token, names: _Names, words: dict, noun_is_parent: bool) -> dict | None:
    named = _named(noun, names, words)
    if named is None:
        return None
    tok, company, possessive = named
    other = _subject_company(noun, names, tok) if possessive else _of_company(noun, names, words["of_words"])
    if other is None or other[1][0] == company[0]:
        return None
    (child, child_id), (parent, parent_id) = (other[1], company) if noun_is_parent else (company, other[1])
    return {"child": child, "child_id": child_id, "parent": parent, "parent_id": parent_id,
            "evidence": names.evidence([tok, noun, other[0]])}


def find_relations(doc: Doc) -> list[dict]:
    """Every relation "child is a subsidiary of parent" the analysed document states, once each,
    in text order, as dicts of the extraction's ``companies`` field."""
    words = _words(doc._.lang or "fr")
    if words is None:
        return []
    names = _Names(doc)
    out: list[dict] = []
    seen: set[tuple[str, str]] = set()
    text = doc.text
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        is_child = tok.lemma_.lower() in words["subsidiary_nouns"]
        if not is_child and not _phrase_at(text, tok, words["parent_nouns"]):
            continue
        rel = _relation(tok, names, words, noun_is_parent=not is_child)
        if rel and (rel["child"], rel["parent"]) not in seen:
            seen.add((rel["child"], rel["parent"]))
            out.append(rel)
    return out
