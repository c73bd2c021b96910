"""The store: where the database is, opening it read-only, refusing what it cannot use."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pledgewatch.ledger.store import LedgerError, database_url, documents, open_store


def test_database_url(monkeypatch, tmp_path):
    monkeypatch.delenv("PLEDGEWATCH_DB", raising=False)
    assert database_url() == "sqlite:///pledgewatch.db"
    monkeypatch.setenv("PLEDGEWATCH_DB", str(tmp_path / "env.db"))
    assert database_url() == f"sqlite:///{tmp_path / 'env.db'}"
    assert database_url("postgresql://u@h:5/db") == "postgresql+psycopg://u@h:5/db"


def test_read_only_connections_cannot_write(sqlite_db):
    open_store(sqlite_db).dispose()
    engine = open_store(sqlite_db, read_only=True)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one() == 0
        with pytest.raises(sa.exc.OperationalError):
            conn.execute(documents.insert().values(id="x", lang="fr", text="t"))
    engine.dispose()


def test_read_only_of_a_missing_file(tmp_path):
    with pytest.raises(LedgerError, match="L001.*`pledgewatch init` or `pledgewatch ingest`"):
        open_store(str(tmp_path / "absent.db"), read_only=True)
    assert not (tmp_path / "absent.db").exists()


def test_read_only_of_a_database_without_the_schema(sqlite_db):
    sa.create_engine(f"sqlite:///{sqlite_db}").connect().close()  # an empty file
    with pytest.raises(LedgerError, match="L001.*no ledger there yet"):
        open_store(sqlite_db, read_only=True)


def test_a_database_of_something_else_is_refused(sqlite_db):
    engine = sa.create_engine(f"sqlite:///{sqlite_db}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE invoices (id INTEGER)"))
    engine.dispose()
    with pytest.raises(LedgerError, match="L003"):
        open_store(sqlite_db)


def test_reopening_keeps_the_data(sqlite_db):
    engine = open_store(sqlite_db)
    with engine.begin() as conn:
        conn.execute(documents.insert().values(id="x", lang="fr", text="t"))
    engine.dispose()
    engine = open_store(sqlite_db)
    with engine.connect() as conn:
        assert conn.execute(sa.select(documents.c.id)).scalars().all() == ["x"]
    engine.dispose()


def test_migrations_build_exactly_the_declared_tables(sqlite_db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from pledgewatch.ledger.store import metadata

    engine = open_store(sqlite_db)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), metadata) == []
    engine.dispose()


def test_the_known_revisions_are_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from pledgewatch.ledger import store

    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    walked = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    assert store.SCHEMA_REVISIONS == tuple(reversed(walked))


def test_a_newer_schema_is_refused_by_readers_and_writers(sqlite_db):
    open_store(sqlite_db).dispose()
    engine = sa.create_engine(f"sqlite:///{sqlite_db}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for read_only in (True, False):
        with pytest.raises(LedgerError) as caught:
            open_store(sqlite_db, read_only=read_only)
        assert caught.value.code == "L002" and "9999" in str(caught.value)


def _downgrade(url: str, revision: str) -> None:
    """Take the ledger at ``url`` back to schema ``revision`` with Alembic (as an older pledgewatch left it)."""
    from alembic import command
    from alembic.config import Config

    from pledgewatch.ledger import store

    engine = sa.create_engine(database_url(url))
    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite_db", "pg_db"])
def test_a_ledger_of_an_older_version_is_upgraded_with_its_data(backend, request, add_document):
    from conftest import make_fact

    from pledgewatch.ledger.store import SCHEMA_REVISIONS, commitments, facts

    db = request.getfixturevalue(backend)
    engine = open_store(db)
    for who in ("Safran", "Renault"):
        text = f"{who} va investir 40 millions d'euros à Rennes."
        add_document(engine, text, [make_fact(text, text, actor=who, value=4e7, unit="EUR", places=("commune:35238",))])
    engine.dispose()
    _downgrade(db, "0002")

    with pytest.raises(LedgerError) as refused:  # a reader does not write: it says how to upgrade
        open_store(db, read_only=True)
    assert refused.value.code == "L056" and "pledgewatch init" in str(refused.value)

    open_store(db).dispose()  # a writer upgrades, tables rebuilt under references included
    engine = open_store(db, read_only=True)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        kept = conn.execute(sa.select(facts.c.actor, facts.c.commitment_id.is_not(None))).all()
        pledges = conn.execute(sa.select(sa.func.count()).select_from(commitments)).scalar()
    engine.dispose()
    assert version == SCHEMA_REVISIONS[-1]
    assert sorted(kept) == [("Renault", True), ("Safran", True)] and pledges == 2
