"""`ingest` with a pool of worker processes: the ledger of one process, whatever dies or hangs.

Real spawned workers and a real SQLite file. The first test runs the real extractor in the
workers; the fault tests give the workers a stand-in extraction (facts built from each text, no
model to load) with a crash, a hang or a delay on chosen documents: the pool is under test there.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from rich.console import Console

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.ledger import exporting
from pledgewatch.ledger.ingest import Summary, ingest
from pledgewatch.ledger.pool import LocalPool
from pledgewatch.ledger.store import ingest_errors, open_store

AS_OF = date(2025, 1, 1)
RUN_TIMEOUT_S = 300
CRASH, HANG, SLOW = "PANNE", "BLOCAGE", "LENT"

NEWS = {
    "a.txt": "Le groupe Safran va investir 120 millions d'euros dans son usine de Toulouse et y créer 300 emplois "
             "d'ici 2027.",
    "b.txt": "Michelin annonce la fermeture de son site de Cholet, qui emploie 955 salariés, d'ici fin 2025.",
    "c.txt": "Amazon va investir 1,2 milliard d'euros en France et créer 3000 emplois en CDI en 2024.",
    "d.txt": "Le groupe Safran va investir 120 millions d'euros dans son usine de Toulouse et y créer 300 emplois "
             "d'ici 2027.",
    "e.txt": "Renault va créer 500 emplois à Douai d'ici 2026 pour produire des véhicules électriques.",
    "f.txt": "Le laboratoire Sanofi investira 300 millions d'euros à Lyon dans une nouvelle usine de vaccins.",
}


def _folder(path: Path, texts: dict[str, str]) -> str:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (path / name).write_text(text, encoding="utf-8")
    return str(path)


def stand_in(document: Document) -> dict:
    """A schema-valid extraction built from the text: one investment of the first word's company."""
    from conftest import make_fact

    actor = document.text.split()[0]
    fact = make_fact(document.text, document.text, actor=actor, value=float(len(document.text)), unit="EUR",
                     places=("commune:69123",))
    return {"document": {"id": document.id, "lang": "fr", "published": document.published},
            "facts": [fact], "quotes": []}


def faulty_each(documents: list[Document]) -> Iterator[dict]:
    """A worker's work that crashes its process on CRASH, hangs on HANG, dawdles on SLOW."""
    for document in documents:
        if CRASH in document.text:
            os._exit(3)
        if HANG in document.text:
            time.sleep(3600)
        if SLOW in document.text:
            time.sleep(0.3)
        yield stand_in(document)


def warm_stand_in() -> None:
    """The stand-in needs no model; what it does need (the gazetteer, for its place) is loaded here, before
    any document is timed."""
    import conftest  # noqa: F401 (the stand-in's make_fact)

    from pledgewatch.extract import gazetteer

    gazetteer.entries()


def _tables(db: str) -> tuple[dict, list]:
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        tables = exporting.tables(conn, AS_OF)
        errors = sorted(tuple(r) for r in conn.execute(sa.select(ingest_errors)))
    engine.dispose()
    for document in tables["documents"]:
        document["sources"] = [Path(s).name for s in document["sources"]]  # the folders may differ
    return json.loads(json.dumps(tables)), errors


def _ingest(db: str, inputs: list[str], extract=stand_in, pool=None) -> Summary:
    engine = open_store(db)
    try:
        return ingest(engine, inputs, extract, Console(quiet=True), None, pool)
    finally:
        engine.dispose()


@pytest.fixture
def small_batches(monkeypatch) -> None:
    """Batches of two documents, so that a few short texts make several."""
    monkeypatch.setattr(settings, "INGEST_BATCH_DOCS", 2)


def test_two_workers_give_the_ledger_of_one_process(tmp_path, extractor, small_batches):
    news = _folder(tmp_path / "news", NEWS)
    batch = tmp_path / "batch.jsonl"  # a repeat of a text in flight, and a bad line: written in input order
    batch.write_text(json.dumps({"text": NEWS["c.txt"], "url": "https://example.test/amazon"}) + "\n{broken\n",
                     encoding="utf-8")
    one = _ingest(str(tmp_path / "one.db"), [news, str(batch)], extractor)
    with LocalPool(2) as pool:
        two = _ingest(str(tmp_path / "two.db"), [news, str(batch)], pool=pool)
    assert len(pool.peaks) == 2
    assert (two.read, two.new, two.known, two.failed) == (one.read, one.new, one.known, one.failed) == (7, 5, 2, 1)
    assert (two.facts, two.commitments) == (one.facts, one.commitments) and one.facts > 0
    assert _tables(str(tmp_path / "two.db")) == _tables(str(tmp_path / "one.db"))


def test_a_crash_or_a_hang_fails_that_document_only(tmp_path, small_batches, monkeypatch):
    monkeypatch.setattr(settings, "EXTRACT_TIMEOUT_S", 2.5)
    good = {f"n{i}.txt": f"Exemplor{i} va investir {i + 1} millions d'euros, dépêche {i}." for i in range(6)}
    bad = {"n1b.txt": f"Panne va investir 5 millions d'euros dans une usine, {CRASH}.",
           "n3b.txt": f"Blocage va investir 7 millions d'euros dans une usine, {HANG}."}
    _ingest(str(tmp_path / "reference.db"), [_folder(tmp_path / "good", good)])
    with LocalPool(2, faulty_each, warm_stand_in) as pool:
        summary = _ingest(str(tmp_path / "faulty.db"), [_folder(tmp_path / "all", {**good, **bad})], pool=pool)
    assert (summary.new, summary.failed) == (len(good), 2)
    reasons = {Path(i.source).name: i.reason for i in summary.failures}
    assert reasons.keys() == bad.keys()
    assert reasons["n1b.txt"].startswith("[L025]") and "exit code 3" in reasons["n1b.txt"]
    assert reasons["n3b.txt"].startswith("[L026]") and "over 2.5 s" in reasons["n3b.txt"]
    tables, errors = _tables(str(tmp_path / "faulty.db"))
    assert tables == _tables(str(tmp_path / "reference.db"))[0]
    assert sorted(code for _, _, code, _ in errors) == ["L025", "L026"]


def test_a_worker_killed_mid_run_is_replaced_and_nothing_is_lost(tmp_path, small_batches):
    texts = {f"n{i:02}.txt": f"Exemplor{i} va investir {i + 1} millions d'euros, {SLOW} {i}." for i in range(12)}
    news = _folder(tmp_path / "news", texts)
    _ingest(str(tmp_path / "reference.db"), [news])
    engine = open_store(str(tmp_path / "killed.db"))
    killed: list[int] = []

    def kill_a_worker(_conn, _cursor, statement: str, *_args) -> None:
        if not killed and statement.startswith("INSERT INTO documents"):
            worker = next(p for p in multiprocessing.active_children() if p.name == "pledgewatch-extract")
            killed.append(worker.pid)
            os.kill(worker.pid, signal.SIGKILL)

    sa.event.listen(engine, "before_cursor_execute", kill_a_worker)
    with LocalPool(2, faulty_each, warm_stand_in) as pool:
        summary = ingest(engine, [news], stand_in, Console(quiet=True), None, pool)
        replaced = [p.pid for p in multiprocessing.active_children() if p.name == "pledgewatch-extract"]
    engine.dispose()
    assert killed and killed[0] not in replaced and len(replaced) == 2
    assert (summary.new, summary.failed) == (len(texts), 0), [i.reason for i in summary.failures]
    assert _tables(str(tmp_path / "killed.db")) == _tables(str(tmp_path / "reference.db"))


# A child ingest with a pool of stand-in workers that writes its workers' pids and SIGKILLs itself
# at its Nth document stored.
CHILD = """
import os, signal, sys, multiprocessing
from pathlib import Path
import sqlalchemy as sa
from rich.console import Console
from pledgewatch import settings
from pledgewatch.ledger import ingest, store
from pledgewatch.ledger.pool import LocalPool
if __name__ == "__main__":
    db, folder, n, pids, tests = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]), sys.argv[5]
    sys.path.insert(0, tests)
    from test_ledger_workers import faulty_each, warm_stand_in, stand_in
    settings.INGEST_BATCH_DOCS = 2
    engine = store.open_store(db)
    seen = 0
    def hit(_conn, _cursor, statement, *_):
        global seen
        if statement.startswith("INSERT INTO documents"):
            seen += 1
            if seen == n:
                pids.write_text(" ".join(str(p.pid) for p in multiprocessing.active_children()))
                os.kill(os.getpid(), signal.SIGKILL)
    sa.event.listen(engine, "before_cursor_execute", hit)
    with LocalPool(2, faulty_each, warm_stand_in) as pool:
        ingest.ingest(engine, [folder], stand_in, Console(quiet=True), None, pool)
"""


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has exited (a zombie waiting for its reaper counts as exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (FileNotFoundError, ProcessLookupError):
        return True


def test_the_writer_killed_mid_run_then_a_rerun_gives_the_ledger_of_one_run(tmp_path, small_batches):
    texts = {f"n{i:02}.txt": f"Exemplor{i % 3} va investir {i + 1} millions d'euros, {SLOW} {i}." for i in range(10)}
    news = _folder(tmp_path / "news", texts)
    _ingest(str(tmp_path / "reference.db"), [news])
    db, script, pids = str(tmp_path / "killed.db"), tmp_path / "child.py", tmp_path / "pids"
    script.write_text(CHILD, encoding="utf-8")
    tests = str(Path(__file__).parent)
    child = subprocess.run([sys.executable, str(script), db, news, "4", str(pids), tests],
                           capture_output=True, timeout=RUN_TIMEOUT_S, check=False)  # killed storing its 4th
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    workers = [int(p) for p in pids.read_text().split()]
    deadline = time.monotonic() + 30
    while not all(_gone(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(workers) == 2 and all(_gone(p) for p in workers), "orphaned workers stop on their own"
    with LocalPool(2, faulty_each, warm_stand_in) as pool:
        summary = _ingest(db, [news], pool=pool)
    assert summary.failed == 0 and (summary.new, summary.known) == (len(texts) - 3, 3)
    assert _tables(db) == _tables(str(tmp_path / "reference.db"))


def test_workers_out_of_range_are_a_usage_error(tmp_path):
    from typer.testing import CliRunner

    from pledgewatch.cli.app import app

    (tmp_path / "a.txt").write_text(NEWS["a.txt"], encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "l.db"),
                                      "--workers", "0"])
    assert result.exit_code == 2 and "[E103] --workers must be between 1 and 256, not 0" in result.output
