"""Companies from the parse: the proper names a verb of commitment has as its subject.

NER takes many a company for a person or misses it ("Kyndryl a prévu un hub", "Lhyfe va
construire"); the parse still says who commits. The spans found here join the company finder's
candidates (``companies.find_companies``), which decides what they name.
"""

from __future__ import annotations

from spacy.tokens import Doc

from pledgewatch import langdata
from pledgewatch.extract import gazetteer
from pledgewatch.extract.place_names import is_country_name
from pledgewatch.extract.syntax import SUBJECT_DEPS


def commitment_subjects(doc: Doc) -> list[tuple[int, int]]:
    """Spans of the proper names with no article that a verb of commitment, by its lemma
    (``companies.yml``'s ``commitment_lemmas``), has as its subject, through auxiliaries and
    the verbs that control it ("Kyndryl a prévu", "Lhyfe va construire"); no place the place
    finder or the gazetteer knows."""
    lemmas = frozenset(langdata.load(doc._.lang or "fr", "companies")["commitment_lemmas"])
    places = [(p.start, p.end) for p in doc._.places or []]
    spans = []
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ not in SUBJECT_DEPS or not token.text[:1].isupper() \
                or any(c.dep_ == "det" for c in token.children):
            continue
        verbs = [token.head, *(c for c in token.head.children if c.dep_ == "xcomp")]
        if not any(v.lemma_.lower() in lemmas for v in verbs):
            continue
        parts = [token] + [c for c in token.children if c.dep_ in ("flat:name", "flat:foreign") and c.text[:1].isupper()]
        first = min(parts, key=lambda t: t.i)
        while first.i > 0 and not doc[first.i - 1].whitespace_ and (doc[first.i - 1].text == "-"
                                                                     or doc[first.i - 1].is_alpha):
            first = doc[first.i - 1]  # "Liebherr-Aerospace": the parts a hyphen joins
        start, end = first.idx, max(t.idx + len(t) for t in parts)
        if not any(a < end and start < b for a, b in places) and not gazetteer.search(doc.text[start:end]) \
                and not is_country_name(doc.text[start:end]):
            spans.append((start, end))
    return spans
