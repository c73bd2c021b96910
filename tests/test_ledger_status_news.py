"""Status news move commitments: linking on actor, kind family and places (never on the figure),
ambiguity kept and flagged, history with evidence, the same result in any order; on a real SQLite
file, then over real HTTP and the CLI. Facts are written by hand (the extraction has its own tests)."""

from __future__ import annotations

import itertools
import json
from datetime import date

import httpx
import pytest
from conftest import make_fact
from ledger_server import serve
from typer.testing import CliRunner

from pledgewatch.ledger import queries
from pledgewatch.ledger.store import open_store
from pledgewatch.web.api import create_app

TOURS = ("commune:37261", "departement:37")
INDRE_ET_LOIRE = ("departement:37",)
CHOLET = ("commune:49099", "departement:49")

PLAN = "Fabrix construira une usine à Tours, avec 80 millions d'euros et 150 emplois d'ici 2026."
OPENED = "L'usine Fabrix de Tours a été inaugurée jeudi."
OPENED_NO_PLACE = "Fabrix a inauguré jeudi sa nouvelle usine."
POSTPONED = "Fabrix repousse à 2028 la mise en service de son usine d'Indre-et-Loire."
POSTPONED_UNDATED = "Fabrix a reporté la mise en service de son usine d'Indre-et-Loire."
CLOSING = "Fabrix fermera son usine de Cholet, ses 200 emplois supprimés d'ici 2027."
LIQUIDATED = "Le tribunal a prononcé la liquidation judiciaire de Fabrix."
OTHER_ACTOR = "L'usine Moulinex de Tours a été inaugurée jeudi."
PLAN_NAMED = "Fabrix lance le projet Verdane, une usine de pellets à Tours, pour 2026."
OTHER_PLAN_NAMED = "Fabrix prépare le projet Ostrale, une usine de pellets à Cholet, pour 2026."
ABANDONED_NAMED = "Fabrix abandonne le projet Verdane."


def _plan() -> list[dict]:
    return [make_fact(PLAN, "Fabrix construira une usine à Tours", kind="site_opening", actor="Fabrix",
                      places=TOURS, deadline="2026"),
            make_fact(PLAN, "80 millions d'euros", actor="Fabrix", value=8e7, unit="EUR", places=TOURS, deadline="2026"),
            make_fact(PLAN, "150 emplois", kind="jobs_created", actor="Fabrix", value=150, unit="jobs", places=TOURS)]


def _news(text: str, step: str, status: str, kind: str = "site_opening", places: tuple[str, ...] = (),
          actor: str = "Fabrix", deadline: str | None = None, value: float | None = None,
          unit: str | None = None) -> list[dict]:
    return [{**make_fact(text, text, kind=kind, actor=actor, places=places, status=status, deadline=deadline,
                         value=value, unit=unit), "step": step}]


@pytest.fixture
def engine(sqlite_db):
    engine = open_store(sqlite_db)
    yield engine
    engine.dispose()


def _by_kind(engine, actor: str = "Fabrix", as_of: date = date(2025, 1, 1)) -> dict[str, dict]:
    with engine.connect() as conn:
        found = queries.list_commitments(conn, queries.Filters(actor=actor, as_of=as_of))
    return {c["kind"]: c for c in found}


def test_an_opening_moves_the_site_its_money_and_its_jobs_with_evidence(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, OPENED, _news(OPENED, "opened", "completed", places=TOURS), "2026-03-12")
    found = _by_kind(engine)
    assert {k: c["status"] for k, c in found.items()} == {
        "site_opening": "completed", "investment": "completed", "jobs_created": "completed"}
    moves = found["investment"]["history"]
    assert [(m["status"], m["step"], m["date"]) for m in moves] == [
        ("planned", None, "2024-05"), ("completed", "opened", "2026-03-12")]
    assert moves[1]["text"] == OPENED and not moves[1]["ambiguous"]


@pytest.mark.parametrize("places", [(), INDRE_ET_LOIRE, ("commune:37261",)], ids=["no place", "department", "commune"])
def test_a_news_naming_no_place_or_an_area_around_the_site_links(engine, add_document, places):
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, OPENED_NO_PLACE, _news(OPENED_NO_PLACE, "opened", "completed", places=places), "2026-03")
    assert _by_kind(engine)["site_opening"]["status"] == "completed"


def test_a_news_of_another_actor_or_place_or_family_moves_nothing(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, OTHER_ACTOR, _news(OTHER_ACTOR, "opened", "completed", actor="Moulinex", places=TOURS), "2026-03")
    add_document(engine, CLOSING, _news(CLOSING, "closed", "completed", kind="site_closure", places=CHOLET), "2026-04")
    found = _by_kind(engine)
    assert found["site_opening"]["status"] == "planned" and found["investment"]["status"] == "planned"
    assert found["site_closure"]["status"] == "completed"  # a news that moves nothing is a commitment of its own
    assert _by_kind(engine, "Moulinex")["site_opening"]["status"] == "completed"


def test_the_figure_does_not_decide(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    news = _news(OPENED, "opened", "completed", kind="investment", places=TOURS, value=1.2e8, unit="EUR")
    add_document(engine, OPENED, news, "2026-03")
    assert _by_kind(engine)["investment"]["status"] == "completed"


def test_postponement_moves_the_deadline_and_overdue_follows_it(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, POSTPONED, _news(POSTPONED, "postponed", "planned", places=INDRE_ET_LOIRE, deadline="2028"), "2025-06")
    opening = _by_kind(engine)["site_opening"]
    assert (opening["status"], opening["deadline"]) == ("postponed", "2028")
    assert not _by_kind(engine, as_of=date(2027, 6, 1))["site_opening"]["overdue"]
    assert _by_kind(engine, as_of=date(2029, 1, 1))["site_opening"]["overdue"]
    with engine.connect() as conn:
        late = queries.list_commitments(conn, queries.Filters(overdue=True, as_of=date(2027, 6, 1)))
    assert late == []  # postponed past 2026: not overdue in 2027


def test_postponement_without_a_date_leaves_no_deadline(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, POSTPONED_UNDATED, _news(POSTPONED_UNDATED, "postponed", "planned", places=INDRE_ET_LOIRE), "2025-06")
    opening = _by_kind(engine, as_of=date(2030, 1, 1))["site_opening"]
    assert (opening["status"], opening["deadline"], opening["overdue"]) == ("postponed", None, False)


def test_liquidation_cancels_plans_and_completes_closures(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    closing = [make_fact(CLOSING, "Fabrix fermera son usine de Cholet", kind="site_closure", actor="Fabrix", places=CHOLET),
               make_fact(CLOSING, "200 emplois supprimés", kind="jobs_cut", actor="Fabrix", value=200, unit="jobs",
                         places=CHOLET)]
    add_document(engine, CLOSING, closing, "2024-09")
    add_document(engine, LIQUIDATED, _news(LIQUIDATED, "liquidated", "completed", kind="site_closure"), "2025-11")
    assert {k: c["status"] for k, c in _by_kind(engine).items()} == {
        "site_opening": "cancelled", "investment": "cancelled", "jobs_created": "cancelled",
        "site_closure": "completed", "jobs_cut": "completed"}


def test_an_ambiguous_news_is_linked_to_each_candidate_flagged_and_moves_none(engine, add_document):
    add_document(engine, PLAN, _plan(), "2024-05")
    other = [make_fact(CLOSING, "Fabrix fermera son usine de Cholet", kind="site_opening", actor="Fabrix", places=CHOLET)]
    add_document(engine, CLOSING, other, "2024-06")
    add_document(engine, OPENED_NO_PLACE, _news(OPENED_NO_PLACE, "opened", "completed"), "2026-03")
    with engine.connect() as conn:
        openings = queries.list_commitments(conn, queries.Filters(actor="Fabrix", kind="site_opening",
                                                                  as_of=date(2026, 6, 1)))
    assert len(openings) == 2
    for c in openings:
        assert c["status"] == "planned" and c["ambiguous"]
        assert [(m["step"], m["ambiguous"], m["text"]) for m in c["history"]][-1] == ("opened", True, OPENED_NO_PLACE)


def test_a_project_name_shared_with_one_candidate_decides(engine, add_document):
    add_document(engine, PLAN_NAMED, [make_fact(PLAN_NAMED, PLAN_NAMED, kind="site_opening", actor="Fabrix",
                                                places=TOURS, deadline="2026")], "2024-05")
    add_document(engine, OTHER_PLAN_NAMED, [make_fact(OTHER_PLAN_NAMED, OTHER_PLAN_NAMED, kind="site_opening",
                                                      actor="Fabrix", places=CHOLET, deadline="2026")], "2024-06")
    add_document(engine, ABANDONED_NAMED, _news(ABANDONED_NAMED, "abandoned", "cancelled"), "2025-02")
    with engine.connect() as conn:
        found = queries.list_commitments(conn, queries.Filters(actor="Fabrix", as_of=date(2025, 6, 1)))
    by_place = {c["places"][0]["code"]: (c["status"], c["ambiguous"]) for c in found}
    assert by_place == {"commune:37261": ("cancelled", False), "commune:49099": ("planned", False)}


STORY = [(PLAN, _plan, "2024-05"),
         (POSTPONED, lambda: _news(POSTPONED, "postponed", "planned", places=INDRE_ET_LOIRE, deadline="2028"), "2025-06"),
         (OPENED, lambda: _news(OPENED, "opened", "completed", places=TOURS), "2028-02")]


def _story_ledger(tmp_path, add_document, order: tuple[int, ...]) -> list[tuple]:
    engine = open_store(str(tmp_path / ("-".join(map(str, order)) + ".db")))
    try:
        for i in order:
            text, facts, published = STORY[i]
            add_document(engine, text, facts(), published)
        with engine.connect() as conn:
            found = queries.list_commitments(conn, queries.Filters(as_of=date(2026, 1, 1)))
        return sorted((c["id"], c["kind"], c["status"], c["deadline"],
                       tuple((m["status"], m["step"], m["date"]) for m in c["history"])) for c in found)
    finally:
        engine.dispose()


def test_dates_not_arrival_order_decide(tmp_path, add_document):
    results = [_story_ledger(tmp_path, add_document, order) for order in itertools.permutations(range(3))]
    assert all(r == results[0] for r in results[1:])
    assert {(kind, status) for _, kind, status, _, _ in results[0]} == {
        ("site_opening", "completed"), ("investment", "completed"), ("jobs_created", "completed")}


def test_history_over_http_and_the_cli(sqlite_db, add_document):
    from pledgewatch.cli.app import app as cli_app

    engine = open_store(sqlite_db)
    add_document(engine, PLAN, _plan(), "2024-05")
    add_document(engine, POSTPONED, _news(POSTPONED, "postponed", "planned", places=INDRE_ET_LOIRE, deadline="2028"), "2025-06")
    opening_id = _by_kind(engine)["site_opening"]["id"]
    engine.dispose()
    with serve(create_app(sqlite_db, None)) as base:
        body = httpx.get(f"{base}/api/commitments/{opening_id}", timeout=60).json()
    assert [(m["status"], m["step"], m["date"], m["text"]) for m in body["history"]] == [
        ("planned", None, "2024-05", "Fabrix construira une usine à Tours"), ("postponed", "postponed", "2025-06", POSTPONED)]
    result = CliRunner().invoke(cli_app, ["commitments", "--db", sqlite_db, "--history", opening_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [m["step"] for m in json.loads(result.stdout)] == [None, "postponed"]
    table = CliRunner().invoke(cli_app, ["commitments", "--db", sqlite_db, "--history", opening_id, "--format", "tsv"])
    assert "2025-06\tpostponed\tpostponed\t2028" in table.stdout
    missing = CliRunner().invoke(cli_app, ["commitments", "--db", sqlite_db, "--history", "nope"])
    assert missing.exit_code != 0 and "L013" in missing.output
