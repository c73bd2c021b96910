"""The ledger keeps how each document was decoded, and a NUL character is handled once, at
reading, the same way for SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from pledgewatch.cli.app import app
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import documents, ingest_errors, open_store

TEXT = "Le groupe Exemplor va investir 300 millions d’euros à Besançon et créer 500 emplois d’ici à 2027."


def _no_facts(document) -> dict:
    meta = {"id": document.id, "lang": document.lang, "published": document.published,
            "source": document.source, "title": document.title}
    return {"document": meta, "facts": [], "quotes": []}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path: Path) -> str:
    """A fresh ledger of each kind."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    return request.getfixturevalue("pg_db")


def test_decoding_and_nul_characters_are_stored_alike(db: str, tmp_path: Path) -> None:
    (tmp_path / "cp.txt").write_bytes(TEXT.replace("’", "'").encode("cp1252"))
    (tmp_path / "bad.txt").write_bytes(TEXT.encode() + b" \xff Fin.")
    (tmp_path / "nul.txt").write_bytes(b"Selon Exemplor,\x00 " + TEXT.encode())
    records = [{"text": "Exemplor\x00 va investir 10 millions d'euros à Lyon.", "url": "http://x.test/a"}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    engine = open_store(db)
    try:
        summary = ingest(engine, [str(tmp_path)], _no_facts)
        assert (summary.new, summary.failed) == (4, 0)
        with engine.connect() as conn:
            rows = conn.execute(sa.select(documents.c.decoding, documents.c.text)).all()
    finally:
        engine.dispose()
    assert sorted(r.decoding for r in rows) == ["cp1252", "utf-8 with 1 byte replaced",
                                                 "utf-8, 1 NUL character removed", "utf-8, 1 NUL character removed"]
    assert not any("\x00" in r.text for r in rows)


def test_ingest_lang_forces_the_language(sqlite_db: str, tmp_path: Path, monkeypatch) -> None:
    import pledgewatch.extract.extraction as extraction

    monkeypatch.setattr(extraction, "extract", _no_facts)
    (tmp_path / "short.txt").write_text("Renault : Douai, 2027.", encoding="utf-8")
    runner = CliRunner()
    refused = runner.invoke(app, ["ingest", "--db", sqlite_db, str(tmp_path / "short.txt")])
    assert refused.exit_code == 1 and "E008" in refused.output
    forced = runner.invoke(app, ["ingest", "--db", sqlite_db, "--lang", "fr", str(tmp_path / "short.txt")])
    assert forced.exit_code == 0, forced.output
    bad = runner.invoke(app, ["ingest", "--db", sqlite_db, "--lang", "xx", str(tmp_path / "short.txt")])
    assert bad.exit_code == 2 and "[E014] --lang must be one of fr" in bad.output
    engine = open_store(sqlite_db, read_only=True)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar() == 1
            assert conn.execute(sa.select(ingest_errors.c.code)).scalars().all() == []
    finally:
        engine.dispose()
