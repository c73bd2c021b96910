"""A status news of a company moves the commitments of its parent or subsidiary when a document
stated the relation (ledger/groups.py, ledger/linking.py): in any order of arrival, the own actor's
commitment first, never an unrelated company's; on a real SQLite file."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from conftest import make_fact

from pledgewatch.document import Document
from pledgewatch.ledger import queries
from pledgewatch.ledger.ingest import Summary, ingest_one
from pledgewatch.ledger.store import company_links, open_store
from pledgewatch.read.reader import content_hash

TOURS = ("commune:37261", "departement:37")
PLAN = "Hydrolys construira une usine d'électrolyseurs à Tours d'ici 2026."
LINK = "Hydrolys est une filiale de Vantor."
NEWS = "Le groupe Vantor suspend la construction de l'usine de Tours de sa filiale Hydrolys."
NEWS_ALONE = "Le groupe Vantor suspend la construction de son usine de Tours."
OWN_PLAN = "Vantor construira une usine de piles à Tours d'ici 2027."
OTHER_PLAN = "Moulinex construira une usine à Tours d'ici 2026."
LIQUIDATED = "Le tribunal a prononcé la liquidation judiciaire de Vantor."


def _relation(text: str, child: str = "Hydrolys", parent: str = "Vantor") -> list[dict]:
    start = text.index(child) if child in text else 0
    return [{"child": child, "child_id": None, "parent": parent, "parent_id": None,
             "evidence": {"text": text[start:], "start": start, "end": len(text)}}]


def _plan(text: str, actor: str, deadline: str = "2026") -> dict:
    return {"facts": [make_fact(text, text, kind="site_opening", actor=actor, places=TOURS, deadline=deadline)]}


def _news(text: str, step: str = "suspended", status: str = "cancelled", places: tuple[str, ...] = TOURS,
          kind: str = "site_opening") -> list[dict]:
    return [{**make_fact(text, text, kind=kind, actor="Vantor", places=places, status=status), "step": step}]


DOCS = {
    "plan": (PLAN, lambda: _plan(PLAN, "Hydrolys"), "2024-05"),
    "link": (LINK, lambda: {"facts": [], "companies": _relation(LINK)}, "2024-09"),
    "news": (NEWS, lambda: {"facts": _news(NEWS), "companies": _relation(NEWS)}, "2025-06"),
    "news_alone": (NEWS_ALONE, lambda: {"facts": _news(NEWS_ALONE)}, "2025-06"),
    "own_plan": (OWN_PLAN, lambda: _plan(OWN_PLAN, "Vantor", "2027"), "2024-07"),
    "other_plan": (OTHER_PLAN, lambda: _plan(OTHER_PLAN, "Moulinex"), "2024-05"),
    "liquidated": (LIQUIDATED, lambda: {"facts": _news(LIQUIDATED, "liquidated", "cancelled", places=(),
                                                       kind="jobs_cut")}, "2025-06"),
}


def _add(engine, name: str) -> None:
    text, content, published = DOCS[name]
    doc = Document(id=content_hash(text), text=text, lang="fr", published=published, source=f"test:{name}")
    meta = {"id": doc.id, "lang": "fr", "published": published, "source": doc.source, "title": None}
    summary = Summary()
    ingest_one(engine, doc, lambda d: {"document": meta, "quotes": [], **content()}, summary)
    assert summary.failed == 0, summary.failures


def _ledger(path: str, names: tuple[str, ...]) -> list[tuple]:
    engine = open_store(path)
    try:
        for name in names:
            _add(engine, name)
        with engine.connect() as conn:
            found = queries.list_commitments(conn, queries.Filters(as_of=date(2025, 12, 1)))
        return sorted((c["actor"], c["kind"], c["status"], c["ambiguous"],
                       tuple((m["status"], m["step"]) for m in c["history"])) for c in found)
    finally:
        engine.dispose()


@pytest.mark.parametrize("story", [("plan", "news"), ("plan", "link", "news_alone")], ids=["news states it", "apart"])
def test_a_parents_suspension_cancels_its_subsidiarys_plan_in_any_order(tmp_path, story):
    results = [_ledger(str(tmp_path / f"{i}.db"), order) for i, order in enumerate(itertools.permutations(story))]
    assert all(r == results[0] for r in results[1:])
    assert results[0] == [("Hydrolys", "site_opening", "cancelled", False,
                           (("planned", None), ("cancelled", "suspended")))]


def test_the_relation_is_stored_by_actor_key(sqlite_db):
    _ledger(sqlite_db, ("link",))
    engine = open_store(sqlite_db)
    with engine.connect() as conn:
        assert conn.execute(company_links.select()).all() == [("name:vantor", "name:hydrolys", content_hash(LINK))]
    engine.dispose()


def test_without_a_stated_relation_another_companys_plan_does_not_move(sqlite_db):
    found = _ledger(sqlite_db, ("plan", "other_plan", "news_alone"))
    assert {(actor, status) for actor, _, status, _, _ in found} == {
        ("Hydrolys", "planned"), ("Moulinex", "planned"), ("Vantor", "cancelled")}


def test_the_own_actors_commitment_wins_over_the_subsidiarys(sqlite_db):
    found = _ledger(sqlite_db, ("plan", "link", "own_plan", "news_alone"))
    assert {(actor, status, ambiguous) for actor, _, status, ambiguous, _ in found} == {
        ("Hydrolys", "planned", False), ("Vantor", "cancelled", False)}


def test_a_parents_liquidation_does_not_move_its_subsidiary(sqlite_db):
    found = _ledger(sqlite_db, ("plan", "link", "liquidated"))
    assert ("Hydrolys", "site_opening", "planned", False, (("planned", None),)) in found


def test_on_postgresql_the_relation_stated_apart_moves_the_plan(pg_db):
    assert _ledger(pg_db, ("news_alone", "plan", "link")) == [
        ("Hydrolys", "site_opening", "cancelled", False, (("planned", None), ("cancelled", "suspended")))]
