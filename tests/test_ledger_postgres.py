"""PostgreSQL: the same behaviour and byte-identical exports as SQLite, on a throwaway server."""

from __future__ import annotations

import json
import random
from datetime import date

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
from test_ledger_cli import TEXTS
from test_ledger_consolidation import DOCS

from pledgewatch.ledger import exporting, queries
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import LedgerError, open_store

AS_OF = date(2025, 1, 1)


@pytest.fixture(scope="module")
def cached_extractor(extractor):
    """The real extractor, each document extracted once for all the module's ledgers."""
    done: dict[str, dict] = {}

    def extract(document):
        if document.id not in done:
            done[document.id] = extractor(document)
        return done[document.id]

    return extract


def _build(db: str, news: str, extract, add_document) -> str:
    engine = open_store(db)
    ingest(engine, [news], extract)
    shuffled = DOCS[:]
    random.Random(db).shuffle(shuffled)
    for text, published, facts in shuffled:
        add_document(engine, text, facts(), published)
    engine.dispose()
    return db


def _export(db: str, out, fmt: str) -> dict[str, bytes]:
    engine = open_store(db)
    with engine.connect() as conn:
        paths = exporting.export(conn, fmt, out, AS_OF)
    engine.dispose()
    return {p.name: p.read_bytes() for p in paths}


def test_sqlite_and_postgresql_give_identical_exports(tmp_path, pg_db, cached_extractor, add_document):
    news = tmp_path / "news"
    news.mkdir()
    for name, text in TEXTS.items():
        (news / name).write_text(text, encoding="utf-8")
    lite = _build(str(tmp_path / "ledger.db"), str(news), cached_extractor, add_document)
    pg = _build(pg_db, str(news), cached_extractor, add_document)
    for fmt in ("csv", "json"):
        assert _export(lite, tmp_path / f"lite-{fmt}", fmt) == _export(pg, tmp_path / f"pg-{fmt}", fmt)
    _export(lite, tmp_path / "lite-pq", "parquet")
    _export(pg, tmp_path / "pg-pq", "parquet")
    for name in ("documents", "facts", "commitments"):
        a = pq.read_table(tmp_path / "lite-pq" / f"{name}.parquet")
        assert a.num_rows > 0 and a.equals(pq.read_table(tmp_path / "pg-pq" / f"{name}.parquet"))
    results = []
    for db in (lite, pg):
        engine = open_store(db)
        with engine.connect() as conn:
            f = queries.Filters(place="Grand Est", as_of=AS_OF)
            results.append(json.dumps([queries.list_facts(conn, f), queries.list_commitments(conn, f),
                                       queries.totals(conn, "region", queries.Filters(as_of=AS_OF)),
                                       queries.deadlines(conn, queries.Filters(overdue=True, as_of=date(2030, 1, 1))),
                                       queries.reconcile(conn, "Choose France 2024", AS_OF)]))
        engine.dispose()
    assert results[0] == results[1]


def test_postgresql_reingest_adds_nothing_and_newer_schema_is_refused(tmp_path, pg_db, cached_extractor):
    news = tmp_path / "news"
    news.mkdir()
    (news / "amzn.txt").write_text(TEXTS["amzn.txt"], encoding="utf-8")
    engine = open_store(pg_db)
    assert ingest(engine, [str(news)], cached_extractor).new == 1
    again = ingest(engine, [str(news)], cached_extractor)
    assert (again.new, again.known) == (0, 1)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    with pytest.raises(LedgerError, match="L002"):
        open_store(pg_db)


def test_unreachable_postgresql(pg_server):
    with pytest.raises(LedgerError, match="L001"):
        open_store(pg_server.rsplit(":", 1)[0] + ":1/none")
