// The pages of one thing: a commitment, a document, a company, an event.

import { get } from "./api.js";
import { h, highlight, path, safeUrl, show } from "./dom.js";
import { historyTimeline } from "./history.js";
import { fullFigure, kindLabel, statusLabel, sumFigure, t, textLang, when } from "./i18n.js";
import { actorLink, commitmentLine, commitmentTable, eventLink, placeLinks, scrollBox, status, totalsTable } from "./parts.js";

/** Where an evidence line comes from: title (linked to the article when it is online), outlet, date. */
function source(e) {
  const url = safeUrl(e.url);
  const title = h("cite", { lang: textLang() }, e.title);
  return h("div", { class: "meta source" },
    url ? h("a", { href: url, rel: "noopener noreferrer nofollow" }, title) : title,
    " · ", e.outlet ? h("span", { class: "outlet" }, e.outlet) : h("span", { class: "muted" }, t("ev.nooutlet")),
    " · ", h("time", {}, when(e.published)), " · ", statusLabel(e.status),
    e.value === null ? null : ` · ${fullFigure(e)}`, " · ",
    h("a", { href: path("documents", e.document_id) + "#fact-" + encodeURIComponent(e.fact_id) }, t("ev.doc")));
}

function evidenceItem(e) {
  const spans = e.figure ? [{ start: e.figure.start - e.start, end: e.figure.end - e.start, cls: "figure" }] : [];
  return h("li", { class: "evidence" }, source(e),
    h("blockquote", { lang: textLang() }, highlight(e.text, spans)));
}

/** A commitment's place among others: the whole it is a share of, or the parts it holds. */
function partsOf(c) {
  if (c.part_of) {
    return h("p", { class: "part-note" }, t("part.note"), " ",
      h("a", { href: path("commitments", c.part_of), class: "whole-link" }, t("part.whole") + " →"));
  }
  if (!c.parts?.length) return null;
  return h("div", { class: "parts" }, h("h2", {}, t("part.parts")),
    h("ul", { class: "area-list" }, c.parts.map((p) => h("li", { "data-id": p.id },
      h("a", { href: path("commitments", p.id) }, fullFigure(p)), " · ", placeLinks(p.places)))));
}

/** One commitment: figures, status over time, every article's sentence with its figure marked. */
export async function commitmentPage(main, id) {
  const c = await get(path("api", "commitments", id));
  document.title = `${c.actor ?? t("aggregate")} · ${kindLabel(c.kind)} · pledgewatch`;
  show(main,
    h("h1", {}, actorLink(c), " · ", kindLabel(c.kind)),
    h("p", { class: "headline" }, h("span", { class: "big-figure" }, fullFigure(c)), " ", status(c),
      c.conflicting ? h("span", { class: "badge warn" }, t("conflicting")) : null),
    partsOf(c),
    h("dl", { class: "facts" },
      h("dt", {}, t("c.places")), h("dd", {}, placeLinks(c.places)),
      h("dt", {}, t("c.deadline")), h("dd", { class: "deadline" }, when(c.deadline)),
      h("dt", {}, t("c.event")), h("dd", {}, eventLink(c.event)),
      h("dt", {}, t("c.announced")), h("dd", {}, when(c.announced)),
      c.detail ? [h("dt", {}, "·"), h("dd", {}, c.detail)] : null),
    h("h2", {}, t("cm.figures")),
    scrollBox(h("table", { class: "figures" },
      h("thead", {}, h("tr", {}, h("th", {}, t("cm.value")), h("th", {}, t("c.reports")))),
      h("tbody", {}, c.figures.map((f) => h("tr", {}, h("td", {}, fullFigure(f)), h("td", { class: "num" }, String(f.reports)))))),
    t("cm.figures")),
    h("h2", {}, t("cm.history")),
    historyTimeline(c.history),
    h("h2", {}, t("cm.evidence"), ` (${c.evidence.length})`),
    h("ol", { class: "evidence-list" }, c.evidence.map(evidenceItem)));
}

/** One document: its text with every fact's sentence and figure marked; its title, outlet and link. */
export async function documentPage(main, id) {
  const d = await get(path("api", "documents", id));
  const chars = Array.from(d.text).length;
  const spans = d.facts.flatMap((f) => [
    { start: f.evidence.start, end: f.evidence.end, cls: "evidence", title: kindLabel(f.kind), id: f.id },
    f.figure ? { start: f.figure.start, end: f.figure.end, cls: "figure", id: f.id } : null,
  ]).filter((sp) => sp && sp.end <= chars);
  const origin = d.origin;
  const url = safeUrl(origin.url);
  const online = d.sources.map(safeUrl).filter(Boolean);
  show(main,
    h("h1", { lang: textLang(d.lang) }, origin.title || t("doc.untitled")),
    h("p", { class: "meta" }, `${t("published")} : ${when(d.published)}`,
      origin.outlet ? [" · ", url ? h("a", { href: url, rel: "noopener noreferrer nofollow", class: "outlet" }, origin.outlet)
        : origin.outlet] : null,
      origin.titled ? null : h("span", { class: "muted" }, ` · ${t("doc.titled")}`)),
    h("div", { class: "doc-layout" },
      h("article", { class: "doc-text", lang: textLang(d.lang) }, highlight(d.text, spans)),
      h("aside", { class: "panel" },
        h("h2", {}, t("doc.facts"), ` (${d.facts.length})`),
        h("ol", { class: "doc-facts" }, d.facts.map((f) => h("li", { id: `fact-${f.id}` },
          h("strong", {}, kindLabel(f.kind)), " · ", f.actor || t("aggregate"),
          f.value === null ? null : ` · ${fullFigure(f)}`,
          f.commitment_id ? [" · ", h("a", { href: path("commitments", f.commitment_id), "aria-label": t("cm.open") }, "→")] : null))),
        h("h2", {}, t("doc.sources")),
        online.length
          ? h("ul", { class: "sources" }, online.map((src) => h("li", {}, h("a", { href: src, rel: "noopener noreferrer nofollow" }, src))))
          : h("p", { class: "sources muted" }, t("doc.local")))));
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
    scrollBox(h("table", { class: "reconcile" },
      h("thead", {}, h("tr", {}, ["c.kind", "ev.announced", "ev.found", "ev.found_eur", "ev.count"]
        .map((k) => h("th", {}, t(k))))),
      h("tbody", {}, ev.rows.map((r) => h("tr", { "data-kind": r.kind },
        h("td", {}, kindLabel(r.kind)), cell(r.announced, r.announced_max, r.announced_qualifier, r.unit),
        cell(r.found, r.found_max, r.found_qualifier, r.unit),
        cell(r.unit === "EUR" ? null : r.found_eur, r.found_eur_max, r.found_qualifier, "EUR"),
        h("td", { class: "num" }, String(r.count)))))), t("ev.reconcile")),
    h("h2", {}, t("ev.totals")),
    h("ul", { class: "area-list" }, ev.announced.map(commitmentLine)),
    h("h2", {}, t("ev.singles"), ` (${ev.commitments.length})`),
    commitmentTable(ev.commitments));
}
