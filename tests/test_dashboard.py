"""The dashboard in headless Chromium (the system browser, driven by Playwright) over a live server.

Without /usr/bin/chromium these tests fail under CI (CI=true) and are skipped elsewhere.
Screenshots of the map and of a commitment page are saved under test-artifacts/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from ledger_server import EVENT, PAYLOAD, build_ledger, serve
from playwright.sync_api import expect, sync_playwright

from pledgewatch.web.api import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TIMEOUT_MS = 15_000


def _space(text: str) -> str:
    """Text with no-break and thin spaces as plain spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    db = str(tmp_path_factory.mktemp("dashboard") / "ledger.db")
    ids = build_ledger(db)
    with serve(create_app(db, None)) as base:
        yield base, ids


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: run scripts/system-deps.sh (Debian's chromium)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    """A fresh page; its dialogs and script errors are collected and checked after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site[0])
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    tab.dialogs, tab.errors = [], []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    yield tab
    assert tab.dialogs == []
    assert tab.errors == []
    context.close()


def open_page(page, path: str):
    page.goto(path)
    page.wait_for_selector("#main[data-ready='1']")
    return page


def commitment_id(page, actor: str, kind: str) -> str:
    found = page.request.get(f"/api/commitments?actor={quote(actor)}&kind={kind}").json()["items"]
    assert len(found) == 1
    return found[0]["id"]


def test_map_shades_regions_and_lists_an_area(page) -> None:
    open_page(page, "/")
    areas = page.locator("svg.map path.area")
    assert areas.count() == 13
    grand_est = page.locator("path.area[data-code='44']")
    bretagne = page.locator("path.area[data-code='53']")
    assert grand_est.get_attribute("fill") != bretagne.get_attribute("fill")
    grand_est.click()
    page.wait_for_selector("#area h2")
    assert page.inner_text("#area h2") == "Grand Est"
    listed = _space(page.inner_text("#area"))
    assert "Microsoft · investissement · 4 Md€" in listed
    assert "Microsoft · créations d'emplois · 200 emplois" in listed
    assert "Renault" not in listed
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)


def test_map_page_opens_with_headline_figures_and_what_it_cannot_place(page) -> None:
    head = page.request.get("/api/summary").json()
    open_page(page, "/")
    page.wait_for_selector("section.summary .stat")
    stats = page.locator("section.summary a.stat")
    assert stats.count() == 5
    assert stats.nth(0).get_attribute("href") == "/commitments?kind=investment"
    assert _space(stats.nth(3).inner_text()).startswith(str(head["commitments"]))
    assert "Md€" in stats.nth(0).inner_text()
    assert f"{head['documents']} article" in page.inner_text("section.summary")
    assert "Sur plusieurs régions" in page.inner_text("p.unplaced")
    stats.nth(2).click()
    page.wait_for_url("**/commitments?kind=jobs_cut")


def test_map_by_department_and_jobs_cut(page) -> None:
    open_page(page, "/")
    page.click("button[data-value='departements']")
    page.wait_for_selector("figure.map-box[data-level='departements']")
    assert page.locator("svg.map path.area").count() == 96
    page.click("button[data-value='jobs_cut']")
    page.wait_for_selector("figure.map-box[data-measure='jobs_cut']")
    assert "level=departements" in page.url and "measure=jobs_cut" in page.url
    shaded = [el.get_attribute("data-code") for el in page.locator("path.area").all()
              if el.get_attribute("fill") != "#eceae4"]
    assert shaded == ["31"]
    assert "1 200 emplois" in _space(page.get_attribute("path.area[data-code='31']", "aria-label"))
    page.click("path.area[data-code='31']")
    page.wait_for_selector("#area h2")
    assert "Safran" in page.inner_text("#area") and "en retard" in page.inner_text("#area")


def test_table_filters_and_sorts(page) -> None:
    open_page(page, "/commitments")
    page.wait_for_selector("table.commitments")
    assert page.locator("table.commitments tbody tr").count() == 6
    page.select_option("#f-kind", "jobs_cut")
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments tbody tr")).to_have_count(1)
    row = _space(page.inner_text("table.commitments tbody tr"))
    assert "Safran" in row and "1 200 emplois" in row and "en retard" in row
    assert "kind=jobs_cut" in page.url
    page.select_option("#f-kind", "")
    page.fill("#f-place", "Haut-Rhin")
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments tbody tr")).to_have_count(2)
    page.click("button.sort[data-sort='figure']")
    page.click("button.sort[data-sort='figure']")
    figures = [_space(t) for t in page.locator("table.commitments td.col-figure").all_inner_texts()]
    assert figures == ["4 Md€", "200 emplois"]
    assert "sort=figure" in page.url and "dir=desc" in page.url
    page.fill("#f-place", "")
    page.fill("#f-since", "2024-05")
    page.fill("#f-event", EVENT)
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments")).to_contain_text("(total annoncé)")
    expect(page.locator("table.commitments tbody tr")).to_have_count(2)


def test_commitment_page_shows_every_article_with_its_figure(page) -> None:
    open_page(page, "/commitments?actor=Microsoft&kind=investment")
    page.click("table.commitments td.col-figure a")
    page.wait_for_url(re.compile(r"/commitments/[^/?]+$"))
    page.wait_for_selector("#main[data-ready='1'] .evidence-list")
    assert _space(page.inner_text(".big-figure")) == "4 Md€"
    assert page.inner_text("h1") == "Microsoft · investissement"
    facts = page.inner_text("dl.facts")
    assert "Haut-Rhin" in facts and "2027" in facts and EVENT in facts
    quotes = page.locator(".evidence blockquote")
    assert quotes.count() == 2
    assert page.locator(".evidence mark.figure").all_inner_texts() == ["4 milliards d'euros"] * 2
    assert "Le géant américain Microsoft a confirmé" in page.inner_text(".evidence-list")
    assert page.inner_text("table.figures tbody td.num") == "2"
    assert "prévu" in page.inner_text(".history")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "commitment.png"), full_page=True)


def test_document_page_highlights_each_fact(page, site) -> None:
    open_page(page, f"/documents/{site[1]['microsoft_a']}")
    assert page.inner_text("h1") == "Microsoft investit en Alsace"
    assert page.locator(".doc-text mark.figure").all_inner_texts() == [
        "4 milliards d'euros", "200 emplois", "15 milliards d'euros"]
    marked = "".join(page.locator(".doc-text mark").all_inner_texts())
    assert "Le groupe créera 200 emplois à Mulhouse" in marked
    assert page.locator(".doc-facts li").count() == 3
    assert page.locator(".sources a[href='https://example.org/microsoft-a']").count() == 1


def test_company_and_event_pages(page) -> None:
    open_page(page, "/companies/MSFT")
    assert page.inner_text("h1") == "Microsoft (MSFT)"
    assert page.locator("table.commitments tbody tr").count() == 2
    assert "4 Md€" in _space(page.inner_text("table.totals"))
    open_page(page, "/events/" + quote(EVENT))
    row = _space(page.inner_text("table.reconcile tr[data-kind='investment']"))
    assert "15 Md€" in row and "4 Md€" in row
    assert page.locator("table.commitments tbody tr").count() == 1


def test_deadlines_timeline_marks_overdue(page) -> None:
    open_page(page, "/deadlines")
    assert page.locator("svg.timeline circle.dot").count() == 4
    overdue = page.locator("svg.timeline circle.overdue")
    assert overdue.count() == 1
    assert page.inner_text(".deadline-list li.is-overdue").startswith("2020")
    assert "Safran" in page.inner_text(".deadline-list li.is-overdue")
    years = [t[:4] for t in page.locator(".deadline-list time").all_inner_texts()]
    assert years == sorted(years)


def test_english_switch(page) -> None:
    open_page(page, "/commitments?actor=Microsoft")
    page.click("#lang")
    page.wait_for_selector("#top nav >> text=Commitments")
    page.wait_for_selector("table.commitments")
    assert "4bn€" in _space(page.inner_text("table.commitments")).replace(" ", "")
    open_page(page, "/")
    assert page.inner_text("h1") == "Where the money and the jobs go"


def test_script_payloads_never_run(page, site) -> None:
    evil = commitment_id(page, "Evil" + PAYLOAD, "investment")
    pages = ["/", "/commitments", f"/commitments/{quote(evil)}", f"/documents/{site[1]['xss']}",
             "/companies/" + quote("Evil" + PAYLOAD, safe=""), "/events/" + quote(f"{PAYLOAD} 2024", safe=""),
             "/deadlines", "/commitments?actor=" + quote("Evil" + PAYLOAD)]
    for path in pages:
        open_page(page, path)
        if path == "/":
            page.click("path.area[data-code='84']")
            page.wait_for_selector("#area h2")
        assert page.evaluate("window.__xss") is None, path
        assert page.locator("img[src='x'], main script, main svg[onload]").count() == 0, path
        assert page.locator("a[href^='javascript']").count() == 0, path
        if path != "/deadlines":
            assert "window.__xss=1" in page.inner_text("main"), path
    open_page(page, f"/documents/{site[1]['xss']}")
    assert page.inner_text("h1") == f"Titre {PAYLOAD}"
    assert PAYLOAD in page.inner_text(".doc-text")
    assert "javascript:" in page.inner_text(".sources")


RANGE_TEXT = "Le groupe Corvalis investira entre 80 et 100 millions d'euros à Metz, lors de Choose France 2024."
AT_LEAST_TEXT = "Le groupe Dorvalis investira plus de 40 millions d'euros à Lyon, lors de Choose France 2024."
SUMMIT_TEXT = "Au total, le sommet Choose France 2024 a réuni plus de 15 milliards d'euros d'engagements."


@pytest.fixture(scope="module")
def hedged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ledger of a range, an 'at least' figure and an announced total, served on loopback."""
    from conftest import make_fact

    from pledgewatch.document import Document
    from pledgewatch.ledger.ingest import Summary, ingest_one
    from pledgewatch.ledger.store import open_store
    from pledgewatch.read.reader import content_hash

    ranged = {**make_fact(RANGE_TEXT, RANGE_TEXT, actor="Corvalis", value=8e7, unit="EUR",
                          places=("commune:57463",), event=EVENT), "value_max": 1e8, "qualifier": "range"}
    docs = [(RANGE_TEXT, ranged),
            (AT_LEAST_TEXT, make_fact(AT_LEAST_TEXT, AT_LEAST_TEXT, actor="Dorvalis", value=4e7, unit="EUR",
                                      places=("commune:69123",), qualifier="at_least", event=EVENT)),
            (SUMMIT_TEXT, make_fact(SUMMIT_TEXT, SUMMIT_TEXT, actor=None, aggregate=True, value=15e9, unit="EUR",
                                    qualifier="at_least", event=EVENT))]
    db = str(tmp_path_factory.mktemp("hedged") / "ledger.db")
    engine = open_store(db)
    for text, fact in docs:
        doc = Document(id=content_hash(text), text=text, lang="fr", published="2024-05-13", source=f"test:{text[:20]}")
        summary = Summary()
        ingest_one(engine, doc, lambda d, f=fact: {"document": {"id": d.id, "lang": "fr", "published": d.published},
                                                   "facts": [f], "quotes": []}, summary)
        assert summary.new == 1, summary.failures
    engine.dispose()
    with serve(create_app(db, None)) as base:
        yield base


def test_ranges_and_hedges_are_shown_with_every_figure(browser, hedged_site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=hedged_site)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, "/")
    assert _space(page.get_attribute("path.area[data-code='44']", "aria-label")) == "Grand Est : 80 M€ – 100 M€"
    lyon = _space(page.get_attribute("path.area[data-code='84']", "aria-label"))
    assert lyon == "Auvergne-Rhône-Alpes : au moins 40 M€"
    assert "borne basse" in page.inner_text("figure.map-box")
    assert "80 M€ – 100 M€" in _space(page.inner_text("ol.ranking"))
    open_page(page, "/companies/Corvalis")
    assert "80 M€ – 100 M€" in _space(page.inner_text("table.totals"))
    open_page(page, "/events/" + quote(EVENT))
    row = _space(page.inner_text("table.reconcile tr[data-kind='investment']"))
    assert "au moins 15 Md€" in row and "au moins 120 M€" in row
    open_page(page, "/commitments?actor=Corvalis")
    page.click("table.commitments td.col-figure a")
    page.wait_for_selector("#main[data-ready='1'] .evidence-list")
    assert "80 M€ – 100 M€" in _space(page.inner_text(".evidence-list"))
    context.close()


def _pages(page) -> dict[str, str]:
    """Every kind of page of the dashboard, by name."""
    c = page.request.get("/api/commitments?limit=1").json()["items"][0]
    return {"map": "/", "commitments": "/commitments", "deadlines": "/deadlines",
            "commitment": f"/commitments/{c['id']}", "document": f"/documents/{c['evidence'][0]['document_id']}",
            "company": "/companies/Microsoft", "event": f"/events/{quote(EVENT)}"}


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_is_wider_than_the_screen(browser, site, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844}, base_url=site[0])
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        for name, path in _pages(page).items():
            open_page(page, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        if width == 390:  # the header keeps every link and the language switch on screen
            for selector in ("#top nav a[href='/deadlines']", "#lang"):
                box = page.locator(selector).bounding_box()
                assert box is not None and box["x"] + box["width"] <= width, selector
    finally:
        context.close()


def test_unknown_routes_get_the_dashboards_not_found_page(page) -> None:
    response = page.goto("/no/such/page")
    assert response.status == 404 and "text/html" in response.headers["content-type"]
    page.wait_for_selector("#main[data-ready='1']")
    assert page.inner_text("#main h1") == "Page introuvable"
    assert page.title() == "Page introuvable · pledgewatch"
    page.click("#main a[href='/']")
    page.wait_for_selector("section.summary")
    api = page.request.get("/api/no-such-thing")
    assert api.status == 404 and api.json()["reason"]


def test_each_page_has_its_title_and_a_skip_link(page) -> None:
    open_page(page, "/deadlines")
    assert page.title() == f"{page.inner_text('#main h1')} · pledgewatch" != "pledgewatch"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip"
    assert page.inner_text("#skip") == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
