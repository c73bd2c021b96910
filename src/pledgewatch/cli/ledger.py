"""The ledger's commands (ingest, facts, commitments, totals, deadlines, reconcile, export)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Connection

from pledgewatch.ledger import exporting, queries
from pledgewatch.errors import PledgewatchError
from pledgewatch.cli.output import format_value
from pledgewatch.ledger.store import open_store

err = Console(stderr=True, highlight=False)

Db = Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL "
                                           "(default: $PLEDGEWATCH_DB, else ./pledgewatch.db).")]
Format = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
Actor = Annotated[Optional[str], typer.Option(help="Company name or id (Microsoft, MSFT).")]
Kind = Annotated[Optional[str], typer.Option(help="Fact kind: investment, jobs_created...")]
Place = Annotated[Optional[str], typer.Option(help="Place code or name; a region includes what lies in it.")]
Event = Annotated[Optional[str], typer.Option(help="Named occasion, e.g. 'Choose France 2024'.")]
Since = Annotated[Optional[str], typer.Option(help="Published (announced) on or after YYYY[-MM[-DD]].")]
Until = Annotated[Optional[str], typer.Option(help="Published (announced) on or before YYYY[-MM[-DD]].")]
Status = Annotated[Optional[str], typer.Option(help="planned, postponed, completed or cancelled.")]
AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Date deadlines are checked against (default today).")]
Limit = Annotated[Optional[int], typer.Option(help=f"At most this many rows (≤ {queries.MAX_LIMIT}).")]
Offset = Annotated[int, typer.Option(help="Skip this many rows first.")]


def _fail(exc: PledgewatchError, code: int = 1) -> typer.Exit:
    err.print(f"error: {exc}", markup=False)
    return typer.Exit(code)


@contextmanager
def _connection(db: str | None) -> Iterator[Connection]:
    try:
        engine = open_store(db)
    except PledgewatchError as exc:
        raise _fail(exc) from exc
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        queries.check_date(value)
    except PledgewatchError as exc:
        raise _fail(exc, 2) from exc
    return date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10])


def _filters(actor: str | None, kind: str | None, place: str | None, event: str | None, since: str | None,
             until: str | None, status: str | None = None, overdue: bool = False,
             as_of: str | None = None) -> queries.Filters:
    try:
        queries.check_date(since)
        queries.check_date(until)
    except PledgewatchError as exc:
        raise _fail(exc, 2) from exc
    return queries.Filters(actor=actor, kind=kind, place=place, event=event, since=since, until=until,
                           status=status, overdue=overdue, as_of=_as_of(as_of))


def _emit(rows: list[dict] | dict, fmt: str, table: Callable[[list[dict]], Table]) -> None:
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif fmt == "csv":
        sys.stdout.write(exporting.to_csv(rows))
    elif fmt == "table":
        Console().print(table(rows))
    else:
        raise typer.BadParameter("use table, json or csv", param_hint="--format")


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, show_lines=False, expand=True)
    for name in columns:
        table.add_column(name, overflow="fold", ratio=3 if name == "evidence" else 1)
    for row in rows:
        table.add_row(*row)
    return table


def _places(items: list[dict]) -> str:
    return ", ".join(p["name"] for p in items)


def _facts_table(rows: list[dict]) -> Table:
    return _table(f"{len(rows)} facts", ["published", "kind", "actor", "figure", "places", "deadline", "status",
                                         "event", "evidence"],
                  [[r["published"] or "", r["kind"], r["actor"] or "(aggregate)", format_value(r["value"], r["unit"]),
                    _places(r["places"]), r["deadline"] or "", r["status"], r["event"] or "", r["evidence"]["text"]]
                   for r in rows])


def _commitments_table(rows: list[dict]) -> Table:
    return _table(f"{len(rows)} commitments", ["id", "actor", "kind", "figure", "places", "deadline", "status",
                                               "event", "reports"],
                  [[r["id"], r["actor"] or "(aggregate)", r["kind"],
                    format_value(r["value"], r["unit"]) + (" ⚠ conflicting" if r["conflicting"] else ""),
                    _places(r["places"]), r["deadline"] or "",
                    r["status"] + (" (overdue)" if r["overdue"] else ""), r["event"] or "",
                    str(len(r["evidence"]))] for r in rows])


def _figure(value: float | None, unit: str | None) -> str:
    return format_value(value, unit) if value is not None else ""


def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Text, HTML, RSS/Atom or JSONL files, folders, http(s) URLs.")],
    db: Db = None,
    lang: Annotated[Optional[str], typer.Option(help="Language of every input (fr), instead of detecting it.")] = None,
) -> None:
    """Read news into the ledger: extract each new document, store it and merge repeated pledges."""
    from pledgewatch.extract.extraction import extract
    from pledgewatch.ledger.ingest import ingest as run
    from pledgewatch.read.reader import check_lang

    try:
        check_lang(lang)
    except PledgewatchError as exc:
        raise _fail(exc, 2) from exc
    try:
        engine = open_store(db)
    except PledgewatchError as exc:
        raise _fail(exc) from exc
    try:
        summary = run(engine, inputs, extract, err, lang)
    finally:
        engine.dispose()
    err.print(f"read {summary.read}, new {summary.new}, already known {summary.known}, "
              f"failed {summary.failed}, facts {summary.facts}, commitments touched {summary.commitments}")
    for issue in summary.warnings:
        err.print(f"warning: {issue.reason}", markup=False)
    for issue in summary.failures:
        err.print(f"failed: {issue.reason}", markup=False)
    if summary.failed:
        raise typer.Exit(1)


def facts(db: Db = None, format: Format = "table", actor: Actor = None, kind: Kind = None, place: Place = None,
          event: Event = None, since: Since = None, until: Until = None, status: Status = None,
          limit: Limit = None, offset: Offset = 0) -> None:
    """List stored facts, each with its document and evidence."""
    f = _filters(actor, kind, place, event, since, until, status)
    with _connection(db) as conn:
        rows = queries.list_facts(conn, f, limit, offset)
    _emit(rows, format, _facts_table)


def commitments(db: Db = None, format: Format = "table", actor: Actor = None, kind: Kind = None,
                place: Place = None, event: Event = None, since: Since = None, until: Until = None,
                status: Status = None,
                overdue: Annotated[bool, typer.Option("--overdue", help="Only open ones past their deadline.")] = False,
                as_of: AsOf = None, limit: Limit = None, offset: Offset = 0) -> None:
    """List commitments: pledges merged across articles, with their status and evidence."""
    f = _filters(actor, kind, place, event, since, until, status, overdue, as_of)
    with _connection(db) as conn:
        rows = queries.list_commitments(conn, f, limit, offset)
    _emit(rows, format, _commitments_table)


def totals(by: Annotated[str, typer.Option(help=f"Group by {', '.join(queries.TOTAL_KEYS)}.")] = "kind",
           db: Db = None, format: Format = "table", actor: Actor = None, kind: Kind = None, place: Place = None,
           event: Event = None, since: Since = None, until: Until = None, status: Status = None) -> None:
    """Sum single commitments per group and unit, with their EUR equivalent."""
    f = _filters(actor, kind, place, event, since, until, status)
    with _connection(db) as conn:
        try:
            rows = queries.totals(conn, by, f)
        except PledgewatchError as exc:
            raise _fail(exc, 2) from exc
    _emit(rows, format, lambda rs: _table(f"totals by {by}", [by, "unit", "total", "EUR equivalent", "commitments"], [
        [r["name"] or "(none)", r["unit"] or "", _figure(r["total"], r["unit"]), _figure(r["eur"], "EUR"),
         str(r["count"])] for r in rs]))


def deadlines(db: Db = None, format: Format = "table",
              before: Annotated[Optional[str], typer.Option(help="Deadline on or before YYYY[-MM[-DD]].")] = None,
              after: Annotated[Optional[str], typer.Option(help="Deadline on or after YYYY[-MM[-DD]].")] = None,
              actor: Actor = None, kind: Kind = None, place: Place = None, event: Event = None,
              status: Status = None,
              overdue: Annotated[bool, typer.Option("--overdue", help="Only open ones past their deadline.")] = False,
              as_of: AsOf = None, limit: Limit = None, offset: Offset = 0) -> None:
    """Commitments by deadline, soonest first; overdue ones marked."""
    f = _filters(actor, kind, place, event, None, None, status, overdue, as_of)
    try:
        queries.check_date(before)
        queries.check_date(after)
    except PledgewatchError as exc:
        raise _fail(exc, 2) from exc
    with _connection(db) as conn:
        rows = queries.deadlines(conn, f, before, after, limit, offset)
    _emit(rows, format, _commitments_table)


def reconcile(event: Annotated[str, typer.Argument(help="The occasion, e.g. 'Choose France 2024'.")],
              db: Db = None, format: Format = "table") -> None:
    """Set an event's announced totals against the sum of its single commitments found."""
    with _connection(db) as conn:
        result = queries.reconcile(conn, event)
    if format != "table":
        _emit(result["rows"] if format == "csv" else result, format, _commitments_table)
        return
    Console().print(_table(f"{result['event']}: announced against found", [
        "kind", "unit", "announced", "found (sum)", "found EUR equivalent", "commitments"], [
        [r["kind"], r["unit"] or "", _figure(r["announced"], r["unit"]), _figure(r["found"], r["unit"]),
         _figure(r["found_eur"], "EUR"), str(r["count"])] for r in result["rows"]]))


def export(db: Db = None,
           format: Annotated[str, typer.Option("--format", "-f", help="csv, json or parquet.")] = "csv",
           out: Annotated[Path, typer.Option(help="Folder for documents, facts and commitments files.")] = Path("ledger"),
           as_of: AsOf = None) -> None:
    """Export documents, facts and commitments as CSV, JSON or Parquet files."""
    if format not in exporting.FORMATS:
        raise typer.BadParameter("use csv, json or parquet", param_hint="--format")
    when = _as_of(as_of)
    with _connection(db) as conn:
        for path in exporting.export(conn, format, out, when):
            err.print(f"wrote {path}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ledger's commands to the ``pledgewatch`` Typer app."""
    for command in (ingest, facts, commitments, totals, deadlines, reconcile, export):
        app.command()(command)
