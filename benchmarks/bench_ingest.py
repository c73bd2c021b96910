#!/usr/bin/env python3
"""What storing and consolidating cost on top of extraction: ingest docs/s against extract-only docs/s.

    python benchmarks/bench_ingest.py [INPUTS...] [--repeat N]

Both sides run in this one process, after one warm-up extraction, over the same inputs (default
../shared/corpus/dev): ``extract``: read every source and extract each document;
``ingest``: the same plus storing and consolidating, into a fresh SQLite file. The best of
N runs of each is kept, the two sides taking turns to go first. Prints documents/s of each and their ratio (1.00: storing is free);
asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rich.console import Console

from pledgewatch.document import Document
from pledgewatch.extract.extraction import extract
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import open_store
from pledgewatch.read.sources import iter_documents

DEFAULT_INPUT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


def extract_only(inputs: list[str]) -> tuple[int, float]:
    """Seconds to read and extract every document of ``inputs``."""
    started = time.perf_counter()
    docs = [d for d in iter_documents(inputs) if isinstance(d, Document)]
    for doc in docs:
        extract(doc)
    return len(docs), time.perf_counter() - started


def ingest_fresh(inputs: list[str]) -> tuple[int, float]:
    """Seconds to ingest ``inputs`` into an empty SQLite ledger."""
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_store(str(Path(tmp) / "bench.db"))
        started = time.perf_counter()
        summary = ingest(engine, inputs, extract, Console(quiet=True))
        elapsed = time.perf_counter() - started
        engine.dispose()
    return summary.new, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(DEFAULT_INPUT)])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    warm = next(d for d in iter_documents(args.inputs) if isinstance(d, Document))
    extract(warm)
    best_extract = best_ingest = float("inf")
    n_extract = n_ingest = 0
    for run in range(args.repeat):  # alternate which side goes first, against drifts in machine load
        for side in (("extract", "ingest") if run % 2 == 0 else ("ingest", "extract")):
            if side == "extract":
                n_extract, seconds = extract_only(args.inputs)
                best_extract = min(best_extract, seconds)
            else:
                n_ingest, seconds = ingest_fresh(args.inputs)
                best_ingest = min(best_ingest, seconds)
    print(f"extract only: {n_extract} docs in {best_extract:.2f} s = {n_extract / best_extract:.2f} docs/s")
    print(f"ingest:       {n_ingest} docs in {best_ingest:.2f} s = {n_ingest / best_ingest:.2f} docs/s")
    ratio = (n_ingest / best_ingest) / (n_extract / best_extract)
    print(f"ingest / extract throughput: {ratio:.3f} (storing and consolidating cost {100 * (1 - ratio):.1f} %)")


if __name__ == "__main__":
    main()
