// The map page: headline figures, areas shaded by a measure with an instant tooltip, the ranking,
// and a click (or tap, or Enter) listing the area's commitments of that measure.

import { get, query } from "./api.js";
import { h, setParams, show } from "./dom.js";
import { fullFigure, num, sumFigure, sumQualifier, t, when } from "./i18n.js";
import { OVERSEAS, PALETTES, drawMap, legend, outlines } from "./map.js";
import { commitmentLine } from "./parts.js";

const MEASURES = ["money", "jobs_created", "jobs_cut"];
const LEVELS = { regions: "region", departements: "department" };
const KIND = { money: "investment", jobs_created: "jobs_created", jobs_cut: "jobs_cut" };

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
 * code, ``{value, value_max, qualifier, unit, count}`` with the low sum, the high sum when a part
 * is a range, the qualifier of the sum and the commitments counted.
 */
export function areaFigures(items, level, measure) {
  const parts = {};
  for (const row of items) {
    const code = row[LEVELS[level]];
    const [low, high, unit] = measure === "money" ? [row.eur, row.eur_max, "EUR"]
      : row.unit === "jobs" ? [row.total, row.total_max, "jobs"] : [null, null, null];
    if (!code || !low) continue;
    const key = code.split(":")[1];
    (parts[key] ??= []).push({ low, high: high ?? low, ranged: high !== null, qualifier: row.qualifier, unit,
      count: row.count });
  }
  const figures = {};
  for (const [key, list] of Object.entries(parts)) {
    const sum = (name) => list.reduce((total, part) => total + part[name], 0);
    figures[key] = { value: sum("low"), value_max: list.some((p) => p.ranged) ? sum("high") : null,
      qualifier: sumQualifier(list.map((p) => p.qualifier)), unit: list[0].unit, count: sum("count") };
  }
  return figures;
}

async function showArea(aside, level, code, name, measure) {
  const place = `${LEVELS[level] === "region" ? "region" : "departement"}:${code}`;
  const filters = { place, kind: KIND[measure] };
  show(aside, h("p", { class: "muted" }, t("loading")));
  const found = await get("/api/commitments", { ...filters, limit: 100 });
  show(aside,
    h("h2", {}, name, h("small", { class: "muted" }, ` · ${t(`map.${measure}`)}`)),
    h("p", {}, `${found.total} ${t("area.commitments")} · `,
      h("a", { href: "/commitments" + query(filters) }, t("nav.commitments") + " →"), " · ",
      h("a", { href: "/commitments" + query({ place }) }, t("area.all"))),
    h("ul", { class: "area-list" }, found.items.map(commitmentLine)));
}

/**
 * The headline figures above the map, each a link to the list it counts: the period links to the
 * commitments announced in it, and so do the sources (the dashboard has no list of documents).
 */
function headline(head) {
  const stat = (key, value, href) => h("a", { class: "stat", href }, h("strong", {}, value), h("span", {}, t(key)));
  const { first, last } = head.period;
  const period = "/commitments" + query({ since: first, until: last });
  return h("section", { class: "summary", "aria-label": t("head.title") },
    h("div", { class: "stats" },
      stat("head.money", fullFigure(head.money), "/commitments?kind=investment"),
      stat("head.created", fullFigure(head.jobs_created), "/commitments?kind=jobs_created"),
      stat("head.cut", fullFigure(head.jobs_cut), "/commitments?kind=jobs_cut"),
      stat("head.commitments", String(head.commitments), "/commitments"),
      stat("head.overdue", String(head.overdue), "/deadlines"),
      head.without_news ? stat("head.stale", String(head.without_news), "/deadlines") : null),
    h("p", { class: "muted period" },
      h("a", { class: "period-link", href: period }, t("head.period", { first: when(first), last: when(last) })), ", ",
      h("a", { class: "sources-link", href: period, title: t("head.sources.title") }, t("head.sources", { n: head.documents }))));
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
    get("/api/totals", { by: LEVELS[level], kind: KIND[measure] }),
    get("/api/summary"),
  ]);
  const figures = areaFigures(totals.items, level, measure);
  const values = Object.fromEntries(Object.entries(figures).map(([code, f]) => [code, f.value]));
  const names = Object.fromEntries([...features.map((f) => [f.properties.code, f.properties.nom]), ...OVERSEAS[level]]);
  const ranked = Object.keys(figures).sort((a, b) => figures[b].value - figures[a].value);
  const unit = measure === "money" ? "EUR" : "jobs";
  const format = (v) => sumFigure(v, null, "exact", unit);
  const shown = (code) => (figures[code] ? fullFigure(figures[code]) : t("map.nodata"));
  const tip = (code) => figures[code]
    ? [names[code], shown(code), t("tip.count", { n: figures[code].count }),
      t("tip.rank", { r: ranked.indexOf(code) + 1, n: ranked.length })]
    : [names[code], t("map.nodata")];
  const hedged = Object.values(figures).some((f) => f.qualifier !== "exact");
  const aside = h("aside", { id: "area", class: "panel", "aria-live": "polite" }, h("p", { class: "muted" }, t("map.hint")));
  const open = (code, node) => {
    for (const other of main.querySelectorAll("svg.map .selected")) other.classList.remove("selected");
    for (const same of main.querySelectorAll(`svg.map .area[data-code='${code}']`)) same.classList.add("selected");
    params.set("area", code);
    setParams(params);
    showArea(aside, level, code, names[code], measure).catch((err) => show(aside, h("p", { class: "error" }, err.message)));
    return node;
  };
  const map = drawMap(features, level, values, PALETTES[measure], { name: t("map.title"), tip, onPick: open });
  show(main,
    h("h1", {}, t("map.title")),
    headline(head),
    h("div", { class: "controls" },
      choice("map.level", [["regions", "map.regions"], ["departements", "map.departments"]], level, (v) => {
        params.delete("area");
        rerun("level", v);
      }),
      choice("map.measure", MEASURES.map((m) => [m, `map.${m}`]), measure, (v) => rerun("measure", v))),
    h("div", { class: "map-layout" },
      h("figure", { class: "map-box", "data-level": level, "data-measure": measure }, map,
        h("p", { class: "keys muted" }, t("map.keys")),
        legend(values, PALETTES[measure], format, t("map.nodata")),
        hedged ? h("figcaption", { class: "legend-note muted" }, t("map.hedged")) : null,
        unplaced(head, measure)),
      aside),
    h("h2", {}, t("map.ranking")),
    h("ol", { class: "ranking" }, ranked.map((code) => h("li", { "data-code": code }, names[code] ?? code, " : ",
      shown(code), h("span", { class: "muted" }, ` (${num(figures[code].count, 0)})`)))));
  const area = params.get("area");
  if (area && names[area]) open(area);  // the area opened stays open, under the measure chosen
}
