"""What the dashboard reads from the API, over real HTTP: parts counted once (API and CLI totals),
name suggestions, newest-first pages, the CSV of a filter, evidence with its source."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import httpx
import pytest
from dashboard_ledger import LOCAL_SOURCE, PART
from ledger_server import EVENT, serve
from typer.testing import CliRunner

from pledgewatch.cli.app import app as cli
from pledgewatch.web.api import create_app


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    from dashboard_ledger import build_dashboard_ledger

    db = str(tmp_path_factory.mktemp("dashboard-api") / "ledger.db")
    return db, build_dashboard_ledger(db)


@pytest.fixture(scope="module")
def client(ledger) -> Iterator[httpx.Client]:
    with serve(create_app(ledger[0], None)) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


def _investments(client: httpx.Client) -> dict[float, dict]:
    items = client.get("/api/commitments", params={"actor": "MSFT", "kind": "investment"}).json()["items"]
    return {c["value"]: c for c in items}


def test_parts_read_together_are_as_each_read_alone(ledger) -> None:
    from pledgewatch.ledger import queries
    from pledgewatch.ledger.store import commitments, open_store

    with open_store(ledger[0], read_only=True).connect() as conn:
        whole = conn.execute(commitments.select().with_only_columns(commitments.c.part_of)
                             .where(commitments.c.part_of.is_not(None))).scalar()
        parts = queries.parts_of(conn, whole)
        assert parts and parts == [queries.get_commitment(conn, p["id"]) for p in parts]
        assert all(p["part_of"] == whole for p in parts)


def test_a_part_is_linked_to_its_whole_and_counted_once(client: httpx.Client, ledger) -> None:
    found = _investments(client)
    whole, part = found[4e9], found[2e9]
    assert part["part_of"] == whole["id"] and whole["part_of"] is None
    assert [p["id"] for p in client.get(f"/api/commitments/{whole['id']}").json()["parts"]] == [part["id"]]
    company = client.get("/api/companies/Microsoft").json()
    money = [r for r in company["totals"] if r["kind"] == "investment"]
    assert [(r["total"], r["qualifier"], r["count"]) for r in money] == [(4e9, "exact", 1)]
    grand_est = [r for r in client.get("/api/totals", params={"by": "region", "kind": "investment"}).json()["items"]
                 if r["region"] == "region:44"]
    assert [r["eur"] for r in grand_est] == [4e9]  # not 6 Md€
    row = next(r for r in client.get(f"/api/events/{EVENT}").json()["rows"] if r["kind"] == "investment")
    assert (row["found"], row["count"]) == (4e9, 1)
    shown = CliRunner().invoke(cli, ["totals", "--db", ledger[0], "--by", "actor", "--kind", "investment",
                                     "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert {r["name"]: r["total"] for r in json.loads(shown.output)}["Microsoft"] == 4e9


@pytest.mark.parametrize(("field", "typed", "first", "value"), [
    ("actor", "Micro", "Microsoft", "Microsoft"),
    ("actor", "exemplor", "Exemplor Lyon", "Exemplor Lyon"),  # the nearest of four
    ("event", "Choose France", EVENT, EVENT),
    ("place", "ile de france", "Île-de-France", "region:11"),
    ("place", "GRAND-EST", "Grand Est", "region:44"),
    ("place", "reunion", "La Réunion", "region:04"),
])
def test_names_holding_what_was_typed(client: httpx.Client, field: str, typed: str, first: str, value: str) -> None:
    found = client.get("/api/suggest", params={"field": field, "q": typed}).json()
    assert found["matched"] is True
    assert found["items"][0] == {"name": first, "value": value}


def test_closest_names_when_none_holds_it_and_bad_requests(client: httpx.Client) -> None:
    found = client.get("/api/suggest", params={"field": "actor", "q": "Mikrosoft"}).json()
    assert found["matched"] is False and found["items"][0]["name"] == "Microsoft"
    assert client.get("/api/suggest", params={"field": "actor", "q": "!!!"}).json()["items"] == []
    assert client.get("/api/suggest", params={"field": "colour", "q": "x"}).status_code == 422
    assert client.get("/api/suggest", params={"field": "actor", "q": "x" * 300}).status_code == 422


def test_lists_newest_first_with_the_true_total(client: httpx.Client) -> None:
    first = client.get("/api/commitments", params={"limit": 5})
    page = first.json()
    assert page["total"] == int(first.headers["X-Total-Count"]) == 13
    rest = client.get("/api/commitments", params={"limit": 10, "offset": 5}).json()["items"]
    dates = [c["updated"] or "" for c in page["items"] + rest]
    assert len(dates) == 13 and dates == sorted(dates, reverse=True)
    by_deadline = client.get("/api/commitments", params={"order": "deadline"}).json()["items"]
    deadlines = [c["deadline"] for c in by_deadline if c["deadline"]]
    assert deadlines == sorted(deadlines)


def test_csv_of_the_current_filter(client: httpx.Client) -> None:
    response = client.get("/api/commitments.csv", params={"actor": "Microsoft", "kind": "investment"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == client.get("/api/commitments", params={"actor": "Microsoft", "kind": "investment"}).json()["total"]
    part = next(r for r in rows if r["value"] == "2000000000.0")
    whole = next(r for r in rows if r["value"] == "4000000000.0")
    assert part["part_of"] == whole["id"] and part["qualifier"] == "at_least"
    assert part["places"] == "Petit-Landau" and part["place_codes"] == "commune:68254"
    everything = list(csv.DictReader(io.StringIO(client.get("/api/commitments.csv").text)))
    assert len(everything) == 13


def test_evidence_lines_carry_their_source(client: httpx.Client, ledger) -> None:
    whole = client.get(f"/api/commitments/{_investments(client)[4e9]['id']}").json()
    sources = {(e["title"], e["outlet"], e["url"]) for e in whole["evidence"]}
    assert ("Microsoft investit en Alsace", "example.org", "https://example.org/microsoft-a") in sources
    untitled = next(e for e in whole["evidence"] if e["url"] == "https://example.org/microsoft-b")
    assert untitled["title"].startswith("Le géant américain Microsoft a confirmé") and untitled["title"].endswith("…")
    part = client.get(f"/api/commitments/{_investments(client)[2e9]['id']}").json()
    assert [(e["outlet"], e["title"]) for e in part["evidence"]] == [("dna.fr", PART[:PART.index(" Choose")] + "…")]  # cut at a word
    closure = client.get(f"/api/documents/{ledger[1]['closure']}").json()
    assert closure["sources"] == [LOCAL_SOURCE]  # the API keeps it; the page never shows it
    assert closure["origin"] == {"title": closure["text"].strip(), "titled": False, "outlet": None, "url": None}


def test_summary_counts_closures_and_cuts_without_news_apart_from_the_overdue(client: httpx.Client) -> None:
    late = client.get("/api/commitments", params={"overdue": True}).json()["items"]
    head = client.get("/api/summary").json()
    assert sorted(c["kind"] for c in late if c["kind"] in ("site_closure", "jobs_cut")) == ["jobs_cut", "site_closure"]
    assert (head["overdue"], head["without_news"]) == (len(late) - 2, 2) == (4, 2)
    cuts = client.get("/api/summary", params={"kind": "jobs_cut"}).json()
    assert (cuts["overdue"], cuts["without_news"]) == (0, 1)
    towns = client.get("/api/summary", params={"kind": "site_opening"}).json()
    assert (towns["overdue"], towns["without_news"]) == (4, 0)
    later = client.get("/api/summary", params={"as_of": "2019-06-01"}).json()
    assert (later["overdue"], later["without_news"]) == (0, 0)  # nothing was past its deadline yet
