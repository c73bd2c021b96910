"""Whole-ledger sums kept while the ledger stays the same: the generation (migration 0007) and the
API's cache of /api/summary and /api/totals, over real HTTP, with writes from the API and from
another engine."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from conftest import make_fact
from ledger_server import build_ledger, serve, store_given

from pledgewatch.ledger import store
from pledgewatch.web.api import create_app
from pledgewatch.web.cache import AnswerCache

TOKEN = "cache-token"
LYON = "Le groupe Vinci va investir 30 millions d'euros à Lyon d'ici 2029."


def _generation(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return store.generation(conn)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_generation_grows_with_every_write_and_not_with_reads(backend: str, request: pytest.FixtureRequest) -> None:
    db = request.getfixturevalue("sqlite_db" if backend == "sqlite" else "pg_db")
    engine = store.open_store(db)
    try:
        first = _generation(engine)
        with engine.connect() as conn:
            conn.execute(sa.select(store.commitments)).all()
        assert _generation(engine) == first
        store_given(engine, LYON, [make_fact(LYON, LYON[:-1], actor="Vinci", value=3e7, unit="EUR",
                                             places=("commune:69123",), deadline="2029")], "2025-03-01", "vinci")
        after_insert = _generation(engine)
        assert after_insert > first
        with engine.begin() as conn:  # a change to one table only, as a status move makes
            conn.execute(sa.update(store.commitments).values(status="completed"))
        assert _generation(engine) > after_insert
    finally:
        engine.dispose()


def test_an_answer_is_kept_for_its_question_and_generation_only(sqlite_db: str) -> None:
    engine = store.open_store(sqlite_db)
    cache, asked = AnswerCache(entries=2), []

    def compute(q: str) -> str:
        asked.append(q)
        return q.upper()

    try:
        with engine.connect() as conn:
            assert [cache.answer(conn, q, lambda q=q: compute(q)) for q in ("a", "a", "b", "a")] == ["A", "A", "B", "A"]
            assert asked == ["a", "b"]
            cache.answer(conn, "c", lambda: compute("c"))  # over two entries: the least recently used (b) goes
            cache.answer(conn, "b", lambda: compute("b"))
            assert asked == ["a", "b", "c", "b"]
        store_given(engine, LYON, [], "2025-03-01", "vinci")
        with engine.connect() as conn:
            cache.answer(conn, "b", lambda: compute("b"))
        assert asked[-1] == "b" and len(asked) == 5
    finally:
        engine.dispose()


def test_no_answer_is_kept_when_the_cache_has_no_room(sqlite_db: str) -> None:
    engine = store.open_store(sqlite_db)
    cache = AnswerCache(entries=0)
    try:
        with engine.connect() as conn:
            for _ in range(3):
                cache.answer(conn, "q", lambda: 1)
        assert cache.computed == 3
    finally:
        engine.dispose()


@pytest.fixture
def served(tmp_path):
    db = str(tmp_path / "ledger.db")
    build_ledger(db)
    app = create_app(db, TOKEN)
    with serve(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield db, app, http


def test_summary_and_map_are_computed_once_until_a_write_from_anywhere(served) -> None:
    db, app, http = served
    answers = app.state.answers
    params = {"as_of": "2026-01-01"}
    head = http.get("/api/summary", params=params).json()
    regions = http.get("/api/totals", params={"by": "region", "kind": "investment"}).json()
    computed = answers.computed
    assert http.get("/api/summary", params=params).json() == head
    assert http.get("/api/totals", params={"by": "region", "kind": "investment"}).json() == regions
    assert answers.computed == computed
    assert http.get("/api/summary", params={"as_of": "2026-01-02"}).status_code == 200  # another question
    assert answers.computed == computed + 1

    posted = http.post("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"},
                       json={"text": "Le groupe Saint-Gobain va investir 80 millions d'euros à Reims d'ici 2028.",
                             "published": "2025-01-15"})
    assert posted.status_code == 201, posted.text
    after_post = http.get("/api/summary", params=params).json()
    assert after_post["documents"] == head["documents"] + 1

    other = store.open_store(db)  # another writer (a CLI ingest): the server learns of it by the generation
    try:
        store_given(other, LYON, [make_fact(LYON, LYON[:-1], actor="Vinci", value=3e7, unit="EUR",
                                            places=("commune:69123",), deadline="2029")], "2025-03-01", "vinci")
    finally:
        other.dispose()
    after_other = http.get("/api/summary", params=params).json()
    assert after_other["documents"] == head["documents"] + 2
    assert after_other["money"]["value"] == pytest.approx(after_post["money"]["value"] + 3e7)
    rhone = [r for r in http.get("/api/totals", params={"by": "region", "kind": "investment"}).json()["items"]
             if r["region"] == "region:84"]
    before = [r for r in regions["items"] if r["region"] == "region:84"]
    assert rhone[0]["total"] == pytest.approx((before[0]["total"] if before else 0) + 3e7)
