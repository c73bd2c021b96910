// The deadlines page: a timeline of commitments by deadline, overdue ones marked.

import { get } from "./api.js";
import { h, path, s, show } from "./dom.js";
import { fullFigure, kindLabel, t, when } from "./i18n.js";
import { status } from "./parts.js";

const WIDTH = 900;
const ROW = 14;
const TOP = 30;
const SPAN_YEARS = 12;
const MAX_TICKS = 14;

/** A partial ISO date as a fractional year, at the end of its period ("2027" → 2028.0). */
export function yearOf(value) {
  const [year, month = "12", day] = value.split("-").map(Number);
  return year + (month - (day ? 1 : 0)) / 12 + (day ? day / 365 : 0);
}

function today() {
  const d = new Date();
  return d.getFullYear() + (d.getMonth() + d.getDate() / 31) / 12;
}

function dotClass(c) {
  return c.overdue ? "dot overdue" : `dot status-${c.status}`;
}

function timeline(items) {
  const years = items.map((c) => yearOf(c.deadline));
  const first = Math.floor(Math.max(today() - SPAN_YEARS, Math.min(today(), ...years)));
  const last = Math.ceil(Math.max(today(), ...years));
  const x = (year) => 20 + ((Math.max(year, first) - first) / Math.max(1, last - first)) * (WIDTH - 40);
  const step = Math.ceil((last - first + 1) / MAX_TICKS);
  const stacks = {};
  const dots = items.map((c, i) => {
    const slot = Math.round(x(years[i]) / 8);
    stacks[slot] = (stacks[slot] ?? 0) + 1;
    const label = `${when(c.deadline)} · ${c.actor ?? t("aggregate")} · ${kindLabel(c.kind)}` +
      (c.value === null ? "" : ` · ${fullFigure(c)}`) + (c.overdue ? ` · ${t("overdue")}` : "");
    return s("a", { href: path("commitments", c.id), "aria-label": label },
      s("circle", { cx: x(years[i]).toFixed(1), cy: TOP + stacks[slot] * ROW, r: 5, class: dotClass(c),
        "data-id": c.id }, s("title", {}, label)));
  });
  const height = TOP + (Math.max(1, ...Object.values(stacks)) + 1) * ROW;
  const ticks = [];
  for (let year = first; year <= last; year += step) {
    ticks.push(s("line", { x1: x(year), x2: x(year), y1: 14, y2: height, class: "tick" }),
      s("text", { x: x(year) + 3, y: 12, class: "tick-label" }, String(year)));
  }
  return s("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "timeline", role: "img", "aria-label": t("dl.title") },
    ticks,
    s("line", { x1: x(today()), x2: x(today()), y1: 14, y2: height, class: "today" }),
    s("text", { x: x(today()) + 3, y: height - 2, class: "today-label" }, t("dl.today")),
    dots);
}

/** Deadlines: the timeline, then every commitment by deadline with its status. */
export async function deadlinesPage(main) {
  const found = await get("/api/deadlines", { limit: 1000 });
  const items = found.items;
  show(main,
    h("h1", {}, t("dl.title")),
    items.length ? h("figure", { class: "timeline-box" }, timeline(items)) : h("p", { class: "muted" }, t("empty")),
    h("h2", {}, t("dl.list")),
    h("ol", { class: "deadline-list" }, items.map((c) => h("li", { "data-id": c.id, class: c.overdue ? "is-overdue" : null },
      h("time", {}, when(c.deadline)), " ",
      h("a", { href: path("commitments", c.id) },
        [c.actor ?? t("aggregate"), kindLabel(c.kind), c.value === null ? null : fullFigure(c)].filter(Boolean).join(" · ")),
      " ", status(c)))));
}
