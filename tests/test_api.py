"""The HTTP API over real HTTP: a uvicorn server on loopback, over a ledger of test articles."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from ledger_server import EVENT, MICROSOFT_A, build_ledger, serve
from pg_cluster import free_port

from pledgewatch.ledger.store import documents
from pledgewatch.web.api import MAX_BODY_BYTES, create_app

TOKEN = "test-token-123"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    db = str(tmp_path_factory.mktemp("api") / "ledger.db")
    return db, build_ledger(db)


@pytest.fixture(scope="module")
def app(ledger):
    return create_app(ledger[0], TOKEN)


@pytest.fixture(scope="module")
def client(app) -> Iterator[httpx.Client]:
    with serve(app) as base, httpx.Client(base_url=base, timeout=60) as http:
        yield http


@pytest.fixture(scope="module")
def ids(ledger) -> dict[str, str]:
    return ledger[1]


def _microsoft_investment(client: httpx.Client) -> dict:
    items = client.get("/api/commitments", params={"actor": "MSFT", "kind": "investment"}).json()["items"]
    assert len(items) == 1
    return items[0]


def test_facts_list_and_filters(client: httpx.Client) -> None:
    page = client.get("/api/facts").json()
    assert page["limit"] == 100 and page["offset"] == 0
    assert len(page["items"]) == 7
    jobs = client.get("/api/facts", params={"kind": "jobs_cut"}).json()["items"]
    assert [(f["actor"], f["value"], f["unit"]) for f in jobs] == [("Safran", 1200.0, "jobs")]
    assert len(client.get("/api/facts", params={"actor": "Microsoft"}).json()["items"]) == 3
    assert len(client.get("/api/facts", params={"since": "2024-05", "until": "2024-05"}).json()["items"]) == 4
    in_alsace = client.get("/api/facts", params={"place": "region:44"}).json()["items"]
    assert {f["kind"] for f in in_alsace} == {"investment", "jobs_created"}
    assert client.get("/api/facts", params={"event": "choose france 2024"}).json()["items"]


def test_pagination(client: httpx.Client) -> None:
    first = client.get("/api/facts", params={"limit": 2}).json()["items"]
    second = client.get("/api/facts", params={"limit": 2, "offset": 2}).json()["items"]
    assert len(first) == len(second) == 2
    assert not {f["id"] for f in first} & {f["id"] for f in second}
    assert client.get("/api/facts", params={"limit": 1000}).status_code == 200
    for bad in ({"limit": 1001}, {"limit": 0}, {"offset": -1}):
        r = client.get("/api/facts", params=bad)
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/json"
        assert "limit" in r.json()["reason"] or "offset" in r.json()["reason"]


def test_commitments_merge_articles_and_mark_overdue(client: httpx.Client) -> None:
    c = _microsoft_investment(client)
    assert c["value"] == 4e9 and c["deadline"] == "2027" and c["event"] == EVENT
    assert len(c["evidence"]) == 2
    assert "departement:68" in [p["code"] for p in c["places"]]
    safran = client.get("/api/commitments", params={"overdue": "true"}).json()["items"]
    assert [x["actor"] for x in safran] == ["Safran"]
    assert safran[0]["overdue"] is True
    early = client.get("/api/commitments", params={"overdue": "true", "as_of": "2019"}).json()["items"]
    assert early == []
    by_deadline = client.get("/api/commitments", params={"order": "deadline"}).json()["items"]
    deadlines = [x["deadline"] for x in by_deadline if x["deadline"]]
    assert deadlines == sorted(deadlines)
    assert client.get("/api/commitments", params={"status": "cancelled"}).json()["items"] == []


def test_commitment_evidence_with_figure_span(client: httpx.Client, ids: dict[str, str]) -> None:
    c = client.get(f"/api/commitments/{_microsoft_investment(client)['id']}").json()
    assert {e["document_id"] for e in c["evidence"]} == {ids["microsoft_a"], ids["microsoft_b"]}
    for e in c["evidence"]:
        text = client.get(f"/api/documents/{e['document_id']}").json()["text"]
        assert text[e["start"]:e["end"]] == e["text"]
        assert text[e["figure"]["start"]:e["figure"]["end"]] == "4 milliards d'euros"


def test_document_text_and_fact_offsets(client: httpx.Client, ids: dict[str, str]) -> None:
    d = client.get(f"/api/documents/{ids['microsoft_a']}").json()
    assert d["text"] == MICROSOFT_A
    assert d["title"] == "Microsoft investit en Alsace"
    assert d["sources"] == ["https://example.org/microsoft-a"]
    assert len(d["facts"]) == 3
    for f in d["facts"]:
        assert d["text"][f["evidence"]["start"]:f["evidence"]["end"]] == f["evidence"]["text"]
    jobs = next(f for f in d["facts"] if f["kind"] == "jobs_created")
    assert d["text"][jobs["figure"]["start"]:jobs["figure"]["end"]] == "200 emplois"


def test_totals(client: httpx.Client) -> None:
    by_region = client.get("/api/totals", params={"by": "region", "kind": "investment"}).json()
    assert by_region["by"] == "region"
    regions = {r["region"]: r for r in by_region["items"]}
    assert regions["region:44"]["eur"] == 4e9
    assert regions["region:32"]["eur"] == 5e8
    assert "region:84" in regions
    departments = client.get("/api/totals", params={"by": "department", "kind": "jobs_cut"}).json()["items"]
    assert [(r["department"], r["total"]) for r in departments] == [("departement:31", 1200.0)]
    assert client.get("/api/totals", params={"by": "galaxy"}).status_code == 422


def test_deadlines(client: httpx.Client) -> None:
    items = client.get("/api/deadlines").json()["items"]
    assert [x["deadline"] for x in items] == sorted(x["deadline"] for x in items)
    assert items[0]["actor"] == "Safran" and items[0]["overdue"]
    later = client.get("/api/deadlines", params={"after": "2031"}).json()["items"]
    assert [x["actor"] for x in later] == ["Renault"]
    assert [x["deadline"] for x in client.get("/api/deadlines", params={"before": "2020"}).json()["items"]] == ["2020"]


def test_company_place_event(client: httpx.Client) -> None:
    for name in ("MSFT", "Microsoft", "microsoft"):
        company = client.get(f"/api/companies/{name}").json()
        assert company["name"] == "Microsoft" and company["company_id"] == "MSFT"
        assert {c["kind"] for c in company["commitments"]} == {"investment", "jobs_created"}
    place = client.get("/api/places/region:44").json()
    assert place["name"] == "Grand Est" and place["level"] == "region"
    assert {c["actor"] for c in place["commitments"]} == {"Microsoft"}
    toulouse = client.get("/api/places/commune:31555").json()
    assert "departement:31" in [p["code"] for p in toulouse["parents"]]
    assert client.get("/api/places/region:75").json()["commitments"] == []
    event = client.get("/api/events/Choose France 2024").json()
    assert event["event"] == EVENT
    row = next(r for r in event["rows"] if r["kind"] == "investment")
    assert (row["announced"], row["found"], row["count"]) == (15e9, 4e9, 1)
    assert client.get("/api/events/choose-france-2024").status_code == 200


@pytest.mark.parametrize("url", ["/api/commitments/nope", "/api/documents/nope", "/api/companies/Nobody",
                                 "/api/places/region:99", "/api/events/Never 1900", "/api/unknown"])
def test_not_found_is_json_with_reason(client: httpx.Client, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    assert r.json()["status"] == 404 and r.json()["reason"]


@pytest.mark.parametrize("params", [{"since": "2024-13"}, {"until": "yesterday"}, {"as_of": "0999"},
                                    {"limit": "many"}, {"actor": "x" * 500}])
def test_bad_parameters_are_422_with_reason(client: httpx.Client, params: dict) -> None:
    r = client.get("/api/commitments", params=params)
    assert r.status_code == 422
    assert r.json()["reason"]


def test_openapi_and_headers(client: httpx.Client) -> None:
    r = client.get("/openapi.json")
    paths = r.json()["paths"]
    for path in ("/api/facts", "/api/commitments", "/api/commitments/{commitment_id}", "/api/documents/{document_id}",
                 "/api/totals", "/api/deadlines", "/api/companies/{company}", "/api/places/{code}",
                 "/api/events/{event}", "/api/documents"):
        assert path in paths
    assert "post" in paths["/api/documents"]
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert client.get("/api/facts").headers["x-content-type-options"] == "nosniff"


def test_reads_use_a_read_only_connection(app) -> None:
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        with app.state.reader.begin() as conn:
            conn.execute(documents.delete())


def test_writes_refused_without_token_or_cross_site(client: httpx.Client) -> None:
    body = {"text": "Le groupe Safran va investir 10 millions d'euros à Lyon."}
    r = client.post("/api/documents", json=body)
    assert r.status_code == 401 and r.json()["reason"]
    assert client.post("/api/documents", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        r = client.post("/api/documents", json=body, headers={**auth, **headers})
        assert r.status_code == 403 and "cross-site" in r.json()["reason"]


def test_a_posted_text_has_the_id_ingest_gives_it(client: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "Le groupe Safran va investir 12 millions d'euros à Rennes."
    first = client.post("/api/documents", json={"text": text.replace("investir", "inves\x00tir")}, headers=auth)
    assert first.status_code == 201, first.text
    again = client.post("/api/documents", json={"text": text}, headers=auth)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert client.get(f"/api/documents/{first.json()['id']}").json()["text"] == text


def test_summary_agrees_with_the_lists_and_totals(client: httpx.Client) -> None:
    head = client.get("/api/summary", params={"as_of": "2026-01-01"}).json()
    totals = client.get("/api/totals", params={"by": "kind", "as_of": "2026-01-01"}).json()["items"]
    money = sum(r["eur"] or 0 for r in totals if r["kind"] == "investment")
    assert head["money"]["value"] == pytest.approx(money) and head["money"]["unit"] == "EUR"
    created = sum(r["total"] or 0 for r in totals if r["kind"] == "jobs_created" and r["unit"] == "jobs")
    assert head["jobs_created"]["value"] == pytest.approx(created)
    listed = client.get("/api/commitments", params={"as_of": "2026-01-01", "limit": 1})
    assert head["commitments"] == int(listed.headers["X-Total-Count"])
    overdue = client.get("/api/commitments", params={"as_of": "2026-01-01", "overdue": "true", "limit": 1})
    # the list's overdue holds closures and cuts past their deadline with no later news, which the summary counts apart
    assert head["overdue"] + head["without_news"] == int(overdue.headers["X-Total-Count"])
    placed = sum(part["value"] for part in head["placed"].values())
    assert placed == pytest.approx(head["money"]["value"])
    assert head["period"]["first"] <= head["period"]["last"] and head["documents"] > 0
    assert client.get("/api/summary", params={"kind": "bogus"}).status_code == 422


def test_large_responses_are_gzipped(client: httpx.Client) -> None:
    outlines = client.get("/geo/regions.geojson", headers={"Accept-Encoding": "gzip"})
    assert outlines.headers["content-encoding"] == "gzip" and outlines.json()["features"]
    listed = client.get("/api/facts", params={"limit": 1000}, headers={"Accept-Encoding": "gzip"})
    assert listed.headers["content-encoding"] == "gzip" and listed.json()["items"]
    plain = client.get("/api/facts", params={"limit": 1000}, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == listed.json()


def test_body_over_1mb_is_413(client: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    r = client.post("/api/documents", content=b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}', headers=auth)
    assert r.status_code == 413 and r.json()["reason"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: the size is counted as it comes
        for _ in range(20):
            yield b"a" * 100_000

    assert client.post("/api/documents", content=chunks(), headers=auth).status_code == 413


def test_writes_off_without_a_configured_token(ledger) -> None:
    with serve(create_app(ledger[0], None)) as base:
        r = httpx.post(f"{base}/api/documents", json={"text": "x"}, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "PLEDGEWATCH_TOKEN" in r.json()["reason"]


def test_post_document_ingests_and_returns_facts(client: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "Le groupe Saint-Gobain va investir 80 millions d'euros à Reims et créer 120 emplois d'ici 2028."
    body = {"text": text, "title": "Saint-Gobain à Reims", "url": "https://example.org/sg", "published": "2025-01-15"}
    r = client.post("/api/documents", json=body, headers=auth)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["new"] is True
    money = [f for f in created["facts"] if f["unit"] == "EUR"]
    assert money and money[0]["value"] == 8e7
    assert text[money[0]["figure"]["start"]:money[0]["figure"]["end"]].startswith("80 millions")
    stored = client.get(f"/api/documents/{created['id']}").json()
    assert stored["title"] == "Saint-Gobain à Reims" and stored["published"] == "2025-01-15"
    again = client.post("/api/documents", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["new"] is False


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "Microsoft will invest 4 billion dollars in France."},
                                  {"text": "ok", "published": "May"}, {"text": "x", "url": "javascript:alert(1)"},
                                  {"title": "no text"}])
def test_post_document_bad_bodies_are_422(client: httpx.Client, body: dict) -> None:
    r = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and r.json()["reason"]


def test_dashboard_pages_and_assets_served(client: httpx.Client, ids: dict[str, str]) -> None:
    for path in ("/", "/commitments", "/commitments/x", f"/documents/{ids['safran']}", "/companies/MSFT",
                 "/events/Choose France 2024", "/deadlines"):
        r = client.get(path)
        assert r.status_code == 200 and "text/html" in r.headers["content-type"]
        assert "<script>" not in r.text
    assert client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    regions = client.get("/geo/regions.geojson").json()
    assert len(regions["features"]) == 13
    assert Path(__file__).parents[1].joinpath("src/pledgewatch/data/geo/README.md").exists()


def test_postgresql_reads_are_read_only(pg_db: str) -> None:
    build_ledger(pg_db)
    app = create_app(pg_db, None)
    with serve(app) as base:
        items = httpx.get(f"{base}/api/commitments", params={"actor": "Microsoft"}).json()["items"]
        assert {c["kind"] for c in items} == {"investment", "jobs_created"}
        regions = httpx.get(f"{base}/api/totals", params={"by": "region", "kind": "investment"}).json()["items"]
        assert {r["region"] for r in regions} >= {"region:44", "region:32"}
        assert httpx.get(f"{base}/api/commitments", params={"actor": "a\x00b"}).status_code < 500
        with pytest.raises(sa.exc.DBAPIError, match="read-only"):
            with app.state.reader.begin() as conn:
                conn.execute(documents.delete())


def test_serve_command(ledger) -> None:
    port = free_port()
    script = ("import typer; from pledgewatch.cli import server; app = typer.Typer(); server.register(app); "
              "app.callback()(lambda: None); app()")
    env = {k: v for k, v in os.environ.items() if k != "PLEDGEWATCH_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-c", script, "serve", "--db", ledger[0], "--port", str(port)],
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/facts", params={"limit": 1})
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, proc.stderr and proc.stderr.read()
                time.sleep(0.2)
        assert r.status_code == 200 and len(r.json()["items"]) == 1
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err and "writes off" in err


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"kind": "jobs"}, {"unit": "parsecs"}, {"place": "planet:3"},
                                    {"actor": "%"}, {"actor": "!!!"}, {"event": "???"}, {"event": "Choose France"},
                                    {"actor": "Nobody"}])
def test_bad_filter_values_are_422_with_a_coded_reason(client: httpx.Client, params: dict) -> None:
    for url in ("/api/facts", "/api/commitments", "/api/deadlines", "/api/totals"):
        r = client.get(url, params=params)
        assert r.status_code == 422, (url, params, r.text)
        assert r.json()["code"] in ("L019", "L020", "L023", "L100") and r.json()["reason"]
    reason = client.get("/api/commitments", params={"status": "bogus"}).json()["reason"]
    assert all(status in reason for status in ("planned", "postponed", "completed", "cancelled"))
    assert "jobs_created" in client.get("/api/totals", params={"kind": "jobs"}).json()["reason"]
    assert "Choose France 2024" in client.get("/api/commitments", params={"event": "Choose France"}).json()["reason"]


def test_framework_rejections_are_coded_too(client: httpx.Client) -> None:
    r = client.get("/api/facts", params={"limit": 0})
    assert r.status_code == 422 and r.json()["code"] == "L100" and "limit" in r.json()["reason"]


def test_lists_give_the_true_total_count_in_a_stable_order(client: httpx.Client, app) -> None:
    for url, params in (("/api/facts", {}), ("/api/commitments", {}), ("/api/deadlines", {}),
                        ("/api/commitments", {"kind": "investment"})):
        everything = client.get(url, params={**params, "limit": 1000}).json()["items"]
        pages = [client.get(url, params={**params, "limit": 2, "offset": start}) for start in range(0, len(everything) + 2, 2)]
        assert [x["id"] for p in pages for x in p.json()["items"]] == [x["id"] for x in everything]
        for page in pages:
            assert page.headers["x-total-count"] == str(len(everything)) == str(page.json()["total"])
    header = app.openapi()["paths"]["/api/commitments"]["get"]["responses"]["200"]["headers"]
    assert "X-Total-Count" in header


def test_only_the_served_host_is_answered(ledger) -> None:
    with serve(create_app(ledger[0], None, ["ledger.example"])) as base:
        assert httpx.get(f"{base}/api/facts").status_code == 200
        port = base.rsplit(":", 1)[1]
        for host, expected in ((f"localhost:{port}", 200), ("ledger.example", 200), ("evil.example", 400),
                               (f"attacker.test:{port}", 400)):
            assert httpx.get(f"{base}/api/facts", headers={"Host": host}).status_code == expected, host


def test_allowed_hosts_from_the_environment(ledger, monkeypatch) -> None:
    monkeypatch.setenv("PLEDGEWATCH_ALLOWED_HOSTS", "a.example, b.example")
    with serve(create_app(ledger[0], None)) as base:
        assert httpx.get(f"{base}/", headers={"Host": "b.example"}).status_code == 200
        assert httpx.get(f"{base}/", headers={"Host": "c.example"}).status_code == 400


def test_no_swagger_page_from_a_cdn_and_head_is_answered(client: httpx.Client) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/openapi.json").status_code == 200
    r = client.head("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"] and r.content == b""
