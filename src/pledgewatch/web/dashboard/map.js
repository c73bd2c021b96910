// The map of France drawn as SVG from the shipped GeoJSON outlines, shaded by a measure: labels,
// an instant tooltip (hover, focus, tap), a hatched "no data" fill, the overseas regions as tiles
// and, by department, an inset of Île-de-France.

import { h, s } from "./dom.js";
import { t } from "./i18n.js";

const WIDTH = 600;
const LAT0 = 46.6;
const TILE = { w: 104, h: 34, gap: 8, row: 56 };
const INSET = 150;
const IDF = new Set(["75", "77", "78", "91", "92", "93", "94", "95"]);
const SMALL_IDF = new Set(["75", "92", "93", "94"]);
export const PALETTES = {
  money: ["#dbe8f5", "#a9c8e6", "#6fa3d2", "#3a78b5", "#1d4e89"],
  jobs_created: ["#dcefd9", "#acd8a4", "#72b96a", "#3f8f3b", "#1d5e22"],
  jobs_cut: ["#f8dcd5", "#f0a797", "#e06a55", "#bd3a2a", "#7f1d15"],
};
export const NO_DATA = "url(#no-data)";

/** The overseas regions and departments (not in the outlines), drawn as labelled tiles. */
export const OVERSEAS = {
  regions: [["01", "Guadeloupe"], ["02", "Martinique"], ["03", "Guyane"], ["04", "La Réunion"], ["06", "Mayotte"]],
  departements: [["971", "Guadeloupe"], ["972", "Martinique"], ["973", "Guyane"], ["974", "La Réunion"],
    ["976", "Mayotte"]],
};

function project([lon, lat]) {
  return [lon * Math.cos((LAT0 * Math.PI) / 180), -lat];
}

function bounds(features) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features) {
    for (const polygon of f.geometry.coordinates) {
      for (const [x, y] of polygon[0].map(project)) {
        box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
      }
    }
  }
  return box;
}

/** A projection fitting ``features`` into a box of ``width`` at (``left``, ``top``); its height too. */
function fit(features, width, left = 0, top = 0) {
  const [x0, y0, x1, y1] = bounds(features);
  const scale = width / (x1 - x0);
  return { height: (y1 - y0) * scale, toScreen: ([x, y]) => [left + (x - x0) * scale, top + (y - y0) * scale] };
}

function pathData(geometry, toScreen) {
  const parts = [];
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      parts.push("M" + ring.map((p) => toScreen(project(p)).map((v) => v.toFixed(1)).join(",")).join("L") + "Z");
    }
  }
  return parts.join("");
}

/** The centre of a feature's largest ring (area-weighted), where its label goes. */
function labelPoint(geometry, toScreen) {
  let best = null;
  for (const polygon of geometry.coordinates) {
    const pts = polygon[0].map((p) => toScreen(project(p)));
    let area = 0, cx = 0, cy = 0;
    for (let i = 0; i < pts.length - 1; i++) {
      const [x0, y0] = pts[i], [x1, y1] = pts[i + 1];
      const cross = x0 * y1 - x1 * y0;
      area += cross; cx += (x0 + x1) * cross; cy += (y0 + y1) * cross;
    }
    if (area && (!best || Math.abs(area) > Math.abs(best.area))) best = { area, x: cx / (3 * area), y: cy / (3 * area) };
  }
  return best ?? { x: 0, y: 0 };
}

/** ``value`` rounded to a figure people read: one significant digit (two when it starts with 1). */
export function roundNice(value) {
  if (value <= 0) return 0;
  const unit = 10 ** Math.floor(Math.log10(value));
  const lead = value / unit;
  const step = lead < 2 ? 0.5 : 1;
  return Math.max(Math.round(lead / step) * step * unit, unit >= 1 ? 1 : unit);
}

/** Up to four rounded class breaks between 0 and the largest value (square-root steps, so small areas still show). */
export function breaks(values) {
  const top = Math.max(0, ...values);
  const limits = [];
  for (const i of [1, 2, 3, 4]) {
    const limit = roundNice(top * (i / 5) ** 2);
    if (limit > (limits.at(-1) ?? 0) && limit < top) limits.push(limit);
  }
  return limits;
}

/** The fill of ``value`` among ``limits`` in ``palette`` (the hatched no-data fill for none). */
export function shade(value, limits, palette) {
  if (!value) return NO_DATA;
  return palette[limits.filter((limit) => value > limit).length];
}

function hatch() {
  return s("defs", {}, s("pattern", { id: "no-data", width: 6, height: 6, patternUnits: "userSpaceOnUse",
    patternTransform: "rotate(45)" }, s("rect", { width: 6, height: 6, fill: "#ffffff" }),
  s("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#9aa1a9", "stroke-width": 1.6 })));
}

/**
 * An <svg> of the areas, one <path class="area" data-code=…> each (a <rect> for an overseas tile),
 * filled by ``values`` (by code). ``tip(code)`` gives the tooltip's lines and label; ``onPick(code)``
 * on click, tap or Enter. Only one area is a tab stop: arrow keys move between them.
 */
export function drawMap(features, level, values, palette, { name, tip, onPick }) {
  const main = fit(features, WIDTH);
  const limits = breaks(Object.values(values));
  const band = main.height + 16;  // below France: the overseas tiles (and, by department, the inset)
  const tilesLeft = level === "departements" ? INSET + 16 : 0;
  const columns = level === "departements" ? 3 : OVERSEAS[level].length;
  const rows = Math.ceil(OVERSEAS[level].length / columns);
  const idf = level === "departements" ? fit(features.filter((f) => IDF.has(f.properties.code)), INSET - 12, 6, band + 18) : null;
  const height = Math.round(band + Math.max(idf ? idf.height + 26 : 0, 14 + rows * TILE.row));
  const svg = s("svg", { viewBox: `-4 -4 ${WIDTH + 8} ${height + 8}`, class: "map", role: "group",
    "aria-label": name });
  const box = h("div", { class: "map-frame" }, svg);
  const tooltip = h("div", { class: "map-tip", "aria-hidden": "true", hidden: true });
  box.append(tooltip);
  svg.append(hatch());
  const areas = [];

  const showTip = (code, node, event) => {
    const lines = tip(code);
    tooltip.replaceChildren(...lines.map((line, i) => h(i ? "span" : "strong", {}, line)));
    tooltip.hidden = false;
    const frame = box.getBoundingClientRect();
    const at = event && event.clientX !== undefined && event.clientX !== 0
      ? { x: event.clientX, y: event.clientY } : (() => {
        const r = node.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      })();
    const x = Math.min(Math.max(at.x - frame.left + 12, 0), Math.max(0, frame.width - tooltip.offsetWidth));
    tooltip.style.left = `${x}px`;
    tooltip.style.top = `${Math.max(0, at.y - frame.top - tooltip.offsetHeight - 10)}px`;
  };
  const hideTip = () => { tooltip.hidden = true; };

  const area = (tag, attrs, code) => {
    const node = s(tag, {
      ...attrs, class: "area", fill: shade(values[code] ?? 0, limits, palette), "data-code": code,
      "data-value": values[code] ?? 0, tabindex: areas.length ? "-1" : "0", role: "button",
      "aria-label": tip(code).join(" · "),
      on: {
        pointerenter: (event) => showTip(code, node, event),
        pointermove: (event) => showTip(code, node, event),
        pointerleave: (event) => { if (event.pointerType !== "touch") hideTip(); },
        focus: () => showTip(code, node),
        blur: hideTip,
        click: (event) => { showTip(code, node, event); onPick(code, node); },
        keydown: (event) => move(event, node, code),
      },
    });
    areas.push(node);
    return node;
  };
  const move = (event, node, code) => {
    const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const i = areas.indexOf(node);
    let next = null;
    if (event.key in steps) next = areas[(i + steps[event.key] + areas.length) % areas.length];
    else if (event.key === "Home") next = areas[0];
    else if (event.key === "End") next = areas.at(-1);
    else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); onPick(code, node); return; }
    if (!next) return;
    event.preventDefault();
    for (const other of areas) other.setAttribute("tabindex", "-1");
    next.setAttribute("tabindex", "0");
    next.focus();
  };

  const labels = s("g", { class: "labels", "aria-hidden": "true" });
  for (const feature of features) {
    const code = feature.properties.code;
    svg.append(area("path", { d: pathData(feature.geometry, main.toScreen) }, code));
    if (level === "regions") {
      const at = labelPoint(feature.geometry, main.toScreen);
      labels.append(s("text", { x: at.x.toFixed(1), y: at.y.toFixed(1), class: "area-label" }, feature.properties.nom));
    }
  }
  if (idf) svg.append(inset(features, idf, band, area, labels));
  labels.append(s("text", { x: tilesLeft, y: band + 10, class: "inset-title" }, t("map.overseas")));
  OVERSEAS[level].forEach(([code, label], i) => {
    const x = tilesLeft + (i % columns) * (TILE.w + TILE.gap);
    const y = band + 14 + Math.floor(i / columns) * TILE.row;
    svg.append(area("rect", { x, y, width: TILE.w, height: TILE.h, rx: 3 }, code));
    labels.append(s("text", { x: x + TILE.w / 2, y: y + TILE.h + 13, class: "tile-label" }, label));
  });
  svg.append(labels);
  return box;
}

/** Île-de-France's departments enlarged below France (Paris and its ring are specks otherwise). */
function inset(features, view, top, area, labels) {
  const group = s("g", { class: "inset" },
    s("rect", { x: 0, y: top, width: INSET, height: view.height + 26, class: "inset-box" }));
  labels.append(s("text", { x: 6, y: top + 12, class: "inset-title" }, t("map.idf")));
  for (const feature of features.filter((f) => IDF.has(f.properties.code))) {
    const code = feature.properties.code;
    group.append(area("path", { d: pathData(feature.geometry, view.toScreen), "data-inset": "1" }, code));
    if (SMALL_IDF.has(code)) {
      const at = labelPoint(feature.geometry, view.toScreen);
      labels.append(s("text", { x: at.x.toFixed(1), y: (at.y + 3).toFixed(1), class: "inset-label" }, code));
    }
  }
  return group;
}

/** The legend: a hatched swatch for no data, then each class with its rounded bounds (``format``). */
export function legend(values, palette, format, noneLabel) {
  const limits = breaks(Object.values(values));
  const items = [h("li", {}, h("span", { class: "swatch no-data" }), noneLabel)];
  const edges = [0, ...limits];
  palette.slice(0, limits.length + 1).forEach((color, i) => {
    const text = i < limits.length ? (i ? `${format(edges[i])} – ${format(limits[i])}` : `≤ ${format(limits[i])}`)
      : `> ${format(edges[i])}`;
    items.push(h("li", {}, h("span", { class: "swatch", "data-fill": color }), text));
  });
  const list = h("ul", { class: "legend" }, items);
  for (const swatch of list.querySelectorAll(".swatch[data-fill]")) swatch.style.background = swatch.dataset.fill;
  return list;
}

const cache = {};

/** The outlines of a level ("regions" or "departements"), fetched once. */
export async function outlines(level) {
  if (!cache[level]) {
    const response = await fetch(`/geo/${level}.geojson`);
    cache[level] = (await response.json()).features;
  }
  return cache[level];
}
