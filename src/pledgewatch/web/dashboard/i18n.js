// Words of the dashboard in French (default) and English, and figures in each language's form.

const STRINGS = {
  fr: {
    "nav.map": "Carte", "nav.commitments": "Engagements", "nav.deadlines": "Échéances", "switch": "English",
    "map.title": "Où vont l'argent et les emplois", "map.regions": "Régions", "map.departments": "Départements",
    "map.money": "Argent investi", "map.jobs_created": "Emplois créés", "map.jobs_cut": "Emplois supprimés",
    "map.level": "Découpage", "map.measure": "Mesure", "map.hint": "Cliquez sur une zone pour voir ses engagements.",
    "map.none": "aucun", "map.ranking": "Classement", "area.commitments": "engagements",
    "head.title": "En chiffres", "head.money": "Investissements annoncés", "head.created": "Emplois créés",
    "head.cut": "Emplois supprimés", "head.commitments": "Engagements", "head.overdue": "En retard", "head.stale": "Sans nouvelles (fermetures, suppressions)",
    "head.period": "Annoncés de {first} à {last}", "head.sources": "d'après {n} article(s)",
    "head.sources.title": "Les engagements de la période, tirés de ces articles",
    "map.several": "Sur plusieurs régions", "map.unplaced": "France, sans lieu plus précis",
    "map.hedged": "Teinte selon la borne basse : des zones comptent des fourchettes ou des minima (voir leur chiffre).",
    "table.title": "Engagements", "table.filter": "Filtrer", "table.reset": "Effacer",
    "f.kind": "Type", "f.actor": "Acteur", "f.place": "Lieu", "f.event": "Événement", "f.status": "Statut",
    "f.since": "Annoncé depuis", "f.until": "Annoncé jusqu'à", "f.any": "tous", "f.date": "AAAA ou AAAA-MM",
    "c.announced": "Annoncé", "c.actor": "Acteur", "c.kind": "Type", "c.figure": "Chiffre", "c.places": "Lieux",
    "c.deadline": "Échéance", "c.status": "Statut", "c.event": "Événement", "c.reports": "Articles",
    "count": "{n} résultat(s)", "aggregate": "(total annoncé)", "overdue": "en retard", "conflicting": "chiffres divergents",
    "cm.figures": "Chiffres rapportés", "cm.history": "Statut au fil du temps", "cm.evidence": "Preuves : chaque article",
    "cm.reports": "articles", "cm.article": "article", "cm.date": "Date", "cm.value": "Chiffre",
    "doc.facts": "Faits extraits", "doc.sources": "Sources", "doc.untitled": "Document sans titre",
    "co.totals": "Totaux par type", "co.commitments": "Engagements", "ev.reconcile": "Annoncé et engagements trouvés",
    "ev.announced": "Annoncé", "ev.found": "Trouvé (somme)", "ev.found_eur": "Trouvé (équiv. €)",
    "ev.count": "Engagements", "ev.singles": "Engagements trouvés", "ev.totals": "Totaux annoncés",
    "dl.title": "Échéances", "dl.today": "aujourd'hui", "dl.list": "Par échéance",
    "total": "Total", "unit": "Unité", "published": "Publié", "none": "—", "loading": "Chargement…",
    "error": "Erreur", "empty": "Rien à afficher.", "deadline": "échéance",
    "skip": "Aller au contenu", "notfound.title": "Page introuvable",
    "notfound.text": "Cette adresse ne mène à aucune page du tableau de bord.", "notfound.back": "Retour à la carte",
    "part.of": "part de", "part.whole": "un engagement plus large", "part.parts": "Dont",
    "part.note": "Part d'un engagement plus large, compté dans celui-ci :",
    "tip.count": "{n} engagement(s)", "tip.rank": "rang {r} sur {n}", "map.overseas": "Outre-mer",
    "map.idf": "Île-de-France (zoom)", "map.nodata": "aucune donnée", "map.keys": "Flèches : passer d'une zone à l'autre ; Entrée : ouvrir.",
    "area.all": "Tous ses engagements",
    "list.page": "{first}–{last} sur {total}", "list.prev": "← Précédents", "list.next": "Suivants →",
    "list.per": "Par page", "list.csv": "Télécharger ces {n} engagements (CSV)", "list.order": "Ordre",
    "order.updated": "dernière nouvelle d'abord", "order.announced": "annonce, la plus ancienne d'abord",
    "order.deadline": "échéance, la plus proche d'abord", "list.shown": "{field} : « {typed} » → {name}",
    "list.also": "Aussi :", "list.unknown": "Aucun nom connu ne contient « {typed} ».", "list.maybe": "Vouliez-vous dire :",
    "list.pagesort": "Le tri par colonne ordonne la page affichée.",
    "ev.source": "Source", "ev.doc": "dans le texte →", "ev.nooutlet": "source sans adresse publique",
    "doc.local": "Pas d'adresse publique (lu depuis un fichier).", "cm.open": "ouvrir l'engagement", "list.pages": "Pages", "list.pages.end": "Pages (fin de liste)", "c.table": "Tableau des engagements", "doc.titled": "titre tiré de la première ligne",
    "stale": "sans nouvelles depuis {date}", "stale.nodate": "sans nouvelles", "dl.overdue": "{n} en retard", "dl.stale": "{n} sans nouvelles",
    "dl.legend": "Légende", "dl.planned": "prévu", "dl.late": "en retard", "dl.done": "réalisé",
    "dl.cancelled": "annulé", "dl.postponed": "reporté", "dl.nonews": "fermeture ou suppression, sans nouvelles",
    "step.announced": "annonce", "step.reported": "nouvel article", "step.later": "échéance repoussée",
    "step.ambiguous": "rattachement incertain",
    "step.ambiguous.note": "Cette nouvelle peut concerner un autre engagement de l'acteur : elle ne change pas ce statut.",
  },
  en: {
    "nav.map": "Map", "nav.commitments": "Commitments", "nav.deadlines": "Deadlines", "switch": "Français",
    "map.title": "Where the money and the jobs go", "map.regions": "Regions", "map.departments": "Departments",
    "map.money": "Money invested", "map.jobs_created": "Jobs created", "map.jobs_cut": "Jobs cut",
    "map.level": "Areas", "map.measure": "Measure", "map.hint": "Click an area to list its commitments.",
    "map.none": "none", "map.ranking": "Ranking", "area.commitments": "commitments",
    "head.title": "At a glance", "head.money": "Investment announced", "head.created": "Jobs created",
    "head.cut": "Jobs cut", "head.commitments": "Commitments", "head.overdue": "Overdue", "head.stale": "No news (closures, cuts)",
    "head.period": "Announced from {first} to {last}", "head.sources": "from {n} article(s)",
    "head.sources.title": "The period's commitments, drawn from these articles",
    "map.several": "Across several regions", "map.unplaced": "France, placed no further",
    "map.hedged": "Shaded by the lower bound: some areas hold ranges or minimums (see their figure).",
    "table.title": "Commitments", "table.filter": "Filter", "table.reset": "Clear",
    "f.kind": "Kind", "f.actor": "Actor", "f.place": "Place", "f.event": "Event", "f.status": "Status",
    "f.since": "Announced since", "f.until": "Announced until", "f.any": "any", "f.date": "YYYY or YYYY-MM",
    "c.announced": "Announced", "c.actor": "Actor", "c.kind": "Kind", "c.figure": "Figure", "c.places": "Places",
    "c.deadline": "Deadline", "c.status": "Status", "c.event": "Event", "c.reports": "Articles",
    "count": "{n} result(s)", "aggregate": "(announced total)", "overdue": "overdue", "conflicting": "conflicting figures",
    "cm.figures": "Figures reported", "cm.history": "Status over time", "cm.evidence": "Evidence: every article",
    "cm.reports": "articles", "cm.article": "article", "cm.date": "Date", "cm.value": "Figure",
    "doc.facts": "Facts found", "doc.sources": "Sources", "doc.untitled": "Untitled document",
    "co.totals": "Totals by kind", "co.commitments": "Commitments", "ev.reconcile": "Announced against commitments found",
    "ev.announced": "Announced", "ev.found": "Found (sum)", "ev.found_eur": "Found (EUR equiv.)",
    "ev.count": "Commitments", "ev.singles": "Commitments found", "ev.totals": "Announced totals",
    "dl.title": "Deadlines", "dl.today": "today", "dl.list": "By deadline",
    "total": "Total", "unit": "Unit", "published": "Published", "none": "—", "loading": "Loading…",
    "error": "Error", "empty": "Nothing to show.", "deadline": "deadline",
    "skip": "Skip to content", "notfound.title": "Page not found",
    "notfound.text": "This address leads to no page of the dashboard.", "notfound.back": "Back to the map",
    "part.of": "part of", "part.whole": "a larger commitment", "part.parts": "Including",
    "part.note": "Part of a larger commitment, counted in it:",
    "tip.count": "{n} commitment(s)", "tip.rank": "rank {r} of {n}", "map.overseas": "Overseas",
    "map.idf": "Île-de-France (zoomed)", "map.nodata": "no data", "map.keys": "Arrow keys: move between areas; Enter: open.",
    "area.all": "All its commitments",
    "list.page": "{first}–{last} of {total}", "list.prev": "← Newer", "list.next": "Older →",
    "list.per": "Per page", "list.csv": "Download these {n} commitments (CSV)", "list.order": "Order",
    "order.updated": "latest news first", "order.announced": "announcement, oldest first",
    "order.deadline": "deadline, soonest first", "list.shown": "{field}: “{typed}” → {name}",
    "list.also": "Also:", "list.unknown": "No known name holds “{typed}”.", "list.maybe": "Did you mean:",
    "list.pagesort": "Sorting by a column orders the page shown.",
    "ev.source": "Source", "ev.doc": "in the text →", "ev.nooutlet": "source without a public address",
    "doc.local": "No public address (read from a file).", "cm.open": "open the commitment", "list.pages": "Pages", "list.pages.end": "Pages (end of list)", "c.table": "Table of commitments", "doc.titled": "title taken from the first line",
    "stale": "no news since {date}", "stale.nodate": "no news", "dl.overdue": "{n} overdue", "dl.stale": "{n} without news",
    "dl.legend": "Legend", "dl.planned": "planned", "dl.late": "overdue", "dl.done": "completed",
    "dl.cancelled": "cancelled", "dl.postponed": "postponed", "dl.nonews": "closure or cut, no news since",
    "step.announced": "announced", "step.reported": "reported again", "step.later": "deadline moved later",
    "step.ambiguous": "uncertain link",
    "step.ambiguous.note": "This news may concern another commitment of the actor: it does not change this status.",
  },
};

const KINDS = {
  fr: {
    investment: "investissement", jobs_created: "créations d'emplois", jobs_cut: "suppressions d'emplois",
    site_opening: "ouverture de site", site_expansion: "extension de site", site_closure: "fermeture de site",
    capacity: "capacité", training: "formation", startup_support: "soutien aux start-up",
    energy_procurement: "achat d'énergie", sustainability_target: "objectif environnemental",
  },
  en: {
    investment: "investment", jobs_created: "jobs created", jobs_cut: "jobs cut", site_opening: "site opening",
    site_expansion: "site expansion", site_closure: "site closure", capacity: "capacity", training: "training",
    startup_support: "startup support", energy_procurement: "energy procurement",
    sustainability_target: "sustainability target",
  },
};

const STATUSES = {
  fr: { planned: "prévu", postponed: "reporté", completed: "réalisé", cancelled: "annulé" },
  en: { planned: "planned", postponed: "postponed", completed: "completed", cancelled: "cancelled" },
};

const STEPS = {
  fr: { opened: "ouverture", works_started: "début des travaux", permit_granted: "permis accordé", postponed: "report",
        suspended: "suspension", abandoned: "abandon", rescued: "reprise", closed: "fermeture effective",
        cuts_done: "suppressions effectuées", liquidated: "liquidation", receivership: "redressement judiciaire" },
  en: { opened: "opened", works_started: "works started", permit_granted: "permit granted", postponed: "postponed",
        suspended: "suspended", abandoned: "abandoned", rescued: "rescued", closed: "closed", cuts_done: "cuts carried out",
        liquidated: "liquidation", receivership: "receivership" },
};

const UNITS = {
  fr: { jobs: ["emploi", "emplois"], people: ["personne", "personnes"], startups: ["start-up", "start-up"],
        projects: ["projet", "projets"], sites: ["site", "sites"], vehicles: ["véhicule", "véhicules"],
        "t/yr": ["t/an", "t/an"], m2: ["m²", "m²"] },
  en: { jobs: ["job", "jobs"], people: ["person", "people"], "t/yr": ["t/yr", "t/yr"], m2: ["m²", "m²"] },
};

const CURRENCIES = { EUR: "€", USD: "$", GBP: "£", JPY: "¥", CHF: "CHF" };
const QUALIFIERS = {
  fr: { at_least: "au moins ", at_most: "jusqu'à ", about: "environ " },
  en: { at_least: "at least ", at_most: "up to ", about: "about " },
};
const MONTHS = {
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};
const NBSP = "\u00a0";
const THIN = "\u202f";

export const KIND_CODES = Object.keys(KINDS.fr);
export const STATUS_CODES = Object.keys(STATUSES.fr);

const LANGS = ["fr", "en"];
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
  const text = STRINGS[lang()][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ""));
}

export const kindLabel = (kind) => KINDS[lang()][kind] ?? kind ?? "";
export const statusLabel = (status) => STATUSES[lang()][status] ?? status ?? "";
/** The name of a status news's step ("postponed" → "report"); an unknown step as it is. */
export const stepLabel = (step) => STEPS[lang()][step] ?? step ?? "";

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
  const words = UNITS[lang()][unit];
  const word = words ? words[Math.abs(value) >= 2 ? 1 : 0] : unit ?? "";
  return (num(value) + (word ? NBSP + word : "")).trim();
}

/** A figure with its hedge ("au moins 500 emplois") or range ("8 000 – 10 000 emplois"). */
export function fullFigure(item) {
  if (item.value === null || item.value === undefined) return t("none");
  if (item.qualifier === "range" && item.value_max !== null && item.value_max !== undefined) {
    return figure(item.value, item.unit) + " – " + figure(item.value_max, item.unit);
  }
  return (QUALIFIERS[lang()][item.qualifier] ?? "") + figure(item.value, item.unit);
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
  const name = MONTHS[lang()][Number(month) - 1] ?? month;
  return (day ? Number(day) + " " : "") + name + " " + year;
}
