"""Exactly once: ingest runs killed with SIGKILL at several points, then rerun, give the ledger of
an uninterrupted run (real SQLite file, real extractor, subprocesses)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date

import sqlalchemy as sa
from test_ledger_cli import TEXTS

from pledgewatch.ledger import exporting
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import documents, open_store

AS_OF = date(2025, 1, 1)
RUN_TIMEOUT_S = 300

# A child ingest that SIGKILLs itself at its Nth SQL statement or Nth commit (test-only hook).
CHILD = """
import os, signal, sys
import sqlalchemy as sa
from pledgewatch.ledger import ingest, store
from pledgewatch.extract.extraction import extract
db, folder, event, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
engine = store.open_store(db)
seen = 0
def hit(*_):
    global seen
    seen += 1
    if seen == n:
        os.kill(os.getpid(), signal.SIGKILL)
sa.event.listen(engine, event, hit)
ingest.ingest(engine, [folder], extract)
"""
CLI = "from pledgewatch.cli.app import main; main()"


def _tables(db: str) -> dict:
    engine = open_store(db)
    with engine.connect() as conn:
        tables = exporting.tables(conn, AS_OF)
    engine.dispose()
    return json.loads(json.dumps(tables))


def _count(db: str) -> int:
    engine = open_store(db)
    try:
        with engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()
    finally:
        engine.dispose()


def _kill_when_stored(db: str, folder: str, at_least: int) -> int:
    """Run the `ingest` command and SIGKILL it from outside once ``at_least`` documents are stored."""
    child = subprocess.Popen([sys.executable, "-c", CLI, "ingest", folder, "--db", db],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while child.poll() is None and time.monotonic() < deadline:
        if os.path.exists(db) and _count(db) >= at_least:
            break
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    return child.wait(RUN_TIMEOUT_S)


def test_killed_runs_resume_to_the_same_ledger(tmp_path, extractor):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in TEXTS.items():
        (news / name).write_text(text, encoding="utf-8")
    reference_db = str(tmp_path / "reference.db")
    engine = open_store(reference_db)
    ingest(engine, [str(news)], extractor)
    engine.dispose()
    reference = _tables(reference_db)

    db = str(tmp_path / "killed.db")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    stored = []
    # inside the first document's transaction; at the commit of the second; deep in a later one
    for event, n in (("before_cursor_execute", 6), ("commit", 4), ("before_cursor_execute", 60)):
        child = subprocess.run([sys.executable, str(script), db, str(news), event, str(n)],
                               capture_output=True, timeout=RUN_TIMEOUT_S)
        assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
        stored.append(_count(db))
    assert stored[0] == 0 and stored[-1] < len(TEXTS)
    assert _kill_when_stored(db, str(news), stored[-1] + 1) == -signal.SIGKILL
    final = subprocess.run([sys.executable, "-c", CLI, "ingest", str(news), "--db", db],
                           capture_output=True, timeout=RUN_TIMEOUT_S)
    assert final.returncode == 0, final.stderr.decode()[-2000:]
    assert _tables(db) == reference
    assert len(reference["documents"]) == len(TEXTS)
