#!/usr/bin/env python3
"""Build the compact gazetteer shipped in ``src/pledgewatch/data/gazetteer.json.gz``.

Source: Etalab's ``@etalab/decoupage-administratif`` 6.0.0 (MIT), as copied in
``../shared/data/decoupage-administratif``. Keeps the 18 regions, their departments, EPCI and
current communes (overseas collectivities apart) with their codes, names, populations and parent codes, and flags the communes
whose name is more often a common word than a proper noun (from the word frequencies
of the spaCy French model's vector table), so the place finder asks more context for them.

    python scripts/build_gazetteer.py [SOURCE_DIR]
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "decoupage-administratif"
TARGET = ROOT / "src" / "pledgewatch" / "data" / "gazetteer.json.gz"
SOURCE_NOTE = "Etalab @etalab/decoupage-administratif 6.0.0 (MIT), INSEE Code officiel géographique"


def read(source: Path, name: str) -> list[dict]:
    """Parse one JSON file of the source package."""
    return json.loads((source / f"{name}.json").read_text(encoding="utf-8"))


def word_ranks() -> dict[str, int]:
    """Frequency rank of every string in the French spaCy model's vector table."""
    import spacy

    vocab = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser",
                                                    "attribute_ruler", "lemmatizer", "ner",
                                                    "senter"]).vocab
    return {vocab.strings[key]: rank for rank, key in enumerate(vocab.vectors.keys())}


def is_common_word(name: str, ranks: dict[str, int]) -> bool:
    """True when the lower-case form of ``name`` is more frequent than the name itself."""
    lower = ranks.get(name.lower())
    return lower is not None and lower < ranks.get(name, 10**9)


def build(source: Path) -> dict:
    """Return the gazetteer as plain lists, parents by code."""
    regions = [r for r in read(source, "regions") if len(r["code"]) == 2]
    kept = {r["code"] for r in regions}
    deps = [d for d in read(source, "departements") if d["region"] in kept]
    kept_deps = {d["code"] for d in deps}
    communes = [c for c in read(source, "communes")
                if c.get("type") == "commune-actuelle" and c.get("departement") in kept_deps]
    kept_communes = {c["code"] for c in communes}
    epci = read(source, "epci")
    epci_of = {m["code"]: e["code"] for e in epci for m in e.get("membres", [])}
    dep_pop: dict[str, int] = {}
    for c in communes:
        dep_pop[c["departement"]] = dep_pop.get(c["departement"], 0) + (c.get("population") or 0)
    reg_pop: dict[str, int] = {}
    for d in deps:
        reg_pop[d["region"]] = reg_pop.get(d["region"], 0) + dep_pop.get(d["code"], 0)
    ranks = word_ranks()
    return {
        "source": SOURCE_NOTE,
        "regions": [[r["code"], r["nom"], reg_pop.get(r["code"], 0)] for r in regions],
        "departements": [[d["code"], d["nom"], d["region"], dep_pop.get(d["code"], 0)] for d in deps],
        "epci": [[e["code"], e["nom"], e["type"], e.get("populationTotale") or 0] for e in epci
                 if any(m["code"] in kept_communes for m in e.get("membres", []))],
        "communes": [
            [c["code"], c["nom"], c["departement"], c.get("population") or 0,
             epci_of.get(c["code"], ""), int(is_common_word(c["nom"], ranks))]
            for c in communes
        ],
    }


def main(argv: list[str]) -> None:
    """Build and write the gazetteer."""
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    data = json.dumps(build(source), ensure_ascii=False, separators=(",", ":"))
    with gzip.open(TARGET, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(data)
    print(f"wrote {TARGET} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
