#!/usr/bin/env python3
"""Throughput and peak memory of pledgewatch extraction against the bare spaCy French pipeline.

    python benchmarks/bench_extract.py [TEXTS_DIR] [--repeat N] [--generated N]

Each side runs in its own subprocess (so peak memories are separate) over the same texts:
``pledgewatch``: ``extraction.extract_many`` (its pipeline plus facts and quotes);
``bare``: ``spacy.load("fr_core_news_md")`` with its default components and ``nlp.pipe``.
Prints documents/s, words/s, the ratio and the peak resident memory; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
MODEL = "fr_core_news_md"

COMPANIES = ["Exemplor", "Brindor", "Valmétal", "Norvia", "Celtix", "Oréane", "Sidéris", "Pyxal"]
CITIES = ["Lyon", "Toulouse", "Dunkerque", "Mulhouse", "Grenoble", "Rennes", "Bordeaux", "Metz"]
SENTENCES = [
    "Le groupe {c} va investir {n} millions d'euros à {v} et créer {m} emplois d'ici {y}.",
    "{c} prévoit l'ouverture d'une nouvelle usine près de {v} au premier semestre {y}.",
    "La société {c} a annoncé la suppression de {m} postes sur son site de {v}.",
    "Selon la direction, {c} compte former {m} personnes dans la région d'ici fin {y}.",
    "Le projet, soutenu par les collectivités, porte la capacité du site de {v} à {n} 000 tonnes par an.",
    "{c} (+{p}% à {q} euros) progresse à la Bourse de Paris après cette annonce.",
    "Ces investissements s'inscrivent dans un plan plus large présenté aux salariés la semaine dernière.",
    "« Nous croyons à l'avenir industriel de la France », a déclaré le président de {c}.",
]


def generated_texts(count: int) -> list[str]:
    """``count`` made-up French dispatches of five to nine sentences (same seed, same texts)."""
    rng = random.Random(0)
    texts = []
    for _ in range(count):
        sentences = [rng.choice(SENTENCES).format(
            c=rng.choice(COMPANIES), v=rng.choice(CITIES), n=rng.randint(2, 900), m=rng.randint(20, 3000),
            y=rng.randint(2025, 2030), p=f"{rng.uniform(0, 9):.2f}".replace(".", ","),
            q=f"{rng.uniform(5, 400):.2f}".replace(".", ",")) for _ in range(rng.randint(5, 9))]
        texts.append(f"date 2025-0{rng.randint(1, 9)} (AOF) - " + " ".join(sentences))
    return texts


def french_texts(folder: Path | None, generated: int) -> tuple[list[str], str]:
    """The texts pledgewatch accepts (French) from ``folder``, else generated ones; and where they came from."""
    from pledgewatch.errors import PledgewatchError
    from pledgewatch.read.reader import read_path

    if folder is None or not folder.is_dir():
        return generated_texts(generated), f"{generated} generated dispatches"
    texts = []
    for path in sorted(folder.glob("*.txt")):
        try:
            texts.append(read_path(path).text)
        except PledgewatchError:  # English and unreadable texts: neither side gets them
            continue
    return texts, f"the French texts of {folder}"


def run_side(side: str, texts_file: Path, repeat: int) -> dict:
    """Time one side over the texts (in this process); return its figures."""
    texts = json.loads(texts_file.read_text(encoding="utf-8")) * repeat
    start = time.perf_counter()
    if side == "bare":
        import spacy

        nlp = spacy.load(MODEL)
        list(nlp.pipe(texts[:1]))
        startup = time.perf_counter() - start
        start = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
    else:
        from pledgewatch.extract.extraction import extract_many
        from pledgewatch.read.reader import read_text

        documents = [read_text(text, f"<bench {i}>", str(i)) for i, text in enumerate(texts)]
        list(extract_many(documents[:1]))  # loads the model, gazetteer and language data
        startup = time.perf_counter() - start
        start = time.perf_counter()
        for _ in extract_many(documents):
            pass
    seconds = time.perf_counter() - start
    return {"side": side, "documents": len(texts), "words": sum(len(t.split()) for t in texts),
            "startup_s": startup, "seconds": seconds,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    """Run both sides in subprocesses and print the comparison."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts_dir", nargs="?", type=Path, default=DEFAULT_DIR if DEFAULT_DIR.is_dir() else None,
                    help="folder of .txt files (default: ../shared/corpus/dev when present)")
    ap.add_argument("--repeat", type=int, default=1, help="pass over the texts N times (default 1)")
    ap.add_argument("--generated", type=int, default=200,
                    help="number of generated dispatches when there is no folder (default 200)")
    ap.add_argument("--side", choices=("bare", "pledgewatch"), help=argparse.SUPPRESS)
    ap.add_argument("--texts-file", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        print(json.dumps(run_side(args.side, args.texts_file, args.repeat)))
        return
    texts, origin = french_texts(args.texts_dir, args.generated)
    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        rows = []
        for side in ("bare", "pledgewatch"):
            run = subprocess.run([sys.executable, __file__, "--side", side, "--texts-file", str(texts_file),
                                  "--repeat", str(args.repeat)], stdout=subprocess.PIPE, text=True, check=True)
            rows.append(json.loads(run.stdout.strip().splitlines()[-1]))
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} documents, {words} words, from {origin}; repeated {args.repeat} time(s)")
    print(f"{'side':12s} {'startup s':>9s} {'run s':>8s} {'docs/s':>8s} {'words/s':>9s} {'peak MiB':>9s}")
    for r in rows:
        print(f"{r['side']:12s} {r['startup_s']:9.2f} {r['seconds']:8.2f} {r['documents'] / r['seconds']:8.1f} "
              f"{r['words'] / r['seconds']:9.0f} {r['peak_mib']:9.0f}")
    bare, ours = rows
    print(f"pledgewatch / bare throughput: {bare['seconds'] / ours['seconds']:.2f}")


if __name__ == "__main__":
    main()
