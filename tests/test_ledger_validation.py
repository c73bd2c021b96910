"""Filter and paging values checked against what they can be; names that fold to nothing refused;
non-Latin names matched as written; unknown names answered with the closest known ones.

Real SQLite files (and the PostgreSQL server for paging); facts written by hand on texts written here.
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_fact

from pledgewatch.errors import UsageError
from pledgewatch.ledger import queries
from pledgewatch.ledger.store import open_store

AS_OF = date(2025, 1, 1)
EVENT = "Choose France 2024"
SAFRAN = "Le groupe Safran va investir 10 millions d'euros à Lyon en 2024."
YANDEX = "Le groupe Яндекс va investir 20 millions d'euros à Paris."
OTHERS = [f"Le groupe Exemplor{i} va créer {10 + i} emplois à Lille." for i in range(5)]


def _build(db: str, add_document) -> None:
    engine = open_store(db)
    add_document(engine, SAFRAN, [make_fact(SAFRAN, SAFRAN, value=1e7, unit="EUR", places=("commune:69123",),
                                            event=EVENT)], "2024-05-13")
    add_document(engine, YANDEX, [make_fact(YANDEX, YANDEX, actor="Яндекс", value=2e7, unit="EUR",
                                            places=("commune:75056",))], "2024-06-01")
    for i, text in enumerate(OTHERS):
        add_document(engine, text, [make_fact(text, text, kind="jobs_created", actor=f"Exemplor{i}",
                                              value=10.0 + i, unit="jobs")], f"2024-07-0{i + 1}")
    engine.dispose()


@pytest.fixture
def conn(sqlite_db, add_document):
    _build(sqlite_db, add_document)
    engine = open_store(sqlite_db, read_only=True)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


def _commitments(conn, limit=None, offset=0, **filters) -> list[dict]:
    return queries.list_commitments(conn, queries.Filters(as_of=AS_OF, **filters), limit, offset)


@pytest.mark.parametrize(("filters", "allowed"), [
    ({"status": "bogus"}, "planned, postponed, completed, cancelled"),
    ({"kind": "jobs"}, "investment, jobs_created"),
    ({"unit": "parsecs"}, "EUR"),
    ({"place": "planet:3"}, "region, departement"),
    ({"place": "region:"}, "region, departement"),
])
def test_a_bad_filter_value_names_the_allowed_ones(conn, filters, allowed):
    for query in (queries.list_commitments, queries.list_facts, queries.deadlines):
        with pytest.raises(UsageError, match=allowed):
            query(conn, queries.Filters(as_of=AS_OF, **filters))
    with pytest.raises(UsageError, match=allowed):
        queries.totals(conn, "kind", queries.Filters(as_of=AS_OF, **filters))


def test_good_filter_values_select(conn):
    assert [c["actor"] for c in _commitments(conn, unit="EUR")] == ["Safran", "Яндекс"]
    assert len(_commitments(conn, kind="jobs_created", status="planned")) == len(OTHERS)


@pytest.mark.parametrize(("filters", "code"), [
    ({"actor": "!!!"}, "L019"), ({"actor": "%"}, "L019"), ({"actor": ""}, "L019"), ({"event": "???"}, "L019"),
    ({"place": "--"}, "L019"), ({"actor": "Saf%"}, "L020"), ({"actor": "_afran"}, "L020"),
])
def test_a_name_that_folds_to_nothing_never_matches_everything(conn, filters, code):
    with pytest.raises(UsageError, match=code):
        _commitments(conn, **filters)


def test_non_latin_names_match_as_written(conn):
    assert [c["actor"] for c in _commitments(conn, actor="Яндекс")] == ["Яндекс"]
    assert [c["actor"] for c in _commitments(conn, actor="яндекс")] == ["Яндекс"]
    with pytest.raises(UsageError, match="L020"):
        _commitments(conn, actor="Газпром")


def test_an_unknown_event_or_actor_answers_with_the_closest_known_names(conn):
    with pytest.raises(UsageError, match=r"\[L020\] unknown event 'Choose France'; .*: Choose France 2024"):
        queries.reconcile(conn, "Choose France", AS_OF)
    with pytest.raises(UsageError, match=r"L020.*closest the ledger knows: Safran"):
        _commitments(conn, actor="Safram")
    with pytest.raises(UsageError, match=r"L020.*knows: Exemplor1; "):
        _commitments(conn, actor="Exemplor1x")


def test_an_empty_ledger_says_it_knows_no_event(sqlite_db):
    engine = open_store(sqlite_db)
    with engine.connect() as conn, pytest.raises(UsageError, match="L021.*holds no event"):
        queries.reconcile(conn, "Choose France")
    engine.dispose()


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (0, 0), (queries.MAX_LIMIT + 1, 0), (None, -1),
                                               (1, 99999999999999999999), (None, 99999999999999999999)])
def test_bad_paging_values_are_refused(conn, limit, offset):
    for query in (queries.list_commitments, queries.list_facts, queries.deadlines):
        with pytest.raises(UsageError, match="L022"):
            query(conn, queries.Filters(as_of=AS_OF), limit=limit, offset=offset)


def test_offset_applies_without_a_limit_and_counts_are_true(conn):
    everything = _commitments(conn)
    assert queries.count_commitments(conn, queries.Filters(as_of=AS_OF)) == len(everything) == 7
    assert [c["id"] for c in _commitments(conn, offset=2)] == [c["id"] for c in everything[2:]]
    pages = [c["id"] for start in range(0, 7, 3) for c in _commitments(conn, limit=3, offset=start)]
    assert pages == [c["id"] for c in everything]
    f = queries.Filters(as_of=AS_OF, kind="jobs_created")
    assert queries.count_facts(conn, f) == len(queries.list_facts(conn, f)) == len(OTHERS)
    assert queries.count_deadlines(conn, queries.Filters(as_of=AS_OF)) == 0


def test_paging_on_postgresql(pg_db, add_document):
    _build(pg_db, add_document)
    engine = open_store(pg_db, read_only=True)
    with engine.connect() as conn:
        for limit, offset in ((-1, 0), (None, 99999999999999999999)):
            with pytest.raises(UsageError, match="L022"):
                _commitments(conn, limit, offset)
        assert len(_commitments(conn, offset=5)) == 2
    engine.dispose()
