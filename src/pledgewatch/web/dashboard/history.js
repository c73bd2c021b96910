// A commitment's status over time, drawn as a timeline: announced → postponed → opened (or
// abandoned…), each step with its date, its name, its status (a shape and a word, never colour
// alone), the sentence that reported it and a link to that sentence in its document. A news that
// could belong to another commitment too is marked as such: it is shown, and moves nothing.

import { h, path, s } from "./dom.js";
import { statusLabel, stepLabel, t, textLang, when } from "./i18n.js";

/** The marker of a step: a shape per status (circle, diamond, tick, cross), a dashed ring when ambiguous. */
function marker(m) {
  const shapes = {
    planned: [s("circle", { cx: 10, cy: 10, r: 6 })],
    postponed: [s("polygon", { points: "10,3 17,10 10,17 3,10" })],
    completed: [s("circle", { cx: 10, cy: 10, r: 8 }), s("path", { class: "mark-line", d: "M6 10.5l3 3 5-6.5" })],
    cancelled: [s("circle", { cx: 10, cy: 10, r: 8 }), s("path", { class: "mark-line", d: "M6.5 6.5l7 7M13.5 6.5l-7 7" })],
  };
  return s("svg", { class: "step-marker", width: 20, height: 20, viewBox: "0 0 20 20", "aria-hidden": "true", focusable: "false" },
    m.ambiguous ? s("circle", { class: "ambiguous-ring", cx: 10, cy: 10, r: 9 }) : shapes[m.status] ?? shapes.planned);
}

/** The name of a step: its status news ("report", "ouverture"…), else the announcement, a new deadline or a new report. */
function stepName(m, first) {
  if (m.step) return stepLabel(m.step);
  if (first) return t("step.announced");
  return t(m.status === "postponed" ? "step.later" : "step.reported");
}

function stepItem(m, i) {
  const link = m.document_id
    ? h("a", { class: "step-link", href: path("documents", m.document_id) + (m.fact_id ? "#fact-" + encodeURIComponent(m.fact_id) : "") },
      t("ev.doc"))
    : null;
  return h("li", { class: `step status-${m.status}${m.ambiguous ? " is-ambiguous" : ""}`, "data-step": m.step ?? "",
    "data-date": m.date ?? "" },
  marker(m),
  h("div", { class: "step-body" },
    h("p", { class: "step-head" },
      h("time", { datetime: m.date || null }, when(m.date)), " · ",
      h("strong", { class: "step-name" }, stepName(m, i === 0)), " ",
      h("span", { class: `badge status-${m.status}` }, statusLabel(m.status)),
      m.ambiguous ? [" ", h("span", { class: "badge ambiguous" }, t("step.ambiguous"))] : null,
      m.deadline ? h("span", { class: "step-deadline" }, ` · ${t("deadline")} ${when(m.deadline)}`) : null),
    m.ambiguous ? h("p", { class: "step-note" }, t("step.ambiguous.note")) : null,
    m.text ? h("blockquote", { lang: textLang() }, m.text) : null,
    link));
}

/** The timeline of a commitment's status moves (the API's ``history``, oldest first). */
export function historyTimeline(moves) {
  if (!moves.length) return h("p", { class: "muted" }, t("empty"));
  return h("ol", { class: "history" }, moves.map(stepItem));
}
