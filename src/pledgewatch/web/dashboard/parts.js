// Pieces shared by the pages: commitment tables, status badges, figure lists.

import { h, path } from "./dom.js";
import { fullFigure, kindLabel, statusLabel, sumFigure, t, when } from "./i18n.js";

const CLOSINGS = ["site_closure", "jobs_cut"];

/** A closure or a cut past its deadline with no later news: not late, but unconfirmed. */
export function isStale(item) {
  return item.overdue && CLOSINGS.includes(item.kind);
}

/** A status badge; past the deadline, "en retard", or "sans nouvelles depuis …" for a closure or a cut. */
export function status(item) {
  const late = isStale(item)
    ? h("span", { class: "badge stale" }, item.updated ? t("stale", { date: when(item.updated) }) : t("stale.nodate"))
    : item.overdue ? h("span", { class: "badge overdue" }, t("overdue")) : null;
  return h("span", { class: "status-cell" },
    h("span", { class: `badge status-${item.status}` }, statusLabel(item.status)), late);
}

/** The places of an item, each a link to the commitments there. */
export function placeLinks(places) {
  if (!places.length) return t("none");
  return places.flatMap((p, i) => [
    i ? ", " : null, h("a", { href: "/commitments?place=" + encodeURIComponent(p.code) }, p.name)]);
}

/** Link to the company page of an actor, or "(total annoncé)" for an aggregate. */
export function actorLink(item) {
  if (!item.actor) return h("span", { class: "muted" }, item.aggregate ? t("aggregate") : t("none"));
  return h("a", { href: path("companies", item.actor_id || item.actor) }, item.actor);
}

export function eventLink(name) {
  return name ? h("a", { href: path("events", name) }, name) : t("none");
}

const COLUMNS = [
  ["announced", "c.announced", (c) => c.announced ?? "", (c) => when(c.announced)],
  ["actor", "c.actor", (c) => (c.actor ?? "").toLowerCase(), actorLink],
  ["kind", "c.kind", (c) => kindLabel(c.kind), (c) => kindLabel(c.kind)],
  ["figure", "c.figure", (c) => c.value ?? -Infinity, figureCell],
  ["places", "c.places", (c) => c.places.map((p) => p.name).join(", "), (c) => placeLinks(c.places)],
  ["deadline", "c.deadline", (c) => c.deadline ?? "~", (c) => when(c.deadline)],
  ["status", "c.status", (c) => `${c.overdue ? 0 : 1}${c.status}`, status],
  ["event", "c.event", (c) => c.event ?? "~", (c) => eventLink(c.event)],
  ["reports", "c.reports", (c) => c.evidence.length, (c) => String(c.evidence.length)],
];

/** A commitment's figure, linked to its page; a part says which whole it is counted in. */
function figureCell(c, items = []) {
  const whole = c.part_of ? items.find((w) => w.id === c.part_of) : null;
  return [h("a", { href: path("commitments", c.id), class: "figure-link" }, c.value === null ? "→" : fullFigure(c),
    c.conflicting ? h("span", { class: "warn", title: t("conflicting") }, " ⚠") : null),
  c.part_of ? h("span", { class: "part-of" }, ` (${t("part.of")} `,
    h("a", { href: path("commitments", c.part_of) }, whole ? fullFigure(whole) : t("part.whole")), ")") : null];
}

function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a).localeCompare(String(b), "fr");
}

/**
 * A table of commitments (in a box that scrolls when it is wider than the page); with ``sortable`` its headers are buttons sorting it
 * (``onSort(key, dir)`` told so the page can keep the order in its URL).
 */
export function commitmentTable(items, { sort = null, dir = "asc", onSort = null } = {}) {
  const rows = [...items];
  const column = COLUMNS.find((c) => c[0] === sort);
  if (column) {
    rows.sort((a, b) => compare(column[2](a), column[2](b)) * (dir === "desc" ? -1 : 1));
  }
  const head = COLUMNS.map(([key, label]) => {
    const active = key === sort;
    const aria = active ? (dir === "desc" ? "descending" : "ascending") : null;
    const content = onSort
      ? h("button", { type: "button", class: "sort", "data-sort": key,
          on: { click: () => onSort(key, active && dir === "asc" ? "desc" : "asc") } },
        t(label), active ? (dir === "desc" ? " ▼" : " ▲") : "")
      : t(label);
    return h("th", { scope: "col", "aria-sort": aria }, content);
  });
  const body = rows.map((c) => h("tr", { "data-id": c.id, class: c.overdue ? "is-overdue" : null },
    COLUMNS.map(([key, , , render]) => h("td", { class: `col-${key}` }, render(c, items)))));
  if (!rows.length) body.push(h("tr", {}, h("td", { colspan: COLUMNS.length, class: "muted" }, t("empty"))));
  return scrollBox(h("table", { class: "commitments" }, h("thead", {}, h("tr", {}, head)), h("tbody", {}, body)),
    t("c.table"));
}

/** A table in a box that scrolls when it is wider than the page (the page never does); the box is a
 * tab stop, so it scrolls from the keyboard too. */
export function scrollBox(table, label) {
  return h("div", { class: "table-box", tabindex: "0", role: "region", "aria-label": label }, table);
}

/** A table of totals (rows of /api/totals by kind). */
export function totalsTable(items) {
  return scrollBox(h("table", { class: "totals" },
    h("thead", {}, h("tr", {}, h("th", {}, t("c.kind")), h("th", {}, t("total")), h("th", {}, t("ev.found_eur")),
      h("th", {}, t("ev.count")))),
    h("tbody", {}, items.map((r) => h("tr", {},
      h("td", {}, kindLabel(r.kind)), h("td", { class: "num" }, sumFigure(r.total, r.total_max, r.qualifier, r.unit)),
      h("td", { class: "num" }, r.unit === "EUR" ? t("none") : sumFigure(r.eur, r.eur_max, r.qualifier, "EUR")),
      h("td", { class: "num" }, String(r.count)))))), t("co.totals"));
}

/** A short line for a commitment in a list: link with actor, kind and figure. */
export function commitmentLine(c) {
  return h("li", { "data-id": c.id },
    h("a", { href: path("commitments", c.id) }, [c.actor || t("aggregate"), kindLabel(c.kind), c.value === null ? null : fullFigure(c)]
      .filter(Boolean).join(" · ")),
    c.part_of ? h("span", { class: "part-of" }, ` (${t("part.of")} `, h("a", { href: path("commitments", c.part_of) },
      t("part.whole")), ")") : null,
    " ", status(c));
}
