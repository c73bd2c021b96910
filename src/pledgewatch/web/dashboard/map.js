// The map of France drawn as SVG from the shipped GeoJSON outlines, shaded by a measure.

import { h, s } from "./dom.js";

const WIDTH = 600;
const LAT0 = 46.6;
export const PALETTES = {
  money: ["#dbe8f5", "#a9c8e6", "#6fa3d2", "#3a78b5", "#1d4e89"],
  jobs_created: ["#dcefd9", "#acd8a4", "#72b96a", "#3f8f3b", "#1d5e22"],
  jobs_cut: ["#f8dcd5", "#f0a797", "#e06a55", "#bd3a2a", "#7f1d15"],
};
const EMPTY = "#eceae4";

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

function pathData(geometry, toScreen) {
  const parts = [];
  for (const polygon of geometry.coordinates) {
    for (const ring of polygon) {
      parts.push("M" + ring.map((p) => toScreen(project(p)).map((v) => v.toFixed(1)).join(",")).join("L") + "Z");
    }
  }
  return parts.join("");
}

/** Five class breaks from 0 to the largest value (square-root steps, so small areas still show). */
export function breaks(values) {
  const top = Math.max(0, ...values);
  return [1, 2, 3, 4].map((i) => top * (i / 5) ** 2);
}

/** The fill of ``value`` among ``limits`` in ``palette``. */
export function shade(value, limits, palette) {
  if (!value) return EMPTY;
  return palette[limits.filter((limit) => value > limit).length];
}

/**
 * An <svg> of the features, one <path class="area" data-code=…> each, filled by ``values``
 * (by code) and labelled (<title>) by ``label(feature, value)``; ``onPick(feature)`` on click or Enter.
 */
export function drawMap(features, values, palette, label, onPick) {
  const [x0, y0, x1, y1] = bounds(features);
  const scale = WIDTH / (x1 - x0);
  const height = Math.round((y1 - y0) * scale);
  const toScreen = ([x, y]) => [(x - x0) * scale, (y - y0) * scale];
  const limits = breaks(Object.values(values));
  const svg = s("svg", { viewBox: `-4 -4 ${WIDTH + 8} ${height + 8}`, class: "map", role: "group" });
  for (const feature of features) {
    const value = values[feature.properties.code] ?? 0;
    const area = s("path", {
      d: pathData(feature.geometry, toScreen), class: "area", fill: shade(value, limits, palette),
      "data-code": feature.properties.code, tabindex: "0", role: "button",
      "aria-label": label(feature, value),
      on: {
        click: () => onPick(feature, area),
        keydown: (event) => { if (event.key === "Enter" || event.key === " ") onPick(feature, area); },
      },
    }, s("title", {}, label(feature, value)));
    svg.append(area);
  }
  return svg;
}

/** The legend of the class breaks, each formatted by ``format``. */
export function legend(values, palette, format, noneLabel) {
  const limits = breaks(Object.values(values));
  const items = [h("li", {}, h("span", { class: "swatch", "data-fill": EMPTY }), noneLabel)];
  const edges = [0, ...limits];
  palette.forEach((color, i) => {
    const text = i < limits.length ? `${format(edges[i])} – ${format(limits[i])}` : `> ${format(edges[i])}`;
    items.push(h("li", {}, h("span", { class: "swatch", "data-fill": color }), text));
  });
  const list = h("ul", { class: "legend" }, items);
  for (const swatch of list.querySelectorAll(".swatch")) swatch.style.background = swatch.dataset.fill;
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
