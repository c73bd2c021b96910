"""Fast start: the command line's import path and ``--help`` leave spaCy and the other heavy modules alone.

Each check runs a fresh interpreter and reads its ``sys.modules`` (no timing assertions).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pledgewatch

HEAVY = ["spacy", "thinc", "pyarrow", "trafilatura", "feedparser", "fastapi", "uvicorn", "jsonschema"]
LEDGER = ["sqlalchemy", "alembic"]
PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES " + json.dumps(sorted(
    m for m in {heavy} if m in sys.modules)) + "\\n"))
sys.argv = ["pledgewatch", *{args}]
from pledgewatch.cli.app import main
main()
"""


def _loaded(*args: str, heavy: list[str]) -> list[str]:
    """The modules of ``heavy`` imported by ``pledgewatch ARGS`` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(Path(pledgewatch.__file__).parents[1])}
    run = subprocess.run([sys.executable, "-c", PROBE.format(heavy=heavy, args=list(args))], capture_output=True,
                         text=True, env=env, timeout=120)
    [line] = [x for x in run.stderr.splitlines() if x.startswith("MODULES ")]
    return json.loads(line.removeprefix("MODULES "))


def test_importing_the_cli_imports_nothing_heavy() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(pledgewatch.__file__).parents[1])}
    code = (f"import json, sys; import pledgewatch.cli.app; "
            f"print(json.dumps([m for m in {HEAVY + LEDGER} if m in sys.modules]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []


@pytest.mark.parametrize("command", [[], ["extract"], ["ingest"], ["commitments"], ["totals"], ["serve"]])
def test_help_imports_nothing_heavy(command: list[str]) -> None:
    assert _loaded(*command, "--help", heavy=HEAVY + LEDGER) == []


def test_a_read_command_imports_the_ledger_but_not_spacy(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    assert _loaded("init", "--db", db, heavy=["spacy"]) == []
    assert _loaded("commitments", "--db", db, "--format", "tsv", heavy=HEAVY + ["alembic"]) == []
    assert _loaded("totals", "--db", db, "--format", "table", heavy=HEAVY + ["alembic"]) == []
