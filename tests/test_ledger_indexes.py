"""Large ledgers: migration 0003's indexes, the plans that use them, pages in a total order.

On a real SQLite file and a real PostgreSQL database each; facts written by hand on texts written here.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from conftest import make_fact
from ledger_server import serve

from pledgewatch.ledger import queries, store
from pledgewatch.ledger.store import open_store
from pledgewatch.web.api import create_app

AS_OF = date(2025, 1, 1)
INDEXES_0002 = {"ix_documents_published", "ix_facts_document_id", "ix_commitments_deadline", "ix_commitments_status"}
INDEXES_0003 = {"ix_documents_published_id", "ix_facts_document_ordinal", "ix_commitments_deadline_id",
                "ix_commitments_status_deadline",
                "ix_facts_actor_key", "ix_facts_status", "ix_facts_unit", "ix_commitments_announced_id",
                "ix_commitments_unit", "ix_commitments_updated_id", "ix_commitments_sums"}
SAME_DAY = "2024-05-13"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request) -> str:
    """A fresh database: a SQLite file, then a PostgreSQL database."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


def _url(db: str) -> str:
    return store.database_url(db)


def _indexes(engine: sa.Engine) -> set[str]:
    inspector = sa.inspect(engine)
    return {i["name"] for t in inspector.get_table_names() for i in inspector.get_indexes(t)}


def _alembic(engine: sa.Engine, action: Callable, revision: str) -> None:
    """Run an Alembic command (upgrade, downgrade) to ``revision`` on ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        action(config, revision)


def _texts(count: int) -> list[str]:
    return [f"Le groupe Tiervalis{i} va investir {i + 1} millions d'euros à Metz." for i in range(count)]


def _add_ties(engine: sa.Engine, add_document, count: int) -> None:
    """``count`` documents of one fact each (a commitment each), all published the same day."""
    for i, text in enumerate(_texts(count)):
        add_document(engine, text, [make_fact(text, text, actor=f"Tiervalis{i}", value=(i + 1) * 1e6, unit="EUR",
                                              places=("commune:57463",), deadline="2027")], SAME_DAY)


def _rows(engine: sa.Engine) -> dict[str, list]:
    with engine.connect() as conn:
        return {table: list(conn.execute(sa.text(f"SELECT * FROM {table}")))
                for table in ("documents", "facts", "commitments", "commitment_places")}


def _kept(rows: dict[str, list], like: dict[str, list]) -> dict[str, list]:
    """``rows`` cut to the columns ``like`` has (an older schema's), in its column order."""
    return {t: sorted(tuple(dict(zip(r._fields, r))[k] for k in like[t][0]._fields) for r in rs)
            for t, rs in rows.items()}


def test_upgrading_a_0002_ledger_adds_the_indexes_and_areas_and_keeps_the_data(db, add_document):
    engine = open_store(db)  # the data written at the head, then the schema taken back to 0002
    _add_ties(engine, add_document, 3)
    spread = "Le groupe Partout va investir 7 millions d'euros à Metz et à Lyon."
    add_document(engine, spread, [make_fact(spread, spread, actor="Partout", value=7e6, unit="EUR",
                                            places=("commune:57463", "commune:69123"))], SAME_DAY)
    engine.dispose()
    plain = sa.create_engine(_url(db))
    _alembic(plain, command.downgrade, "0002")
    made_by_0002 = _indexes(plain)
    assert INDEXES_0002 <= made_by_0002 and not INDEXES_0003 & made_by_0002
    before = _rows(plain)
    engine = open_store(db)  # upgrades to the head
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == store.SCHEMA_REVISIONS[-1]
        areas = sorted(conn.execute(sa.text("SELECT region, department FROM commitments")).all())
        by_region = queries.totals(conn, "region", queries.Filters(as_of=AS_OF))
    found = _indexes(engine)
    assert INDEXES_0003 <= found and not INDEXES_0002 & found
    assert _kept(_rows(engine), before) == _kept(before, before)
    assert sorted(set(areas)) == [("*", "*"), ("region:44", "departement:57")]
    assert [(r["region"], r["name"], r["count"]) for r in by_region] == [
        ("region:44", "Grand Est", 3), (None, "(several regions)", 1)]
    engine.dispose()
    _alembic(plain, command.downgrade, "0002")
    assert _indexes(plain) == made_by_0002
    assert _kept(_rows(plain), before) == _kept(before, before)
    plain.dispose()


def test_a_new_ledger_has_the_indexes(db):
    engine = open_store(db)
    assert INDEXES_0003 <= _indexes(engine)
    engine.dispose()


def _plans(conn: sa.Connection, call: Callable[[], object]) -> list[str]:
    """The plan of each SELECT that ``call`` runs on ``conn`` (EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN)."""
    seen: list[tuple[str, object]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    sa.event.listen(conn, "before_cursor_execute", record)
    try:
        call()
    finally:
        sa.event.remove(conn, "before_cursor_execute", record)
    explain = "EXPLAIN QUERY PLAN " if conn.dialect.name == "sqlite" else "EXPLAIN "
    return ["\n".join(str(row[-1]) for row in conn.exec_driver_sql(explain + statement, parameters))
            for statement, parameters in seen]


PAGED = {  # what a page runs first: (call, the index that must give its order)
    "commitments, newest first": (lambda c, f: queries.list_commitments(c, f, 10, 0, "updated"),
                                  "ix_commitments_updated_id"),
    "commitments by announcement": (lambda c, f: queries.list_commitments(c, f, 10, 0, "announced"),
                                    "ix_commitments_announced_id"),
    "commitments by deadline": (lambda c, f: queries.list_commitments(c, f, 10, 0, "deadline"),
                                "ix_commitments_deadline_id"),
    "deadlines": (lambda c, f: queries.deadlines(c, f, limit=10), "ix_commitments_deadline_id"),
    "facts": (lambda c, f: queries.list_facts(c, f, 10), "ix_documents_published_id"),
}
FILTERED = {  # count queries of one filter: the index that must select its rows
    "fact actor": ({"actor": "Tiervalis1"}, queries.count_facts, "ix_facts_actor_key"),
    "fact status": ({"status": "completed"}, queries.count_facts, "ix_facts_status"),
    "fact unit": ({"unit": "USD"}, queries.count_facts, "ix_facts_unit"),
    "fact place": ({"place": "region:44"}, queries.count_facts, "ix_fact_places_code"),
    "commitment actor": ({"actor": "Tiervalis1"}, queries.count_commitments, "ix_commitments_actor_key"),
    "commitment kind": ({"kind": "jobs_cut"}, queries.count_commitments, "ix_commitments_kind"),
    "commitment unit": ({"unit": "USD"}, queries.count_commitments, "ix_commitments_unit"),
    "commitment status": ({"status": "completed"}, queries.count_commitments, "ix_commitments_status_deadline"),
    "overdue": ({"overdue": True}, queries.count_commitments, "ix_commitments_status_deadline"),
    "commitment place": ({"place": "region:44"}, queries.count_commitments, "ix_commitment_places_code"),
    "commitment period": ({"since": "2030"}, queries.count_commitments, "ix_commitments_announced_id"),
}


@pytest.fixture
def planned(db, add_document):
    """A connection to a small ledger, PostgreSQL told to prefer indexes and to avoid sorting where
    an index gives the order (its tables are too small for its costs to choose them)."""
    engine = open_store(db)
    _add_ties(engine, add_document, 4)
    engine.dispose()
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("SET enable_seqscan = off")
            conn.exec_driver_sql("SET enable_sort = off")
        yield conn
    engine.dispose()


@pytest.mark.parametrize("name", PAGED)
def test_each_list_order_is_read_from_its_index(planned, name):
    call, index = PAGED[name]
    plan = _plans(planned, lambda: call(planned, queries.Filters(as_of=AS_OF)))[0]
    assert index in plan, plan
    steps = [line.strip().lstrip("-> ") for line in plan.splitlines()]
    assert not [s for s in steps if s.startswith(("USE TEMP B-TREE FOR ORDER BY", "Sort  ("))], plan
    # (a document's facts may be put in rank order: SQLite's "RIGHT PART", PostgreSQL's "Incremental Sort")


@pytest.mark.parametrize("name", FILTERED)
def test_each_filter_is_selected_through_an_index(planned, name):
    filters, count, index = FILTERED[name]
    plan = _plans(planned, lambda: count(planned, queries.Filters(as_of=AS_OF, **filters)))[-1]
    assert index in plan, plan


def _paged(fetch: Callable[[int, int], list[dict]], size: int, total: int) -> list[str]:
    return [row["id"] for offset in range(0, total + size, size) for row in fetch(size, offset)]


@pytest.mark.parametrize("backward_from", [queries.BACKWARD_FROM, 1], ids=["forward", "late-pages-backward"])
def test_pages_with_tied_dates_have_no_duplicate_and_no_gap(db, add_document, monkeypatch, backward_from):
    monkeypatch.setattr(queries, "BACKWARD_FROM", backward_from)  # 1: the second half is read from the end
    engine = open_store(db)
    _add_ties(engine, add_document, 9)
    undated = "Le groupe Sansdate va investir 5 millions d'euros à Metz."
    add_document(engine, undated, [make_fact(undated, undated, actor="Sansdate", value=5e6, unit="EUR")], None)
    engine.dispose()
    engine = open_store(db, read_only=True)
    f = queries.Filters(as_of=AS_OF)
    with engine.connect() as conn:
        for order in queries.ORDERS:
            everything = [c["id"] for c in queries.list_commitments(conn, f, order=order)]
            assert len(everything) == len(set(everything)) == 10 == queries.count_commitments(conn, f)
            for size in (1, 3, 4):
                assert _paged(lambda n, o, order=order: queries.list_commitments(conn, f, n, o, order), size,
                              10) == everything
        newest = queries.list_commitments(conn, f, order="updated")
        assert [c["updated"] for c in newest] == [SAME_DAY] * 9 + [None]
        assert [c["id"] for c in newest[:9]] == sorted((c["id"] for c in newest[:9]), reverse=True)
        facts = [x["id"] for x in queries.list_facts(conn, f)]
        assert _paged(lambda n, o: queries.list_facts(conn, f, n, o), 4, 10) == facts
        soon = [c["id"] for c in queries.deadlines(conn, f)]
        assert len(soon) == 9 and _paged(lambda n, o: queries.deadlines(conn, f, limit=n, offset=o), 2, 9) == soon
    engine.dispose()


def test_the_api_lists_commitments_newest_first_in_stable_pages(sqlite_db, add_document):
    engine = open_store(sqlite_db)
    _add_ties(engine, add_document, 5)
    later = "Le groupe Dernier va investir 9 millions d'euros à Metz."
    add_document(engine, later, [make_fact(later, later, actor="Dernier", value=9e6, unit="EUR")], "2024-06-01")
    engine.dispose()
    with serve(create_app(sqlite_db, None)) as base, httpx.Client(base_url=base) as http:
        first = http.get("/api/commitments")
        assert first.headers["X-Total-Count"] == "6"
        items = first.json()["items"]
        assert items[0]["actor"] == "Dernier"
        assert [c["updated"] for c in items] == ["2024-06-01"] + [SAME_DAY] * 5
        pages = [http.get("/api/commitments", params={"limit": 2, "offset": o}).json()["items"] for o in (0, 2, 4)]
        assert [c["id"] for page in pages for c in page] == [c["id"] for c in items]


def _add_bare_facts(db: str, start: int, count: int) -> None:
    """``count`` facts (one document each) written straight into the tables: many, quickly."""
    engine = sa.create_engine(_url(db))
    docs = [{"id": f"doc{i}", "lang": "fr", "text": "x", "published": "2024"} for i in range(start, start + count)]
    rows = [{"id": f"doc{i}-0", "document_id": f"doc{i}", "ordinal": 0, "kind": "investment", "aggregate": False,
             "qualifier": "exact", "status": "planned", "evidence_text": "x", "evidence_start": 0, "evidence_end": 1}
            for i in range(start, start + count)]
    with engine.begin() as conn:
        conn.execute(store.documents.insert(), docs)
        conn.execute(store.facts.insert(), rows)
    engine.dispose()


def _counted_facts(db: str) -> int | None:
    engine = sa.create_engine(_url(db))
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("sqlite_stat1"):
            return None
        found = conn.execute(sa.text("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'facts'")).scalar()
    engine.dispose()
    return found


def test_a_large_sqlite_ledger_gets_planner_statistics_again_as_it_grows(sqlite_db):
    open_store(sqlite_db).dispose()
    _add_bare_facts(sqlite_db, 0, store.STATISTICS_MIN_FACTS - 1)
    open_store(sqlite_db).dispose()
    assert _counted_facts(sqlite_db) is None  # small: SQLite plans well enough without
    _add_bare_facts(sqlite_db, store.STATISTICS_MIN_FACTS - 1, 1)
    open_store(sqlite_db, read_only=True).dispose()
    assert _counted_facts(sqlite_db) is None  # readers write nothing
    open_store(sqlite_db).dispose()
    assert _counted_facts(sqlite_db) == store.STATISTICS_MIN_FACTS
    _add_bare_facts(sqlite_db, store.STATISTICS_MIN_FACTS, store.STATISTICS_MIN_FACTS - 1)
    open_store(sqlite_db).dispose()
    assert _counted_facts(sqlite_db) == store.STATISTICS_MIN_FACTS  # not yet doubled
    _add_bare_facts(sqlite_db, 2 * store.STATISTICS_MIN_FACTS - 1, 1)
    open_store(sqlite_db).dispose()
    assert _counted_facts(sqlite_db) == 2 * store.STATISTICS_MIN_FACTS
