// The pages: map, commitments table, one commitment, one document, a company, an event.

import { get } from "./api.js";
import { h, highlight, path, safeUrl, show } from "./dom.js";
import { KIND_CODES, STATUS_CODES, fullFigure, kindLabel, statusLabel, sumFigure, sumQualifier, t, when } from "./i18n.js";
import { PALETTES, drawMap, legend, outlines } from "./map.js";
import { actorLink, commitmentLine, commitmentTable, eventLink, placeLinks, status, totalsTable } from "./parts.js";

const MEASURES = ["money", "jobs_created", "jobs_cut"];
const LEVELS = { regions: "region", departements: "department" };

function setParams(params) {
  const q = params.toString();
  history.replaceState(null, "", location.pathname + (q ? "?" + q : ""));
}

function choice(name, options, current, onPick) {
  return h("div", { class: "choice", role: "group", "aria-label": t(name) },
    h("span", { class: "choice-label" }, t(name)),
    options.map(([value, label]) => h("button", {
      type: "button", "data-value": value, "aria-pressed": String(value === current),
      on: { click: () => onPick(value) },
    }, t(label))));
}

/**
 * Each area's figure of ``measure`` from /api/totals rows (money in its EUR equivalent): by area
 * code, ``{value, value_max, qualifier, unit}`` with the low sum, the high sum when a part is a
 * range, and the qualifier of the sum.
 */
function areaFigures(items, level, measure) {
  const parts = {};
  for (const row of items) {
    const code = row[LEVELS[level]];
    const [low, high, unit] = measure === "money" ? [row.eur, row.eur_max, "EUR"]
      : row.unit === "jobs" ? [row.total, row.total_max, "jobs"] : [null, null, null];
    if (!code || !low) continue;
    const key = code.split(":")[1];
    (parts[key] ??= []).push({ low, high: high ?? low, ranged: high !== null, qualifier: row.qualifier, unit });
  }
  const figures = {};
  for (const [key, list] of Object.entries(parts)) {
    const sum = (name) => list.reduce((total, part) => total + part[name], 0);
    figures[key] = { value: sum("low"), value_max: list.some((p) => p.ranged) ? sum("high") : null,
      qualifier: sumQualifier(list.map((p) => p.qualifier)), unit: list[0].unit };
  }
  return figures;
}

async function showArea(aside, level, feature) {
  const code = `${LEVELS[level] === "region" ? "region" : "departement"}:${feature.properties.code}`;
  show(aside, h("p", { class: "muted" }, t("loading")));
  const found = await get("/api/commitments", { place: code, limit: 1000 });
  show(aside,
    h("h2", {}, feature.properties.nom),
    h("p", {}, `${found.items.length} ${t("area.commitments")} · `,
      h("a", { href: "/commitments?place=" + encodeURIComponent(code) }, t("nav.commitments") + " →")),
    h("ul", { class: "area-list" }, found.items.map(commitmentLine)));
}

/** The headline figures above the map, each a link to the list it counts. */
function headline(head) {
  const stat = (key, value, href) => h("a", { class: "stat", href }, h("strong", {}, value), h("span", {}, t(key)));
  return h("section", { class: "summary", "aria-label": t("head.title") },
    h("div", { class: "stats" },
      stat("head.money", fullFigure(head.money), "/commitments?kind=investment"),
      stat("head.created", fullFigure(head.jobs_created), "/commitments?kind=jobs_created"),
      stat("head.cut", fullFigure(head.jobs_cut), "/commitments?kind=jobs_cut"),
      stat("head.commitments", String(head.commitments), "/commitments"),
      stat("head.overdue", String(head.overdue), "/deadlines")),
    h("p", { class: "muted" }, t("head.period", { first: when(head.period.first), last: when(head.period.last),
      n: head.documents })));
}

/** What the map cannot show: money across several regions, and money placed in France only. */
function unplaced(head, measure) {
  if (measure !== "money") return null;
  const { several_regions: several, not_placed: none } = head.placed;
  return h("p", { class: "unplaced muted" },
    `${t("map.several")} : ${fullFigure(several)} · ${t("map.unplaced")} : ${fullFigure(none)}`);
}

/** The map page: headline figures, areas shaded by a measure, a click lists the area's commitments. */
export async function mapPage(main, params) {
  const level = params.get("level") in LEVELS ? params.get("level") : "regions";
  const measure = MEASURES.includes(params.get("measure")) ? params.get("measure") : "money";
  const rerun = (name, value) => { params.set(name, value); setParams(params); mapPage(main, params); };
  const [features, totals, head] = await Promise.all([
    outlines(level),
    get("/api/totals", { by: LEVELS[level], kind: measure === "money" ? "investment" : measure }),
    get("/api/summary"),
  ]);
  const figures = areaFigures(totals.items, level, measure);
  const values = Object.fromEntries(Object.entries(figures).map(([code, f]) => [code, f.value]));
  const unit = measure === "money" ? "EUR" : "jobs";
  const format = (v) => sumFigure(v, null, "exact", unit);
  const shown = (f) => (figures[f.properties.code] ? fullFigure(figures[f.properties.code]) : t("map.none"));
  const hedged = Object.values(figures).some((f) => f.qualifier !== "exact");
  const aside = h("aside", { id: "area", class: "panel" }, h("p", { class: "muted" }, t("map.hint")));
  const label = (f) => `${f.properties.nom} : ${shown(f)}`;
  const svg = drawMap(features, values, PALETTES[measure], label, (feature, node) => {
    for (const other of svg.querySelectorAll(".selected")) other.classList.remove("selected");
    node.classList.add("selected");
    showArea(aside, level, feature).catch((err) => show(aside, h("p", { class: "error" }, err.message)));
  });
  const ranking = features.map((f) => [f, values[f.properties.code] ?? 0]).filter(([, v]) => v)
    .sort((a, b) => b[1] - a[1]);
  show(main,
    h("h1", {}, t("map.title")),
    headline(head),
    h("div", { class: "controls" },
      choice("map.level", [["regions", "map.regions"], ["departements", "map.departments"]], level,
        (v) => rerun("level", v)),
      choice("map.measure", MEASURES.map((m) => [m, `map.${m}`]), measure, (v) => rerun("measure", v))),
    h("div", { class: "map-layout" },
      h("figure", { class: "map-box", "data-level": level, "data-measure": measure }, svg,
        legend(values, PALETTES[measure], format, t("map.none")),
        hedged ? h("figcaption", { class: "legend-note muted" }, t("map.hedged")) : null,
        unplaced(head, measure)),
      aside),
    h("h2", {}, t("map.ranking")),
    h("ol", { class: "ranking" }, ranking.map(([f]) => h("li", {}, f.properties.nom, " : ", shown(f)))));
}

const FILTERS = ["kind", "actor", "place", "event", "status", "since", "until"];

function filterForm(params, onApply) {
  const select = (name, codes, label) => h("select", { name, id: `f-${name}` },
    h("option", { value: "" }, t("f.any")),
    codes.map((code) => h("option", { value: code, selected: params.get(name) === code }, label(code))));
  const input = (name, extra = {}) => h("input", { name, id: `f-${name}`, value: params.get(name) ?? "", ...extra });
  const field = (name, control) => h("label", { for: `f-${name}` }, h("span", {}, t(`f.${name}`)), control);
  const form = h("form", { class: "filters", on: { submit: (event) => { event.preventDefault(); onApply(form); } } },
    field("kind", select("kind", KIND_CODES, kindLabel)),
    field("actor", input("actor")),
    field("place", input("place")),
    field("event", input("event")),
    field("status", select("status", STATUS_CODES, statusLabel)),
    field("since", input("since", { placeholder: t("f.date"), pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
    field("until", input("until", { placeholder: t("f.date"), pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 })),
    h("button", { type: "submit" }, t("table.filter")),
    h("a", { href: "/commitments", class: "reset" }, t("table.reset")));
  return form;
}

/** The commitments table with its filters (kept in the URL) and sorting. */
export async function commitmentsPage(main, params) {
  const result = h("div", { id: "result" }, h("p", { class: "muted" }, t("loading")));
  const load = async () => {
    const wanted = Object.fromEntries(FILTERS.map((name) => [name, params.get(name)]));
    show(result, h("p", { class: "muted" }, t("loading")));
    try {
      const found = await get("/api/commitments", { ...wanted, limit: 1000 });
      const draw = () => show(result,
        h("p", { class: "count" }, t("count", { n: found.items.length })),
        commitmentTable(found.items, {
          sort: params.get("sort"), dir: params.get("dir") ?? "asc",
          onSort: (key, dir) => { params.set("sort", key); params.set("dir", dir); setParams(params); draw(); },
        }));
      draw();
    } catch (err) {
      show(result, h("p", { class: "error" }, `${t("error")} : ${err.message}`));
    }
  };
  const form = filterForm(params, (f) => {
    for (const name of FILTERS) {
      const value = f.elements[name].value.trim();
      if (value) params.set(name, value); else params.delete(name);
    }
    setParams(params);
    load();
  });
  show(main, h("h1", {}, t("table.title")), form, result);
  await load();
}

function evidenceItem(e) {
  const spans = e.figure ? [{ start: e.figure.start - e.start, end: e.figure.end - e.start, cls: "figure" }] : [];
  return h("li", { class: "evidence" },
    h("div", { class: "meta" }, when(e.published), " · ", statusLabel(e.status),
      e.value === null ? null : ` · ${fullFigure(e)}`, " · ",
      h("a", { href: path("documents", e.document_id) + "#fact-" + encodeURIComponent(e.fact_id) }, t("cm.article") + " →")),
    h("blockquote", {}, highlight(e.text, spans)));
}

/** One commitment: figures, status over time, every article's sentence with its figure marked. */
export async function commitmentPage(main, id) {
  const c = await get(path("api", "commitments", id));
  document.title = `${c.actor ?? t("aggregate")} · ${kindLabel(c.kind)} · pledgewatch`;
  show(main,
    h("h1", {}, actorLink(c), " · ", kindLabel(c.kind)),
    h("p", { class: "headline" }, h("span", { class: "big-figure" }, fullFigure(c)), " ", status(c),
      c.conflicting ? h("span", { class: "badge warn" }, t("conflicting")) : null),
    h("dl", { class: "facts" },
      h("dt", {}, t("c.places")), h("dd", {}, placeLinks(c.places)),
      h("dt", {}, t("c.deadline")), h("dd", { class: "deadline" }, when(c.deadline)),
      h("dt", {}, t("c.event")), h("dd", {}, eventLink(c.event)),
      h("dt", {}, t("c.announced")), h("dd", {}, when(c.announced)),
      c.detail ? [h("dt", {}, "·"), h("dd", {}, c.detail)] : null),
    h("h2", {}, t("cm.figures")),
    h("table", { class: "figures" },
      h("thead", {}, h("tr", {}, h("th", {}, t("cm.value")), h("th", {}, t("c.reports")))),
      h("tbody", {}, c.figures.map((f) => h("tr", {}, h("td", {}, fullFigure(f)), h("td", { class: "num" }, String(f.reports)))))),
    h("h2", {}, t("cm.history")),
    h("ol", { class: "history" }, c.history.map((m) => h("li", {},
      h("time", {}, when(m.date)), " ", h("span", { class: `badge status-${m.status}` }, statusLabel(m.status)),
      m.deadline ? ` · ${t("deadline")} ${when(m.deadline)}` : null, " · ",
      h("a", { href: path("documents", m.document_id) }, t("cm.article") + " →")))),
    h("h2", {}, t("cm.evidence"), ` (${c.evidence.length})`),
    h("ol", { class: "evidence-list" }, c.evidence.map(evidenceItem)));
}

/** One document: its text with every fact's sentence and figure marked. */
export async function documentPage(main, id) {
  const d = await get(path("api", "documents", id));
  const chars = Array.from(d.text).length;
  const spans = d.facts.flatMap((f) => [
    { start: f.evidence.start, end: f.evidence.end, cls: "evidence", title: kindLabel(f.kind), id: f.id },
    f.figure ? { start: f.figure.start, end: f.figure.end, cls: "figure", id: f.id } : null,
  ]).filter((sp) => sp && sp.end <= chars);
  document.title = `${d.title || t("doc.untitled")} · pledgewatch`;
  show(main,
    h("h1", {}, d.title || t("doc.untitled")),
    h("p", { class: "meta" }, `${t("published")} : ${when(d.published)}`),
    h("div", { class: "doc-layout" },
      h("article", { class: "doc-text" }, highlight(d.text, spans)),
      h("aside", { class: "panel" },
        h("h2", {}, t("doc.facts"), ` (${d.facts.length})`),
        h("ol", { class: "doc-facts" }, d.facts.map((f) => h("li", { id: `fact-${f.id}` },
          h("strong", {}, kindLabel(f.kind)), " · ", f.actor || t("aggregate"),
          f.value === null ? null : ` · ${fullFigure(f)}`,
          f.commitment_id ? [" · ", h("a", { href: path("commitments", f.commitment_id) }, "→")] : null))),
        h("h2", {}, t("doc.sources")),
        h("ul", { class: "sources" }, d.sources.map((src) => {
          const url = safeUrl(src);
          return h("li", {}, url ? h("a", { href: url, rel: "noopener noreferrer nofollow" }, src) : src);
        })))));
}

/** A company: its totals by kind and its commitments. */
export async function companyPage(main, id) {
  const co = await get(path("api", "companies", id));
  document.title = `${co.name} · pledgewatch`;
  show(main,
    h("h1", {}, co.name, co.company_id ? h("small", { class: "muted" }, ` (${co.company_id})`) : null),
    h("h2", {}, t("co.totals")), totalsTable(co.totals),
    h("h2", {}, t("co.commitments"), ` (${co.commitments.length})`), commitmentTable(co.commitments));
}

/** An event: announced totals against the sum of the commitments found for it. */
export async function eventPage(main, id) {
  const ev = await get(path("api", "events", id));
  document.title = `${ev.event} · pledgewatch`;
  const cell = (value, max, qualifier, unit) => h("td", { class: "num" }, sumFigure(value, max, qualifier, unit));
  show(main,
    h("h1", {}, ev.event),
    h("h2", {}, t("ev.reconcile")),
    h("table", { class: "reconcile" },
      h("thead", {}, h("tr", {}, ["c.kind", "ev.announced", "ev.found", "ev.found_eur", "ev.count"]
        .map((k) => h("th", {}, t(k))))),
      h("tbody", {}, ev.rows.map((r) => h("tr", { "data-kind": r.kind },
        h("td", {}, kindLabel(r.kind)), cell(r.announced, r.announced_max, r.announced_qualifier, r.unit),
        cell(r.found, r.found_max, r.found_qualifier, r.unit),
        cell(r.unit === "EUR" ? null : r.found_eur, r.found_eur_max, r.found_qualifier, "EUR"),
        h("td", { class: "num" }, String(r.count)))))),
    h("h2", {}, t("ev.totals")),
    h("ul", { class: "area-list" }, ev.announced.map(commitmentLine)),
    h("h2", {}, t("ev.singles"), ` (${ev.commitments.length})`),
    commitmentTable(ev.commitments));
}
