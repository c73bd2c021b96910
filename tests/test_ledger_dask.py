"""`ingest --dask`: extraction on a real Dask LocalCluster (2 worker processes on loopback), the
results written by this process into a real PostgreSQL ledger: the ledger of the local path, even
when a worker is killed mid-run. A document that hangs its worker fails alone (a stand-in
extraction there: the cluster's handling is under test)."""

from __future__ import annotations

import json
import os
import signal
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from rich.console import Console
from test_ledger_workers import HANG, faulty_each, stand_in, warm_stand_in

from pledgewatch import settings
from pledgewatch.ledger import exporting
from pledgewatch.ledger.dask_pool import DaskPool
from pledgewatch.ledger.ingest import Summary, ingest
from pledgewatch.ledger.store import open_store

AS_OF = date(2025, 1, 1)
COMPANIES = ("Safran", "Michelin", "Renault", "Sanofi")
PLACES = ("Toulouse", "Lyon", "Douai", "Cholet")


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster of 2 single-threaded worker processes, each with the model loaded, for the module."""
    with DaskPool("local", 2) as pool:
        pool.start()
        yield pool


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> str:
    """Twelve short dispatches, none a repeat."""
    folder = tmp_path_factory.mktemp("dask") / "news"
    folder.mkdir()
    for i in range(12):
        text = (f"Le groupe {COMPANIES[i % 4]} va investir {20 + i} millions d'euros dans son usine de "
                f"{PLACES[i // 4 % 4]} et y créer {100 + 10 * i} emplois d'ici {2026 + i % 3}.")
        (folder / f"n{i:02}.txt").write_text(text, encoding="utf-8")
    return str(folder)


@pytest.fixture(scope="module")
def reference(tmp_path_factory, news, extractor) -> dict:
    """The ledger of the local path (extraction in this process, SQLite)."""
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    _run(db, news, extractor)
    return _tables(db)


def _run(db: str, news: str, extract=None, pool=None, engine_hook=None) -> Summary:
    engine = open_store(db)
    if engine_hook is not None:
        sa.event.listen(engine, "before_cursor_execute", engine_hook)
    try:
        return ingest(engine, [news], extract, Console(quiet=True), None, pool)
    finally:
        engine.dispose()


def _tables(db: str) -> dict:
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        tables = exporting.tables(conn, AS_OF)
    engine.dispose()
    for document in tables["documents"]:
        document["sources"] = [Path(s).name for s in document["sources"]]  # the folders may differ
    return json.loads(json.dumps(tables))


@pytest.fixture
def small_batches(monkeypatch) -> None:
    monkeypatch.setattr(settings, "INGEST_BATCH_DOCS", 2)


def test_dask_into_postgresql_gives_the_ledger_of_the_local_path(cluster, news, reference, pg_db, small_batches):
    summary = _run(pg_db, news, pool=cluster)
    assert (summary.read, summary.new, summary.failed) == (12, 12, 0)
    assert _tables(pg_db) == reference and len(reference["facts"]) >= 12


def test_a_worker_killed_mid_run_fails_no_more_than_its_documents_and_a_rerun_completes(
        cluster, news, reference, pg_db, monkeypatch):
    monkeypatch.setattr(settings, "INGEST_BATCH_DOCS", 1)  # twelve tasks: most still to run at the kill
    pids = cluster.client.run(os.getpid)
    killed: list[int] = []

    def kill_a_worker(_conn, _cursor, statement: str, *_args) -> None:
        if not killed and statement.startswith("INSERT INTO documents"):
            killed.append(next(iter(pids.values())))
            os.kill(killed[0], signal.SIGKILL)

    summary = _run(pg_db, news, pool=cluster, engine_hook=kill_a_worker)
    assert killed
    assert summary.new + summary.failed == 12
    for issue in summary.failures:  # Dask moves a dead worker's tasks; any left fail with their reason
        assert issue.reason.startswith("[L025]") and Path(issue.source).name.startswith("n"), issue.reason
    again = _run(pg_db, news, pool=cluster)
    assert (again.new, again.known, again.failed) == (summary.failed, summary.new, 0)
    assert _tables(pg_db) == reference


def hanging_list(documents: list) -> list[dict]:
    """A Dask task's work that hangs on HANG (see ``test_ledger_workers.faulty_each``)."""
    return list(faulty_each(documents))


def test_a_document_that_hangs_a_dask_worker_fails_alone(tmp_path, monkeypatch, small_batches):
    monkeypatch.setattr(settings, "EXTRACT_TIMEOUT_S", 2.0)
    good = {f"n{i}.txt": f"Exemplor{i} va investir {i + 1} millions d'euros, dépêche {i}." for i in range(6)}
    bad = {"n3b.txt": f"Blocage va investir 7 millions d'euros dans une usine, {HANG}."}
    for name, texts in (("good", good), ("all", {**good, **bad})):
        (tmp_path / name).mkdir()
        for file, text in texts.items():
            (tmp_path / name / file).write_text(text, encoding="utf-8")
    _run(str(tmp_path / "reference.db"), str(tmp_path / "good"), stand_in)
    with DaskPool("local", 2, hanging_list, warm_stand_in) as pool:
        summary = _run(str(tmp_path / "dask.db"), str(tmp_path / "all"), pool=pool)
    assert (summary.new, summary.failed) == (len(good), 1)
    assert summary.failures[0].reason.startswith(f"[L026] {tmp_path / 'all' / 'n3b.txt'}: extraction took over 2 s")
    assert _tables(str(tmp_path / "dask.db")) == _tables(str(tmp_path / "reference.db"))


def test_an_unreachable_scheduler_is_a_coded_error(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pledgewatch.cli.app import app

    monkeypatch.setattr(settings, "DASK_CONNECT_TIMEOUT_S", 1.0)
    (tmp_path / "a.txt").write_text("Le groupe Safran va investir 10 millions d'euros dans une usine à Lyon.",
                                    encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "l.db"),
                                      "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and "[L028] tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.output
