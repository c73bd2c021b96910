"""Annotated corpora for training and cross-validation: gold folders read, analyses cached,
documents grouped by story and split into folds.

A story is the documents that share an actor at a local place (a commune, a department...),
or an actor with the same figure of the same kind: reports of one event by several outlets, or
follow-ups of one project. Such documents are kept in one fold, so that cross-validation never
scores a text whose story the model was trained on.
"""

from __future__ import annotations

import hashlib
import pickle
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.tokens import Doc

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError
from pledgewatch.extract.evaluation import load_gold

ANALYSIS_SOURCES = ("amounts", "times", "time_grammar", "places", "place_names", "companies", "company_list",
                    "subjects", "events", "pipeline", "gazetteer")
"""Modules whose code shapes a cached analysis: a change to one (or to the language data, the
company list or the gazetteer) invalidates the cache."""
ANALYSIS_DATA = ("companies.csv", "gazetteer.json.gz")
"""Data files of ``pledgewatch/data/`` the finders read."""


@dataclass
class Annotated:
    """One annotated document: its key (folder/id), text, gold and analysed parts."""

    key: str
    document: Document
    gold: dict
    parts: list[tuple[Doc, int]]


@cache
def _analysis_version() -> str:
    """A hash of the code, language data and data files an analysis depends on, and of spaCy's version."""
    here = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(spacy.__version__.encode())
    for name in ANALYSIS_SOURCES:
        digest.update((here / f"{name}.py").read_bytes())
    for path in sorted((here.parent / "lang").rglob("*.yml")):
        digest.update(path.read_bytes())
    for name in ANALYSIS_DATA:
        digest.update((here.parent / "data" / name).read_bytes())
    return digest.hexdigest()[:16]


def _cached_parts(document: Document, cache: Path | None) -> list[tuple[Doc, int]]:
    from pledgewatch.extract.extraction import analysed_parts
    from pledgewatch.extract.pipeline import get_nlp

    if cache is None:
        return analysed_parts(document)
    key = hashlib.sha256(f"{_analysis_version()}|{document.published}|{document.text}".encode()).hexdigest()[:24]
    path = cache / f"{key}.pickle"
    if path.is_file():
        vocab = get_nlp(document.lang).vocab
        stored = pickle.loads(path.read_bytes())
        return [(_restored(Doc(vocab).from_bytes(data), user_data), offset) for data, user_data, offset in stored]
    parts = analysed_parts(document)
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps([(doc.to_bytes(exclude=["user_data", "tensor"]), dict(doc.user_data), offset)
                                   for doc, offset in parts]))
    return parts


def _restored(doc: Doc, user_data: dict) -> Doc:
    doc.user_data.update(user_data)
    return doc


def load_corpus(folders: list[Path], lang: str = "fr", cache: Path | None = None) -> list[Annotated]:
    """Every gold document of ``folders`` in ``lang``, analysed (or read from ``cache``), in order.

    Raises PledgewatchError E011 when a folder holds no gold file.
    """
    from pledgewatch.read.reader import read_path

    out = []
    for folder in folders:
        if not folder.is_dir() or not any(folder.glob("*.gold.json")):
            raise PledgewatchError("E011", source=str(folder))
        for doc_id, gold in load_gold(folder, lang).items():
            document = read_path(folder / f"{doc_id}.txt")
            out.append(Annotated(f"{folder.name}/{doc_id}", document, gold, _cached_parts(document, cache)))
    return out


def _first_word(name: str | None) -> str:
    folded = unicodedata.normalize("NFKD", name or "")
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", folded).split()
    return words[0] if words else ""


def story_keys(gold: dict) -> set[tuple]:
    """What ties a gold document to its story: (actor, local place) and (actor, kind, figure)."""
    keys: set[tuple] = set()
    for fact in gold.get("facts", []):
        actor = _first_word(fact.get("actor"))
        if not actor:
            continue
        keys |= {(actor, p) for p in fact.get("places") or [] if not str(p).startswith("country:")}
        if fact.get("value") is not None:
            keys.add((actor, fact.get("kind"), float(fact["value"])))
    return keys


def stories(golds: dict[str, dict]) -> list[list[str]]:
    """The documents (keys of ``golds``) grouped by story: those sharing a story key, transitively."""
    parent = {k: k for k in golds}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first: dict[tuple, str] = {}
    for k in sorted(golds):
        for key in story_keys(golds[k]):
            if key in first:
                parent[root(k)] = root(first[key])
            else:
                first[key] = k
    groups: dict[str, list[str]] = {}
    for k in sorted(golds):
        groups.setdefault(root(k), []).append(k)
    return list(groups.values())


def folds(golds: dict[str, dict], k: int, seed: int = settings.LEARN_SEED) -> list[list[str]]:
    """``k`` folds of document keys, each story whole in one fold, sizes balanced: stories in a
    seeded shuffle, largest first, each to the fold holding fewest documents."""
    groups = stories(golds)
    random.Random(seed).shuffle(groups)
    groups.sort(key=len, reverse=True)
    out: list[list[str]] = [[] for _ in range(k)]
    for group in groups:
        min(out, key=len).extend(group)
    return [sorted(f) for f in out]
