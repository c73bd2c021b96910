"""Parts of a commitment (ledger/parts.py): a figure for one site of a larger pledge is linked to
its whole and summed once, in totals, the headline figures, an event's reconciliation and the
company's totals; on SQLite and PostgreSQL, whatever order the articles come in, and in a ledger
made before parts were linked (migration 0005)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from conftest import make_fact

from pledgewatch.ledger import queries
from pledgewatch.ledger.parts import Pledge, is_part
from pledgewatch.ledger.store import commitments, open_store

EVENT = "Choose France 2024"
WHOLE = ("Microsoft va investir 4 milliards d'euros en France, à Paris, Marseille et en Alsace. Plus de 2 "
         "milliards d'euros iront au centre de données de Petit-Landau.")
LATER = "Le centre de données de Microsoft à Petit-Landau coûtera au moins 2 milliards d'euros."
OTHER = "Microsoft ouvrira aussi un bureau à Lyon pour 50 millions d'euros."

PARENTS = {"commune:68254": frozenset({"departement:68", "region:44", "country:FR"}),
           "commune:75056": frozenset({"departement:75", "region:11", "country:FR"}),
           "departement:68": frozenset({"region:44", "country:FR"}),
           "commune:69123": frozenset({"departement:69", "region:84", "country:FR"})}


def pledge(cid: str, value: float | None, places: tuple[str, ...], docs: tuple[str, ...] = ("d1",),
           event: str | None = None, unit: str = "EUR", value_max: float | None = None) -> Pledge:
    return Pledge(cid, value, value_max, unit, event, frozenset(places), frozenset(docs))


NATIONAL = pledge("w", 4e9, ("country:FR", "commune:75056", "commune:68254"))


@pytest.mark.parametrize(("part", "whole", "expected"), [
    (pledge("p", 2e9, ("commune:68254", "departement:68")), NATIONAL, True),  # one site of several
    (pledge("p", 2e9, ("commune:68254",)), pledge("w", 4e9, ("country:FR",)), True),  # a site of a national sum
    (pledge("p", 2e9, ("commune:68254",), docs=("d2",), event="e"), pledge("w", 4e9, ("country:FR",), event="e"),
     True),  # another article of the same occasion
    (pledge("p", 2e9, ("commune:68254",)), pledge("w", 4e9, ("departement:68",)), True),  # a town of the department
    (pledge("p", 2e9, ("commune:68254",), docs=("d2",)), NATIONAL, False),  # no document or occasion in common
    (pledge("p", 2e9, ("commune:68254",)), pledge("w", 4e9, ("commune:68254",)), False),  # two sums at one site
    (pledge("p", 2e9, ("commune:69123",)), pledge("w", 4e9, ("departement:68",)), False),  # elsewhere
    (pledge("p", 5e9, ("commune:68254",)), NATIONAL, False),  # larger than the whole
    (pledge("p", 2e9, ("commune:68254",), value_max=5e9), NATIONAL, False),  # a range that may exceed it
    (pledge("p", 2e9, ()), NATIONAL, False),  # no place: nothing says it is a share
    (pledge("p", 200, ("commune:68254",), unit="jobs"), NATIONAL, False),  # another unit
    (pledge("p", None, ("commune:68254",)), NATIONAL, False),  # no figure
])
def test_the_part_rule(part: Pledge, whole: Pledge, expected: bool) -> None:
    assert is_part(part, whole, PARENTS) is expected


def _facts(text: str) -> list[dict]:
    ms = {"actor": "Microsoft", "actor_id": "MSFT", "unit": "EUR", "event": EVENT}
    if text == WHOLE:
        return [make_fact(WHOLE, "Microsoft va investir 4 milliards d'euros en France, à Paris, Marseille et en Alsace",
                          value=4e9, places=("country:FR", "commune:75056", "commune:13055", "commune:68254"), **ms),
                make_fact(WHOLE, "Plus de 2 milliards d'euros iront au centre de données de Petit-Landau",
                          value=2e9, qualifier="at_least", places=("commune:68254",), **ms)]
    if text == LATER:
        return [make_fact(LATER, LATER[:-1], value=2e9, qualifier="at_least", places=("commune:68254",), **ms)]
    return [make_fact(OTHER, OTHER[:-1], value=5e7, places=("commune:69123",), **{**ms, "event": None})]


def _ledger(db: str, add_document, order: tuple[str, ...]) -> None:
    engine = open_store(db)
    try:
        for i, text in enumerate(order):
            add_document(engine, text, _facts(text), published=f"2024-05-1{3 + i}")
    finally:
        engine.dispose()


def _check_counted_once(db: str) -> None:
    engine = open_store(db, read_only=True)
    try:
        with engine.connect() as c:
            rows = queries.list_commitments(c, queries.Filters(actor="Microsoft", kind="investment"))
            by_value = {r["value"]: r for r in rows}
            assert sorted(by_value) == [5e7, 2e9, 4e9]
            assert by_value[2e9]["part_of"] == by_value[4e9]["id"]
            assert by_value[4e9]["part_of"] is None and by_value[5e7]["part_of"] is None
            assert len(by_value[2e9]["evidence"]) == 2  # both articles of the site
            actor = queries.totals(c, "actor", queries.Filters(kind="investment"))
            assert [(r["total"], r["qualifier"], r["count"]) for r in actor] == [(4.05e9, "exact", 2)]
            regions = {r["name"]: r["eur"] for r in queries.totals(c, "region", queries.Filters(kind="investment"))}
            assert regions == {"Auvergne-Rhône-Alpes": 5e7, "(several regions)": 4e9}  # Grand Est adds no 2 Md€
            assert queries.summary(c, queries.Filters())["money"]["value"] == 4.05e9
            found = queries.reconcile(c, EVENT)
            assert [(r["found"], r["count"]) for r in found["rows"]] == [(4e9, 1)]
    finally:
        engine.dispose()


@pytest.mark.parametrize("order", [(WHOLE, LATER, OTHER), (LATER, OTHER, WHOLE)])
def test_a_part_is_summed_once_whatever_the_order(sqlite_db, add_document, order) -> None:
    _ledger(sqlite_db, add_document, order)
    _check_counted_once(sqlite_db)


def test_parts_on_postgresql(pg_db, add_document) -> None:
    _ledger(pg_db, add_document, (LATER, WHOLE, OTHER))
    _check_counted_once(pg_db)


def test_a_ledger_made_before_parts_gets_them_linked(sqlite_db, add_document) -> None:
    from alembic import command
    from alembic.config import Config

    from pledgewatch.ledger import store

    _ledger(sqlite_db, add_document, (WHOLE, OTHER))
    engine = sa.create_engine(f"sqlite:///{sqlite_db}")
    config = Config()
    config.set_main_option("script_location", str(store._MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        assert "part_of" not in {c["name"] for c in sa.inspect(conn).get_columns("commitments")}
    engine.dispose()
    open_store(sqlite_db).dispose()  # migrates to head, linking the parts already stored
    engine = open_store(sqlite_db, read_only=True)
    with engine.connect() as c:
        linked = c.execute(sa.select(commitments.c.value).where(commitments.c.part_of.is_not(None))).scalars().all()
    engine.dispose()
    assert linked == [2e9]
