"""The ledger's store: SQLAlchemy Core tables, opening a database, running its migrations."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.compiler import DDLCompiler

from pledgewatch import settings
from pledgewatch.errors import LedgerError

# LIMITS -------------------------------------------------------------------------------------
DEFAULT_DB: str = "pledgewatch.db"
"""The SQLite file used when neither ``--db`` nor ``PLEDGEWATCH_DB`` names a database."""

DB_ENV: str = "PLEDGEWATCH_DB"
"""Environment variable naming the database (a path or a ``postgresql://`` URL)."""

CONNECT_TIMEOUT_S: int = 10
"""Seconds to wait for a PostgreSQL server (and for a locked SQLite file) before giving up."""

STATISTICS_MIN_FACTS: int = 1000
"""SQLite: a ledger of at least this many facts gets its query planner's statistics (ANALYZE) when
opened for writing; without them SQLite sorts every fact to list one page."""

STATISTICS_GROWTH: int = 2
"""SQLite: the statistics are made again once the facts are this many times those counted last."""
# --------------------------------------------------------------------------------------------

WRITE_LOCK = 0x706C6467
"""The PostgreSQL advisory lock every write transaction of the ledger holds ("pldg")."""

_TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}  # deadlock, serialization failure, lock not available
_TRANSIENT_SQLITE = ("database is locked", "database is busy", "database table is locked")
T = TypeVar("T")

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(10)),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("decoding", sa.String(80)),
    sa.Index("ix_documents_published_id", "published", "id"),
)

document_sources = sa.Table(
    "document_sources", metadata,
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
    sa.Column("source", sa.Text, primary_key=True),
)

companies = sa.Table(
    "companies", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("company_id", sa.String(64)),
)

places = sa.Table(
    "places", metadata,
    sa.Column("code", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("level", sa.String(20), nullable=False),
)

place_parents = sa.Table(
    "place_parents", metadata,
    sa.Column("code", sa.String(200), sa.ForeignKey("places.code"), primary_key=True),
    sa.Column("parent", sa.String(200), primary_key=True, index=True),
)

events = sa.Table(
    "events", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("year", sa.Integer),
)

commitments = sa.Table(
    "commitments", metadata,
    sa.Column("id", sa.String(48), primary_key=True),
    sa.Column("actor", sa.Text),
    sa.Column("actor_key", sa.String(200), sa.ForeignKey("companies.key"), index=True),
    sa.Column("actor_id", sa.String(64)),
    sa.Column("kind", sa.String(32), nullable=False, index=True),
    sa.Column("aggregate", sa.Boolean, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(64), index=True),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("deadline", sa.String(10)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("event", sa.Text),
    sa.Column("event_key", sa.String(200), sa.ForeignKey("events.key"), index=True),
    sa.Column("detail", sa.Text),
    sa.Column("conflicting", sa.Boolean, nullable=False),
    sa.Column("announced", sa.String(10)),
    sa.Column("updated", sa.String(10)),
    sa.Column("evidence_count", sa.Integer, nullable=False),
    sa.Column("part_of", sa.String(48), index=True),  # the whole this is a share of (ledger/parts.py)
    sa.Column("ambiguous", sa.Boolean, nullable=False, server_default=sa.false()),
    # the one region (department) its places lie in, "*" when several, NULL when none: written by
    # the database's triggers on commitment_places (migration 0003), read by totals
    sa.Column("region", sa.String(200)),
    sa.Column("department", sa.String(200)),
    sa.Index("ix_commitments_deadline_id", "deadline", "id"),
    sa.Index("ix_commitments_status_deadline", "status", "deadline"),  # and overdue ones
    sa.Index("ix_commitments_announced_id", "announced", "id"),
    # every column totals read, in the order they group by: summed from the index alone, unsorted
    sa.Index("ix_commitments_sums", "aggregate", "part_of", "kind", "unit", "qualifier", "region", "department", "value",
             "value_max", "announced"),
)
# scanned backward: newest report first, undated ones last, then id (the API's default order)
sa.Index("ix_commitments_updated_id", commitments.c.updated.nulls_first(), commitments.c.id)

commitment_places = sa.Table(
    "commitment_places", metadata,
    sa.Column("commitment_id", sa.String(48), sa.ForeignKey("commitments.id"), primary_key=True),
    sa.Column("code", sa.String(200), sa.ForeignKey("places.code"), primary_key=True, index=True),
    sa.Column("position", sa.Integer, nullable=False),
)

commitment_status = sa.Table(
    "commitment_status", metadata,
    sa.Column("commitment_id", sa.String(48), sa.ForeignKey("commitments.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("deadline", sa.String(10)),
    sa.Column("date", sa.String(10)),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("fact_id", sa.String(48), nullable=False),
    sa.Column("step", sa.String(24)),
    sa.Column("ambiguous", sa.Boolean, nullable=False, server_default=sa.false()),
)

facts = sa.Table(
    "facts", metadata,
    sa.Column("id", sa.String(48), primary_key=True),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("actor_id", sa.String(64)),
    sa.Column("actor_key", sa.String(200), sa.ForeignKey("companies.key")),
    sa.Column("aggregate", sa.Boolean, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(64), index=True),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("deadline", sa.String(10)),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("event", sa.Text),
    sa.Column("event_key", sa.String(200), sa.ForeignKey("events.key"), index=True),
    sa.Column("detail", sa.Text),
    sa.Column("evidence_text", sa.Text, nullable=False),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("commitment_id", sa.String(48), index=True),
    sa.Column("step", sa.String(24)),
    sa.Index("ix_facts_kind_actor", "kind", "actor_key"),
    sa.Index("ix_facts_actor_key", "actor_key", "actor"),
    sa.Index("ix_facts_document_ordinal", "document_id", "ordinal", "id"),
)

fact_places = sa.Table(
    "fact_places", metadata,
    sa.Column("fact_id", sa.String(48), sa.ForeignKey("facts.id"), primary_key=True),
    sa.Column("code", sa.String(200), sa.ForeignKey("places.code"), primary_key=True, index=True),
    sa.Column("position", sa.Integer, nullable=False),
)

commitment_updates = sa.Table(
    "commitment_updates", metadata,
    sa.Column("commitment_id", sa.String(48), sa.ForeignKey("commitments.id"), primary_key=True),
    sa.Column("fact_id", sa.String(48), sa.ForeignKey("facts.id"), primary_key=True, index=True),
    sa.Column("ambiguous", sa.Boolean, nullable=False, server_default=sa.false()),
)
"""Status news (facts with a step) linked to the commitments they move; ``ambiguous`` when the
news could belong to more than one of them (each is kept, none moved)."""

company_links = sa.Table(
    "company_links", metadata,
    sa.Column("parent_key", sa.String(200), primary_key=True),
    sa.Column("child_key", sa.String(200), primary_key=True, index=True),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), primary_key=True),
)
"""Company relations the documents state: the actor ``child_key`` is a subsidiary of ``parent_key``
(actor keys, as facts have them; ledger/groups.py)."""

ingest_errors = sa.Table(
    "ingest_errors", metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("severity", sa.String(8), primary_key=True),
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

ledger_state = sa.Table(  # one row; migration 0007's triggers add one to generation at every change
    "ledger_state", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("generation", sa.BigInteger, nullable=False),
)


def generation(conn: Connection) -> int:
    """The ledger's generation: it grows whenever any row of the ledger changes, whoever writes
    (migration 0007's triggers), so that an answer read after it stays true while it is the same."""
    return conn.execute(sa.select(ledger_state.c.generation).where(ledger_state.c.id == 1)).scalar_one()


_MIGRATIONS = Path(__file__).with_name("migrations")


@compiles(CreateIndex, "sqlite")
def _sqlite_create_index(create: CreateIndex, compiler: DDLCompiler, **kw: object) -> str:
    """SQLite's CREATE INDEX refuses NULLS FIRST, the order its ascending columns have anyway."""
    return compiler.visit_create_index(create, **kw).replace(" NULLS FIRST", "")


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db`` (a path or a URL), ``$PLEDGEWATCH_DB`` or ``./pledgewatch.db``."""
    db = db or os.environ.get(DB_ENV) or DEFAULT_DB
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser())


def _upgrade(connection: Connection) -> None:
    """Run Alembic's migrations to head on ``connection`` (Alembic is imported only to write)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _sqlite_pragmas(dbapi_connection, _record, foreign_keys: bool = True) -> None:
    dbapi_connection.isolation_level = None  # the driver's implicit BEGIN (none before DDL) is off: see _begin
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(conn: Connection) -> None:
    """SQLite: every transaction of a writable engine takes the write lock first (waiting up to the
    busy timeout), so DDL is transactional and a read-then-write never meets a lock halfway."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _write_lock(conn: Connection) -> None:
    """PostgreSQL: writers take one advisory lock for their transaction: one writer at a time, as on
    SQLite (no deadlock between ingests, consolidation sees every stored fact, one migration)."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def _migrating_pragmas(dbapi_connection, record) -> None:
    """SQLite's pragmas for a migration: foreign keys off, as SQLite's own procedure for rebuilding a
    table wants (Alembic's batch mode drops and renames tables that others reference); the
    references are checked once the schema is at head (``_migrate``)."""
    _sqlite_pragmas(dbapi_connection, record, foreign_keys=False)


def _engine(url: str, read_only: bool, migrating: bool = False) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if read_only:
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
        engine = sa.create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_S})
        if not read_only:
            sa.event.listen(engine, "connect", _migrating_pragmas if migrating else _sqlite_pragmas)
            sa.event.listen(engine, "begin", _begin_immediate)
        return engine
    args: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if read_only:
        args["options"] = "-c default_transaction_read_only=on"
    engine = sa.create_engine(url, connect_args=args, pool_pre_ping=True)
    if not read_only:
        sa.event.listen(engine, "begin", _write_lock)
    return engine


def transient(exc: BaseException) -> bool:
    """Whether a database error is a lock timeout or deadlock that a retry of the transaction may pass."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _TRANSIENT_SQLSTATES:
        return True
    return isinstance(exc, sa.exc.OperationalError) and any(m in str(orig).lower() for m in _TRANSIENT_SQLITE)


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def retrying(engine: Engine, work: Callable[[Connection], T]) -> T:
    """``work`` in one transaction, run again (up to settings.LEDGER_RETRIES tries, waiting longer
    each time) when it meets a lock or a deadlock; LedgerError L024 when every try did."""
    wait = settings.LEDGER_RETRY_WAIT_S
    for attempt in range(1, settings.LEDGER_RETRIES + 1):
        try:
            with engine.begin() as conn:
                return work(conn)
        except sa.exc.DBAPIError as exc:
            if not transient(exc):
                raise
            if attempt == settings.LEDGER_RETRIES:
                reason = str(exc.orig).strip().splitlines()[0]
                raise LedgerError("L024", db=_shown(engine), reason=reason, tries=attempt) from exc
            time.sleep(wait * random.uniform(1, 2))
            wait *= 2
    raise AssertionError("unreachable")


SCHEMA_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
"""The revisions of ``migrations/versions``, oldest first; the last is the head. Kept here so that
opening a ledger to read needs no Alembic (test_ledger_store checks it against Alembic's own)."""


def _current_revision(conn: Connection) -> str | None:
    """The schema revision the database is at (Alembic's ``alembic_version`` table), if any."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


NOT_A_LEDGER = "no ledger there yet: create one with `pledgewatch init` or `pledgewatch ingest`"


def _migrate(conn: Connection, shown: str, read_only: bool) -> None:
    """Check the schema version and (writable) bring the schema to head, in the caller's transaction."""
    found, head = _current_revision(conn), SCHEMA_REVISIONS[-1]
    if found is not None and found not in SCHEMA_REVISIONS:
        raise LedgerError("L002", db=shown, found=found, head=head)
    if found is None and read_only:
        raise LedgerError("L001", db=shown, reason=NOT_A_LEDGER)
    if found is None and sa.inspect(conn).get_table_names():
        raise LedgerError("L003", db=shown, reason="it holds other tables")
    if read_only and found != head:
        raise LedgerError("L056", db=shown, found=found, head=head)
    if not read_only and found != head:
        _upgrade(conn)
        if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise LedgerError("L055", db=shown, found=found, head=head)
    if not read_only and conn.dialect.name == "sqlite":
        _planner_statistics(conn)


def _planner_statistics(conn: Connection) -> None:
    """SQLite: ANALYZE when the facts are STATISTICS_MIN_FACTS or more and were never counted, or have
    grown STATISTICS_GROWTH times since (PostgreSQL's autovacuum keeps its own statistics)."""
    facts_now = conn.exec_driver_sql("SELECT max(rowid) FROM facts").scalar() or 0  # facts are never deleted
    if facts_now < STATISTICS_MIN_FACTS:
        return
    counted = None
    if sa.inspect(conn).has_table("sqlite_stat1"):
        counted = conn.exec_driver_sql("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = 'facts'").scalar()
    if counted is None or facts_now >= STATISTICS_GROWTH * counted:
        conn.exec_driver_sql("ANALYZE")


def open_store(db: str | None = None, read_only: bool = False) -> Engine:
    """Open (creating and migrating when writable) the ledger at ``db``; coded error if it cannot.

    Creation is atomic and safe against a second process: the whole migration is one transaction
    under the write lock (SQLite ``BEGIN IMMEDIATE``, PostgreSQL an advisory lock), so a process
    killed while creating leaves no ledger at all and two creating at once make one. Read-only, a
    missing SQLite file or a database without the ledger's schema is refused (L001).
    """
    url = database_url(db)
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    if url.startswith("sqlite") and read_only and not Path(url.split(":///", 1)[1]).exists():
        raise LedgerError("L001", db=shown, reason=NOT_A_LEDGER)
    engine = _engine(url, read_only)
    setup = engine if read_only or not url.startswith("sqlite") else _engine(url, False, migrating=True)
    try:
        retrying(setup, lambda conn: _migrate(conn, shown, read_only))
    except LedgerError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise LedgerError("L001", db=shown, reason=reason) from exc
    finally:
        if setup is not engine:
            setup.dispose()
    return engine
