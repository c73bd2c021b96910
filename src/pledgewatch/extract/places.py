"""Find the places a text names: countries, French regions, departments, EPCI and communes
(official codes from the shipped gazetteer), and a few places abroad (``place:NAME, XX``).

One pass over the word tokens looks every name up in a dictionary of folded names (longest
match first); the language data (``lang/<lang>/places.yml``) then decides, from the words
around it, whether a name is a place: precision first, a doubtful name is left out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from pledgewatch.extract import gazetteer
from pledgewatch.extract.gazetteer import fold
from pledgewatch.extract.place_names import Candidate, Lexicon, is_country_name, lexicon

TOKEN = re.compile(r"[^\W_]+")
JOINABLE = re.compile(r"[ \-'’]{1,2}|\s")
DEPARTEMENT_NUMBER = re.compile(r"\((\d{2}|2[AB]|97\d)\)")
QUALIFIER_GAP = re.compile(r"\s*(?:\(|,\s*(?:dans\s+(?:le|la|les|l['’])|en)?|dans\s+(?:le|la|les|l['’])|en)\s*")
LEVELS = ("country", "region", "departement", "epci", "place")
FOREIGN_CITY = re.compile(r"(?:^|\s)(?:à|À)\s+(?P<city>[A-ZÀ-Ý][\w’'-]*(?: [A-ZÀ-Ý][\w’'-]*){0,2})"
                          r"\s*(?:\(|,\s*(?:dans\s+l['’]|dans\s+l[ea]\s|en\s|au\s)?)\s*$")
BRACKETED = re.compile(r"\s*\([^()\n]{0,40}\)")
"""A short aside in brackets ("(38 MWc)")."""
SENTENCE_ENDS = ".!?:;\n«\"“("
SHORT_FORM = re.compile(r"(?P<head>[A-ZÀ-Ý][\w’']{2,}(?:-[A-ZÀ-Ý][\w’']+)*)-[a-zà-ÿ]+-[A-ZÀ-Ý]")
"""A compound commune name with a lower-case link ("Fos-sur-Mer"), and the head it is called by."""


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: ``text == source[start:end]``, ``code`` as in ANNOTATION.md."""

    start: int
    end: int
    text: str
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str
    folded: str


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Folded form of one word (cached: news reuse their words)."""
    return fold(word)


def _tokens(text: str) -> list[_Token]:
    """Word tokens of ``text`` with their folded form."""
    return [_Token(m.start(), m.end(), m.group(), _fold_word(m.group())) for m in TOKEN.finditer(text)]


def _case_ok(cand: Candidate, words: list[_Token], generic: frozenset[str]) -> bool:
    """Each capitalised word of the name is capitalised in the text (acronyms in capitals)."""
    written = TOKEN.findall(cand.written)
    if len(written) != len(words):
        return False
    for k, (model, word) in enumerate(zip(written, words)):
        if k == 0 and model[0].isupper() and not word.raw[0].isupper():
            return False
        if len(model) > 1 and model.isupper() and not word.raw.isupper():
            return False
        if model[0].isupper() and _fold_word(model) not in generic and not word.raw[0].isupper():
            return False
    return True


def _match_at(tokens: list[_Token], i: int, text: str, lex: Lexicon) -> tuple[int, list[Candidate]]:
    """Longest name starting at token ``i``: (end token index, candidates passing the case check)."""
    key = (tokens[i].folded,)
    found: list[tuple[int, list[Candidate]]] = []
    j = i + 1
    while key in lex.prefixes:
        if key in lex.index:
            found.append((j, lex.index[key]))
        if j >= len(tokens) or not JOINABLE.fullmatch(text[tokens[j - 1].end:tokens[j].start]):
            break
        key += (tokens[j].folded,)
        j += 1
    for end, cands in reversed(found):
        ok = [c for c in cands if _case_ok(c, tokens[i:end], lex.generic)]
        if ok:
            return end, ok
    return i, []


def _ends_with(text: str, start: int, cues: list[str]) -> str | None:
    """The cue of ``cues`` the text ends with right before ``start``, if any."""
    window = re.sub(r"\s+", " ", text[max(0, start - 60):start].lower().replace("’", "'")).rstrip()
    for cue in sorted(cues, key=len, reverse=True):
        cue = cue.lower().replace("’", "'")
        if window.endswith(cue):
            k = len(window) - len(cue)
            if k == 0 or not cue[0].isalnum() or not window[k - 1].isalnum():
                return cue
    return None


def _sentence_start(text: str, start: int) -> bool:
    """True when the word at ``start`` opens the text, a sentence, a quote, a bracket or what
    follows a dash."""
    before = text[max(0, start - 20):start].rstrip()
    if before.endswith((" -", " –", " —")):
        return True  # after a dateline or a list dash: "date 2025-02 - Les Émirats..."
    return (not before and start <= 20) or (before[-1:] in SENTENCE_ENDS and before != "")


def _named_neighbour(text: str, tokens: list[_Token], i: int, j: int, generic: frozenset[str],
                     numbers: bool = True) -> bool:
    """True when the name is glued to another capitalised word or a number ("Air France",
    "France 2030"): then it is part of an organisation's or a person's name. An article
    before it is no such word ("date 2023-12 La France reste"); a number after it is none when
    not ``numbers`` ("recrute en France 4 000 personnes")."""
    if i > 0:
        prev = tokens[i - 1]
        gap = text[prev.end:tokens[i].start]
        if gap in (" ", "-") and prev.raw[0].isupper() and prev.folded not in generic and \
                not _sentence_start(text, prev.start):
            return True
    if j < len(tokens):
        nxt = tokens[j]
        gap = text[tokens[j - 1].end:nxt.start]
        if gap == " " and (nxt.raw[0].isupper() or numbers and nxt.raw.isdigit()):
            return True
    return False


@dataclass
class _Match:
    start: int
    end: int
    i: int
    j: int
    cands: list[Candidate]


class _Finder:
    """The decisions over one text."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text, self.lex, self.data = text, lex, lex.data
        self.tokens = _tokens(text)
        self.found: list[PlaceMention] = []
        self.area_starts: list[int] = []

    def matches(self) -> list[_Match]:
        """Every longest name in the text (blocked phrases dropped)."""
        out: list[_Match] = []
        i = 0
        while i < len(self.tokens):
            j, cands = _match_at(self.tokens, i, self.text, self.lex)
            if j == i:
                i += 1
                continue
            if not any(c.block for c in cands):
                out.append(_Match(self.tokens[i].start, self.tokens[j - 1].end, i, j, cands))
            i = j
        return out

    def mention(self, m: _Match, cand: Candidate) -> PlaceMention:
        """The mention of ``cand`` over the span of ``m``."""
        return PlaceMention(m.start, m.end, self.text[m.start:m.end], cand.code, cand.name, cand.level)

    def accept_area(self, m: _Match, cand: Candidate) -> bool:
        """Countries, regions, departments, EPCI and places abroad."""
        if cand.strict:
            return _ends_with(self.text, m.start, self.data["strict_departement_cues"]) is not None
        located = _ends_with(self.text, m.start, self.data["area_locatives"]) is not None  # "en France 4 000 emplois"
        return not _named_neighbour(self.text, self.tokens, m.i, m.j, self.lex.generic, numbers=not located)

    def numbered_departements(self) -> list[PlaceMention]:
        """Department numbers in brackets right after a capitalised word: "Mulhouse (68)"."""
        out = []
        for hit in DEPARTEMENT_NUMBER.finditer(self.text):
            entry = gazetteer.lookup(f"departement:{hit.group(1)}")
            before = self.text[max(0, hit.start() - 40):hit.start()].rstrip().split(" ")[-1:]
            if entry and before and before[0][:1].isupper():
                out.append(PlaceMention(hit.start(), hit.end(), hit.group(), entry.code,
                                        entry.name, "departement"))
        return out

    def foreign_cities(self, areas: list[PlaceMention]) -> list[PlaceMention]:
        """Towns abroad named with their state ("à Huntsville, dans l'Alabama" → Huntsville, US)
        or called a city in a sentence naming their country ("la ville de Yancheng ... en Chine")."""
        out = []
        for area in areas:
            if area.level == "country" and area.code != "country:FR" and (city := self.city_of(area)):
                out.append(city)
            hit = FOREIGN_CITY.search(self.text, max(0, area.start - 80), area.start) \
                if area.level == "place" else None
            if hit:
                code = f"place:{hit.group('city')}, {area.code.rsplit(', ', 1)[1]}"
                out.append(PlaceMention(hit.start("city"), hit.end("city"), hit.group("city"),
                                        code, hit.group("city"), "place"))
        return out

    def city_of(self, country: PlaceMention) -> PlaceMention | None:
        """A name called a city earlier in the sentence of a foreign country ("La ville de
        Yancheng ... en Chine"), or named right before it ("l'usine de Grünheide en Allemagne",
        "celui d'Oberhausen, en Allemagne"), unless a French place or a country bears it."""
        window = self.text[max(0, country.start - 120):country.start].split(".")[-1]  # this sentence
        hit = _city_of(self.lex).search(self.text, country.start - len(window), country.start) or \
            _city_before(self.lex).search(self.text, country.start - len(window), country.start)
        if hit is None or gazetteer.search(hit.group("city")) or is_country_name(hit.group("city")) \
                or hit.group("city") in self.data["stop_communes"]:  # "l'usine de Renault en Espagne"
            return None
        name = hit.group("city")
        return PlaceMention(hit.start("city"), hit.end("city"), name, f"place:{name}, {country.code.split(':')[1]}",
                            name, "place")

    def qualifier(self, m: _Match, areas: list[PlaceMention]) -> PlaceMention | None:
        """The department or region named right after a commune ("Douai (Nord)")."""
        k = bisect.bisect_left(self.area_starts, m.end)
        nxt = areas[k] if k < len(areas) else None
        if nxt and nxt.level in ("departement", "region") and \
                QUALIFIER_GAP.fullmatch(self.text[m.end:nxt.start]):
            return nxt
        return None

    def compound(self, m: _Match) -> tuple[int, bool]:
        """Start of the hyphenated name ``m`` is part of ("Carling-Saint-Avold"), and whether
        it is such a part."""
        i = m.i
        while i > 0 and self.text[self.tokens[i - 1].end:self.tokens[i].start] == "-" and \
                self.tokens[i - 1].raw[0].isupper():
            i -= 1
        return self.tokens[i].start, i != m.i or self.glued_after(m)

    def glued_after(self, m: _Match) -> bool:
        """True when a capitalised word follows the name ``m`` after a hyphen."""
        return m.j < len(self.tokens) and self.text[m.end:self.tokens[m.j].start] == "-" \
            and self.tokens[m.j].raw[0].isupper()

    def chained(self, m: _Match) -> bool:
        """True when the name continues a list of communes ("à Vannes et Cholet"), an aside in
        brackets apart ("de L'Épine (38 MWc) et de Ribeyret")."""
        if not self.found or self.found[-1].level not in ("commune", "place"):
            return False
        gap = BRACKETED.sub("", self.text[self.found[-1].end:m.start])
        gap = re.sub(r"\s+", " ", gap.replace("’", "'")).strip()
        return gap.rstrip("'") in self.data["list_joiners"]

    def pick(self, cands: list[Candidate], areas: set[str]) -> Candidate | None:
        """The commune meant among namesakes: one in a unit the text names, else a dominant one."""
        local = [c for c in cands if areas & set(gazetteer.parents(c.code))] or cands
        local = sorted(local, key=lambda c: -c.population)
        if len(local) == 1 or local[0].population >= self.data["dominance_ratio"] * local[1].population:
            return local[0]
        return None

    def accept_commune(self, m: _Match, cands: list[Candidate], qual: PlaceMention | None,
                       areas: set[str]) -> Candidate | None:
        """Decide whether a commune name is the commune, and which one."""
        if qual:
            inside = [c for c in cands if qual.code in gazetteer.parents(c.code)]
            if inside:
                return self.pick(inside, areas)
            compounds = gazetteer.compounds_in(self.text[m.start:m.end], qual.code)
            if len(compounds) == 1:  # "l'usine d'Aulnay (Seine-Saint-Denis)": Aulnay-sous-Bois
                e = compounds[0]
                return Candidate(e.code, e.name, e.level, e.name, e.population)
            region = gazetteer.region_of(qual.code)
            if "(" in self.text[m.end:qual.start] or not any(gazetteer.region_of(c.code) == region for c in cands):
                return None  # "son site d'Aulnay, en région parisienne": no Aulnay there, a short form

        contraction = _ends_with(self.text, m.start, [w for ws in self.data["article_contractions"].values()
                                                      for w in ws])
        cands = [c for c in cands if not c.article or contraction in self.data["article_contractions"][c.article]
                 or ("-" in c.written and _ends_with(self.text, m.start, self.data["locative_before"]))]
        if not cands:
            return None
        start, part = self.compound(m)
        best = self.pick(cands, areas)
        if best is None or (part and len(cands) > 1):
            return None
        if best.strict:
            return best if _ends_with(self.text, start, ["à"]) else None
        if best.article or _ends_with(self.text, start, self.data["locative_before"]) or self.chained(m) \
                or _site_adjective(self.lex).search(self.text, max(0, start - 60), start):
            return best
        if part or _named_neighbour(self.text, self.tokens, m.i, m.j, self.lex.generic):
            return None
        if best.population >= self.data["bare_commune_population"] or self.distinctive(best, cands):
            return best
        return None

    def distinctive(self, best: Candidate, cands: list[Candidate]) -> bool:
        """A compound name with a lower-case link ("Fos-sur-Mer"), borne by one commune only."""
        words = TOKEN.findall(best.written)
        return len(cands) == 1 and len(gazetteer.search(best.name)) == 1 and \
            any(w.islower() for w in words[1:]) and best.population >= self.data["distinctive_population"]

    def glued_communes(self, matches: list[_Match]) -> dict[int, Candidate]:
        """Communes of one department glued into one name ("la plateforme de Carling-Saint-Avold"):
        each part is that commune, keyed by the part's start."""
        out: dict[int, Candidate] = {}
        k = 0
        while k < len(matches):
            group = [matches[k]]
            while k + len(group) < len(matches) and matches[k + len(group)].i == group[-1].j and \
                    self.text[group[-1].end:matches[k + len(group)].start] == "-":
                group.append(matches[k + len(group)])
            k += len(group)
            if len(group) < 2 or self.compound(group[0])[0] != group[0].start or self.glued_after(group[-1]):
                continue
            communes = [[c for c in m.cands if c.level == "commune"] for m in group]
            shared = set.intersection(*({d for c in cs for d in gazetteer.parents(c.code) if d.startswith("departement:")}
                                        for cs in communes))
            if len(shared) == 1:
                dep = shared.pop()
                for m, cs in zip(group, communes):
                    out[m.start] = max((c for c in cs if dep in gazetteer.parents(c.code)), key=lambda c: c.population)
        return out

    def run(self) -> list[PlaceMention]:
        """Areas first (they disambiguate communes), then communes left to right."""
        matches = self.matches()
        glued = self.glued_communes(matches)
        areas: list[PlaceMention] = self.numbered_departements()
        for m in matches:
            non_communes = sorted((c for c in m.cands if c.level != "commune"),
                                  key=lambda c: LEVELS.index(c.level))
            if non_communes and not _ends_with(self.text, m.start, ["à"]):
                cand = non_communes[0]
                if self.accept_area(m, cand):
                    areas.append(self.mention(m, cand))
                    m.cands = []
        cities = self.foreign_cities(areas)
        matches = [m for m in matches if not any(c.start < m.end and m.start < c.end for c in cities)]
        areas = sorted(areas + cities, key=lambda p: p.start)
        self.area_starts = [a.start for a in areas]
        named = {p.code for p in areas} | {q for p in areas for q in gazetteer.parents(p.code)}
        pending, k = areas, 0
        for m in matches:
            while k < len(pending) and pending[k].start < m.start:
                self.found.append(pending[k])
                k += 1
            communes = [c for c in m.cands if c.level == "commune"]
            best = glued.get(m.start) or self.accept_commune(m, communes, self.qualifier(m, areas), named) if communes else None
            if best:
                self.found.append(self.mention(m, best))
        self.found.extend(pending[k:])
        return self.found


@cache
def _city_of_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{alternation})\s+(?P<city>[A-ZÀ-Ý][\w’'-]*(?: [A-ZÀ-Ý][\w’'-]*){{0,2}})")


def _city_of(lex: Lexicon) -> re.Pattern[str]:
    """A capitalised name after a phrase that calls it a city ("la ville de Yancheng")."""
    return _city_of_re(tuple(lex.data["city_of"]))


@cache
def _site_adjective_re(nouns: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{alternation})s?\s+[a-zà-ÿ][a-zà-ÿ-]+\s+(?:de\s+|d['’]\s*)$")


def _site_adjective(lex: Lexicon) -> re.Pattern[str]:
    """A site's noun, one lower-case adjective and "de" ending the searched text ("son site
    loirétain de", "le complexe agro-alimentaire de"): the name after it is where the site stands."""
    return _site_adjective_re(tuple(lex.data["site_nouns"]))


@cache
def _city_before_re(links: tuple[str, ...], joins: tuple[str, ...]) -> re.Pattern[str]:
    link = "|".join(re.escape(w).replace("'", "['’]") for w in sorted(links, key=len, reverse=True))
    join = "|".join(re.escape(w) for w in sorted(joins, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?i:{link})\s*(?P<city>[A-ZÀ-Ý][\w’'-]*(?: [A-ZÀ-Ý][\w’'-]*){{0,2}}),?\s+(?i:{join})\s+$")


def _city_before(lex: Lexicon) -> re.Pattern[str]:
    """A capitalised name after a link ("de", "à") and right before "en" or "au" and the country
    that ends the searched text ("de Grünheide en", "d'Oberhausen, en")."""
    return _city_before_re(tuple(lex.data["city_before_country"]["links"]),
                           tuple(lex.data["city_before_country"]["joins"]))


def _adjectives(text: str, tokens: list[_Token], lex: Lexicon) -> list[PlaceMention]:
    """Country adjectives after a noun of territory ("le sol français")."""
    data = lex.data
    forms = {fold(a): code for code, adjs in data["country_adjectives"].items() for a in adjs}
    nouns = {tuple(fold(n).split()) for n in data["adjective_nouns"]}
    out = []
    for k, tok in enumerate(tokens):
        code = forms.get(tok.folded)
        if code and any(tuple(t.folded for t in tokens[max(0, k - len(n)):k]) == n for n in nouns):
            out.append(PlaceMention(tok.start, tok.end, tok.raw, f"country:{code}",
                                    lex.countries[code], "country"))
    return out


def _short_forms(text: str, found: list[PlaceMention], lex: Lexicon) -> list[PlaceMention]:
    """Later mentions of a compound commune by its head alone, after a place preposition:
    "à Fos" once the text has named Fos-sur-Mer."""
    out: list[PlaceMention] = []
    for place in found:
        head = SHORT_FORM.match(place.text) if place.level == "commune" else None
        if head is None or head["head"] in lex.data["short_form_skip"]:
            continue
        for start in _written_after(text, head["head"], lex.data["locative_before"] + lex.data["short_form_links"],
                                    place.end):
            out.append(PlaceMention(start, start + len(head["head"]), head["head"], place.code,
                                    place.name, place.level))
    return out


def _written_after(text: str, written: str, links: list[str], start: int = 0) -> Iterator[int]:
    """Starts of ``written`` as a whole word in ``text`` from ``start`` on, right after one of ``links``."""
    for m in re.compile(rf"(?<![\w-]){re.escape(written)}(?![\w-])").finditer(text, start):
        if _ends_with(text, m.start(), links):
            yield m.start()


def _repeated(text: str, found: list[PlaceMention], tokens: list[_Token], lex: Lexicon) -> list[PlaceMention]:
    """Other mentions of a commune the text names by a cue ("la plateforme 4.0 d'Allenjoie" once
    "la plateforme d'Allenjoie" is found): the same written name after "de", borne by that
    commune alone, no common word and glued to no other capitalised word."""
    out: list[PlaceMention] = []
    starts = {t.start: k for k, t in enumerate(tokens)}
    for place in {p.text: p for p in found if p.level == "commune"}.values():
        entry = gazetteer.lookup(place.code)
        if entry is None or entry.common_word or len(gazetteer.search(place.text)) != 1:
            continue
        for at in _written_after(text, place.text, lex.data["repeat_links"]):
            i = starts.get(at)
            if i is not None and not _named_neighbour(text, tokens, i, i + len(TOKEN.findall(place.text)), lex.generic):
                out.append(PlaceMention(at, at + len(place.text), place.text, place.code, place.name, place.level))
    return out


def find_places(text: str, lang: str = "fr") -> list[PlaceMention]:
    """The places named in ``text``, sorted by start, never overlapping."""
    lex = lexicon(lang)
    finder = _Finder(text, lex)
    found = finder.run() + _adjectives(text, finder.tokens, lex)
    found += _short_forms(text, found, lex)
    found += _repeated(text, found, finder.tokens, lex)
    dateline = _wire_dateline(lex)
    out: list[PlaceMention] = []
    for place in sorted(found, key=lambda p: (p.start, -p.end)):
        if (not out or place.start >= out[-1].end) and not dateline.match(text, place.end):
            out.append(place)
    return out


@cache
def _wire_dateline_re(agencies: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True))
    return re.compile(rf",?\s*(?:(?:le\s+)?\d{{1,2}}(?:er)?\s+\w+(?:\s+\d{{4}})?\s*)?\((?:{names})\)")


def _wire_dateline(lex: Lexicon) -> re.Pattern[str]:
    """What follows the city of a wire's dateline: a date perhaps, then the agency in brackets
    ("PARIS, 5 décembre (Reuters) -", "Paris (AFP)"). That city is where the dispatch was
    written, no place the news speaks of."""
    return _wire_dateline_re(tuple(lex.data["wire_agencies"]))
