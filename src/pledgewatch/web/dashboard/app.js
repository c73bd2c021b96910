// The dashboard's entry point: the header, then the page named by the URL.

import { h, show } from "./dom.js";
import { keepLang, lang, t, toggleLang } from "./i18n.js";
import { commitmentsPage } from "./listpage.js";
import { mapPage } from "./mappage.js";
import { commitmentPage, companyPage, documentPage, eventPage } from "./pages.js";
import { deadlinesPage } from "./timeline.js";

const ROUTES = [
  [/^\/$/, (main, params) => mapPage(main, params)],
  [/^\/commitments$/, (main, params) => commitmentsPage(main, params)],
  [/^\/commitments\/([^/]+)$/, (main, _, id) => commitmentPage(main, id)],
  [/^\/documents\/([^/]+)$/, (main, _, id) => documentPage(main, id)],
  [/^\/companies\/([^/]+)$/, (main, _, id) => companyPage(main, id)],
  [/^\/events\/([^/]+)$/, (main, _, id) => eventPage(main, id)],
  [/^\/deadlines$/, (main) => deadlinesPage(main)],
];

function header() {
  const here = location.pathname;
  const link = (href, key) => h("a", { href, "aria-current": (href === "/" ? here === "/" : here.startsWith(href)) ? "page" : null }, t(key));
  show(document.getElementById("top"),
    h("a", { href: "/", class: "brand" }, "pledgewatch"),
    h("nav", {}, link("/", "nav.map"), link("/commitments", "nav.commitments"), link("/deadlines", "nav.deadlines")),
    h("button", { type: "button", id: "lang", on: { click: () => { toggleLang(); render(); } } }, t("switch")));
  document.documentElement.lang = lang();
  document.getElementById("skip").textContent = t("skip");
}

/** The tab's title: the page's heading, then the dashboard's name. */
function title(main) {
  const heading = main.querySelector("h1")?.textContent.trim();
  document.title = heading ? `${heading} · pledgewatch` : "pledgewatch";
}

async function render() {
  keepLang();
  header();
  const main = document.getElementById("main");
  show(main, h("p", { class: "muted" }, t("loading")));
  const params = new URLSearchParams(location.search);
  params.delete("lang");  // the pages' own parameters; the language stays in the URL (keepLang)
  for (const [pattern, page] of ROUTES) {
    const match = location.pathname.match(pattern);
    if (!match) continue;
    try {
      await page(main, params, match[1] === undefined ? undefined : decodeURIComponent(match[1]));
    } catch (err) {
      show(main, h("h1", {}, t("error")), h("p", { class: "error" }, err.message));
    }
    title(main);
    main.dataset.ready = "1";
    return;
  }
  show(main, h("h1", {}, t("notfound.title")), h("p", {}, t("notfound.text")),
    h("p", {}, h("a", { href: "/" }, t("notfound.back"))));
  title(main);
  main.dataset.ready = "1";
}

render();
