"""Company mentions: known companies from ``data/companies.csv``, others from NER.

Known names, aliases and brands are found with one compiled regex, case-sensitive (plus the
all-capitals form of each, as in wire headlines). Aliases listed as ``ambiguous`` in
``lang/fr/companies.yml`` ("Orange", "Total") need NER support or a safe context. NER
organisations not in the list become mentions without ``company_id`` once public bodies,
media, unions and indices are filtered out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from pledgewatch import langdata
from pledgewatch.extract.company_list import fold, lookup, spelling_index

LANG = "fr"
NER_LABELS = ("ORG", "MISC")
CONTEXT_LABELS = ("PER", "LOC", "MISC")
APOSTROPHES = "'’"


@dataclass(frozen=True)
class CompanyMention:
    """A company named in the text; ``name`` is its usual short name.

    ``found_by`` says how: ``list`` (data/companies.csv), ``ner`` (a named entity), ``header``
    (heading a paragraph: "Hager – ..."), ``cue``
    (a name a word calls a company: "la start-up X"), ``subject`` (a name acting as the
    subject of a commitment verb), ``repeat`` (the same name again, where the others did not
    find it: NER takes "Eastman" in one sentence and not in the next) or, made by the fact
    builder, ``owner`` (a name right after an amount: "12 millions d'euros de Farmaceli").
    """

    start: int
    end: int
    text: str
    name: str
    company_id: str | None
    found_by: str = "list"


@cache
def _folded(key: str) -> frozenset[str]:
    """The folded forms of a word list of ``companies.yml``, computed once."""
    return frozenset(fold(w) for w in langdata.load(LANG, "companies")[key])


def _alternation(phrases: list[str]) -> str:
    """A regex alternation of literal phrases, longest first, between word boundaries; an
    apostrophe matches both ' and ’."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    literal = [re.escape(p).replace("'", "['’]") for p in ordered]  # either apostrophe
    return r"(?<![\w&])(?:" + "|".join(literal) + r")(?![\w&])"


@lru_cache(maxsize=1)
def _known_re() -> re.Pattern[str]:
    return re.compile(_alternation(list(spelling_index())))


@lru_cache(maxsize=1)
def _markets_re() -> re.Pattern[str]:
    return re.compile(_alternation(langdata.load(LANG, "companies")["markets"]))


@lru_cache(maxsize=1)
def _ambiguous() -> frozenset[str]:
    return frozenset(langdata.load(LANG, "companies")["ambiguous"])


def _sentence_initial(text: str, start: int) -> bool:
    """Whether ``start`` opens a line or a sentence."""
    before = text[:start].rstrip(" \t\"«“")
    return not before or before[-1] in ".!?\n" or before.endswith(("\n", ":"))


def _after_place_preposition(text: str, start: int) -> bool:
    """Whether a place preposition ("à", "près de") comes just before ``start``."""
    before = fold(text[max(0, start - 20):start])
    for prep in langdata.load(LANG, "companies")["place_prepositions"]:
        if re.search(r"(?<!\w)" + re.escape(fold(prep)) + "$", before):
            return True
    return False


def _after_place_or_de(text: str, start: int) -> bool:
    """Whether a place preposition or "de" comes just before ``start`` ("la plateforme de
    Carling", "son site d'Aulnay"): a name there is more likely a place than a company."""
    return _after_place_preposition(text, start) or after_of(text, start)


def after_of(text: str, start: int) -> bool:
    """True when the word "de" (or one of its forms) comes just before ``start``."""
    return bool(_of_re().search(text, max(0, start - 4), start))


@lru_cache(maxsize=1)
def _of_re() -> re.Pattern[str]:
    """The word "de" (or its forms) ending a text window."""
    return re.compile(_alternation(langdata.load(LANG, "companies")["of_words"]) + r"\s*$")


def _covered(start: int, end: int, ents: list[tuple[int, int, str]], labels: tuple[str, ...]) -> bool:
    return any(s <= start and end <= e and label in labels for s, e, label in ents)


def _keep_ambiguous(text: str, start: int, end: int, ents: list[tuple[int, int, str]]) -> bool:
    """An ambiguous alias is a company when NER says so, or when no place preposition
    precedes it and, opening a sentence, a lower-case word (a verb) or a dash follows."""
    if ents and _covered(start, end, ents, NER_LABELS):
        return True
    if _sentence_initial(text, start):
        if re.match(r"\s+[–—-]\s", text[end:]):
            return True
        return re.match(r"\s+[a-zà-ÿ]", text[end:]) is not None
    return not _after_place_preposition(text, start)


def _known_mentions(text: str, ents: list[tuple[int, int, str]]) -> list[CompanyMention]:
    markets = [m.span() for m in _markets_re().finditer(text)]
    found = []
    for m in _known_re().finditer(text):
        surface = m.group()
        if any(s <= m.start() and m.end() <= e for s, e in markets):
            continue
        if surface in _ambiguous() and not _keep_ambiguous(text, m.start(), m.end(), ents):
            continue
        company_id, name = spelling_index()[surface]
        found.append(CompanyMention(m.start(), m.end(), surface, name, company_id))
    return found


def _clean_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces, punctuation and an elided article ("l'", "d'") off an entity."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ").&"):
        end -= 1
    if end - start > 2 and text[start] in "ldLD" and text[start + 1] in APOSTROPHES:
        start += 2
    owner = list(_owner_preposition().finditer(text, start, end))
    if owner:  # "Réorganisation chez T-Systems": the company is the one "chez" names
        start = owner[-1].end()
    return start, end


@cache
def _owner_preposition() -> re.Pattern[str]:
    """A preposition inside an entity after which the company is named ("chez")."""
    words = "|".join(re.escape(w) for w in langdata.load(LANG, "companies")["owner_prepositions"])
    return re.compile(rf"\s(?:{words})\s+(?=[A-ZÀ-Ý])")


def _company_context(text: str, start: int, end: int) -> bool:
    """Whether a cue phrase just before or after the entity marks it as a company."""
    raw = text[max(0, start - 30):start]
    before = "" if raw.rstrip().endswith((",", ";", ":")) else fold(raw).rstrip()  # "du groupe, Dominique X"
    after = fold(text[end:end + 30])
    return (any(before.endswith(c) for c in _folded("company_cues_before"))
            or any(after.startswith(c) for c in _folded("company_cues_after")))


def _is_company_entity(text: str, start: int, end: int, label: str) -> bool:
    """Filter NER entities: public bodies, media, unions, indices and stray words go;
    several words with a lower-case one ("Plans sociaux") are no MISC company."""
    surface = text[start:end]
    key = fold(surface)
    if len(surface) < 3 or any(c in surface for c in "\n,#") or not surface[0].isupper():
        return False
    if key in _folded("not_companies") or _markets_re().fullmatch(surface):
        return False
    if any(key == p or key.startswith(p + " ") for p in _folded("not_company_prefixes")):
        return False
    if label in CONTEXT_LABELS and _company_context(text, start, end):
        return True
    if label in ("PER", "LOC"):
        return label == "LOC" and _opens_with_article(surface)
    if " " not in surface:
        return not _common_word(text, start, end)
    if _common_phrase(text, surface):
        return False  # "La société" (Neoen): words the text writes in lower case, no name
    return label != "MISC" or not re.search(r"\s(?!(?:de|du|des|et|la|le|les)\s)[a-zà-ÿ]", surface)


def _common_phrase(text: str, surface: str) -> bool:
    """True for several words all in lower case after the first, each written in lower case
    elsewhere in the text ("La société", "Le groupe"): a phrase, not a name."""
    words = surface.split()
    articles = langdata.load(LANG, "companies")["name_articles"]
    return all(w.islower() for w in words[1:]) and all(
        w in articles or written_lower(text, w) for w in words)


def _opens_with_article(surface: str) -> bool:
    """True for a name that an article in capitals opens ("La Boulangère", "Les Mousquetaires"):
    NER calls such names places, but a place the gazetteer knows is told apart later."""
    head, _, rest = surface.partition(" ")
    return head in langdata.load(LANG, "companies")["name_articles"] and rest[:1].isupper()


def written_lower(text: str, word: str) -> bool:
    """True when ``text`` writes ``word`` in lower case somewhere, as a whole word: an ordinary
    word, not a name ("ENTREPRISES", "La société")."""
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) is not None


def _common_word(text: str, start: int, end: int) -> bool:
    """A one-word entity that is an ordinary word: written in lower case elsewhere in the
    text, or capitalised only where it opens a line or a sentence ("Transformation")."""
    surface = text[start:end]
    if written_lower(text, surface):
        return True
    occurrences = re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)
    return all(_sentence_initial(text, m.start()) for m in occurrences)


def _ner_mentions(text: str, ents: list[tuple[int, int, str]],
                  taken: list[CompanyMention]) -> list[CompanyMention]:
    markets = [m.span() for m in _markets_re().finditer(text)]
    blocked = [(c.start, c.end) for c in taken] + markets
    found = []
    for start, end, label in ents:
        if label not in NER_LABELS + CONTEXT_LABELS:
            continue
        start, end = _clean_entity(text, start, end)
        if any(start < e and s < end for s, e in blocked) or not _is_company_entity(text, start, end, label):
            continue
        surface = text[start:end]
        how = "cue" if _company_context(text, start, end) else "ner"  # "la PME Tissalp"
        found.append(CompanyMention(start, end, surface, surface, None, how))
        blocked.append((start, end))
    return found


ELIDED_ARTICLE = re.compile(r"^[LDld]['’]")


@lru_cache(maxsize=1)
def _subject_re() -> re.Pattern[str]:
    """A capitalised name right before a verb of commitment ("Eastman va investir")."""
    data = langdata.load(LANG, "companies")
    word = r"[A-ZÀ-Ý][\w'’&.-]*"
    name = rf"{word}(?:[ \t]+(?:{word}|&|de|du|des)){{0,3}}"
    verbs = _alternation(data["subject_verbs"])
    return re.compile(rf"(?<![\w'’])({name})(?:,[^,.;:]{{1,60}},)?\s+(?:qui\s+)?(?:{verbs})(?!\w)")


@lru_cache(maxsize=1)
def _cued_re() -> re.Pattern[str]:
    """A capitalised name right after a word that calls it a company ("la start-up Battri", "le
    groupe norvégien Fjordex": adjectives between are checked by the caller; "le fabricant de
    meubles Grange": its trade between), or
    owning what only a company owns ("les boutiques de Camaïeu", "les salariés de Saupiquet")."""
    data = langdata.load(LANG, "companies")
    word = r"[A-ZÀ-Ý][\w'’&.-]*"
    cues = _alternation(data["company_cues_before"])
    owned = _alternation(data["owned_by_companies"])
    return re.compile(rf"(?<![\w'’])(?:(?i:{owned})(?:\s+[a-zà-ÿ]+)?\s+(?i:de\s+|d['’])"
                      rf"|(?i:{cues})(?P<adjectives>(?:[ \t]+(?!(?:de|des|du)\b)[a-zà-ÿ-]+){{0,2}})"
                      rf"(?:[ \t]+(?:de|des|du|d['’])[ \t]*[a-zà-ÿ'’-]+(?:[ \t]+[a-zà-ÿ-]+)?)?[ \t]+)"
                      rf"({word}(?:[ \t]+{word}){{0,2}})")


@lru_cache(maxsize=1)
def _apposed_re() -> re.Pattern[str]:
    """A capitalised name that an apposition calls a company ("Holosolis, une émanation du groupe")."""
    word = r"[A-ZÀ-Ý][\w'’&.-]*"
    nouns = _alternation(langdata.load(LANG, "companies")["company_appositions"])
    return re.compile(rf"(?<![\w'’])({word}(?:[ \t]+{word}){{0,2}}),\s+(?i:(?:une|un|la|le|l['’])\s*(?:{nouns}))(?!\w)")


@cache
def _cue_adjectives() -> frozenset[str]:
    """Words that may stand between a company cue and the name (folded): "le groupe norvégien Fjordex"."""
    data = langdata.load(LANG, "companies")
    return frozenset(data["demonyms"]) | frozenset(fold(w) for w in data["cue_adjectives"])


HEADING_DASH = re.compile(r"[ \t]*[–—:-][ \t]")
"""The dash (or colon) after a name heading a paragraph."""
HEADER = re.compile(r"^[ \t]*([A-ZÀ-Ý][\w'’&.-]*(?:[ \t]+[A-ZÀ-Ý0-9][\w'’&.-]*){0,3})"
                    + HEADING_DASH.pattern + r"[ \t]*(?=\w)", re.MULTILINE)
"""A name heading a paragraph of a round-up ("Hager – Le fabricant allemand ... annonce")."""


def _header_mentions(text: str, taken: list[CompanyMention]) -> list[CompanyMention]:
    """Names heading a paragraph, where neither the list nor NER found them."""
    blocked = _blocked()
    found = []
    for m in HEADER.finditer(text):
        start, end = m.span(1)
        surface = m.group(1)
        if fold(surface.split()[0]) in blocked or fold(surface) in blocked:
            continue
        if any(start < c.end and c.start < end for c in taken):
            continue
        found.append(CompanyMention(start, end, surface, surface, None, "header"))
    return found


def _one_sentence(name: str) -> str:
    """A name cut where a sentence ends inside it ("Dunkerque. Les" is "Dunkerque")."""
    return re.split(r"[.!?]\s", name, maxsplit=1)[0].rstrip(".")


def _cued_matches(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(start, name) of each name a cue word calls a company, adjectives between allowed."""
    return [(m.start(2), m.group(2)) for m in _cued_re().finditer(text, start, len(text) if end is None else end)
            if not m["adjectives"] or all(fold(w) in _cue_adjectives() for w in m["adjectives"].split())]


def is_cued(text: str, start: int) -> bool:
    """True when a cue word calls the name at ``start`` a company ("le groupe norvégien Fjordex"),
    as ``find_companies`` reads it."""
    return any(at == start for at, _ in _cued_matches(text))


def _cued_mentions(text: str, taken: list[CompanyMention],
                   cued: list[tuple[int, str]]) -> list[CompanyMention]:
    """Names a cue word (``cued``, from ``_cued_matches``) or an apposition calls a company, where
    neither the list nor NER found them."""
    blocked = _blocked()
    found = []
    matches = cued + [(m.start(1), m.group(1)) for m in _apposed_re().finditer(text)
                if not _sentence_initial(text, m.start(1)) and not _after_place_or_de(text, m.start(1))]
    for start, name in sorted(matches):
        surface = _one_sentence(name)
        end = start + len(surface)
        if not surface[0].isupper() or fold(surface.split()[0]) in blocked or fold(surface) in blocked:
            continue
        if any(start < c.end and c.start < end for c in taken + found):
            continue
        found.append(CompanyMention(start, end, surface, surface, None, "cue"))
    return found


def _subject_mentions(text: str, taken: list[CompanyMention]) -> list[CompanyMention]:
    """Names acting as the subject of a commitment verb that neither the list nor NER found."""
    starters = _folded("not_subjects")
    blocked = _folded("not_companies")
    found = []
    for m in _subject_re().finditer(text):
        start, end = m.span(1)
        surface = m.group(1)
        elided = ELIDED_ARTICLE.match(surface)
        if elided:  # "L'opérateur Telcom": the article and its noun are no part of the name
            head = surface.split()[0]
            if head[elided.end():][:1].islower():
                start += len(head)
                start += len(text[start:end]) - len(text[start:end].lstrip())
                surface = text[start:end]
        words = surface.split()
        if not words:
            continue
        if fold(words[0]) in starters or fold(surface) in blocked or len(surface) < 2:
            continue
        if any(start < c.end and c.start < end for c in taken + found):
            continue
        found.append(CompanyMention(start, end, surface, surface, None, "subject"))
    return found


@lru_cache(maxsize=1)
def _acting_re() -> re.Pattern[str]:
    """A commitment verb right after a name, perhaps behind an auxiliary ("vont investir")."""
    data = langdata.load(LANG, "companies")
    aux = _alternation(data["auxiliaries"])
    verbs = _alternation(data["government_verbs"])
    return re.compile(rf"\s+(?:(?:{aux})\s+)*(?:{verbs})")


def acting_countries(text: str, countries: list) -> list[CompanyMention]:
    """Countries acting as the subject of a commitment verb ("les Émirats arabes unis vont
    investir"): a government that commits is the actor of its commitments."""
    return [CompanyMention(c.start, c.end, c.text, c.name, None, "subject")
            for c in countries if _acting_re().match(text, c.end)]


@cache
def _blocked() -> frozenset[str]:
    return _folded("not_companies") | _folded("not_subjects")


def is_blocked_name(name: str) -> bool:
    """True for a word or name ``companies.yml`` says is no company ("PPA", "Selon")."""
    return fold(name) in _blocked()


def is_person_name(name: str) -> bool:
    """True for a name of two or more words opening with a common first name ("Dominique Cerutti"),
    unless the company list has it ("Rémy Cointreau")."""
    words = name.split()
    return len(words) >= 2 and fold(words[0]) in _folded("first_names") and lookup(name) is None


def find_companies(text: str, ents: list[tuple[int, int, str]] = (),
                   subjects: list[tuple[int, int]] = ()) -> list[CompanyMention]:
    """Company mentions in ``text``: the known list, NER organisations (``ents`` are
    ``(start, end, label)`` triples), names a cue word calls a company, names acting as the
    subject of a commitment verb: by its written form, or by the parse (``subjects``: spans of
    the proper names a verb of commitment has as its subject, by lemma)."""
    ents = list(ents)
    known = _known_mentions(text, ents)
    cued = _cued_matches(text)  # read once: it marks NER names and finds the others
    starts = {at for at, _ in cued}
    ner = [replace(c, found_by="cue") if c.start in starts else c  # "le groupe norvégien Fjordex"
           for c in _ner_mentions(text, ents, known)]
    taken = known + ner
    taken += _cued_mentions(text, taken, cued)
    taken += _header_mentions(text, taken)
    taken += _subject_mentions(text, taken)
    taken += _parsed_subject_mentions(text, subjects, ents, taken)
    found = sorted(taken + _repeated_mentions(text, taken), key=lambda c: c.start)
    return [c for c in found if c.found_by == "list" or not is_person_name(c.text)
            and not (c.found_by in ("subject", "repeat") and _a_person(text, c.start, c.end, ents))]


def _parsed_subject_mentions(text: str, subjects: list[tuple[int, int]], ents: list[tuple[int, int, str]],
                             taken: list[CompanyMention]) -> list[CompanyMention]:
    """Names the parse makes the subject of a verb of commitment ("Kyndryl a prévu un hub",
    which NER took for a person): companies, unless the text says it is no company (a person's
    name is told apart in ``find_companies``)."""
    found: list[CompanyMention] = []
    for start, end in subjects:
        surface = text[start:end]
        if any(start < c.end and c.start < end for c in taken + found) or is_blocked_name(surface) \
                or fold(surface) in _folded("first_names"):
            continue
        found.append(CompanyMention(start, end, surface, surface, None, "subject"))
    return found


def _a_person(text: str, start: int, end: int, ents: list[tuple[int, int, str]]) -> bool:
    """True for a name that ends a person's name the text gives ("Macron" after "Emmanuel
    Macron"): what stands before it is no common word written in lower case elsewhere ("La
    brasserie Kerlann" makes "Brasserie Kerlann" no person's name)."""
    name = text[start:end]
    for s, e, label in ents:
        full = text[s:e]
        if label == "PER" and full.endswith(" " + name):
            given = full[:-len(name)].split()
            if not any(written_lower(text, w) for w in given):
                return True
    return False


def _repeated_mentions(text: str, taken: list[CompanyMention]) -> list[CompanyMention]:
    """Other mentions, as written, of the names found outside the list (case and whole words),
    but after a place preposition or "de" ("son site d'Aulnay") or right after another name
    (a site named after its company: "l'usine Orano Melox")."""
    found: list[CompanyMention] = []
    for name in {c.text: c for c in taken if c.found_by != "list" and len(c.text) >= 3}.values():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name.text)}(?![\w-])", text):
            if not any(m.start() < c.end and c.start < m.end() or c.end == m.start() - 1 for c in taken + found) \
                    and not _after_place_or_de(text, m.start()):
                found.append(CompanyMention(m.start(), m.end(), name.text, name.name, name.company_id, "repeat"))
    return found
