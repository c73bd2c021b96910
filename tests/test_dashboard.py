"""The dashboard in headless Chromium (the system browser, driven by Playwright) over a live server.

One browser for the module, one ledger (tests/dashboard_ledger.py). Without /usr/bin/chromium these
tests fail under CI (CI=true) and are skipped elsewhere; so does the accessibility check without
axe-core (tests/axe, installed by scripts/install.sh --test). Screenshots of every page at 390 and
1366 px are saved under test-artifacts/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from dashboard_ledger import (
    LOCAL_SOURCE,
    STORY_AMBIGUOUS,
    STORY_POSTPONED,
    build_dashboard_ledger,
    build_story_ledger,
)
from ledger_server import EVENT, PAYLOAD, serve
from playwright.sync_api import expect, sync_playwright

from pledgewatch.web.api import create_app

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TIMEOUT_MS = 15_000


def _space(text: str) -> str:
    """Text with no-break and thin spaces as plain spaces."""
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _served(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Iterator[tuple[str, dict[str, str]]]:
    """The ledger ``build`` makes (it gives document ids), served on loopback: (base URL, ids)."""
    db = str(tmp_path_factory.mktemp(name) / "ledger.db")
    ids = build(db)
    with serve(create_app(db, None)) as base:
        yield base, ids


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    yield from _served(tmp_path_factory, "dashboard", build_dashboard_ledger)


@pytest.fixture(scope="module")
def browser():
    _required(Path(CHROMIUM), "run scripts/system-deps.sh (Debian's chromium)")
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


def _required(path: Path, what: str) -> None:
    """Fail under CI, skip elsewhere, when ``path`` is missing."""
    if not path.exists():
        message = f"{path} not found: {what}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)


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
    assert page.locator("svg.map path.area").count() == 13
    assert page.locator("svg.map text.area-label").count() == 13  # each region named on the map
    grand_est = page.locator("path.area[data-code='44']")
    assert grand_est.get_attribute("fill") != page.get_attribute("path.area[data-code='53']", "fill") == "url(#no-data)"
    grand_est.click()
    page.wait_for_selector("#area h2")
    assert page.inner_text("#area h2") == "Grand Est · Argent investi"
    listed = _space(page.inner_text("#area"))
    assert "Microsoft · investissement · 4 Md€" in listed
    assert "Microsoft · investissement · au moins 2 Md€ (part de un engagement plus large)" in listed
    assert "créations d'emplois" not in listed and "Renault" not in listed  # the measure shown, here money


def test_map_page_opens_with_headline_figures_and_what_it_cannot_place(page) -> None:
    head = page.request.get("/api/summary").json()
    open_page(page, "/")
    page.wait_for_selector("section.summary .stat")
    stats = page.locator("section.summary a.stat")
    assert stats.count() == 6
    assert (head["overdue"], head["without_news"]) == (4, 2)  # 4 late; a closure and a cut with no later news
    assert [_space(stats.nth(i).inner_text()).split("\n")[0] for i in (4, 5)] == ["4", "2"]
    assert stats.nth(0).get_attribute("href") == "/commitments?kind=investment"
    assert _space(stats.nth(3).inner_text()).startswith(str(head["commitments"]))
    assert "Md€" in stats.nth(0).inner_text()
    assert f"{head['documents']} article" in page.inner_text("section.summary")
    assert "Sur plusieurs régions" in page.inner_text("p.unplaced")
    first, last = head["period"]["first"], head["period"]["last"]
    period = f"/commitments?since={first}&until={last}"
    assert _space(page.inner_text("a.period-link")) == "Annoncés de 1 mars 2019 à 15 mai 2024"
    assert page.get_attribute("a.sources-link", "href") == period  # no list of documents: the period's commitments
    stats.nth(2).click()
    page.wait_for_url("**/commitments?kind=jobs_cut")
    open_page(page, "/")
    page.click("a.period-link")
    page.wait_for_url("**" + period)
    expect(page.locator("table.commitments tbody tr")).to_have_count(head["commitments"])
    assert page.input_value("#f-since") == first and page.input_value("#f-until") == last


def test_map_by_department_and_jobs_cut(page) -> None:
    open_page(page, "/")
    page.click("button[data-value='departements']")
    page.wait_for_selector("figure.map-box[data-level='departements']")
    assert page.locator("svg.map path.area:not([data-inset])").count() == 96
    assert page.locator("svg.map g.inset path.area").count() == 8  # Île-de-France enlarged
    page.click("button[data-value='jobs_cut']")
    page.wait_for_selector("figure.map-box[data-measure='jobs_cut']")
    assert "level=departements" in page.url and "measure=jobs_cut" in page.url
    shaded = [el.get_attribute("data-code") for el in page.locator(".area").all()
              if el.get_attribute("fill") != "url(#no-data)"]
    assert shaded == ["31"]
    assert "1 200 emplois" in _space(page.get_attribute("path.area[data-code='31']", "aria-label"))
    page.click("path.area[data-code='31']")
    page.wait_for_selector("#area h2")
    assert "Safran" in page.inner_text("#area") and "sans nouvelles depuis 1 mars 2019" in page.inner_text("#area")


def test_table_filters_and_sorts(page) -> None:
    open_page(page, "/commitments")
    page.wait_for_selector("table.commitments")
    assert page.locator("table.commitments tbody tr").count() == 13
    page.select_option("#f-kind", "jobs_cut")
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments tbody tr")).to_have_count(1)
    row = _space(page.inner_text("table.commitments tbody tr"))
    assert "Safran" in row and "1 200 emplois" in row and "sans nouvelles" in row and "en retard" not in row
    assert "kind=jobs_cut" in page.url
    page.select_option("#f-kind", "")
    page.fill("#f-place", "Haut-Rhin")
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments tbody tr")).to_have_count(3)
    page.click("button.sort[data-sort='figure']")
    page.click("button.sort[data-sort='figure']")
    figures = [_space(t) for t in page.locator("table.commitments td.col-figure").all_inner_texts()]
    assert figures == ["4 Md€", "au moins 2 Md€ (part de 4 Md€)", "200 emplois"]
    assert "sort=figure" in page.url and "dir=desc" in page.url
    page.fill("#f-place", "")
    page.fill("#f-since", "2024-05")
    page.fill("#f-event", EVENT)
    page.click("form.filters button[type='submit']")
    expect(page.locator("table.commitments")).to_contain_text("(total annoncé)")
    expect(page.locator("table.commitments tbody tr")).to_have_count(3)


def test_commitment_page_shows_every_article_with_its_figure(page) -> None:
    open_page(page, "/commitments?actor=Microsoft&kind=investment")
    page.locator("table.commitments td.col-figure a.figure-link").filter(has_text=re.compile(r"^4\s*Md€$")).click()
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
    assert page.locator("table.commitments tbody tr").count() == 3  # the 4 Md€, its 2 Md€ part, the jobs
    money = _space(page.inner_text("table.totals tbody tr:first-child"))
    assert money.startswith("investissement\t4 Md€"), money  # the part is in its whole: not 6 Md€
    assert "(part de 4 Md€)" in _space(page.inner_text("table.commitments"))
    open_page(page, "/events/" + quote(EVENT))
    row = _space(page.inner_text("table.reconcile tr[data-kind='investment']"))
    assert "15 Md€" in row and "4 Md€" in row and "6 Md€" not in row
    assert page.locator("table.commitments tbody tr").count() == 2


def test_deadlines_timeline_marks_overdue(page) -> None:
    open_page(page, "/deadlines")
    dots = page.locator("svg.timeline .dot")
    assert dots.count() == 9
    groups = sorted(d.get_attribute("data-group") for d in dots.all())
    assert groups == ["late"] * 4 + ["nonews"] * 2 + ["planned"] * 3
    assert _space(page.inner_text("h1")) == "Échéances · 4 en retard · 2 sans nouvelles"
    legend = page.locator(".timeline-legend li")
    assert legend.count() == 6 and legend.locator("svg").count() == 6  # a shape for each, not colour alone
    assert page.locator("svg.timeline polygon.g-late").count() == 4 and page.locator("svg.timeline circle.g-nonews").count() == 2
    closure = _space(page.inner_text(".deadline-list li[data-group='nonews']:has-text('Nordane')"))
    assert "sans nouvelles depuis 10 janv. 2020" in closure and "en retard" not in closure
    assert "Exemplor" in page.inner_text(".deadline-list li.is-overdue")
    ticks = {int(t.get_attribute("data-year")): float(t.get_attribute("x1"))
             for t in page.locator("svg.timeline line.tick").all()}
    assert sorted(ticks) == list(range(min(ticks), max(ticks) + 1))  # a tick every year
    evil = page.locator("svg.timeline [data-id]").nth(7)  # by deadline: 2020, 2021, 2022 x4, 2027, 2030, 2035
    assert evil.get_attribute("data-group") == "planned"
    x = float(evil.get_attribute("cx"))
    assert ticks[2030] < x < ticks[2031]  # a deadline of 2030 is drawn within 2030
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
    assert "javascript:" not in page.inner_text("main") and "Pas d'adresse publique" in page.inner_text(".sources")


RANGE_TEXT = "Le groupe Corvalis investira entre 80 et 100 millions d'euros à Metz, lors de Choose France 2024."
AT_LEAST_TEXT = "Le groupe Dorvalis investira plus de 40 millions d'euros à Lyon, lors de Choose France 2024."
SUMMIT_TEXT = "Au total, le sommet Choose France 2024 a réuni plus de 15 milliards d'euros d'engagements."


@pytest.fixture(scope="module")
def hedged_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A ledger of a range, an 'at least' figure and an announced total, served on loopback."""
    from conftest import make_fact
    from ledger_server import store_given

    from pledgewatch.ledger.store import open_store

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
        store_given(engine, text, [fact], "2024-05-13", f"test:{text[:20]}")
    engine.dispose()
    with serve(create_app(db, None)) as base:
        yield base


def test_ranges_and_hedges_are_shown_with_every_figure(browser, hedged_site) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=hedged_site)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    open_page(page, "/")
    grand_est = _space(page.get_attribute("path.area[data-code='44']", "aria-label"))
    assert grand_est == "Grand Est · 80 M€ – 100 M€ · 1 engagement(s) · rang 1 sur 2"
    lyon = _space(page.get_attribute("path.area[data-code='84']", "aria-label"))
    assert lyon == "Auvergne-Rhône-Alpes · au moins 40 M€ · 1 engagement(s) · rang 2 sur 2"
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
    c = page.request.get("/api/commitments?actor=Microsoft&kind=investment").json()["items"][0]
    return {"map": "/", "map-departments": "/?level=departements&measure=jobs_cut&area=31",
            "commitments": "/commitments", "deadlines": "/deadlines",
            "commitment": f"/commitments/{c['id']}", "document": f"/documents/{c['evidence'][0]['document_id']}",
            "company": "/companies/Microsoft", "event": f"/events/{quote(EVENT)}",
            "commitment-en": f"/commitments/{c['id']}?lang=en", "not-found": "/no/such/page"}


AXE_RUN = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`)"""


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_is_wider_than_the_screen_nor_fails_axe(browser, site, width: int) -> None:
    """Every page at a phone's and a laptop's width: nothing wider than the screen, a screenshot under
    test-artifacts/, and no serious or critical violation that axe-core finds."""
    _required(AXE, "run scripts/install.sh --test (npm ci --prefix tests/axe)")
    context = browser.new_context(viewport={"width": width, "height": 844}, base_url=site[0],
                                  bypass_csp=True)  # axe is injected by the test; the dashboard never loads it
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    try:
        for name, path in _pages(page).items():
            open_page(page, path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
            page.add_script_tag(path=str(AXE))
            found[name] = page.evaluate(AXE_RUN)
        if width == 390:  # the header keeps every link and the language switch on screen; the timeline is legible
            for selector in ("#top nav a[href='/deadlines']", "#lang"):
                box = page.locator(selector).bounding_box()
                assert box is not None and box["x"] + box["width"] <= width, selector
            open_page(page, "/deadlines")
            label = page.locator("svg.timeline text.tick-label").first.bounding_box()
            assert label is not None and label["height"] >= 11, label
    finally:
        context.close()
    assert found == {name: [] for name in found}


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


def test_map_tooltip_legend_overseas_and_the_area_kept(page, browser, site) -> None:
    open_page(page, "/")
    tip = page.locator(".map-tip")
    assert tip.is_hidden()
    page.hover("path.area[data-code='44']")
    assert tip.is_visible()  # at once, not the browser's slow title
    assert _space(tip.inner_text()).split("\n") == ["Grand Est", "4 Md€", "1 engagement(s)", "rang 1 sur 4"]
    page.hover("path.area[data-code='53']")
    assert _space(tip.inner_text()).split("\n") == ["Bretagne", "aucune donnée"]
    reunion = page.locator("rect.area[data-code='04']")  # an overseas region, as a tile
    assert reunion.get_attribute("fill") != "url(#no-data)"
    assert _space(reunion.get_attribute("aria-label")).startswith("La Réunion · 30 M€ · 1 engagement(s) · rang ")
    assert page.locator("rect.area").count() == 5
    legend = page.locator("ul.legend li").all_inner_texts()
    assert legend[0] == "aucune donnée" and page.locator("ul.legend .swatch.no-data").count() == 1
    for number in re.findall(r"\d[\d\u202f,]*", " ".join(legend)):
        digits = number.replace("\u202f", "").replace(",", "").strip("0")
        assert len(digits) <= 2, legend  # rounded breaks: "700 M€", not "706,6 M€"
    page.click("button[data-value='jobs_created']")
    page.wait_for_selector("figure.map-box[data-measure='jobs_created']")
    page.click("path.area[data-code='44']")
    page.wait_for_selector("#area li")
    assert page.inner_text("#area h2") == "Grand Est · Emplois créés"
    assert page.get_attribute("#area a[href*='kind=']", "href") == "/commitments?place=region%3A44&kind=jobs_created"
    assert "area=44" in page.url
    page.reload()
    page.wait_for_selector("#area li")  # the area and its measure stay open
    assert page.inner_text("#area h2") == "Grand Est · Emplois créés"
    assert "200 emplois" in _space(page.inner_text("#area"))
    page.locator("path.area[data-code='44']").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.code") != "44"
    assert page.locator("svg.map .area[tabindex='0']").count() == 1  # one tab stop, arrows inside
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                base_url=site[0])
    tab = phone.new_page()
    open_page(tab, "/")
    tab.tap("path.area[data-code='44']")
    assert tab.locator(".map-tip").is_visible() and "Grand Est" in tab.inner_text(".map-tip")
    tab.wait_for_selector("#area h2")
    phone.close()


def test_list_pages_names_and_csv(page) -> None:
    open_page(page, "/commitments?per=10")
    rows = page.locator("table.commitments tbody tr")
    expect(rows).to_have_count(10)
    assert _space(page.inner_text(".pager .range")) == "1–10 sur 13"
    newest = page.request.get("/api/commitments?limit=10").json()["items"]
    assert [r.get_attribute("data-id") for r in rows.all()] == [c["id"] for c in newest]  # newest news first
    assert page.inner_text("table.commitments tbody tr:first-child td.col-announced") == "15 mai 2024"
    page.locator(".pager .next").first.click()
    expect(rows).to_have_count(3)
    assert _space(page.inner_text(".pager .range")) == "11–13 sur 13" and "page=2" in page.url
    open_page(page, "/commitments")
    page.fill("#f-actor", "Micro")
    expect(page.locator("#names-actor option")).to_have_attribute("value", "Microsoft")  # suggested as one types
    page.click("form.filters button[type='submit']")
    expect(page.locator(".note")).to_contain_text("« Micro » → Microsoft")
    expect(rows).to_have_count(3)
    assert set(page.locator("table.commitments td.col-actor").all_inner_texts()) == {"Microsoft"}
    open_page(page, "/commitments?event=" + quote("Choose France"))
    expect(page.locator(".note")).to_contain_text(f"« Choose France » → {EVENT}")
    expect(rows).to_have_count(3)
    open_page(page, "/commitments?actor=Mikrosoft")
    expect(page.locator(".note")).to_contain_text("Aucun nom connu ne contient « Mikrosoft »")
    page.click(".note a.suggestion >> text=Microsoft")
    expect(rows).to_have_count(3)
    open_page(page, "/commitments?place=region:44")
    assert page.input_value("#f-place") == "Grand Est"  # a name, not "region:44"
    expect(rows).to_have_count(3)
    page.click("form.filters button[type='submit']")
    expect(rows).to_have_count(3)
    assert "place=region%3A44" in page.url
    csv_link = page.locator("a.csv")
    assert csv_link.get_attribute("href") == "/api/commitments.csv?place=region%3A44&order=updated"
    assert "3 engagements" in csv_link.inner_text()
    body = page.request.get(csv_link.get_attribute("href")).text()
    assert len(body.strip().splitlines()) == 1 + 3


def test_evidence_lines_and_parts(page, site) -> None:
    items = page.request.get("/api/commitments?actor=Microsoft&kind=investment").json()["items"]
    whole, part = (next(c for c in items if c["value"] == v) for v in (4e9, 2e9))
    open_page(page, f"/commitments/{whole['id']}")
    lines = page.locator(".evidence .source")
    assert lines.count() == 2
    titled = lines.filter(has_text="Microsoft investit en Alsace")
    assert titled.locator("a[href='https://example.org/microsoft-a'] cite").count() == 1
    assert "example.org" in titled.inner_text() and "13 mai 2024" in titled.inner_text()
    untitled = _space(lines.filter(has_text="example.org").nth(1).inner_text())
    assert untitled.startswith("Le géant américain Microsoft a confirmé") and "14 mai 2024" in untitled
    assert page.locator(".evidence .source a[href^='/documents/']").count() == 2
    assert _space(page.inner_text(".parts li")) == "au moins 2 Md€ · Petit-Landau"
    page.click(".parts li a")
    page.wait_for_url(f"**/commitments/{part['id']}")
    page.wait_for_selector(".part-note")
    assert "dna.fr" in page.inner_text(".evidence .source")
    page.click(".part-note a.whole-link")
    page.wait_for_url(f"**/commitments/{whole['id']}")
    closure = site[1]["closure"]
    open_page(page, f"/documents/{closure}")
    assert page.inner_text("h1").startswith("Le fabricant Nordane fermera son usine d'Amiens")
    assert "titre tiré de la première ligne" in page.inner_text("main")
    assert LOCAL_SOURCE not in page.content() and "/srv/" not in page.inner_text("body")


def test_language_in_the_url_french_quotes_and_focus(page, browser, site) -> None:
    c = page.request.get("/api/commitments?actor=Microsoft&kind=investment").json()["items"][0]
    open_page(page, f"/commitments/{c['id']}")
    page.click("#lang")
    page.wait_for_selector("#top nav >> text=Commitments")
    assert "lang=en" in page.url
    shared = browser.new_context(base_url=site[0])  # a link shared with someone else opens in English
    tab = shared.new_page()
    open_page(tab, page.url.replace(site[0], ""))
    assert tab.evaluate("document.documentElement.lang") == "en"
    assert tab.inner_text("#top nav") == "Map\nCommitments\nDeadlines"
    assert tab.locator(".evidence blockquote[lang='fr']").count() == tab.locator(".evidence blockquote").count() > 0
    tab.click("#top nav a[href='/commitments']")
    tab.wait_for_selector("table.commitments")
    assert "lang=en" in tab.url  # and it stays there from page to page
    shared.close()
    page.click("#lang")
    page.wait_for_selector("#top nav >> text=Engagements")
    assert "lang=" not in page.url and page.locator("blockquote[lang]").count() == 0
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                         " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; })()")
    assert ring == ["solid", "3px", "rgb(255, 255, 255)"]  # white on the header's blue: 8.4:1


@pytest.fixture(scope="module")
def story_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A plant's story told by later news (dashboard_ledger.build_story_ledger), served on loopback."""
    yield from _served(tmp_path_factory, "story", build_story_ledger)


@pytest.mark.parametrize("width", [390, 1366])
def test_commitment_history_is_a_timeline_of_dated_linked_steps(browser, story_site, width: int) -> None:
    """Announced → postponed → an opening that may be another plant's (marked, moving nothing) → opened,
    in date order, each step named, with its status, its sentence and a link to it in its document;
    no wider than the screen and no serious axe-core violation; screenshots under test-artifacts/."""
    _required(AXE, "run scripts/install.sh --test (npm ci --prefix tests/axe)")
    base, ids = story_site
    context = browser.new_context(viewport={"width": width, "height": 844}, base_url=base, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        found = page.request.get("/api/commitments?actor=Fabrix").json()["items"]
        tours, cholet = (next(c for c in found if c["places"][0]["code"] == code)
                         for code in ("commune:37261", "commune:49099"))
        open_page(page, f"/commitments/{tours['id']}")
        steps = page.locator("ol.history li.step")
        dates = ["2022-03-10", "2023-06-20", "2024-01-18", "2024-09-13"]
        assert [li.get_attribute("data-date") for li in steps.all()] == dates
        assert page.locator("ol.history time").evaluate_all("ts => ts.map((t) => t.getAttribute('datetime'))") == dates
        heads = [" ".join(_space(x).split()) for x in page.locator("ol.history .step-head").all_inner_texts()]
        assert heads == ["10 mars 2022 · annonce prévu · échéance 2024",
                         "20 juin 2023 · report reporté · échéance 2026",
                         "18 janv. 2024 · ouverture reporté rattachement incertain · échéance 2026",
                         "13 sept. 2024 · ouverture réalisé · échéance 2026"]
        assert page.locator("ol.history li.is-ambiguous").count() == 1
        assert page.inner_text("ol.history li.is-ambiguous blockquote") == STORY_AMBIGUOUS[:-1]
        assert "autre engagement" in page.inner_text("ol.history li.is-ambiguous .step-note")
        shapes = [li.locator("svg.step-marker > *").evaluate_all("els => els.map((e) => e.tagName).join('+')")
                  for li in steps.all()]
        assert shapes == ["circle", "polygon", "circle", "circle+path"]  # a shape per status, a ring when unsure
        links = [a.get_attribute("href") for a in page.locator("ol.history a.step-link").all()]
        assert links == [f"/documents/{ids[d]}#fact-{ids[d]}-0" for d in dates]
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"commitment-history-{width}.png"), full_page=True)
        page.add_script_tag(path=str(AXE))
        assert page.evaluate(AXE_RUN) == []
        page.locator("ol.history a.step-link").nth(1).click()
        page.wait_for_url(f"**/documents/{ids['2023-06-20']}#fact-*")
        page.wait_for_selector("#main[data-ready='1'] .doc-text mark")
        assert page.inner_text(".doc-text mark.evidence") == STORY_POSTPONED[:-1]
        open_page(page, f"/commitments/{cholet['id']}?lang=en")
        heads = [" ".join(_space(x).split()) for x in page.locator("ol.history .step-head").all_inner_texts()]
        assert heads == ["2 May 2022 · announced planned · deadline 2025",
                         "18 Jan 2024 · opened planned uncertain link · deadline 2025",
                         "4 Feb 2025 · abandoned cancelled · deadline 2025"]
    finally:
        context.close()
