// The commitments list: filters kept in the URL, names matched in part (suggestions as one types,
// "Micro" finds Microsoft), places shown by name, pages with the true total, newest news first,
// and the CSV of everything the filters select.

import { get, query } from "./api.js";
import { h, path, setParams, show } from "./dom.js";
import { KIND_CODES, STATUS_CODES, kindLabel, statusLabel, t } from "./i18n.js";
import { commitmentTable } from "./parts.js";

const FILTERS = ["kind", "actor", "place", "event", "status", "since", "until"];
const NAMED = ["actor", "event", "place"];
const PER_PAGE = [10, 25, 50, 100];
const ORDERS = ["updated", "announced", "deadline"];
const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** The place's name for a code ("region:44" → "Grand Est"), the code itself when unknown. */
async function placeName(code) {
  try {
    return (await get(path("api", "places", code))).name;
  } catch {
    return code;
  }
}

/**
 * The filter values the API takes for what was typed: a name held by a known one is replaced by it
 * ("Micro" → Microsoft); ``notes`` say so, or offer the closest names when none holds it.
 */
async function resolve(params) {
  const wanted = Object.fromEntries(FILTERS.map((name) => [name, params.get(name)]));
  const notes = [];
  for (const field of NAMED) {
    const typed = wanted[field];
    if (!typed || (field === "place" && typed.includes(":"))) continue;
    const found = await get("/api/suggest", { field, q: typed });
    const exact = found.items.find((item) => fold(item.name) === fold(typed));
    const best = found.matched ? exact ?? found.items[0] : null;
    if (best) {
      wanted[field] = best.value;
      const others = found.items.filter((item) => item !== best);
      if (best !== exact || others.length) notes.push({ field, typed, best, others });
    } else {
      notes.push({ field, typed, best: null, others: found.items });
      wanted.unknown = true;
    }
  }
  return { wanted, notes };
}

function noteLine(note, params) {
  const link = (item) => {
    const next = new URLSearchParams(params);
    next.set(note.field, item.value);
    next.delete("page");
    return h("a", { href: "/commitments?" + next.toString(), class: "suggestion" }, item.name);
  };
  const links = note.others.flatMap((item, i) => [i ? ", " : " ", link(item)]);
  if (!note.best) {
    return h("p", { class: "note", role: "status" }, t("list.unknown", { typed: note.typed }), " ",
      links.length ? [t("list.maybe"), links] : null);
  }
  return h("p", { class: "note", role: "status" },
    t("list.shown", { field: t(`f.${note.field}`), typed: note.typed, name: note.best.name }),
    links.length ? [" · ", t("list.also"), links] : null);
}

/** As one types a name, the names the ledger knows that hold it (a <datalist>). */
function suggestions(input, field) {
  const list = h("datalist", { id: `names-${field}` });
  input.setAttribute("list", list.id);
  input.setAttribute("autocomplete", "off");
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const typed = input.value.trim();
    if (typed.length < 2) return;
    timer = setTimeout(async () => {
      const found = await get("/api/suggest", { field, q: typed }).catch(() => ({ items: [] }));
      show(list, found.items.map((item) => h("option", { value: item.name })));
    }, 150);
  });
  return list;
}

function filterForm(params, placeShown, onApply) {
  const select = (name, codes, label) => h("select", { name, id: `f-${name}` },
    h("option", { value: "" }, t("f.any")),
    codes.map((code) => h("option", { value: code, selected: params.get(name) === code }, label(code))));
  const input = (name, extra = {}) => h("input", { name, id: `f-${name}`, value: params.get(name) ?? "", ...extra });
  const named = (name, value) => {
    const control = input(name, value === undefined ? {} : { value });
    return [control, suggestions(control, name)];
  };
  const field = (name, control) => h("label", { for: `f-${name}` }, h("span", {}, t(`f.${name}`)), control);
  const date = { placeholder: t("f.date"), pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?", size: 10 };
  const form = h("form", { class: "filters", on: { submit: (event) => { event.preventDefault(); onApply(form); } } },
    field("kind", select("kind", KIND_CODES, kindLabel)),
    field("actor", named("actor")),
    field("place", named("place", placeShown)),
    field("event", named("event")),
    field("status", select("status", STATUS_CODES, statusLabel)),
    field("since", input("since", date)),
    field("until", input("until", date)),
    h("button", { type: "submit" }, t("table.filter")),
    h("a", { href: "/commitments", class: "reset" }, t("table.reset")));
  return form;
}

function pager(params, total, page, per, reload, label = t("list.pages")) {
  const pages = Math.max(1, Math.ceil(total / per));
  const go = (n) => { params.set("page", String(n)); setParams(params); reload(); };
  const first = total ? (page - 1) * per + 1 : 0;
  return h("nav", { class: "pager", "aria-label": label },
    h("button", { type: "button", class: "prev", disabled: page <= 1, on: { click: () => go(page - 1) } }, t("list.prev")),
    h("span", { class: "range" }, t("list.page", { first, last: Math.min(total, page * per), total })),
    h("button", { type: "button", class: "next", disabled: page >= pages, on: { click: () => go(page + 1) } }, t("list.next")));
}

function listOptions(params, per, order, reload) {
  const pick = (name, values, label, current) => h("label", {},
    h("span", {}, t(name)), " ",
    h("select", { class: name.replace(".", "-"), on: { change: (event) => {
      params.set(name === "list.per" ? "per" : "order", event.target.value);
      params.delete("page");
      setParams(params);
      reload();
    } } }, values.map((v) => h("option", { value: v, selected: v === current }, label(v)))));
  return h("div", { class: "list-options" },
    pick("list.order", ORDERS, (o) => t(`order.${o}`), order),
    pick("list.per", PER_PAGE, String, per));
}

/** The commitments list with its filters (kept in the URL), pages, order, sorting and CSV. */
export async function commitmentsPage(main, params) {
  const result = h("div", { id: "result" }, h("p", { class: "muted" }, t("loading")));
  const load = async () => {
    show(result, h("p", { class: "muted" }, t("loading")));
    const per = PER_PAGE.includes(Number(params.get("per"))) ? Number(params.get("per")) : 50;
    const order = ORDERS.includes(params.get("order")) ? params.get("order") : "updated";
    const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
    try {
      const { wanted, notes } = await resolve(params);
      const notices = notes.map((note) => noteLine(note, params));
      if (wanted.unknown) {
        show(result, notices);
        return;
      }
      const chosen = Object.fromEntries(FILTERS.map((name) => [name, wanted[name]]));
      const found = await get("/api/commitments", { ...chosen, order, limit: per, offset: (page - 1) * per });
      const draw = () => show(result, notices,
        h("div", { class: "list-head" },
          h("p", { class: "count" }, t("count", { n: found.total })),
          h("a", { class: "csv", href: "/api/commitments.csv" + query({ ...chosen, order }), download: "commitments.csv" },
            t("list.csv", { n: found.total }))),
        listOptions(params, per, order, load),
        pager(params, found.total, page, per, load),
        commitmentTable(found.items, {
          sort: params.get("sort"), dir: params.get("dir") ?? "asc",
          onSort: (key, dir) => { params.set("sort", key); params.set("dir", dir); setParams(params); draw(); },
        }),
        h("p", { class: "muted small" }, t("list.pagesort")),
        found.total > per ? pager(params, found.total, page, per, load, t("list.pages.end")) : null);
      draw();
    } catch (err) {
      show(result, h("p", { class: "error" }, `${t("error")} : ${err.message}`));
    }
  };
  const code = params.get("place");
  const placeShown = code && code.includes(":") ? await placeName(code) : undefined;
  const form = filterForm(params, placeShown, (f) => {
    for (const name of FILTERS) {
      const value = f.elements[name].value.trim();
      const kept = name === "place" && placeShown !== undefined && value === placeShown;  // the name shown for a code
      if (kept) continue;
      if (value) params.set(name, value); else params.delete(name);
    }
    params.delete("page");
    setParams(params);
    load();
  });
  show(main, h("h1", {}, t("table.title")), form, result);
  await load();
}
