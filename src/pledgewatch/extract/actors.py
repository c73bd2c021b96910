"""Actors: which company a fact belongs to.

A company named right after a figure as its owner ("30 millions de Novartis"); else the company
the parse gives as the subject or agent of the predicate governing the anchor, through
auxiliaries, modals and control verbs ("X a annoncé vouloir créer", "investis par X"); else the
company named in the anchor's clause, or referred to ("le second", "le groupe"); failing those,
the company heading the paragraph ("Hager – ..."), then the first one the previous sentence of
the paragraph names, then the company the text has talked about most. Only credible mentions
act (see ``_credible``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from pledgewatch import langdata
from pledgewatch.extract.companies import (
    HEADING_DASH,
    CompanyMention,
    after_of,
    fold,
    is_blocked_name,
    is_person_name,
    written_lower,
)
from pledgewatch.extract.company_list import lookup
from pledgewatch.extract.frames import Context, Sentence, cue, paragraph_of, within
from pledgewatch.extract.syntax import governing, span_root

OBJECT_DEPS = frozenset({"obj", "iobj", "obl:arg"})
"""Dependencies of a controlling verb's object, who acts in object control ("permettre à X de")."""
AGENT_WINDOW = 45
"""How far after a figure its owner may be named ("1,2 milliard par son concurrent Amazon")."""


@cache
def _owner_link(lang: str) -> re.Pattern[str]:
    """What may stand between a figure and its owner: a link word ("de", "par"), then no figure."""
    links = "|".join(re.escape(w).replace("'", "['’]") + ("" if w.endswith("'") else r"\s")
                     for w in langdata.load(lang, "triggers")["owner_links"])
    return re.compile(rf"^\s*(?:[a-zà-ÿ]+\s+)?(?:{links})[^\d;:.()«»\"]*$", re.IGNORECASE)


def _resolve_reference(ctx: Context, ref, sent: Sentence) -> str | None:
    """The company a reference such as "le second" or "le groupe" stands for."""
    if ref.kind in ("ordinal_first", "ordinal_second"):
        prev = [s for s in ctx.sentences if s.end <= sent.start]
        for s in reversed(prev):
            names = _unique_names(ctx, within(ctx.companies, s.start, s.end))
            if len(names) >= 2:
                return names[0] if ref.kind == "ordinal_first" else names[1]
        return None
    earlier = _acting(ctx, [c for c in ctx.companies if c.end <= ref.start])
    country = _demonym(ctx.lang, ref.text)
    if country:  # "le manufacturier japonais": the latest Japanese company named
        earlier = [c for c in earlier if _country_of(c) == country] or earlier
    return _as_written(ctx, earlier[-1]) if earlier else None


def _demonym(lang: str, text: str) -> str | None:
    """The country a reference's adjective names ("le groupe suédois" -> SE), if any."""
    demonyms = langdata.load(lang, "companies")["demonyms"]
    for word in fold(text).split():
        if word in demonyms:
            return demonyms[word]
    return None


def _country_of(mention) -> str | None:
    record = lookup(mention.name) if mention.company_id else None
    return record["country"] if record else None


def _unique_names(ctx: Context, mentions: list) -> list[str]:
    seen: list[str] = []
    for m in mentions:
        name = _as_written(ctx, m)
        if name not in seen:
            seen.append(name)
    return seen


def _credible(ctx: Context, mentions: list) -> list:
    """Mentions of companies that are listed, named more than once, or marked as companies.

    A name of one or two words that NER found once, the company list lacks and no cue ("la
    start-up X") marks as a company is more often a product, a person or a programme: it
    never acts. Longer names ("BCF Life Sciences") are rarely anything but organisations.
    """
    return [c for c in mentions if _is_credible(ctx, c)]


def _is_credible(ctx: Context, mention) -> bool:
    if not mention.company_id and _shaped_like_no_name(ctx, mention):
        return False
    return bool(mention.company_id or mention.found_by in ("subject", "cue", "header")
                or ctx.mention_counts[mention.name] > 1 or len(mention.text.split()) >= 3
                or cue(ctx.lang, "company_cues").search(ctx.text[max(0, mention.start - 30):mention.start])
                or _apposed_company_noun(ctx, mention) or _parsed_subject(ctx, mention))


APPOSITION = re.compile(r"\s*,\s*(?:(?:le|la|un|une)\s+|l['’])?(?P<noun>[a-zà-ÿ-]+)")
"""An apposition after a name, its head noun in group ``noun`` ("Comat, fabricant de", "X, le spécialiste")."""


def _apposed_company_noun(ctx: Context, mention) -> bool:
    """True when an apposition headed by a noun of companies follows the name ("Comat,
    fabricant d'équipements", "Boiron, le spécialiste de l'homéopathie")."""
    m = APPOSITION.match(ctx.text, mention.end)
    return m is not None and cue(ctx.lang, "company_cues").search(m.group("noun")) is not None


CODE_SHAPE = re.compile(r"[A-Z]{1,4}[0-9]{2,}")
"""A product or site code ("A350", "PAR03"), not a company's name."""
HEADLINE_WORDS = 4
"""A name in capitals of this many words is a headline."""


def _shaped_like_no_name(ctx: Context, mention) -> bool:
    """True for a mention whose shape says it is no company: a code ("A350"), a headline in
    capitals ("LES BANQUES EN SOUFFRANCE") or a common word in capitals ("ENTREPRISES", written
    in lower case elsewhere)."""
    text = mention.text
    if CODE_SHAPE.fullmatch(text):
        return True
    return text.isupper() and (len(text.split()) >= HEADLINE_WORDS
                               or written_lower(ctx.text, text))


def _parsed_subject(ctx: Context, mention) -> bool:
    """True when the parse makes the mention the subject of a verb ("Kyndryl a prévu"); an
    agent ("la construction par X") is not enough: on unseen news it made more spurious facts."""
    root = span_root(ctx.doc, mention.start, mention.end)
    if root is None or root.head == root:
        return False
    return root.dep_.startswith("nsubj") and root.head.pos_ in ("VERB", "AUX")


def _acting(ctx: Context, mentions: list) -> list:
    """The credible mentions that are no partner ("avec Total"); all credible ones if every one is."""
    credible = _credible(ctx, mentions)
    return [c for c in credible if not _counterparty(ctx, c)] or credible


@cache
def _descriptor(lang: str) -> re.Pattern[str]:
    """Lower-case words describing a name, behind an article ("avec le français Orano")."""
    articles = langdata.load(lang, "triggers")["descriptor_articles"]
    elided = "|".join(re.escape(a).replace("'", "['’]") for a in articles if a.endswith("'"))
    whole = "|".join(re.escape(a) for a in articles if not a.endswith("'"))
    return re.compile(rf"\s+(?:{elided}|(?:{whole})\s+)?(?:[a-zà-ÿ-]+\s+){{1,3}}")


def _counterparty(ctx: Context, mention) -> bool:
    """True when the mention follows a partner cue ("avec Engie"): it does not act."""
    before = ctx.text[max(0, mention.start - 45):mention.start]
    return any(m.end() >= len(before.rstrip()) - 1 or _descriptor(ctx.lang).fullmatch(before[m.end():])
               for m in cue(ctx.lang, "counterparty").finditer(before))


def _as_written(ctx: Context, mention) -> str:
    """The actor's name as the text writes it: the canonical name if the text uses it, else the mention."""
    return mention.name if mention.name in ctx.text else mention.text


def named(ctx: Context, mention) -> tuple[str, str | None]:
    """A mention as an actor: its name as the text writes it, and its company id."""
    return _as_written(ctx, mention), mention.company_id


def _salient(ctx: Context, before: int):
    """The company the text has talked about most up to ``before`` (the latest on a tie)."""
    return _most_named(list(reversed(_acting(ctx, [c for c in ctx.companies if c.end <= before]))))


def _most_named(mentions: list):
    """The mention whose company is named most often (the first of ``mentions`` on a tie)."""
    if not mentions:
        return None
    counts = Counter(c.name for c in mentions)
    return max(mentions, key=lambda c: counts[c.name])


def _coordinated(ctx: Context, between: str) -> bool:
    """True when ``between`` only joins two names ("Nvidia et Orange", "Nvidia & Orange").
    A comma alone does not: "..., par le cabinet Orygeen, Orange a signé" names one actor."""
    words = between.strip(" ,&")
    if not words:
        return "&" in between or "," not in between
    return bool(cue(ctx.lang, "coordinators").fullmatch(words))


def agent_after(ctx: Context, sent: Sentence, end: int, money: bool = False):
    """A company named right after a figure as its owner ("30 millions de Novartis", "par Amazon");
    after an amount of money, any name there ("10 millions de Chiesi")."""
    for c in within(ctx.companies, end, min(sent.end, end + AGENT_WINDOW)):
        if _owner_link(ctx.lang).match(ctx.text[end:c.start]):
            return c
    for r in within(ctx.references, end, min(sent.end, end + AGENT_WINDOW)):
        if r.kind == "generic" and _owner_link(ctx.lang).match(ctx.text[end:r.start]):
            name = _resolve_reference(ctx, r, sent)  # "1250 chez le fabricant de pneus"
            earlier = [c for c in ctx.companies if c.end <= r.start and name in (c.name, c.text)]
            if earlier:
                return earlier[-1]
    if not money:
        return None
    m = _owner_name(ctx.lang).match(ctx.text, end, min(sent.end, end + 20))
    if m and not _not_a_name(ctx, m.start(1), m.end(1)):
        return CompanyMention(m.start(1), m.end(1), m.group(1), m.group(1), None, "owner")
    return None


@cache
def _owner_name(lang: str) -> re.Pattern[str]:
    """A capitalised name right after a figure and a link word ("10 millions de Chiesi")."""
    links = "|".join(re.escape(w).replace("'", "['’]") for w in langdata.load(lang, "triggers")["owner_name_links"])
    return re.compile(rf"\s+(?:{links})\s*([A-ZÀ-Ý][\w&-]+(?:\s+[A-ZÀ-Ý][\w&-]+){{0,2}})(?=[\s,.;:)]|$)")


def _not_a_name(ctx: Context, start: int, end: int) -> bool:
    """True for a capitalised word that is a place, an event, a known non-company or a person."""
    name = ctx.text[start:end]
    spans = ctx.doc._.places + ctx.doc._.events + ctx.doc._.times
    if any(x.start < end and start < x.end for x in spans):
        return True
    if written_lower(ctx.text, name.split()[0]):
        return True  # written in lower case elsewhere: a common noun ("d'Investissements")
    return is_blocked_name(name) or is_person_name(name)


def find_actor(ctx: Context, sent: Sentence, pos: int, end: int | None = None,
               money: bool = False) -> tuple[str | None, str | None, str]:
    """The acting company for an anchor at ``pos`` (ending at ``end``): (name, company_id, the
    rule that chose it)."""
    agent = agent_after(ctx, sent, end, money) if end is not None else None
    if agent is not None:
        return (*named(ctx, agent), "the owner named right after the figure")
    companies = [c for c in _credible(ctx, within(ctx.companies, sent.start, sent.end))
                 if not _counterparty(ctx, c)]
    subject = _subject_actor(ctx, sent, pos, companies)
    if subject is not None:
        return (*subject, "the subject or agent the parse gives its predicate")
    refs = _bare_references(ctx, sent.start, sent.end)
    c_start, _ = sent.clause_of(pos)
    in_clause = [c for c in companies if c_start <= c.start < pos]
    ref_clause = [r for r in refs if c_start <= r.start < pos]
    if ref_clause and (not in_clause or ref_clause[-1].start > in_clause[-1].start) and \
            ref_clause[-1].kind.startswith("ordinal"):
        name = _resolve_reference(ctx, ref_clause[-1], sent)
        if name:
            return name, _id_of(ctx, name), "an ordinal reference of its clause"
    if in_clause:
        last = len(in_clause) - 1
        while last and _coordinated(ctx, ctx.text[in_clause[last - 1].end:in_clause[last].start]):
            last -= 1  # "Nvidia et Orange vont installer": the first of coordinated subjects
        return (*named(ctx, in_clause[last]), "the last company its clause names before it")
    before = [c for c in companies if c.start < pos]
    if before:
        return (*named(ctx, before[0]), "the first company its sentence names before it")
    if refs:
        name = _resolve_reference(ctx, refs[0], sent)
        if name:
            return name, _id_of(ctx, name), "a reference of its sentence"
    after = [c for c in companies if c.start >= pos and not _recipient(ctx, c)]
    if after:
        return (*named(ctx, after[0]), "the first company its sentence names after it")
    heading = _heading(ctx, sent.start)
    if heading is not None:
        return (*named(ctx, heading), "the company heading its paragraph")
    recent = _previous_sentence_actor(ctx, sent)
    if recent is not None:
        return (*recent, "the company the previous sentence names")
    salient = _salient(ctx, sent.start)
    if salient is None:
        return None, None, "no company named before it"
    return (*named(ctx, salient), "the company the text has named most")


def _recipient(ctx: Context, mention) -> bool:
    """True when the mention is what a figure goes to ("fournira 60 tonnes de vapeur à X", "pour
    l'usine X"): its phrase opens with a preposition of recipients, by the parse, and no verb
    it is the object of controls another ("permettre à X d'augmenter": X acts)."""
    root = span_root(ctx.doc, mention.start, mention.end)
    node = root
    for _ in range(2):  # "pour l'usine Bonduelle": the name hangs from the noun the preposition opens
        if node is None or node.head == node:
            return False
        if any(c.dep_ == "case" and c.lower_ in _prepositions(ctx.lang, "recipient") for c in node.children):
            return not any(c.dep_ == "xcomp" for c in node.head.children)  # "permettre à X de": X acts
        node = node.head if node.dep_ in ("flat:name", "nmod", "appos") else None
    return False


def _subject_actor(ctx: Context, sent: Sentence, pos: int, companies: list) -> tuple[str, str | None] | None:
    """The company the parse gives as the subject or agent of the predicate that governs the
    anchor at ``pos``: through auxiliaries, modals and control verbs ("X va investir", "X a
    annoncé vouloir créer"), the object of a controlling verb ("permettre à X de construire"), a
    passive's agent ("investis par X") or a noun's ("la construction par X d'une usine"); a
    relative "qui" stands for its antecedent, a reference ("le groupe") for its company. None
    when the parse names no company there, or the anchor is one item of a list."""
    root = span_root(ctx.doc, pos, min(sent.end, pos + 1))
    if root is None:
        return None
    gov = governing(root)
    if "conj" in gov.path:
        return None  # "suivi par X et ses 300 millions, ainsi que par Y et les 140 millions": a list's item
    active = gov.subject if gov.subject is not None and gov.subject.dep_ != "nsubj:pass" else None
    agent = _noun_agent(ctx, root, gov.predicate) or _controlled_object(gov.predicate) \
        or (None if active else _agent(ctx, gov.predicate))
    subject = agent or active
    if subject is None:
        return None
    if subject.pos_ == "PRON" and subject.head.dep_.startswith("acl") and subject.head.head != subject.head:
        subject = subject.head.head  # "Eastman, qui va investir": the antecedent
    tokens = list(subject.subtree)
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if start >= pos and agent is None:
        return None
    inside = [c for c in companies if start <= c.start < end]
    head = next((c for c in inside if c.start <= subject.idx < c.end), inside[0] if inside else None)
    if head is not None:
        return named(ctx, head)
    refs = [r for r in _bare_references(ctx, start, end) if r.kind == "generic"]
    if refs:
        name = _resolve_reference(ctx, refs[0], sent)
        if name:
            return name, _id_of(ctx, name)
    return None


def _controlled_object(verb):
    """The object of the verb that controls ``verb`` when it is the one who acts ("permettre à
    X de construire", "aider X à financer"): ``verb`` has no subject of its own."""
    node = verb
    while node is not None and node.dep_ == "xcomp" and node.head != node \
            and not any(c.dep_.startswith("nsubj") for c in node.children):
        controller = node.head
        found = next((c for c in controller.children if c.dep_ in OBJECT_DEPS and c.i < node.i), None)
        if found is not None:
            return found
        node = controller
    return None


def _agent(ctx: Context, head):
    """The agent of a passive verb or of a noun ("investis par X", "la construction par X"): a
    child the parse marks as the agent, or one behind an agent preposition."""
    if head is None:
        return None
    preps = _prepositions(ctx.lang, "agent")
    return next((c for c in head.children if c.dep_ == "obl:agent" or c.dep_ in ("nmod", "obl")
                 and any(g.dep_ == "case" and g.lower_ in preps for g in c.children)), None)


def _noun_agent(ctx: Context, token, predicate):
    """The agent of a noun between ``token`` and its ``predicate`` ("la construction par X d'une usine")."""
    node = token
    while node != predicate and node.head != node:
        if node.pos_ == "NOUN":
            agent = _agent(ctx, node)
            if agent is not None:
                return agent
        node = node.head
    return None


@cache
def _prepositions(lang: str, role: str) -> frozenset[str]:
    """The prepositions of ``role`` ("agent", "recipient") in companies.yml."""
    return frozenset(langdata.load(lang, "companies")[f"{role}_prepositions"])


def _bare_references(ctx: Context, start: int, end: int) -> list:
    """The references ("le groupe", "le second") inside ``start``-``end`` that stand for a company
    named before; one right before a name ("le groupe norvégien Fjordex") names that one."""
    return [r for r in within(ctx.references, start, end)
            if not any(0 <= c.start - r.end <= 1 for c in ctx.companies)]


def _heading(ctx: Context, pos: int):
    """The company heading the paragraph that holds ``pos`` ("Hager – Le fabricant ..."), if any."""
    line, _ = paragraph_of(ctx.text, pos)
    for c in ctx.companies:
        if c.start >= line and not ctx.text[line:c.start].strip() and HEADING_DASH.match(ctx.text, c.end):
            return c
        if c.start > pos:
            break
    return None


def _previous_sentence_actor(ctx: Context, sent: Sentence) -> tuple[str, str | None] | None:
    """The first company (not a partner) that the previous sentence of the paragraph names, or
    the company its reference stands for ("le spécialiste des biscuits"); past a sentence naming
    partners and sources only, the one before it."""
    prev = [s for s in ctx.sentences if s.end <= sent.start]
    if not prev or "\n" in ctx.text[prev[-1].end:sent.start]:
        return None
    acting = [c for c in _credible(ctx, within(ctx.companies, prev[-1].start, prev[-1].end)) if not _counterparty(ctx, c)]
    if not acting and within(ctx.companies, prev[-1].start, prev[-1].end):
        return _previous_sentence_actor(ctx, prev[-1])
    if acting:
        return named(ctx, acting[0])
    for ref in within(ctx.references, prev[-1].start, prev[-1].end):  # "le fabricant ... Ce projet"
        if after_of(ctx.text, ref.start):
            continue  # "co-fondateur de l'entreprise": a complement, not who acts
        name = _resolve_reference(ctx, ref, prev[-1])
        if name:
            return name, _id_of(ctx, name)
    return None


@cache
def _suppliers(lang: str) -> frozenset[str]:
    return frozenset(fold(n) for n in langdata.load(lang, "companies")["power_suppliers"])


def is_power_supplier(ctx: Context, name: str | None) -> bool:
    """True for a company that sells power (``power_suppliers`` of companies.yml)."""
    return name is not None and fold(name) in _suppliers(ctx.lang)


def power_buyer(ctx: Context, sent: Sentence) -> tuple[str, str | None] | None:
    """The company buying power in a deal a supplier states: the first non-supplier the
    sentence names, else the one the text talks about most."""
    buyers = [c for c in _credible(ctx, ctx.companies)
              if not is_power_supplier(ctx, _as_written(ctx, c)) and not is_power_supplier(ctx, c.name)]
    buyer = next(iter(within(buyers, sent.start, sent.end)), None) or _most_named(buyers)
    return named(ctx, buyer) if buyer else None


def _id_of(ctx: Context, name: str) -> str | None:
    for c in ctx.companies:
        if name in (c.name, c.text):
            return c.company_id
    return None


def actor_at(ctx: Context, sent: Sentence, pos: int, actor: str | None) -> int | None:
    """Where the sentence last names (or refers to) the actor before ``pos``."""
    starts = [c.start for c in within(ctx.companies, sent.start, pos) if actor in (c.name, c.text)]
    starts += [r.start for r in within(ctx.references, sent.start, pos)]
    return max(starts, default=None)
