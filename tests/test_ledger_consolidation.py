"""Consolidation on a real SQLite file, with facts written by hand in the schema's form."""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from conftest import make_fact

from pledgewatch.ledger import exporting, queries
from pledgewatch.ledger.store import open_store

LYON = ("commune:69123", "departement:69", "region:84")
MULHOUSE = ("commune:68224", "region:44")

# Texts written for these tests: (text, published, facts builder).
PLAN_A = "Safran investira 200 millions d'euros dans son usine de Lyon d'ici 2026."
PLAN_B = "Le motoriste Safran confirme un investissement d'environ 200 millions d'euros à Lyon."
PLAN_C = "Safran mettra 230 millions d'euros dans le site lyonnais, selon la direction."
OTHER_SITE = "Safran va aussi investir 200 millions d'euros à Mulhouse."
OPENED = "Safran a inauguré mardi son usine de Lyon, deux ans après l'annonce."
LATER = "Safran repousse à 2028 la mise en service de son usine de Lyon."


def _plan_a():
    return [make_fact(PLAN_A, PLAN_A, value=2e8, unit="EUR", places=LYON, deadline="2026")]


def _plan_b():
    return [make_fact(PLAN_B, PLAN_B, value=2e8, unit="EUR", places=("commune:69123",), qualifier="about")]


def _plan_c():
    return [make_fact(PLAN_C, PLAN_C, value=2.3e8, unit="EUR", places=("region:84",))]


def _other_site():
    return [make_fact(OTHER_SITE, OTHER_SITE, value=2e8, unit="EUR", places=MULHOUSE)]


@pytest.fixture
def engine(sqlite_db):
    engine = open_store(sqlite_db)
    yield engine
    engine.dispose()


def _commitments(engine, **filters):
    with engine.connect() as conn:
        return queries.list_commitments(conn, queries.Filters(as_of=date(2025, 1, 1), **filters))


def test_reports_of_one_pledge_become_one_commitment_with_all_evidence(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, PLAN_B, _plan_b(), "2024-05-14")
    add_document(engine, OTHER_SITE, _other_site(), "2024-05-20")
    found = _commitments(engine)
    assert len(found) == 2
    lyon = next(c for c in found if c["places"][0]["code"] == "commune:69123")
    assert [e["text"] for e in lyon["evidence"]] == [PLAN_A, PLAN_B]
    assert lyon["value"] == 2e8 and lyon["unit"] == "EUR" and not lyon["conflicting"]
    assert lyon["deadline"] == "2026" and lyon["status"] == "planned"
    assert [p["code"] for p in lyon["places"]] == ["commune:69123", "departement:69", "region:84"]
    assert lyon["evidence"][0]["published"] == "2024-05"


def test_different_figures_within_tolerance_are_kept_and_flagged(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, PLAN_C, _plan_c(), "2024-06")
    (commitment,) = _commitments(engine)
    assert commitment["conflicting"]
    assert sorted(f["value"] for f in commitment["figures"]) == [2e8, 2.3e8]
    assert len(commitment["evidence"]) == 2


@pytest.mark.parametrize("other", [
    dict(value=1e9, unit="EUR", places=LYON),                      # figure far off
    dict(value=2e8, unit="USD", places=LYON),                      # another currency
    dict(value=2e8, unit="EUR", places=MULHOUSE),                  # another region
    dict(value=2e8, unit="EUR", places=LYON, actor="Airbus"),      # another actor
    dict(value=2e8, unit="EUR", places=LYON, kind="jobs_created"),  # another kind
    dict(value=2e8, unit="EUR", places=LYON, deadline="2031"),      # far deadline
])
def test_facts_that_differ_stay_apart(engine, add_document, other):
    text = "Un autre article sur une autre annonce du groupe."
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, text, [make_fact(text, text, **other)], "2024-05")
    assert len(_commitments(engine)) == 2


def test_plans_reported_years_apart_stay_apart(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, PLAN_B, _plan_b(), "2026-01")
    assert len(_commitments(engine)) == 2


def test_a_later_article_moves_the_status_with_its_evidence_and_date(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    opened = make_fact(OPENED, OPENED, places=("commune:69123",), status="completed")
    add_document(engine, OPENED, [opened], "2026-03-10")
    (commitment,) = _commitments(engine)
    assert commitment["status"] == "completed" and not commitment["overdue"]
    assert [(h["status"], h["date"]) for h in commitment["history"]] == [
        ("planned", "2024-05"), ("completed", "2026-03-10")]
    assert commitment["history"][1]["document_id"] == commitment["evidence"][1]["document_id"]


def test_a_later_deadline_postpones(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, LATER, [make_fact(LATER, LATER, places=("commune:69123",), deadline="2028")], "2025-02")
    (commitment,) = _commitments(engine)
    assert commitment["status"] == "postponed" and commitment["deadline"] == "2028"
    assert [h["status"] for h in commitment["history"]] == ["planned", "postponed"]


def test_cancellation(engine, add_document):
    text = "Safran abandonne son projet d'usine à Lyon."
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, text, [make_fact(text, text, places=("commune:69123",), status="cancelled")], "2024-11")
    (commitment,) = _commitments(engine, status="cancelled")
    assert commitment["history"][-1]["date"] == "2024-11"


def test_overdue_against_as_of(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    with engine.connect() as conn:
        for as_of, expected in ((date(2026, 12, 31), 0), (date(2027, 1, 1), 1)):
            overdue = queries.list_commitments(conn, queries.Filters(overdue=True, as_of=as_of))
            assert len(overdue) == expected
            assert queries.list_commitments(conn, queries.Filters(as_of=as_of))[0]["overdue"] is bool(expected)


def test_incremental_update_touches_only_matching_commitments(engine, add_document):
    add_document(engine, PLAN_A, _plan_a(), "2024-05")
    add_document(engine, OTHER_SITE, _other_site(), "2024-05")
    before = {c["id"]: c for c in _commitments(engine)}
    summary = add_document(engine, PLAN_B, _plan_b(), "2024-06")
    assert summary.commitments == 1
    after = {c["id"]: c for c in _commitments(engine)}
    mulhouse = next(i for i, c in before.items() if c["places"][0]["code"] == "commune:68224")
    assert after[mulhouse] == before[mulhouse]


def test_a_bridging_fact_merges_two_commitments(engine, add_document):
    early = "Safran vise 2024 pour son usine lyonnaise de 200 millions d'euros."
    late = "Safran vise désormais 2027 pour l'usine lyonnaise."
    add_document(engine, early, [make_fact(early, early, value=2e8, unit="EUR", places=LYON, deadline="2024")],
                 "2024-01")
    add_document(engine, late, [make_fact(late, late, places=LYON, deadline="2027")], "2024-02")
    assert len(_commitments(engine)) == 2
    add_document(engine, PLAN_A, _plan_a(), "2024-03")
    (commitment,) = _commitments(engine)
    assert len(commitment["evidence"]) == 3


DOCS = [(PLAN_A, "2024-05", _plan_a), (PLAN_B, "2024-05-14", _plan_b), (PLAN_C, "2024-06", _plan_c),
        (OTHER_SITE, "2024-05-20", _other_site),
        (OPENED, "2026-03-10", lambda: [make_fact(OPENED, OPENED, places=("commune:69123",), status="completed")]),
        (LATER, "2025-02", lambda: [make_fact(LATER, LATER, places=("commune:69123",), deadline="2028")])]


def _ledger(path, order, add_document, twice=False) -> dict:
    engine = open_store(str(path))
    for _ in range(2 if twice else 1):
        for text, published, facts in order:
            add_document(engine, text, facts(), published)
    with engine.connect() as conn:
        tables = exporting.tables(conn, date(2025, 1, 1))
    engine.dispose()
    return json.loads(json.dumps(tables))


def test_same_ledger_whatever_the_order_and_when_ingested_twice(tmp_path, add_document):
    reference = _ledger(tmp_path / "ref.db", DOCS, add_document)
    assert len(reference["commitments"]) == 2
    assert _ledger(tmp_path / "twice.db", DOCS, add_document, twice=True) == reference
    for seed in range(3):
        shuffled = DOCS[:]
        random.Random(seed).shuffle(shuffled)
        assert _ledger(tmp_path / f"s{seed}.db", shuffled, add_document) == reference
