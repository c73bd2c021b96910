// Building the page from data without ever parsing data as HTML: elements and text nodes only.

import { keepLang } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

function fill(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "on") {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An HTML element; strings among ``children`` become text nodes. */
export function h(tag, attrs, ...children) {
  return fill(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return fill(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** A path of this site built from parts, each one URL-encoded. */
export function path(...parts) {
  return "/" + parts.map((p) => encodeURIComponent(String(p))).join("/");
}

/** ``url`` if it is an http(s) URL (for an href), else null. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * ``text`` with spans marked: ``spans`` are {start, end, cls, title} in code points of ``text``.
 * Built from text nodes and <mark> elements; overlapping spans split into segments, each marked
 * with the classes of every span covering it.
 */
export function highlight(text, spans) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const valid = spans.filter((sp) => sp && sp.start >= 0 && sp.end <= chars.length && sp.start < sp.end);
  for (const sp of valid) {
    cuts.add(sp.start);
    cuts.add(sp.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = valid.filter((sp) => sp.start <= a && sp.end >= b);
    if (!covering.length) {
      out.append(document.createTextNode(piece));
      continue;
    }
    const classes = [...new Set(covering.map((sp) => sp.cls))].join(" ");
    const title = covering.map((sp) => sp.title).filter(Boolean).join(" · ");
    const mark = h("mark", { class: classes, title: title || null }, piece);
    for (const sp of covering) if (sp.id) mark.dataset.fact = sp.id;
    out.append(mark);
  }
  return out;
}

/** Replace the children of ``el``. */
export function show(el, ...children) {
  el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

/** Put a page's parameters in the URL (replacing its query string; the language is kept). */
export function setParams(params) {
  const q = params.toString();
  history.replaceState(null, "", location.pathname + (q ? "?" + q : ""));
  keepLang();
}
