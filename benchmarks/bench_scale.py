#!/usr/bin/env python3
"""Ingest at scale: documents/s with 1 and 2 worker processes and on a local Dask cluster, peak memory.

    python benchmarks/bench_scale.py [--docs 20000] [--small N] [--no-dask]

Builds a synthetic archive (``scale_archive.write_archive``: ``--docs`` distinct French
dispatches in one JSONL file), then ingests it into a fresh SQLite ledger three times, each run in
its own Python subprocess so that its peak memory is its own:

- ``1``: ``ingest --workers 1``, extraction in the ingesting process, one document at a time;
- ``2``: ``ingest --workers 2``, a ``LocalPool`` of 2 worker processes;
- ``dask``: ``ingest --dask local --workers 2``, a Dask LocalCluster of 2 worker processes;

and once more with 2 workers on the first ``--small`` documents (default a quarter), to show the
ingesting process's peak memory does not grow with the archive. The model loading and the workers'
start are done before the clock starts. Prints, per run: documents/s, the ingesting process's CPU
time per document (reading, storing, consolidating, and for ``1`` extracting), the workers' CPU
per document (after loading the model; local pool only), peak resident memory of the ingesting process and of each
worker, the ledger's size; then the ratios against ``1`` and whether the three ledgers are
identical (a digest of their documents, facts and commitments). Asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from scale_archive import write_archive

MIB = 1024 * 1024
MODES = ("1", "2", "dask")


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _digest(db: str) -> tuple[str, dict]:
    """A digest of the ledger's documents, facts and commitments, and their counts."""
    from pledgewatch.ledger import exporting
    from pledgewatch.ledger.store import open_store

    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        tables = exporting.tables(conn, date(2025, 1, 1))
    engine.dispose()
    text = json.dumps(tables, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], {k: len(v) for k, v in tables.items()}


def child(mode: str, archive: str, db: str) -> dict:
    """One timed ingest of ``archive`` into the new ledger ``db`` (run in its own process)."""
    from rich.console import Console

    from pledgewatch.extract.extraction import extract
    from pledgewatch.ledger.ingest import ingest
    from pledgewatch.ledger.parallel import load_models
    from pledgewatch.ledger.store import open_store

    pool = None
    if mode == "1":
        load_models()
    elif mode == "2":
        from pledgewatch.ledger.pool import LocalPool

        pool = LocalPool(2)
    else:
        from pledgewatch.ledger.dask_pool import DaskPool

        pool = DaskPool("local", 2)
    if pool is not None:
        pool.start()
    engine = open_store(db)
    cpu, started = _cpu(resource.RUSAGE_SELF), time.perf_counter()
    summary = ingest(engine, [archive], extract, Console(quiet=True), None, pool)
    seconds = time.perf_counter() - started
    cpu = _cpu(resource.RUSAGE_SELF) - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    engine.dispose()
    if pool is not None:
        pool.close()
    workers_cpu = sum(pool.busy) if mode == "2" else None
    peaks = sorted(pool.peaks if mode == "2" else pool.peaks.values()) if pool is not None else []
    digest, counts = _digest(db)
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"mode": mode, "docs": summary.new, "failed": summary.failed, "seconds": seconds, "cpu": cpu,
            "workers_cpu": workers_cpu, "peak": peak, "worker_peaks": peaks, "ledger_bytes": size,
            "digest": digest, "counts": counts}


def run(mode: str, archive: Path, folder: Path) -> dict:
    """``child`` in a fresh interpreter; its result."""
    db = folder / f"ledger-{mode}-{archive.stem}.db"
    done = subprocess.run([sys.executable, __file__, "--child", mode, str(archive), str(db)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"run {mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _row(r: dict) -> str:
    rate = r["docs"] / r["seconds"]
    workers = f"{1000 * r['workers_cpu'] / r['docs']:9.1f}" if r["workers_cpu"] is not None else "        -"
    peaks = " ".join(f"{p / MIB:.0f}" for p in r["worker_peaks"]) or "-"
    return (f"{r['mode']:>5} {r['docs']:>7} {r['failed']:>6} {r['seconds']:>9.1f} {rate:>8.2f} "
            f"{1000 * r['cpu'] / r['docs']:>10.1f} {workers} {r['peak'] / MIB:>10.0f} {peaks:>14} "
            f"{r['ledger_bytes'] / MIB:>9.1f} {r['counts']['facts']:>7} {r['counts']['commitments']:>7} {r['digest']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents in the archive (default 20,000)")
    parser.add_argument("--small", type=int, default=None, help="documents of the smaller run for the memory "
                                                                 "comparison (default a quarter of --docs)")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask run")
    args = parser.parse_args()
    small = args.small or max(1, args.docs // 4)
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        archive = write_archive(folder / "archive.jsonl", args.docs)
        print(f"archive: {args.docs} distinct dispatches, {archive.stat().st_size / MIB:.1f} MiB of JSONL, "
              f"written in {time.perf_counter() - started:.1f} s")
        results = [run(mode, archive, folder) for mode in MODES if not (mode == "dask" and args.no_dask)]
        smaller = run("2", write_archive(folder / "small.jsonl", small), folder)
    print(f"\n{'mode':>5} {'new':>7} {'failed':>6} {'seconds':>9} {'docs/s':>8} {'parent CPU':>10} {'workers':>9} "
          f"{'parent MiB':>10} {'worker MiB':>14} {'ledger MiB':>9} {'facts':>7} {'commit.':>7} digest")
    print("                                   (ms/doc)    (ms/doc)   (peak RSS)     (peak RSS)")
    for r in results:
        print(_row(r))
    base = results[0]["docs"] / results[0]["seconds"]
    for r in results[1:]:
        print(f"documents/s {r['mode']} / 1: {r['docs'] / r['seconds'] / base:.2f}")
    same = len({r["digest"] for r in results}) == 1
    print(f"ledgers identical (documents, facts, commitments): {'yes' if same else 'NO'}")
    print(f"parent peak with 2 workers: {smaller['peak'] / MIB:.0f} MiB at {smaller['docs']} documents, "
          f"{results[1]['peak'] / MIB:.0f} MiB at {results[1]['docs']} documents")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(child(*sys.argv[2:])))
    else:
        main()
