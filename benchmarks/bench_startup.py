#!/usr/bin/env python3
"""How long the command line takes to answer: ``--help`` and the ledger's read commands.

    python benchmarks/bench_startup.py [--runs N] [--baseline SRC]

Each command runs N times (default 10) in a fresh interpreter, on an empty ledger made by
``pledgewatch init`` in a temporary folder; prints the median and the fastest wall time of each.
``--baseline SRC`` also times the ``src`` folder of another checkout (say, main's), the two
taking turns, so that both see the same machine load. The floor is the time a bare interpreter
takes to import the libraries every ledger command stands on (SQLAlchemy, Typer, Rich), timed in the same turns: each command is also shown as that
floor plus what pledgewatch adds. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
MAIN = "import sys; from pledgewatch.cli.app import main; sys.argv[0] = 'pledgewatch'; main()"
FLOOR = "import sqlalchemy, typer, rich.console, rich.table"


def run(src: Path, args: list[str], code: str = MAIN) -> float:
    """Wall seconds of ``pledgewatch ARGS`` (or of ``code``) with the package taken from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    """Time each command on each source tree and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="the src folder of another checkout to compare with")
    options = parser.parse_args()
    trees = {"this": SRC, **({"baseline": options.baseline} if options.baseline else {})}
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "ledger.db")
        run(SRC, ["init", "--db", db])
        commands = {"--help": ["--help"], "facts --help": ["facts", "--help"],
                    "commitments": ["commitments", "--db", db, "--format", "tsv"],
                    "totals": ["totals", "--db", db, "--format", "tsv"]}
        times: dict[tuple[str, str], list[float]] = {(t, c): [] for t in trees for c in commands}
        floor: list[float] = []
        for _ in range(options.runs):
            floor.append(run(SRC, [], FLOOR))
            for name, args in commands.items():
                for tree, src in trees.items():
                    times[(tree, name)].append(run(src, args))
    base = statistics.median(floor)
    print(f"{'floor':14s}  libraries alone: median {base:.2f} s, fastest {min(floor):.2f} s")
    for name in commands:
        print(f"{name:14s}" + "".join(f"  {tree}: median {statistics.median(times[(tree, name)]):.2f} s "
                                       f"(floor + {statistics.median(times[(tree, name)]) - base:.2f} s), "
                                       f"fastest {min(times[(tree, name)]):.2f} s" for tree in trees))
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
