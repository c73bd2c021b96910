"""Evaluation: extracted facts and quotes scored against gold files.

The measures are those of ``../shared/tools/score.py`` (the reference): a predicted fact
matches a gold fact when kind, aggregate, actor (word prefix, legal forms ignored) and figure
agree (within 0.5 %, same unit); "strict" also asks for the same qualifier, value_max,
places, deadline and status. Pairs are chosen greedily, best agreement first.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from pledgewatch.errors import PledgewatchError

LEGAL = {"sa", "sas", "se", "inc", "corp", "corporation", "ltd", "plc", "nv", "ag", "gmbh",
         "co", "company", "group", "groupe", "the", "le", "la", "les", "l", "holding", "llc"}
UNIT_ALIASES = {"€": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD", "dollar": "USD", "dollars": "USD",
                "£": "GBP", "emplois": "jobs", "postes": "jobs", "person": "people", "personnes": "people",
                "tonne": "t", "tonnes": "t", "percent": "%", "m²": "m2"}
CURRENCIES = {"EUR", "USD", "GBP", "CHF", "CNY", "JPY", "CAD", "AUD", "SEK", "NOK", "DKK", "INR", "KRW",
              "AED", "SAR", "SGD", "HKD", "TWD", "BRL", "MXN", "PLN", "CZK", "HUF", "RUB", "TRY", "ZAR"}
STRICT_FIELDS = ("qualifier", "value_max", "places", "deadline", "status")
FIELDS = STRICT_FIELDS + ("event",)


def _fold(s: str | None) -> list[str]:
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", " ", s).split()


def actors_agree(a: str | None, b: str | None) -> bool:
    """Two actor names agree when one's words (legal forms dropped) start the other's."""
    if not a and not b:
        return True
    ka = [w for w in _fold(a) if w not in LEGAL]
    kb = [w for w in _fold(b) if w not in LEGAL]
    if not ka or not kb:
        return False
    short, long_ = sorted((ka, kb), key=len)
    return long_[: len(short)] == short


def norm_unit(u: object) -> str | None:
    """A unit for comparison: currency codes as they are, others folded and singular."""
    if u is None:
        return None
    raw = str(u).strip()
    if raw.upper() in CURRENCIES:
        return raw.upper()
    low = raw.lower().replace("²", "2")
    low = UNIT_ALIASES.get(low, low)
    if low in CURRENCIES:
        return low
    low = low.lower()
    if len(low) > 3 and low.endswith("s"):
        low = low[:-1]
    return low


def close(a: object, b: object, rel: float = 0.005) -> bool:
    """Two figures agree within ``rel`` (relative); two missing figures agree."""
    if a is None or b is None:
        return a is None and b is None
    try:
        x, y = float(a), float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(x - y) <= rel * max(abs(x), abs(y), 1e-9)


def _places(fact: dict) -> set[str]:
    out = set()
    for p in fact.get("places") or []:
        code = p.get("code") if isinstance(p, dict) else p
        if code:
            out.add(str(code).strip())
    return out


def _evidence_text(fact: dict) -> str:
    e = fact.get("evidence")
    return e.get("text", "") if isinstance(e, dict) else (e or "")


def _norm_event(e: str | None) -> str | None:
    return " ".join(_fold(e)) or None


def is_candidate(g: dict, p: dict) -> bool:
    """Whether a predicted fact may match a gold fact: kind, aggregate, actor and figure agree."""
    if g.get("value") is None and p.get("value") is None:
        figure = True
    else:
        figure = norm_unit(g.get("unit")) == norm_unit(p.get("unit")) and close(g.get("value"), p.get("value"))
    return (g.get("kind") == p.get("kind")
            and bool(g.get("aggregate")) == bool(p.get("aggregate"))
            and actors_agree(g.get("actor"), p.get("actor"))
            and figure)


def field_hits(g: dict, p: dict) -> dict[str, bool]:
    """Which of the compared fields of a matched pair agree."""
    return {
        "qualifier": (g.get("qualifier") or "exact") == (p.get("qualifier") or "exact"),
        "value_max": close(g.get("value_max"), p.get("value_max")),
        "places": _places(g) == _places(p),
        "deadline": (g.get("deadline") or None) == (p.get("deadline") or None),
        "status": (g.get("status") or "planned") == (p.get("status") or "planned"),
        "event": _norm_event(g.get("event")) == _norm_event(p.get("event")),
    }


def pair_greedily(gold: list[dict], pred: list[dict], candidate: Callable[[dict, dict], bool],
                  agreement: Callable[[dict, dict], float]) -> list[tuple[int, int]]:
    """Pair gold and predicted items one to one, best agreement first (ties: gold, then pred order)."""
    pairs = sorted(((agreement(g, p), i, j) for i, g in enumerate(gold) for j, p in enumerate(pred)
                    if candidate(g, p)), key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j))
    return out


def _quote_candidate(g: dict, p: dict) -> bool:
    return actors_agree(g.get("company"), p.get("company")) and close(g.get("change_pct"), p.get("change_pct"), 1e-3)


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall and F1 (rounded to 4 places) with their counts."""
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp,
            "pred": n_pred, "gold": n_gold}


def _bad_evidence(text: str, facts: list[dict]) -> int:
    bad = 0
    for p in facts:
        e = p.get("evidence")
        if isinstance(e, dict) and "start" in e and "end" in e:
            bad += text[e["start"]: e["end"]] != e.get("text")
        elif _evidence_text(p) and _evidence_text(p) not in text:
            bad += 1
    return bad


def _brief(doc_id: str, tag: str, f: dict) -> str:
    return (f"{doc_id} {tag} {f.get('kind')} {f.get('actor')} {f.get('value')} {f.get('unit')} "
            f"| {_evidence_text(f)[:90]}")


def score(gold: dict[str, dict], texts: dict[str, str], preds: dict[str, dict]) -> tuple[dict, list[str]]:
    """Score predictions against gold documents (both keyed by document id).

    ``texts`` holds each document's text, to check evidence offsets; a missing prediction
    counts as an empty one. Returns score.py's result dict and its misses lines.
    """
    tp = strict = n_pred = n_gold = q_tp = q_pred = q_gold = bad_evidence = 0
    fields = {k: [0, 0] for k in FIELDS}
    place_counts = [0, 0, 0]  # tp, pred, gold over matched pairs
    by_kind: dict[object, list[int]] = {}
    misses: list[str] = []
    for doc_id in sorted(gold):
        g_doc, p_doc = gold[doc_id], preds.get(doc_id) or {}
        gf, pf = g_doc.get("facts", []), p_doc.get("facts", []) or []
        bad_evidence += _bad_evidence(texts.get(doc_id, ""), pf)
        pairs = pair_greedily(gf, pf, is_candidate, lambda g, p: sum(field_hits(g, p).values()))
        tp += len(pairs)
        n_pred += len(pf)
        n_gold += len(gf)
        for i, j in pairs:
            hits = field_hits(gf[i], pf[j])
            for k, ok in hits.items():
                fields[k][0] += ok
                fields[k][1] += 1
            wrong = [k for k in STRICT_FIELDS if not hits[k]]
            if not wrong:
                strict += 1
            gp, pp = _places(gf[i]), _places(pf[j])
            place_counts[0] += len(gp & pp)
            place_counts[1] += len(pp)
            place_counts[2] += len(gp)
            if wrong:
                gold_vals = json.dumps({k: gf[i].get(k) for k in wrong}, ensure_ascii=False)
                pred_vals = json.dumps({k: pf[j].get(k) for k in wrong}, ensure_ascii=False)
                misses.append(f"{doc_id} FIELD {wrong}: gold={gold_vals} pred={pred_vals} "
                              f"| {_evidence_text(gf[i])[:90]}")
        matched_g = {i for i, _ in pairs}
        matched_p = {j for _, j in pairs}
        for i, g in enumerate(gf):
            counts = by_kind.setdefault(g.get("kind"), [0, 0, 0])
            counts[2] += 1
            counts[0] += i in matched_g
            if i not in matched_g:
                misses.append(_brief(doc_id, "MISSED", g))
        for j, p in enumerate(pf):
            by_kind.setdefault(p.get("kind"), [0, 0, 0])[1] += 1
            if j not in matched_p:
                misses.append(_brief(doc_id, "SPURIOUS", p))
        gq, pq = g_doc.get("quotes", []), p_doc.get("quotes", []) or []
        qpairs = pair_greedily(gq, pq, _quote_candidate, lambda g, p: close(g.get("price"), p.get("price"), 1e-3))
        q_tp += sum(1 for i, j in qpairs if close(gq[i].get("price"), pq[j].get("price"), 1e-3))
        q_pred += len(pq)
        q_gold += len(gq)
    result = {
        "documents": len(gold),
        "facts": prf(tp, n_pred, n_gold),
        "facts_strict": prf(strict, n_pred, n_gold),
        "fields_on_matched": {k: round(a / n, 4) if n else None for k, (a, n) in fields.items()},
        "places_on_matched": prf(*place_counts),
        "quotes": prf(q_tp, q_pred, q_gold),
        "evidence_not_in_text": bad_evidence,
        "by_kind": {k: prf(*v) for k, v in sorted(by_kind.items(), key=lambda kv: str(kv[0]))},
    }
    return result, misses


def load_gold(gold_dir: Path, lang: str | None) -> dict[str, dict]:
    """The gold files (NNN.gold.json) of a folder, keyed by id; only ``lang``'s when given."""
    gold = {}
    for path in sorted(gold_dir.glob("*.gold.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if lang is None or data.get("lang") == lang:
            gold[path.name[: -len(".gold.json")]] = data
    return gold


def evaluate_folder(gold_dir: Path, lang: str) -> tuple[dict, list[str]]:
    """Extract every NNN.txt of ``gold_dir`` whose gold file is in ``lang``, and score it.

    A text that cannot be read, or whose extraction fails, counts as an empty prediction and
    gets a misses line.
    Raises PledgewatchError E011 when the folder holds no gold file.
    """
    if not gold_dir.is_dir() or not any(gold_dir.glob("*.gold.json")):
        raise PledgewatchError("E011", source=str(gold_dir))
    from pledgewatch.extract.extraction import extract_many
    from pledgewatch.read.reader import read_path

    gold = load_gold(gold_dir, lang)
    documents, texts, unread = [], {}, []
    for doc_id in gold:
        try:
            document = read_path(gold_dir / f"{doc_id}.txt")
        except PledgewatchError as exc:
            unread.append(f"{doc_id} UNREAD {exc}")
            continue
        documents.append(document)
        texts[doc_id] = document.text
    failed: list[str] = []
    preds = {result["document"]["id"]: result
             for result in extract_many(documents, on_error=lambda exc: failed.append(f"FAILED {exc}"))}
    result, misses = score(gold, texts, preds)
    return result, unread + failed + misses


def _prf_row(name: str, r: dict) -> tuple[str, ...]:
    return (name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
            str(r["tp"]), str(r["pred"]), str(r["gold"]))


def print_report(result: dict, console: Console) -> None:
    """Print a result of ``score`` as Rich tables: overall, per kind, per field."""
    overall = Table(title=f"{result['documents']} documents; evidence not in text: "
                          f"{result['evidence_not_in_text']}")
    per_kind = Table(title="facts by kind")
    for table, first in ((overall, "measure"), (per_kind, "kind")):
        table.add_column(first)
        for name in ("P", "R", "F1", "tp", "pred", "gold"):
            table.add_column(name, justify="right")
    for name in ("facts", "facts_strict", "quotes", "places_on_matched"):
        overall.add_row(*_prf_row(name, result[name]))
    for kind, r in result["by_kind"].items():
        per_kind.add_row(*_prf_row(str(kind), r))
    per_field = Table(title="fields right on matched facts")
    per_field.add_column("field")
    per_field.add_column("accuracy", justify="right")
    for name, value in result["fields_on_matched"].items():
        per_field.add_row(name, "–" if value is None else f"{value:.3f}")
    for table in (overall, per_kind, per_field):
        console.print(table)
