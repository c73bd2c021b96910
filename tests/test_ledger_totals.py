"""Totals and reconcile: sums per kind and unit, never across kinds; ranges and hedges kept.

Real SQLite files and PostgreSQL databases; the facts are written by hand in the schema's form on texts written here.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_fact

from pledgewatch.ledger import aggregates, queries
from pledgewatch.ledger.store import open_store

AS_OF = date(2025, 1, 1)
METZ = ("commune:57463",)
REIMS = ("commune:51454",)
EVENT = "Choose France 2024"

HIRING = "Le groupe Arvalis va créer 250 emplois à Metz d'ici 2026."
CUTS = "Le groupe Boralis supprimera 120 postes à Reims."
RANGE = "Le groupe Corvalis investira entre 80 et 100 millions d'euros à Metz."
AT_LEAST = "Le groupe Dorvalis investira plus de 40 millions d'euros à Reims."
SUMMIT = "Au total, le sommet Choose France 2024 a réuni plus de 15 milliards d'euros d'engagements."


def _ranged(fact: dict, high: float) -> dict:
    return {**fact, "value_max": high, "qualifier": "range"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request) -> str:
    """A fresh ledger's location: a SQLite file, then a PostgreSQL database (sums are made in SQL)."""
    return request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "pg_db")


@pytest.fixture
def engine(db, add_document):
    engine = open_store(db)
    add_document(engine, HIRING, [make_fact(HIRING, HIRING, kind="jobs_created", actor="Arvalis", value=250.0,
                                            unit="jobs", places=METZ)], "2024-05-13")
    add_document(engine, CUTS, [make_fact(CUTS, CUTS, kind="jobs_cut", actor="Boralis", value=120.0, unit="jobs",
                                          places=REIMS)], "2024-05-14")
    add_document(engine, RANGE, [_ranged(make_fact(RANGE, RANGE, actor="Corvalis", value=8e7, unit="EUR",
                                                   places=METZ, event=EVENT), 1e8)], "2024-05-13")
    add_document(engine, AT_LEAST, [make_fact(AT_LEAST, AT_LEAST, actor="Dorvalis", value=4e7, unit="EUR",
                                              places=REIMS, qualifier="at_least", event=EVENT)], "2024-05-15")
    add_document(engine, SUMMIT, [make_fact(SUMMIT, SUMMIT, actor=None, aggregate=True, value=15e9, unit="EUR",
                                            qualifier="at_least", event=EVENT)], "2024-05-13")
    yield engine
    engine.dispose()


def _totals(engine, by: str, **filters) -> list[dict]:
    with engine.connect() as conn:
        return queries.totals(conn, by, queries.Filters(as_of=AS_OF, **filters))


def test_jobs_created_and_cut_are_never_summed_together(engine):
    rows = _totals(engine, "region")
    grand_est = [(r["kind"], r["unit"], r["total"]) for r in rows if r["region"] == "region:44" and r["unit"] == "jobs"]
    assert grand_est == [("jobs_created", "jobs", 250.0), ("jobs_cut", "jobs", 120.0)]
    for by in queries.TOTAL_KEYS:
        for row in _totals(engine, by):
            assert list(row) == list(dict.fromkeys([by, "name", "kind", "unit", "total", "total_max", "qualifier",
                                                    "eur", "eur_max", "count"]))


def test_a_range_is_summed_as_a_range_and_at_least_marked(engine):
    money = {r["department"]: r for r in _totals(engine, "department", kind="investment")}
    metz = money["departement:57"]
    assert (metz["total"], metz["total_max"], metz["qualifier"]) == (8e7, 1e8, "range")
    assert (metz["eur"], metz["eur_max"]) == (8e7, 1e8)
    reims = money["departement:51"]
    assert (reims["total"], reims["total_max"], reims["qualifier"]) == (4e7, None, "at_least")
    (everything,) = _totals(engine, "kind", kind="investment")
    assert (everything["total"], everything["total_max"], everything["qualifier"]) == (1.2e8, 1.4e8, "at_least")
    (hiring,) = _totals(engine, "kind", kind="jobs_created")
    assert (hiring["total"], hiring["total_max"], hiring["qualifier"]) == (250.0, None, "exact")


@pytest.mark.parametrize(("parts", "expected"), [
    (["exact", "exact"], "exact"), (["exact", "range"], "range"), (["at_least", "exact"], "at_least"),
    (["at_most", "exact"], "at_most"), (["about", "exact"], "about"), (["at_least", "range"], "at_least"),
    (["at_most", "range"], "about"), (["at_least", "at_most"], "about"), (["about", "range"], "about"),
])
def test_the_qualifier_of_a_sum(parts, expected):
    assert aggregates.sum_qualifier(parts) == expected


def test_reconcile_keeps_ranges_and_qualifiers(engine):
    with engine.connect() as conn:
        result = queries.reconcile(conn, EVENT, AS_OF)
    (row,) = result["rows"]
    assert row == {"kind": "investment", "unit": "EUR", "announced": 15e9, "announced_max": None,
                   "announced_qualifier": "at_least", "count": 2, "found": 1.2e8, "found_max": 1.4e8,
                   "found_eur": 1.2e8, "found_eur_max": 1.4e8, "found_qualifier": "at_least"}


SPREAD = "Le groupe Elvalis investira 60 millions d'euros à Metz et à Lyon."


def test_a_commitment_in_several_regions_counts_once_beside_them(db, add_document):
    engine = open_store(db)
    add_document(engine, SPREAD, [make_fact(SPREAD, SPREAD, actor="Elvalis", value=6e7, unit="EUR",
                                            places=(*METZ, "commune:69123"))], "2024-05-13")
    add_document(engine, RANGE, [make_fact(RANGE, RANGE, actor="Corvalis", value=8e7, unit="EUR",
                                           places=METZ)], "2024-05-13")
    with engine.connect() as conn:
        by_region = queries.totals(conn, "region", queries.Filters(as_of=AS_OF))
        by_department = queries.totals(conn, "department", queries.Filters(as_of=AS_OF))
        placed = sum(c["value"] for c in queries.list_commitments(conn, queries.Filters(as_of=AS_OF)))
    engine.dispose()
    assert [(r["region"], r["name"], r["total"]) for r in by_region] == [
        ("region:44", "Grand Est", 8e7), (None, "(several regions)", 6e7)]
    assert sum(r["total"] for r in by_region) == placed
    assert [(r["department"], r["total"]) for r in by_department] == [("departement:57", 8e7), (None, 6e7)]


DOLLARS_2019 = "Le groupe Fulvalis investira 100 millions de dollars à Metz."
DOLLARS_2024 = "Le groupe Gorvalis investira 200 millions de dollars à Reims."


def test_dollars_are_converted_at_the_rate_of_the_year_each_was_announced(db, add_document):
    engine = open_store(db)
    add_document(engine, DOLLARS_2019, [make_fact(DOLLARS_2019, DOLLARS_2019, actor="Fulvalis", value=1e8, unit="USD",
                                                  places=METZ)], "2019-03-01")
    add_document(engine, DOLLARS_2024, [make_fact(DOLLARS_2024, DOLLARS_2024, actor="Gorvalis", value=2e8, unit="USD",
                                                  places=REIMS)], "2024-03-01")
    rates = aggregates.exchange_rates()["USD"]
    with engine.connect() as conn:
        (row,) = queries.totals(conn, "kind", queries.Filters(as_of=AS_OF))
        money = queries.summary(conn, queries.Filters(as_of=AS_OF))["money"]
    engine.dispose()
    expected = 1e8 / rates[2019] + 2e8 / rates[2024]
    assert (row["unit"], row["total"], row["count"]) == ("USD", 3e8, 2)
    assert row["eur"] == pytest.approx(expected) and money["value"] == pytest.approx(expected)
    assert rates[2019] != rates[2024]


def test_a_range_without_its_high_bound_counts_as_exact(db, add_document):
    engine = open_store(db)
    add_document(engine, RANGE, [make_fact(RANGE, RANGE, actor="Corvalis", value=8e7, unit="EUR", places=METZ,
                                           qualifier="range")], "2024-05-13")
    add_document(engine, AT_LEAST, [make_fact(AT_LEAST, AT_LEAST, actor="Dorvalis", value=4e7, unit="EUR",
                                              places=REIMS)], "2024-05-15")
    with engine.connect() as conn:
        (row,) = queries.totals(conn, "kind", queries.Filters(as_of=AS_OF))
    engine.dispose()
    assert (row["total"], row["total_max"], row["qualifier"], row["eur_max"]) == (1.2e8, None, "exact", None)
