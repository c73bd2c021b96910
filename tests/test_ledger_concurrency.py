"""Creating a ledger and ingesting into it from several processes at once, or killed midway.

Real processes (subprocess), a real SQLite file, the real PostgreSQL test server. The children
use a stand-in extractor (facts built from each text) so that the runs overlap in the database,
not in model loading; the extractor is not what is under test here.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from pledgewatch.ledger import exporting
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import ingest_errors, metadata, open_store

AS_OF = date(2025, 1, 1)
RUN_TIMEOUT_S = 120
KILL_POINTS = 8
ROUNDS = 3

# Opens (creating) the ledger, killing itself at its Nth SQL statement when N > 0; waits for a go file.
CREATE = """
import os, signal, sys, time
from pathlib import Path
import sqlalchemy as sa
from pledgewatch.ledger import store
db, n, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
seen = 0
def hit(*_):
    global seen
    seen += 1
    if seen == n:
        os.kill(os.getpid(), signal.SIGKILL)
sa.event.listen(sa.engine.Engine, "before_cursor_execute", hit)
while not go.exists():
    time.sleep(0.001)
store.open_store(db).dispose()
print(seen)
"""

# Ingests a folder with facts built from each text (a stand-in extractor); prints the summary.
INGEST = """
import json, sys, time
from pathlib import Path
from pledgewatch.ledger import ingest, store
db, folder, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
sys.path.insert(0, sys.argv[4])
from test_ledger_concurrency import fake_extract
while not go.exists():
    time.sleep(0.001)
engine = store.open_store(db)
s = ingest.ingest(engine, [folder], fake_extract)
print(json.dumps({"new": s.new, "known": s.known, "failed": s.failed, "why": [i.reason for i in s.failures]}))
"""

PLACES = ("commune:69123", "commune:57463", "commune:31555")


def _text(i: int) -> str:
    return f"Le groupe Exemplor{i % 4} va investir {10 + i} millions d'euros dans une usine, article {i}."


def fake_extract(document) -> dict:
    """Facts from a text of ``_text``: one investment of its actor, figure and place (shared by several)."""
    from conftest import make_fact

    i = int(document.text.rsplit(" ", 1)[1].rstrip("."))
    fact = make_fact(document.text, document.text, actor=f"Exemplor{i % 4}", value=(10 + i) * 1e6, unit="EUR",
                     places=(PLACES[i % 3],))
    return {"document": {"id": document.id, "lang": "fr", "published": document.published},
            "facts": [fact], "quotes": []}


def _news(folder: Path, numbers: range) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"a{i:02}.txt").write_text(_text(i), encoding="utf-8")
    return str(folder)


def _start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _schema_complete(db: str) -> bool:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    engine = open_store(db)
    try:
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), metadata) == []
    finally:
        engine.dispose()


def test_a_creation_killed_at_any_statement_leaves_no_broken_ledger(tmp_path):
    go = tmp_path / "go"
    go.touch()
    probe = _start(CREATE, str(tmp_path / "probe.db"), "0", str(go))
    out, err = probe.communicate(timeout=RUN_TIMEOUT_S)
    assert probe.returncode == 0, err
    statements = int(out)
    points = sorted(random.Random(14).sample(range(1, statements + 1), min(KILL_POINTS, statements)))
    for n in points:
        db = str(tmp_path / f"killed-{n}.db")
        child = _start(CREATE, db, str(n), str(go))
        _, err = child.communicate(timeout=RUN_TIMEOUT_S)
        assert child.returncode == -signal.SIGKILL, err
        assert _schema_complete(db), f"killed at statement {n} of {statements}"


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_processes_creating_one_ledger_both_succeed(tmp_path, backend, request):
    for round_ in range(ROUNDS):
        db = str(tmp_path / f"race-{round_}.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
        go = tmp_path / f"go-{round_}"
        children = [_start(CREATE, db, "0", str(go)) for _ in range(2)]
        time.sleep(0.5)  # both started and waiting
        go.touch()
        for child in children:
            _, err = child.communicate(timeout=RUN_TIMEOUT_S)
            assert child.returncode == 0, err
        assert _schema_complete(db)
        if backend == "postgresql":
            break  # pg_db gives one database per test


def _tables(db: str) -> dict:
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        tables = exporting.tables(conn, AS_OF)
        errors = conn.execute(sa.select(ingest_errors)).all()
    engine.dispose()
    for document in tables["documents"]:
        document["sources"] = [Path(s).name for s in document["sources"]]  # the folders differ
    return json.loads(json.dumps(tables)), errors


def _concurrent(db: str, folders: list[str], tmp_path: Path) -> list[dict]:
    open_store(db).dispose()  # created first: creating at once is the test above
    go = tmp_path / f"go-{len(list(tmp_path.iterdir()))}"
    tests = str(Path(__file__).parent)
    children = [_start(INGEST, db, folder, str(go), tests) for folder in folders]
    time.sleep(1.0)
    go.touch()
    results = []
    for child in children:
        out, err = child.communicate(timeout=RUN_TIMEOUT_S)
        assert child.returncode == 0, err[-2000:]
        results.append(json.loads(out))
    return results


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_ingests_store_every_document_once_and_report_no_false_failure(tmp_path, backend, request):
    every = range(24)
    reference = str(tmp_path / "reference.db")
    engine = open_store(reference)
    ingest(engine, [_news(tmp_path / "all", every)], fake_extract)
    engine.dispose()
    expected, _ = _tables(reference)

    same = str(tmp_path / "same.db") if backend == "sqlite" else request.getfixturevalue("pg_db")
    results = _concurrent(same, [str(tmp_path / "all")] * 2, tmp_path)
    for r in results:
        assert r["failed"] == 0 and r["new"] + r["known"] == len(every), r
    assert sum(r["new"] for r in results) == len(every)
    assert _tables(same) == (expected, [])

    if backend == "postgresql":
        return
    halves = str(tmp_path / "halves.db")
    folders = [_news(tmp_path / "first", range(0, 12)), _news(tmp_path / "second", range(12, 24))]
    results = _concurrent(halves, folders, tmp_path)
    assert [r["new"] for r in results] == [12, 12] and not any(r["failed"] for r in results)
    assert _tables(halves) == (expected, [])


def test_two_halves_on_postgresql(tmp_path, pg_db):
    reference = str(tmp_path / "reference.db")
    engine = open_store(reference)
    ingest(engine, [_news(tmp_path / "all", range(24))], fake_extract)
    engine.dispose()
    folders = [_news(tmp_path / "first", range(0, 12)), _news(tmp_path / "second", range(12, 24))]
    results = _concurrent(pg_db, folders, tmp_path)
    assert [r["new"] for r in results] == [12, 12] and not any(r["failed"] for r in results), results
    assert _tables(pg_db) == _tables(reference)
