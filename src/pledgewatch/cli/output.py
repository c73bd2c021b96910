"""Rendering for people and pipes: figures with their qualifier, tables that fit, TSV, CSV, JSON.

Every listing command and ``extract`` share one ``--format``: ``table`` (Rich, shrunk to the
terminal: cells end in an ellipsis rather than wrap), ``tsv`` (the table's columns in full,
tab-separated, with a header line), ``csv`` and ``json`` (every field). Without ``--format``,
a terminal gets the table and a pipe or file gets TSV, as ``gh`` and ``kubectl`` do.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, ParamSpec, TypeVar, get_args

import typer

from pledgewatch import settings
from pledgewatch.errors import PledgewatchError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

P = ParamSpec("P")
R = TypeVar("R")

OutputFormat = Literal["table", "tsv", "csv", "json"]
"""The output formats of every listing command and of ``extract``."""
FORMATS: tuple[str, ...] = get_args(OutputFormat)

FORMAT_HELP = ("table, tsv, csv or json (default: table on a terminal, tsv in a pipe; "
               "csv and json hold every field).")

LANGUAGE_NAMES = {"fr": "French", "en": "English"}
"""How messages name a language."""

_QUALIFIER_SIGNS = {"at_least": "≥ ", "at_most": "≤ ", "about": "≈ "}
_SCALES = ((1e9, "Md"), (1e6, "M"))
_MIN_ID = 6  # shortest id prefix shown


def report(exc: PledgewatchError, level: str = "error") -> None:
    """An error's (or a warning's) one coded line on standard error, never wrapped."""
    print(f"{level}: {exc}", file=sys.stderr)


def coded(command: Callable[P, R]) -> Callable[P, R]:
    """``command`` with its PledgewatchError reported as one coded line: exit 2 for usage, else 1."""
    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except PledgewatchError as exc:
            report(exc)
            raise typer.Exit(2 if isinstance(exc, UsageError) else 1) from exc
    return run


def stdout_console() -> Console:
    """A Rich console on standard output (as wide as the terminal, or $COLUMNS, else 80)."""
    from rich.console import Console

    return Console()


def stderr_console() -> Console:
    """A Rich console on standard error for progress and spinners; lines are never wrapped."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def loading_model(lang: str, console: Console) -> None:
    """Load ``lang``'s spaCy model now, under a spinner when ``console`` is a terminal.

    A language without a model is left alone: the extractor refuses it with its own message.
    """
    if lang not in settings.SPACY_MODELS:
        return
    name = f"{LANGUAGE_NAMES.get(lang, lang)} model ({settings.SPACY_MODELS[lang]})"
    with console.status(f"loading the {name}…") if console.is_terminal else contextlib.nullcontext():
        from pledgewatch.extract.pipeline import get_nlp

        get_nlp(lang)


def default_format(fmt: str | None) -> str:
    """``fmt`` when given, else ``table`` when standard output is a terminal and ``tsv`` when it is not."""
    if fmt is not None:
        return fmt
    return "table" if sys.stdout.isatty() else "tsv"


def _number(value: float) -> str:
    """A number in French form: groups of three digits apart, a decimal comma, no trailing zeros."""
    return f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")


def _scale(value: float, unit: str | None) -> tuple[float, str]:
    """The divisor and word (Md, M) for a money amount, (1, "") for anything else."""
    if unit and len(unit) == 3 and unit.isupper():
        for scale, word in _SCALES:
            if abs(value) >= scale:
                return scale, word
    return 1.0, ""


def format_figure(value: float | None, unit: str | None, qualifier: str | None = None,
                  value_max: float | None = None) -> str:
    """A figure with its qualifier and range: "≥ 15 Md EUR", "≈ 2 M EUR", "80–100 M EUR", "3 000 jobs".

    A range is scaled by its lower bound, so both ends read in the same unit; a missing value is "".
    """
    if value is None:
        return ""
    scale, word = _scale(value, unit)
    text = _number(value / scale)
    if value_max is not None and value_max != value:
        text += "–" + _number(value_max / scale)
    sign = "" if value_max is not None and value_max != value else _QUALIFIER_SIGNS.get(qualifier or "", "")
    return sign + " ".join(part for part in (text, word, unit or "") if part)


def _split_id(identifier: str) -> tuple[str, str]:
    """``<hash>-<n>`` as (hash, "-<n>"); any other id as (id, "")."""
    head, sep, tail = identifier.rpartition("-")
    return (head, sep + tail) if head and tail.isdigit() else (identifier, "")


def short_ids(ids: list[str]) -> list[str]:
    """Each id cut to the shortest prefix (at least 6 characters) that tells the given ids apart.

    An id ``<hash>-<n>`` (a document's hash and an ordinal) keeps its ``-<n>``: the hash is cut.
    """
    parts = [_split_id(i) for i in ids]
    heads = {head for head, _ in parts}
    length = _MIN_ID
    while len({h[:length] for h in heads}) < len(heads):
        length += 1
    return [head[:length] + suffix for head, suffix in parts]


@dataclass(frozen=True)
class Column:
    """A table column.

    ``shrink``: its cells may be cut to fit (names and text; never figures, dates or ids), down
    to ``least`` characters. ``drop``: when the columns cannot fit even so, those with a
    ``drop`` rank are left out, rank 1 first, and the table says so. A column empty in every
    row goes first, unsaid: it hides nothing.
    """

    name: str
    shrink: bool = True
    least: int = 8
    drop: int = 0


_GAP = 2  # characters between two columns


def _fit(columns: list[Column], rows: list[list[str]], width: int) -> tuple[list[int], list[int]]:
    """The columns kept (their indexes) and their widths, filling at most ``width`` characters.

    Empty columns are left out while the others do not fit, then optional columns until the
    others fit at their least width; then the widest shrinkable columns are cut to a common cap,
    never below their least width.
    """
    from rich.cells import cell_len

    natural = [max([cell_len(c.name)] + [cell_len(r[i]) for r in rows]) for i, c in enumerate(columns)]
    least = [min(n, c.least) if c.shrink else n for n, c in zip(natural, columns)]
    kept = list(range(len(columns)))

    def over(widths: list[int]) -> bool:
        return sum(widths[i] for i in kept) + _GAP * (len(kept) - 1) > width

    for i in [i for i in kept if rows and not any(r[i] for r in rows)]:
        if over(natural):
            kept.remove(i)
    droppable = sorted((i for i in kept if columns[i].drop), key=lambda i: columns[i].drop)
    while droppable and over(least):
        kept.remove(droppable.pop(0))
    cap = max(natural[i] for i in kept)
    while cap > 1 and over([max(w, min(n, cap)) if c.shrink else n for w, n, c in zip(least, natural, columns)]):
        cap -= 1
    return kept, [max(least[i], min(natural[i], cap)) if columns[i].shrink else natural[i] for i in kept]


def _cell(text: str) -> str:
    """A value on one line: tabs and line breaks become spaces."""
    return " ".join(text.split("\n")).replace("\t", " ").replace("\r", " ")


def print_table(title: str, columns: list[Column], rows: list[list[str]], console: Console) -> None:
    """A Rich table of ``rows`` that fits the console's width: cells cut with an ellipsis, never wrapped.

    Columns left out to fit are named under the table (``--format tsv`` shows them all).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rows = [[_cell(c) for c in r] for r in rows]
    kept, widths = _fit(columns, rows, console.width)
    left_out = [c.name for i, c in enumerate(columns) if i not in kept and any(r[i] for r in rows)]
    caption = f"left out to fit {console.width} columns: {', '.join(left_out)} (--format tsv shows every column)"
    table = Table(title=Text(title), caption=caption if left_out else None, box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, _GAP - 1, 0, 0), title_justify="left", caption_justify="left")
    for i, width in zip(kept, widths):
        table.add_column(columns[i].name, width=width, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(Text(row[i]) for i in kept))  # as written: no Rich markup ("[/x]") nor emoji codes
    console.print(table, soft_wrap=False)


def write_tsv(columns: list[Column], rows: list[list[str]]) -> None:
    """The table's columns in full on standard output, tab-separated, after a header line; nothing for no rows."""
    if not rows:
        return
    lines = ["\t".join(c.name for c in columns)] + ["\t".join(_cell(c) for c in r) for r in rows]
    sys.stdout.write("".join(line + "\n" for line in lines))


def write_json(payload: object) -> None:
    """``payload`` as indented JSON on standard output."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")


def write_csv(rows: list[dict]) -> None:
    """Every field of ``rows`` as CSV on standard output (nested values as in the ledger's export)."""
    from pledgewatch.ledger.exporting import to_csv

    sys.stdout.write(to_csv(rows))


def places(items: list[dict]) -> str:
    """Place names, comma-separated (the code where a place has no name)."""
    return ", ".join(p.get("name") or p["code"] for p in items)


FACT_COLUMNS = [Column("document", shrink=False), Column("kind"), Column("actor"), Column("figure", shrink=False),
                Column("places"), Column("deadline", shrink=False), Column("status", drop=2), Column("event", drop=1),
                Column("evidence", least=12)]


def fact_rows(result: dict) -> list[list[str]]:
    """One extraction's facts as table rows (the FACT_COLUMNS)."""
    return [[result["document"]["id"], fact["kind"],
             fact["actor"] or ("(aggregate)" if fact["aggregate"] else ""),
             format_figure(fact["value"], fact["unit"], fact["qualifier"], fact.get("value_max")),
             places(fact["places"]), fact["deadline"] or "", fact["status"], fact.get("event") or "",
             fact["evidence"]["text"]] for fact in result["facts"]]


def print_extraction(result: dict, console: Console) -> None:
    """Print one document's facts and quotes as tables that fit the console."""
    meta = result["document"]
    print_table(f"{meta['id']} ({meta['lang']}, published {meta['published'] or '?'})", FACT_COLUMNS[1:],
                [row[1:] for row in fact_rows(result)], console)
    if result["quotes"]:
        print_table("market quotes", [Column("company"), Column("change %", shrink=False),
                                      Column("price", shrink=False), Column("currency", shrink=False)],
                    [[q["company"], f"{q['change_pct']:+.2f}", "" if q["price"] is None else f"{q['price']:.2f}",
                      q["currency"] or ""] for q in result["quotes"]], console)


def write_extractions(results: list[dict], fmt: str, one: bool) -> None:
    """Extractions on standard output: JSON (one object for one input, else a list), or their facts as TSV or CSV."""
    if fmt == "json":
        write_json(results[0] if one and results else results)
    elif fmt == "tsv":
        write_tsv(FACT_COLUMNS, [row for result in results for row in fact_rows(result)])
    else:
        write_csv([{"document": r["document"]["id"], **fact} for r in results for fact in r["facts"]])
