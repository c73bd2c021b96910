"""Rendering extractions for people: Rich tables of facts and quotes."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


def format_value(value: float | None, unit: str | None) -> str:
    """A figure in French form: 4 000 000 000 EUR → "4 Md EUR", 10000 jobs → "10 000 jobs"."""
    if value is None:
        return ""
    for scale, word in ((1e9, "Md"), (1e6, "M")):
        if abs(value) >= scale and unit and len(unit) == 3 and unit.isupper():
            return f"{value / scale:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",") + f" {word} {unit}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return f"{text} {unit or ''}".strip()


def print_extraction(result: dict, console: Console) -> None:
    """Print one document's facts and quotes as tables."""
    meta = result["document"]
    table = Table(title=f"{meta['id']} ({meta['lang']}, published {meta['published'] or '?'})",
                  show_lines=True, expand=True)
    for name in ("kind", "actor", "figure", "qualifier", "places", "deadline", "status", "event", "evidence"):
        table.add_column(name, overflow="fold", ratio=3 if name == "evidence" else 1)
    for fact in result["facts"]:
        figure = format_value(fact["value"], fact["unit"])
        if fact.get("value_max") is not None:
            figure += " – " + format_value(fact["value_max"], fact["unit"])
        table.add_row(
            fact["kind"], fact["actor"] or "(aggregate)" if fact["aggregate"] else fact["actor"] or "",
            figure, fact["qualifier"], ", ".join(p["code"] for p in fact["places"]),
            fact["deadline"] or "", fact["status"], fact.get("event") or "", fact["evidence"]["text"],
        )
    console.print(table)
    if result["quotes"]:
        quotes = Table(title="market quotes")
        for name in ("company", "change %", "price", "currency"):
            quotes.add_column(name)
        for q in result["quotes"]:
            quotes.add_row(q["company"], f"{q['change_pct']:+.2f}",
                           "" if q["price"] is None else f"{q['price']:.2f}", q["currency"] or "")
        console.print(quotes)
