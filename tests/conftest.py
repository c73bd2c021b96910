"""Shared fixtures: the extractor (spaCy loaded once), a SQLite file, a throwaway PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import pg_bindir, postgres_cluster


@pytest.fixture(scope="session")
def extractor():
    """The real extractor, its spaCy pipeline loaded once for the whole session."""
    from pledgewatch.extract.extraction import extract
    from pledgewatch.read.reader import read_text

    extract(read_text("Le groupe Safran va investir 10 millions d'euros dans une usine à Lyon et il y créera des emplois.",
                      "warm-up", "warm-up"))
    return extract


@pytest.fixture
def sqlite_db(tmp_path: Path) -> str:
    """The path of a fresh SQLite ledger file."""
    return str(tmp_path / "ledger.db")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL cluster on loopback in a temp dir (as user postgres when run as root); its base URL.

    Without PostgreSQL binaries the tests that need it fail under CI (CI=true) and skip elsewhere.
    """
    bindir = pg_bindir()
    if bindir is None:
        message = "PostgreSQL binaries not found (/usr/lib/postgresql/*/bin): run scripts/system-deps.sh"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    with postgres_cluster(bindir) as url:
        yield url


@pytest.fixture
def pg_db(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server: its postgresql:// URL."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield f"{pg_server}/{name}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def make_fact(text: str, evidence: str, kind: str = "investment", actor: str | None = "Safran",
              value: float | None = None, unit: str | None = None, places: tuple[str, ...] = (),
              deadline: str | None = None, status: str = "planned", event: str | None = None,
              aggregate: bool = False, qualifier: str = "exact", actor_id: str | None = None) -> dict:
    """A fact in the extraction schema's form, its evidence found in ``text``."""
    from pledgewatch.extract import gazetteer

    start = text.index(evidence)
    return {"kind": kind, "actor": actor, "actor_id": actor_id, "aggregate": aggregate, "value": value,
            "value_max": None, "unit": unit, "qualifier": qualifier,
            "places": [{"code": c, "name": (gazetteer.lookup(c).name if gazetteer.lookup(c) else c)} for c in places],
            "deadline": deadline, "status": status, "event": event, "detail": None,
            "evidence": {"text": evidence, "start": start, "end": start + len(evidence)}}


@pytest.fixture
def add_document():
    """``add(engine, text, facts, published, source)``: ingest one document whose facts are given."""
    from ledger_server import ingest_given

    from pledgewatch.read.reader import content_hash

    def add(engine, text: str, facts: list[dict], published: str | None = None, source: str | None = None):
        summary = ingest_given(engine, text, facts, published, source or f"test:{content_hash(text)}")
        assert summary.failed == 0, summary.failures
        return summary

    return add
