// The deadlines page: a timeline of commitments by deadline (each status its own shape and colour,
// a legend), the overdue count in the heading, closures and cuts with no news told apart from delays.

import { get } from "./api.js";
import { h, path, s, show } from "./dom.js";
import { fullFigure, kindLabel, t, when } from "./i18n.js";
import { isStale, status } from "./parts.js";

const MIN_WIDTH = 600;
const ROW = 16;
const TOP = 34;
const SPAN_YEARS = 12;
const MAX_LABELS = 16;

/** A partial ISO date as a fractional year, in the middle of its period ("2030" → 2030.5, "2027-03" → 2027.21). */
export function yearOf(value) {
  const [year, month, day] = value.split("-").map(Number);
  if (!month) return year + 0.5;
  if (!day) return year + (month - 0.5) / 12;
  return year + (month - 1) / 12 + (day - 0.5) / 365;
}

function today() {
  const d = new Date();
  return d.getFullYear() + (d.getMonth() + d.getDate() / 31) / 12;
}

/** The group of a commitment on the timeline, which sets its shape and colour. */
export function group(c) {
  if (isStale(c)) return "nonews";
  if (c.overdue) return "late";
  return { completed: "done", cancelled: "cancelled", postponed: "postponed" }[c.status] ?? "planned";
}

const GROUPS = ["planned", "late", "postponed", "done", "cancelled", "nonews"];

/** A shape centred on (x, y): circle, triangle, diamond, square, cross or ring, one per group. */
function shape(kind, x, y, attrs) {
  const r = 5.5;
  const at = (points) => points.map(([dx, dy]) => `${(x + dx).toFixed(1)},${(y + dy).toFixed(1)}`).join(" ");
  const cls = `dot g-${kind}`;
  switch (kind) {
    case "late": return s("polygon", { points: at([[0, -r - 1], [r + 1, r], [-r - 1, r]]), class: cls, ...attrs });
    case "postponed": return s("polygon", { points: at([[0, -r - 1], [r + 1, 0], [0, r + 1], [-r - 1, 0]]), class: cls, ...attrs });
    case "done": return s("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, class: cls, ...attrs });
    case "cancelled": return s("path", { d: `M${x - r},${y - r}L${x + r},${y + r}M${x + r},${y - r}L${x - r},${y + r}`, class: cls, ...attrs });
    case "nonews": return s("circle", { cx: x, cy: y, r: r - 0.5, class: cls, ...attrs });
    default: return s("circle", { cx: x, cy: y, r, class: cls, ...attrs });
  }
}

function legend() {
  return h("ul", { class: "timeline-legend", "aria-label": t("dl.legend") }, GROUPS.map((g) => h("li", { "data-group": g },
    s("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true" }, shape(g, 8, 8, {})),
    " ", t(`dl.${g}`))));
}

function timeline(items, width) {
  const years = items.map((c) => yearOf(c.deadline));
  const first = Math.floor(Math.max(today() - SPAN_YEARS, Math.min(today(), ...years)));
  const last = Math.floor(Math.max(today(), ...years)) + 1;
  const x = (year) => 24 + ((Math.max(year, first) - first) / Math.max(1, last - first)) * (width - 48);
  const every = Math.ceil((last - first) / MAX_LABELS);
  const stacks = {};
  const dots = items.map((c, i) => {
    const slot = Math.round(x(years[i]) / 10);
    stacks[slot] = (stacks[slot] ?? 0) + 1;
    const label = `${when(c.deadline)} · ${c.actor ?? t("aggregate")} · ${kindLabel(c.kind)}` +
      (c.value === null ? "" : ` · ${fullFigure(c)}`) + ` · ${t(`dl.${group(c)}`)}`;
    return s("a", { href: path("commitments", c.id), "aria-label": label },
      shape(group(c), x(years[i]), TOP + stacks[slot] * ROW, { "data-id": c.id, "data-group": group(c) }),
      s("title", {}, label));
  });
  const height = TOP + (Math.max(1, ...Object.values(stacks)) + 1) * ROW;
  const ticks = [];
  for (let year = first; year <= last; year += 1) {  // a tick every year, a label as often as they fit
    ticks.push(s("line", { x1: x(year), x2: x(year), y1: 18, y2: height, class: "tick", "data-year": year }));
    if ((year - first) % every === 0 && year < last) {
      ticks.push(s("text", { x: x(year + 0.5), y: 14, class: "tick-label", "text-anchor": "middle" }, String(year)));
    }
  }
  return s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, class: "timeline", role: "group", "aria-label": t("dl.title") },
    ticks,
    s("line", { x1: x(today()), x2: x(today()), y1: 18, y2: height, class: "today" }),
    s("text", { x: x(today()) + 3, y: height - 3, class: "today-label" }, t("dl.today")),
    dots);
}

/** Deadlines: the overdue count, the timeline with its legend, then every commitment by deadline. */
export async function deadlinesPage(main) {
  const found = await get("/api/deadlines", { limit: 1000 });
  const items = found.items;
  const late = items.filter((c) => group(c) === "late").length;
  const stale = items.filter((c) => group(c) === "nonews").length;
  const box = h("figure", { class: "timeline-box" });
  show(main,
    h("h1", {}, t("dl.title"), " ", h("span", { class: "overdue-count" }, `· ${t("dl.overdue", { n: late })}`),
      stale ? h("span", { class: "muted" }, ` · ${t("dl.stale", { n: stale })}`) : null),
    items.length ? [legend(), box] : h("p", { class: "muted" }, t("empty")),
    h("h2", {}, t("dl.list")),
    h("ol", { class: "deadline-list" }, items.map((c) => h("li", { "data-id": c.id, "data-group": group(c),
      class: group(c) === "late" ? "is-overdue" : null },
    h("time", {}, when(c.deadline)), " ",
    h("a", { href: path("commitments", c.id) },
      [c.actor ?? t("aggregate"), kindLabel(c.kind), c.value === null ? null : fullFigure(c)].filter(Boolean).join(" · ")),
    " ", status(c)))));
  if (items.length) box.append(timeline(items, Math.max(MIN_WIDTH, Math.floor(box.clientWidth) - 16)));
}
