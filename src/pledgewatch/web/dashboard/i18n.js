// Words of the dashboard in French (default) and English, and figures in each language's form.
// The words of each language are data: lang/<lang>.json (words of the interface, kinds, statuses,
// steps, units, qualifiers, months), one file per language, the same keys in each.

import en from "./lang/en.json" with { type: "json" };
import fr from "./lang/fr.json" with { type: "json" };

const WORDS = { fr, en };
const CURRENCIES = { EUR: "€", USD: "$", GBP: "£", JPY: "¥", CHF: "CHF" };
const NBSP = "\u00a0";
const THIN = "\u202f";

export const KIND_CODES = Object.keys(fr.kinds);
export const STATUS_CODES = Object.keys(fr.statuses);

const LANGS = Object.keys(WORDS);
const STORE = "pledgewatch.lang";

function stored() {
  try {
    return localStorage.getItem(STORE);
  } catch {
    return null;
  }
}

/** The language shown: the URL's ``?lang=`` (a shared link opens as it was), else the last one chosen, else French. */
export function lang() {
  const asked = new URLSearchParams(location.search).get("lang");
  if (LANGS.includes(asked)) return asked;
  return stored() === "en" ? "en" : "fr";
}

/** Keep the language in the URL (``?lang=en``; French, the default, needs none) and remember it. */
export function keepLang(chosen = lang()) {
  const params = new URLSearchParams(location.search);
  if (chosen === "fr") params.delete("lang"); else params.set("lang", chosen);
  const q = params.toString();
  history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
  try {
    localStorage.setItem(STORE, chosen);
  } catch {
    // no storage (private mode): the URL still carries the language
  }
}

/** Switch to the other language. */
export function toggleLang() {
  keepLang(lang() === "fr" ? "en" : "fr");
}

/** The language of a text of the ledger (the news is French): a ``lang`` attribute when it differs from the page's. */
export function textLang(code = "fr") {
  return code && code !== lang() ? code : null;
}

/** A word of the interface; ``{n}`` replaced from ``vars``. */
export function t(key, vars = {}) {
  const text = WORDS[lang()].words[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

export const kindLabel = (kind) => WORDS[lang()].kinds[kind] ?? kind ?? "";
export const statusLabel = (status) => WORDS[lang()].statuses[status] ?? status ?? "";
/** The name of a status news's step ("postponed" → "report"); an unknown step as it is. */
export const stepLabel = (step) => WORDS[lang()].steps[step] ?? step ?? "";

/** A number: French groups of three separated by a thin space, decimal comma (or English form). */
export function num(value, digits = 2) {
  const [int, frac = ""] = Math.abs(value).toFixed(digits).split(".");
  const fr = lang() === "fr";
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, fr ? THIN : ",");
  const decimals = frac.replace(/0+$/, "");
  return (value < 0 ? "−" : "") + grouped + (decimals ? (fr ? "," : ".") + decimals : "");
}

function amount(value, unit) {
  const symbol = CURRENCIES[unit] ?? unit;
  const fr = lang() === "fr";
  const abs = Math.abs(value);
  if (abs >= 1e9) return num(value / 1e9) + NBSP + (fr ? "Md" : "bn") + symbol;
  if (abs >= 1e6) return num(value / 1e6) + NBSP + "M" + symbol;
  return num(value) + NBSP + symbol;
}

function isMoney(unit) {
  return typeof unit === "string" && /^[A-Z]{3}$/.test(unit);
}

/** A value with its unit: "4 Md€", "10 000 emplois", "1 000 MW". */
export function figure(value, unit) {
  if (value === null || value === undefined) return "";
  if (isMoney(unit)) return amount(value, unit);
  const words = WORDS[lang()].units[unit];
  const word = words ? words[Math.abs(value) >= 2 ? 1 : 0] : unit ?? "";
  return (num(value) + (word ? NBSP + word : "")).trim();
}

/** A figure with its hedge ("au moins 500 emplois") or range ("8 000 – 10 000 emplois"). */
export function fullFigure(item) {
  if (item.value === null || item.value === undefined) return t("none");
  if (item.qualifier === "range" && item.value_max !== null && item.value_max !== undefined) {
    return figure(item.value, item.unit) + " – " + figure(item.value_max, item.unit);
  }
  return (WORDS[lang()].qualifiers[item.qualifier] ?? "") + figure(item.value, item.unit);
}

/**
 * The qualifier of a sum, from its parts' qualifiers (the rule of queries.sum_qualifier): all exact,
 * exact; one shared hedge, that hedge; at_least with range, at_least; any other mix, about.
 */
export function sumQualifier(parts) {
  const hedged = new Set(parts.filter((q) => q !== "exact"));
  if (!hedged.size) return "exact";
  if (hedged.size === 1) return [...hedged][0];
  return hedged.size === 2 && hedged.has("at_least") && hedged.has("range") ? "at_least" : "about";
}

/** A sum of /api/totals or reconcile as a figure: its low sum, high sum when ranged, and qualifier. */
export function sumFigure(total, totalMax, qualifier, unit) {
  return fullFigure({ value: total, value_max: totalMax, qualifier, unit });
}

/** A partial ISO date for people: "2027", "mai 2024", "13 mai 2024". */
export function when(value) {
  if (!value) return t("none");
  const [year, month, day] = value.split("-");
  if (!month) return year;
  const name = WORDS[lang()].months[Number(month) - 1] ?? month;
  return (day ? Number(day) + " " : "") + name + " " + year;
}
