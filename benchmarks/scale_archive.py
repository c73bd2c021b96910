"""A synthetic archive of French dispatches for ingest at scale (benchmarks/bench_scale.py).

    python benchmarks/scale_archive.py OUT.jsonl --docs 20000

``write_archive(path, docs, seed)`` writes ``docs`` JSONL lines (``text``, ``title``,
``published``, ``url``), each a dispatch made from templates with a company (made-up names from
syllables, hundreds of them), a town (communes of the gazetteer with 10,000 inhabitants or more),
figures and dates drawn at random; no two texts are the same. Same seed, same archive.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from datetime import date, timedelta
from pathlib import Path

PREFIXES = ("Val", "Nor", "Bri", "Cel", "Sid", "Pyx", "Aur", "Lum", "Ver", "Tal", "Mer", "Gal", "Kor", "Ost",
            "Hel", "Dra", "Fen", "Jov", "Quen", "Zar")
MIDDLES = ("a", "é", "i", "o", "y", "ar", "en")
SUFFIXES = ("tec", "dor", "via", "lix", "mar", "gen", "sys", "nova", "tis", "plex")
FORMS = ("Le groupe {c}", "La société {c}", "L'industriel {c}", "La start-up {c}", "{c}")

FACTS = (
    "{F} va investir {n} millions d'euros dans une nouvelle usine à {v}, où {m} emplois seront créés d'ici {y}.",
    ("{F} a annoncé l'agrandissement de son site de {v} : un investissement de {n} millions d'euros et {m} "
     "recrutements prévus à l'horizon {y}."),
    ("Le projet de {c} à {v} représente un investissement de {n} millions d'euros ; la mise en service est "
     "prévue en {y}."),
    "{F} compte créer {m} emplois à {v} d'ici fin {y}, a indiqué sa direction.",
    "{F} va supprimer {m} postes sur son site de {v} d'ici {y}.",
    "{F} prévoit d'implanter un centre de recherche à {v} pour {n} millions d'euros en {y}.",
    ("À {v}, {c} construira d'ici {y} une plateforme logistique de {k} 000 mètres carrés qui emploiera {m} "
     "personnes."),
)
FILLERS = (
    "Le dossier a été présenté aux élus locaux {d}.",
    "Les syndicats saluent une bonne nouvelle pour le bassin d'emploi.",
    "Le chantier doit démarrer dans les prochains mois.",
    "« C'est un signal fort pour l'industrie française », a commenté le préfet.",
    "La région accompagne le projet à hauteur de {k} millions d'euros.",
    "L'annonce intervient dans un contexte de concurrence accrue sur le marché européen.",
)
TITLES = ("{c} investit à {v}", "{c} : {m} emplois à {v}", "Nouveau projet de {c} à {v}", "{v} accueille {c}")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi")
FIRST_DAY, DAYS_SPAN = date(2018, 1, 1), 8 * 365


def companies() -> list[str]:
    """The made-up company names (one per prefix, middle and suffix)."""
    return [p + m + s for p in PREFIXES for m in MIDDLES for s in SUFFIXES]


def towns() -> list[str]:
    """Communes of the gazetteer with 10,000 inhabitants or more whose name is theirs alone."""
    from pledgewatch.extract import gazetteer

    return sorted(e.name for e in gazetteer.entries().values()
                  if e.level == "commune" and e.population >= 10_000 and not e.common_word
                  and len(gazetteer.search(e.name)) == 1)


def dispatch(rng: random.Random, names: list[str], places: list[str]) -> dict:
    """One made-up dispatch: a JSONL record."""
    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS_SPAN))
    c, v = rng.choice(names), rng.choice(places)

    def fill(template: str) -> str:
        return template.format(F=rng.choice(FORMS).format(c=c), c=c, v=v, n=rng.randint(2, 900),
                               m=rng.randint(20, 3000), k=rng.randint(2, 90), d=rng.choice(DAYS),
                               y=published.year + rng.randint(1, 5))

    sentences = [fill(t) for t in rng.sample(FACTS, rng.randint(1, 3))]
    rest = sentences[1:] + [fill(t) for t in rng.sample(FILLERS, rng.randint(1, 3))]
    rng.shuffle(rest)
    sentences = sentences[:1] + rest
    return {"text": " ".join(sentences), "title": fill(rng.choice(TITLES)), "published": published.isoformat()}


def write_archive(path: Path, docs: int, seed: int = 0) -> Path:
    """Write ``docs`` distinct dispatches to the JSONL file ``path`` (one line each); return it."""
    rng = random.Random(seed)
    names, places = companies(), towns()
    seen: set[bytes] = set()
    with path.open("w", encoding="utf-8") as out:
        while len(seen) < docs:
            record = dispatch(rng, names, places)
            digest = hashlib.blake2b(record["text"].encode("utf-8"), digest_size=16).digest()
            if digest in seen:
                continue
            seen.add(digest)
            record["url"] = f"https://example.test/depeches/{len(seen)}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_archive(args.out, args.docs, args.seed)


if __name__ == "__main__":
    main()
