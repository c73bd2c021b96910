#!/usr/bin/env python3
"""Time and peak memory of extracting one long text, by its length.

    python benchmarks/bench_long_text.py [--sizes 25000,100000,200000,1000000] [--timeout 600]

Each text is made by repeating a French paragraph written for this benchmark (company, city and
figures varying from one repeat to the next) up to the given number of characters; each size
runs in its own subprocess (``extraction.extract`` on one Document) so that its peak memory is
its own. Prints characters, seconds, characters per second, facts found and peak resident
memory; a size that fails or runs past the timeout says so. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

COMPANIES = ["Exemplor", "Brindor", "Valmétal", "Norvia", "Celtix", "Oréane", "Sidéris", "Pyxal"]
CITIES = ["Lyon", "Toulouse", "Dunkerque", "Mulhouse", "Grenoble", "Rennes", "Bordeaux", "Metz"]
PARAGRAPH = ("Le groupe {c} va investir {n} millions d'euros dans son usine de {v} (sa plus grande en "
             "France) et créer {m} emplois d'ici {y}, a annoncé mardi la direction. « Nous croyons à "
             "l'avenir industriel de la région », a déclaré son président, qui prévoit aussi de former "
             "{m} salariés. La société avait supprimé 120 postes l'an dernier sur ce même site.\n\n")


def make_text(size: int) -> str:
    """A French text of exactly ``size`` characters, made of varied repeats of PARAGRAPH."""
    parts, length, i = [], 0, 0
    while length < size:
        part = PARAGRAPH.format(c=COMPANIES[i % 8], v=CITIES[(i // 8) % 8], n=10 + i % 90,
                                m=50 + i % 400, y=2026 + i % 5)
        parts.append(part)
        length += len(part)
        i += 1
    return "".join(parts)[:size]


def run_one(size: int) -> dict:
    """Extract one text of ``size`` characters in this process; its figures."""
    import resource

    from pledgewatch.document import Document
    from pledgewatch.extract.extraction import extract
    from pledgewatch.extract.pipeline import get_nlp

    get_nlp("fr")
    text = make_text(size)
    start = time.perf_counter()
    result = extract(Document(id="long", text=text, lang="fr"))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"chars": size, "seconds": seconds, "facts": len(result["facts"]), "peak_mb": peak}


def main() -> None:
    """Run each size in a subprocess and print a line of figures for it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,100000,200000,1000000")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    print(f"{'chars':>9} {'seconds':>8} {'chars/s':>8} {'facts':>6} {'peak MB':>8}")
    for size in map(int, args.sizes.split(",")):
        try:
            run = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True,
                                 text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"{size:>9} over the {args.timeout:.0f} s timeout")
            continue
        if run.returncode != 0:
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"{size:>9} failed: {last[:100]}")
            continue
        r = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{r['chars']:>9} {r['seconds']:>8.1f} {r['chars'] / r['seconds']:>8.0f} {r['facts']:>6} "
              f"{r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main()
