"""The company list, ``data/companies.csv``: its records, the spellings the finder searches
for, and a company's record by any of its names; ``fold``, the form names are compared in."""

from __future__ import annotations

import csv
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from pledgewatch.settings import FOLD_CACHE


@lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe-normalised form used for comparisons (cached: the
    same words and lemmas are folded over and over)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    """The rows of ``data/companies.csv``, alias columns split into lists."""
    path = resources.files("pledgewatch") / "data" / "companies.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["aliases"] = [a for a in row["aliases"].split("|") if a]
        row["brands"] = [b for b in row["brands"].split("|") if b]
    return tuple(rows)


def _spellings(name: str) -> set[str]:
    """The forms of a name searched for: as written, in capitals, with either apostrophe."""
    forms = {name, name.upper()}
    return forms | {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}


@lru_cache(maxsize=1)
def spelling_index() -> dict[str, tuple[str, str]]:
    """Searched spelling -> (company id, mention name)."""
    index: dict[str, tuple[str, str]] = {}
    for row in records():
        for alias in (row["name"], *row["aliases"]):
            for form in _spellings(alias):
                index.setdefault(form, (row["id"], row["name"]))
        for brand in row["brands"]:
            for form in _spellings(brand):
                index.setdefault(form, (row["id"], brand))
    return index


@cache
def _lookup_keys() -> dict[str, dict]:
    """Each folded name, alias, brand, id and ticker of the company list, to its record (the first wins)."""
    keys: dict[str, dict] = {}
    for row in records():
        for k in (row["id"], row["name"], row["ticker"], *row["aliases"], *row["brands"]):
            if k:
                keys.setdefault(fold(k), row)
    return keys


def lookup(name: str) -> dict | None:
    """The record of a company by name, alias, brand, id or ticker (case and accents ignored)."""
    row = _lookup_keys().get(fold(name))
    return dict(row) if row is not None else None
