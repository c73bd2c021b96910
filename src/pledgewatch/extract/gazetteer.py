"""The French administrative gazetteer shipped with the package (regions, departments, EPCI,
communes), built by ``scripts/build_gazetteer.py``: lookups by code and by folded name."""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FRENCH_LEVELS: tuple[str, ...] = ("region", "departement", "epci", "commune")
"""The levels of French administrative divisions the gazetteer holds, largest first."""


@dataclass(frozen=True)
class Entry:
    """One administrative unit: ``code`` is ``level:official_code`` (``commune:68224``)."""

    code: str
    name: str
    level: str
    population: int
    parents: tuple[str, ...] = ()
    common_word: bool = False


def _other_script(char: str) -> bool:
    """Whether ``char`` is a letter or digit of a script other than Latin ("я", "東")."""
    return not char.isascii() and char.isalnum() and not unicodedata.name(char, "LATIN").startswith("LATIN")


def fold(text: str, other_scripts: bool = False) -> str:
    """Lower-case, strip accents, turn every run of non-alphanumerics into one space.

    Letters of other scripts than Latin count as non-alphanumerics, unless ``other_scripts``
    (names in the ledger: "Яндекс" folds to "яндекс", not to nothing).
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    if other_scripts:
        return " ".join("".join(c if (c.isascii() and c.isalnum()) or _other_script(c) else " " for c in text).split())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def entries() -> dict[str, Entry]:
    """Every entry of the shipped gazetteer, by code (loaded once)."""
    path = resources.files("pledgewatch") / "data" / "gazetteer.json.gz"
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    out: dict[str, Entry] = {}
    for code, name, pop in data["regions"]:
        out[f"region:{code}"] = Entry(f"region:{code}", name, "region", pop)
    for code, name, region, pop in data["departements"]:
        out[f"departement:{code}"] = Entry(f"departement:{code}", name, "departement", pop,
                                           (f"region:{region}",))
    seat: dict[str, tuple[int, str]] = {}
    for code, name, dep, pop, epci, common in data["communes"]:
        dep_entry = out[f"departement:{dep}"]
        parents = ((f"epci:{epci}",) if epci else ()) + (dep_entry.code,) + dep_entry.parents
        out[f"commune:{code}"] = Entry(f"commune:{code}", name, "commune", pop, parents, bool(common))
        if epci and pop > seat.get(epci, (-1, ""))[0]:
            seat[epci] = (pop, dep)
    for code, name, _kind, pop in data["epci"]:
        dep_entry = out[f"departement:{seat[code][1]}"] if code in seat else None
        parents = (dep_entry.code,) + dep_entry.parents if dep_entry else ()
        out[f"epci:{code}"] = Entry(f"epci:{code}", name, "epci", pop, parents)
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Entry, ...]]:
    """Entries by folded official name, most populous first."""
    index: dict[str, list[Entry]] = {}
    for entry in entries().values():
        index.setdefault(fold(entry.name), []).append(entry)
    return {k: tuple(sorted(v, key=lambda e: -e.population)) for k, v in index.items()}


def compounds_in(head: str, area: str) -> list[Entry]:
    """Communes of ``area`` whose compound name begins with ``head`` ("Aulnay" in
    Seine-Saint-Denis: Aulnay-sous-Bois)."""
    prefix = fold(head) + " "
    return [e for name, found in _by_name().items() if name.startswith(prefix)
            for e in found if e.level == "commune" and area in e.parents]


def lookup(code: str) -> Entry | None:
    """The entry of a code such as ``commune:68224``, or None."""
    return entries().get(code)


def parents(code: str) -> list[str]:
    """Codes of the units containing ``code`` (EPCI, department, region), innermost first;
    an EPCI's are those of its most populous commune."""
    entry = lookup(code)
    return list(entry.parents) if entry else []


@lru_cache(maxsize=65536)
def ancestors(code: str) -> tuple[str, ...]:
    """Codes of the areas containing ``code``, innermost first (France for any French unit)."""
    if code.split(":", 1)[0] not in FRENCH_LEVELS:
        return ()
    return (*parents(code), "country:FR")


def search(name: str) -> list[Entry]:
    """Entries whose official name folds to the same form as ``name``, most populous first."""
    return list(_by_name().get(fold(name), ()))


def region_of(code: str) -> str | None:
    """The region code containing ``code`` (itself for a region), or None when unknown."""
    if code.startswith("region:"):
        return code if code in entries() else None
    return next((p for p in parents(code) if p.startswith("region:")), None)


def same_epci(a: str, b: str) -> bool:
    """True for two communes of one EPCI."""
    if not (a.startswith("commune:") and b.startswith("commune:")):
        return False
    epci_a = [c for c in parents(a) if c.startswith("epci:")]
    return bool(epci_a) and epci_a == [c for c in parents(b) if c.startswith("epci:")]
