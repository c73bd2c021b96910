"""The ledger's store: SQLAlchemy Core tables, opening a database, running its migrations."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from pledgewatch.errors import LedgerError

# LIMITS -------------------------------------------------------------------------------------
DEFAULT_DB: str = "pledgewatch.db"
"""The SQLite file used when neither ``--db`` nor ``PLEDGEWATCH_DB`` names a database."""

DB_ENV: str = "PLEDGEWATCH_DB"
"""Environment variable naming the database (a path or a ``postgresql://`` URL)."""

CONNECT_TIMEOUT_S: int = 10
"""Seconds to wait for a PostgreSQL server (and for a locked SQLite file) before giving up."""
# --------------------------------------------------------------------------------------------

metadata = sa.MetaData()

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("decoding", sa.String(80)),
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
    sa.Column("unit", sa.String(64)),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("deadline", sa.String(10), index=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("event", sa.Text),
    sa.Column("event_key", sa.String(200), sa.ForeignKey("events.key"), index=True),
    sa.Column("detail", sa.Text),
    sa.Column("conflicting", sa.Boolean, nullable=False),
    sa.Column("announced", sa.String(10)),
    sa.Column("updated", sa.String(10)),
    sa.Column("evidence_count", sa.Integer, nullable=False),
)

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
)

facts = sa.Table(
    "facts", metadata,
    sa.Column("id", sa.String(48), primary_key=True),
    sa.Column("document_id", sa.String(32), sa.ForeignKey("documents.id"), nullable=False, index=True),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("actor", sa.Text),
    sa.Column("actor_id", sa.String(64)),
    sa.Column("actor_key", sa.String(200), sa.ForeignKey("companies.key")),
    sa.Column("aggregate", sa.Boolean, nullable=False),
    sa.Column("value", sa.Float),
    sa.Column("value_max", sa.Float),
    sa.Column("unit", sa.String(64)),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("deadline", sa.String(10)),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("event", sa.Text),
    sa.Column("event_key", sa.String(200), sa.ForeignKey("events.key"), index=True),
    sa.Column("detail", sa.Text),
    sa.Column("evidence_text", sa.Text, nullable=False),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("commitment_id", sa.String(48), index=True),
    sa.Index("ix_facts_kind_actor", "kind", "actor_key"),
)

fact_places = sa.Table(
    "fact_places", metadata,
    sa.Column("fact_id", sa.String(48), sa.ForeignKey("facts.id"), primary_key=True),
    sa.Column("code", sa.String(200), sa.ForeignKey("places.code"), primary_key=True, index=True),
    sa.Column("position", sa.Integer, nullable=False),
)

ingest_errors = sa.Table(
    "ingest_errors", metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("severity", sa.String(8), primary_key=True),
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)

_MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``db`` (a path or a URL), ``$PLEDGEWATCH_DB`` or ``./pledgewatch.db``."""
    db = db or os.environ.get(DB_ENV) or DEFAULT_DB
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser())


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 (DB-API objects)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _engine(url: str, read_only: bool) -> Engine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1]
        if read_only:
            url = f"sqlite:///file:{path}?mode=ro&uri=true"
        engine = sa.create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_S})
        if not read_only:
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    args: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if read_only:
        args["options"] = "-c default_transaction_read_only=on"
    return sa.create_engine(url, connect_args=args, pool_pre_ping=True)


def _known(script: ScriptDirectory, revision: str) -> bool:
    return any(r.revision == revision for r in script.walk_revisions())


def open_store(db: str | None = None, read_only: bool = False) -> Engine:
    """Open (creating and migrating when writable) the ledger at ``db``; coded error if it cannot."""
    url = database_url(db)
    shown = sa.engine.make_url(url).render_as_string(hide_password=True)
    if url.startswith("sqlite") and read_only and not Path(url.split(":///", 1)[1]).exists():
        raise LedgerError("L001", db=shown, reason="no such file")
    engine = _engine(url, read_only)
    try:
        with engine.begin() as connection:
            script = ScriptDirectory.from_config(_alembic_config(connection))
            found = MigrationContext.configure(connection).get_current_revision()
            if found is not None and not _known(script, found):
                raise LedgerError("L002", db=shown, found=found, head=script.get_current_head())
            if found is None and not read_only and sa.inspect(connection).get_table_names():
                raise LedgerError("L003", db=shown, reason="it holds other tables")
            if not read_only and found != script.get_current_head():
                command.upgrade(_alembic_config(connection), "head")
    except LedgerError:
        engine.dispose()
        raise
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise LedgerError("L001", db=shown, reason=reason) from exc
    return engine
