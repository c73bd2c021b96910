"""The ledger's commands (init, ingest, facts, commitments, totals, deadlines, reconcile, export).

The ledger's modules (SQLAlchemy, Alembic, the extractor) are imported inside the commands
that use them, so that ``--help`` and the other commands start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager as ContextManager
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, Optional

import typer

from pledgewatch import settings
from pledgewatch.cli.output import (
    FORMAT_HELP,
    Column,
    OutputFormat,
    coded,
    default_format,
    format_figure,
    loading_model,
    places,
    print_table,
    report,
    short_ids,
    stderr_console,
    stdout_console,
    write_csv,
    write_json,
    write_tsv,
)
from pledgewatch.errors import PledgewatchError, UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from pledgewatch.document import Document
    from pledgewatch.ledger import filters
    from pledgewatch.ledger.parallel import Pool

Db = Annotated[Optional[str], typer.Option("--db", metavar="DB", help="SQLite file or postgresql:// URL "
                                           "(default: $PLEDGEWATCH_DB, else ./pledgewatch.db).")]
Format = Annotated[Optional[OutputFormat], typer.Option("--format", "-f", metavar="FORMAT", help=FORMAT_HELP)]
ExportFormat = Literal["csv", "json", "parquet"]
"""The formats of ``export`` (ledger.exporting.FORMATS, named here without importing pyarrow)."""
Actor = Annotated[Optional[str], typer.Option(metavar="NAME", help="Company name or id (Microsoft, MSFT).")]
Kind = Annotated[Optional[str], typer.Option(metavar="KIND", help="Fact kind: investment, jobs_created...")]
Place = Annotated[Optional[str], typer.Option(metavar="PLACE", help="Place code or name; a region includes what "
                                                                   "lies in it.")]
Event = Annotated[Optional[str], typer.Option(metavar="EVENT", help="Named occasion, e.g. 'Choose France 2024'.")]
Since = Annotated[Optional[str], typer.Option(metavar="DATE", help="Published (announced) on or after "
                                                                  "YYYY[-MM[-DD]].")]
Until = Annotated[Optional[str], typer.Option(metavar="DATE", help="Published (announced) on or before "
                                                                  "YYYY[-MM[-DD]].")]
Status = Annotated[Optional[str], typer.Option(metavar="STATUS", help="planned, postponed, completed or cancelled.")]
AsOf = Annotated[Optional[str], typer.Option("--as-of", metavar="DATE",
                                             help="Date deadlines are checked against (default today).")]
Overdue = Annotated[bool, typer.Option("--overdue", help="Only open ones past their deadline.")]
History = Annotated[Optional[str], typer.Option("--history", metavar="ID",
                                                help="The timeline of one commitment (its full id): each status "
                                                     "move with its date, step, document and sentence.")]
Limit = Annotated[Optional[int], typer.Option(metavar="N", help="At most this many rows (1 to the ledger's page "
                                                               "size; an error names it).")]
Offset = Annotated[int, typer.Option(metavar="N", help="Skip this many rows first.")]


@contextmanager
def _usage() -> Iterator[None]:
    """Report a bad date caught by the ledger's check as a usage error (exit 2), whatever its class."""
    try:
        yield
    except PledgewatchError as exc:
        report(exc)
        raise typer.Exit(2) from exc


@contextmanager
def _connection(db: str | None) -> Iterator[Connection]:
    """A read-only connection to an existing ledger (a missing one is an error, never created)."""
    from pledgewatch.ledger.store import open_store

    engine = open_store(db, read_only=True)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _as_of(value: str | None) -> date:
    from pledgewatch.ledger.filters import check_date

    if value is None:
        return date.today()
    with _usage():
        check_date(value)
    return date.fromisoformat((value + "-01-01")[:10] if len(value) == 4 else (value + "-01")[:10])


def _filters(actor: str | None, kind: str | None, place: str | None, event: str | None, since: str | None,
             until: str | None, status: str | None = None, overdue: bool = False,
             as_of: str | None = None) -> filters.Filters:
    from pledgewatch.ledger import filters

    with _usage():
        filters.check_date(since)
        filters.check_date(until)
    return filters.Filters(actor=actor, kind=kind, place=place, event=event, since=since, until=until,
                           status=status, overdue=overdue, as_of=_as_of(as_of))


def check_page(limit: int | None, offset: int) -> None:
    """``--limit`` within 1..queries.MAX_LIMIT and ``--offset`` within 0..settings.MAX_OFFSET, else E101/E102."""
    from pledgewatch.ledger.queries import MAX_LIMIT

    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise UsageError("E101", limit=MAX_LIMIT, value=limit)
    if not 0 <= offset <= settings.MAX_OFFSET:
        raise UsageError("E102", limit=settings.MAX_OFFSET, value=offset)


def _emit(rows: list[dict], fmt: str | None, title: str, columns: list[Column], cells: list[list[str]]) -> None:
    """``rows`` in the chosen format: the table or TSV of ``cells``, or every field as CSV or JSON."""
    fmt = default_format(fmt)
    if fmt == "json":
        write_json(rows)
    elif fmt == "csv":
        write_csv(rows)
    elif fmt == "tsv":
        write_tsv(columns, cells)
    else:
        print_table(title, columns, cells, stdout_console())


FACT_COLUMNS = [Column("published", shrink=False), Column("kind"), Column("actor"), Column("figure", shrink=False),
                Column("places"), Column("deadline", shrink=False), Column("status", drop=2), Column("event", drop=1),
                Column("evidence", least=12)]
HISTORY_COLUMNS = [Column("date", shrink=False), Column("status", shrink=False), Column("step", shrink=False),
                   Column("deadline", shrink=False), Column("document", drop=1), Column("sentence", least=12)]
COMMITMENT_COLUMNS = [Column("id", shrink=False), Column("actor"), Column("kind"), Column("figure", shrink=False),
                      Column("places"), Column("deadline", shrink=False), Column("status"),
                      Column("event", drop=2), Column("reports", shrink=False, drop=1)]


def _figure(row: dict) -> str:
    return format_figure(row["value"], row["unit"], row.get("qualifier"), row.get("value_max"))


def _fact_cells(rows: list[dict]) -> list[list[str]]:
    return [[r["published"] or "", r["kind"], r["actor"] or "(aggregate)", _figure(r), places(r["places"]),
             r["deadline"] or "", r["status"], r["event"] or "", r["evidence"]["text"]] for r in rows]


def _commitment_cells(rows: list[dict], full_ids: bool) -> list[list[str]]:
    ids = [r["id"] for r in rows] if full_ids else short_ids([r["id"] for r in rows])
    return [[ident, r["actor"] or "(aggregate)", r["kind"],
             _figure(r) + (" ⚠ conflicting" if r["conflicting"] else ""), places(r["places"]),
             r["deadline"] or "", r["status"] + (" (overdue)" if r["overdue"] else ""), r["event"] or "",
             str(len(r["evidence"]))] for ident, r in zip(ids, rows)]


def _emit_commitments(rows: list[dict], fmt: str | None) -> None:
    cells = _commitment_cells(rows, full_ids=default_format(fmt) != "table")
    _emit(rows, fmt, f"{len(rows)} commitments", COMMITMENT_COLUMNS, cells)


def init(db: Db = None) -> None:
    """Create an empty ledger (or bring an existing one to this version's schema)."""
    from pledgewatch.ledger.store import open_store

    engine = open_store(db)
    shown = engine.url.render_as_string(hide_password=True)
    engine.dispose()
    print(f"ledger ready: {shown}", file=sys.stderr)


def _pool(workers: int | None, dask: str | None) -> ContextManager[Pool | None]:
    """Where ``ingest`` extracts: a Dask cluster, a local pool of ``workers`` processes, or (1) here."""
    from pledgewatch.ledger.pool import LocalPool

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    count = cores if workers is None else workers
    if not 1 <= count <= settings.MAX_WORKERS:
        raise UsageError("E103", limit=settings.MAX_WORKERS, value=count)
    if dask is not None:
        from pledgewatch.ledger.dask_pool import DaskPool

        return DaskPool(dask, count)
    return LocalPool(count) if count > 1 else nullcontext(None)


def ingest(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="Text, HTML, RSS/Atom or JSONL files, "
                                                                         "folders, http(s) URLs.")],
    db: Db = None,
    lang: Annotated[Optional[str], typer.Option(metavar="LANG",
                                                help="Language of every input (fr), instead of detecting it.")] = None,
    workers: Annotated[Optional[int], typer.Option(metavar="N", help="Extraction processes, about 550 MB "
                                                                      "each (default: the cores this process may "
                                                                      "use; 1, or inputs of one batch: in this "
                                                                      "process). With --dask local, the cluster's "
                                                                      "workers.")] = None,
    dask: Annotated[Optional[str], typer.Option(metavar="ADDRESS", help="Extract on a Dask cluster: its scheduler "
                                                                        "(tcp://host:8786), or 'local' for a "
                                                                        "LocalCluster on this machine.")] = None,
) -> None:
    """Read news into the ledger: extract each new document, store it and merge repeated pledges."""
    from pledgewatch.ledger.ingest import ingest as run
    from pledgewatch.ledger.store import open_store
    from pledgewatch.read.reader import check_lang

    check_lang(lang)
    err = stderr_console()
    loaded: set[str] = set()

    def extract_loading(document: Document) -> dict:
        from pledgewatch.extract.extraction import extract

        if document.lang not in loaded:
            loaded.add(document.lang)
            loading_model(document.lang, err)
        return extract(document)

    with _pool(workers, dask) as pool:
        engine = open_store(db)
        try:
            summary = run(engine, inputs, extract_loading, err, lang, pool)
        finally:
            engine.dispose()
    out = sys.stderr
    print(f"read {summary.read}, new {summary.new}, already known {summary.known}, failed {summary.failed}, "
          f"facts {summary.facts}, commitments touched {summary.commitments}", file=out)
    for issue in summary.warnings:
        print(f"warning: {issue.reason}", file=out)
    for issue in summary.failures:
        print(f"failed: {issue.reason}", file=out)
    if summary.unlisted:
        print(f"and {summary.unlisted} more failures and warnings, kept in the ledger's ingest_errors table", file=out)
    if summary.failed:
        raise typer.Exit(1)


def facts(db: Db = None, format: Format = None, actor: Actor = None, kind: Kind = None, place: Place = None,
          event: Event = None, since: Since = None, until: Until = None, status: Status = None,
          limit: Limit = None, offset: Offset = 0) -> None:
    """List stored facts, each with its document and evidence."""
    from pledgewatch.ledger import queries

    check_page(limit, offset)
    f = _filters(actor, kind, place, event, since, until, status)
    with _connection(db) as conn:
        rows = queries.list_facts(conn, f, limit, offset)
    _emit(rows, format, f"{len(rows)} facts", FACT_COLUMNS, _fact_cells(rows))


def commitments(db: Db = None, format: Format = None, actor: Actor = None, kind: Kind = None,
                place: Place = None, event: Event = None, since: Since = None, until: Until = None,
                status: Status = None, overdue: Overdue = False, as_of: AsOf = None, limit: Limit = None,
                offset: Offset = 0, history: History = None) -> None:
    """List commitments: pledges merged across articles, with their status and evidence."""
    from pledgewatch.ledger import queries

    if history is not None:
        with _connection(db) as conn:
            found = queries.get_commitment(conn, history, _as_of(as_of))
        _emit(found["history"], format, f"{found['actor'] or '(aggregate)'} {found['kind']}: {found['status']}",
              HISTORY_COLUMNS, _history_cells(found["history"]))
        return
    check_page(limit, offset)
    f = _filters(actor, kind, place, event, since, until, status, overdue, as_of)
    with _connection(db) as conn:
        rows = queries.list_commitments(conn, f, limit, offset)
    _emit_commitments(rows, format)


def _history_cells(moves: list[dict]) -> list[list[str]]:
    return [[m["date"] or "", m["status"] + (" (ambiguous: not moved)" if m["ambiguous"] else ""),
             m["step"] or "", m["deadline"] or "", m["document_id"], m["text"] or ""] for m in moves]


def totals(by: Annotated[str, typer.Option(metavar="KEY", help="Group by region, department, actor, event, kind "
                                                              "or year.")] = "kind",
           db: Db = None, format: Format = None, actor: Actor = None, kind: Kind = None, place: Place = None,
           event: Event = None, since: Since = None, until: Until = None, status: Status = None) -> None:
    """Sum single commitments per group, kind and unit, with their EUR equivalent."""
    from pledgewatch.ledger import queries

    if by not in queries.TOTAL_KEYS:
        raise UsageError("L015", choices=", ".join(queries.TOTAL_KEYS))
    f = _filters(actor, kind, place, event, since, until, status)
    with _connection(db) as conn:
        rows = queries.totals(conn, by, f)
    by_kind = by == "kind"  # the group is the kind: no second kind column
    cells = [[r["name"] or "(none)", *([] if by_kind else [r.get("kind") or ""]),
              format_figure(r["total"], r["unit"], r.get("qualifier"), r.get("total_max")),
              format_figure(r["eur"], "EUR", r.get("qualifier"), r.get("eur_max")), str(r["count"])] for r in rows]
    columns = [Column(by), *([] if by_kind else [Column("kind")]), Column("total", shrink=False),
               Column("EUR equivalent", shrink=False), Column("commitments", shrink=False)]
    _emit(rows, format, f"totals by {by}", columns, cells)


def deadlines(db: Db = None, format: Format = None,
              before: Annotated[Optional[str], typer.Option(metavar="DATE", help="Deadline on or before "
                                                                                 "YYYY[-MM[-DD]].")] = None,
              after: Annotated[Optional[str], typer.Option(metavar="DATE", help="Deadline on or after "
                                                                                "YYYY[-MM[-DD]].")] = None,
              actor: Actor = None, kind: Kind = None, place: Place = None, event: Event = None,
              status: Status = None, overdue: Overdue = False, as_of: AsOf = None, limit: Limit = None,
              offset: Offset = 0) -> None:
    """Commitments by deadline, soonest first; overdue ones marked."""
    from pledgewatch.ledger import queries
    from pledgewatch.ledger.filters import check_date

    check_page(limit, offset)
    f = _filters(actor, kind, place, event, None, None, status, overdue, as_of)
    with _usage():
        check_date(before)
        check_date(after)
    with _connection(db) as conn:
        rows = queries.deadlines(conn, f, before, after, limit, offset)
    _emit_commitments(rows, format)


def reconcile(event: Annotated[str, typer.Argument(metavar="EVENT", help="The occasion, e.g. "
                                                                         "'Choose France 2024'.")],
              db: Db = None, format: Format = None) -> None:
    """Set an event's announced totals against the sum of its single commitments found."""
    from pledgewatch.ledger import queries

    with _connection(db) as conn:
        result = queries.reconcile(conn, event)
    if default_format(format) == "json":
        write_json(result)
        return
    rows = result["rows"]
    cells = [[r["kind"],
              format_figure(r["announced"], r["unit"], r.get("announced_qualifier"), r.get("announced_max")),
              format_figure(r["found"], r["unit"], r.get("found_qualifier"), r.get("found_max")),
              format_figure(r["found_eur"], "EUR", r.get("found_qualifier"), r.get("found_eur_max")),
              str(r["count"])] for r in rows]
    _emit(rows, format, f"{result['event']}: announced against found",
          [Column("kind"), Column("announced", shrink=False), Column("found (sum)", shrink=False),
           Column("found EUR equivalent", shrink=False), Column("commitments", shrink=False)], cells)


def export(db: Db = None,
           format: Annotated[ExportFormat, typer.Option("--format", "-f", metavar="FORMAT",
                                                        help="csv, json or parquet.")] = "csv",
           out: Annotated[Path, typer.Option(metavar="FOLDER", help="Folder for documents, facts and "
                                                                    "commitments files.")] = Path("ledger"),
           as_of: AsOf = None) -> None:
    """Export documents, facts and commitments as CSV, JSON or Parquet files."""
    from pledgewatch.ledger import exporting

    when = _as_of(as_of)
    with _connection(db) as conn:
        for path in exporting.export(conn, format, out, when):
            print(f"wrote {path}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add the ledger's commands to the ``pledgewatch`` Typer app (coded errors: exit 2 for usage, else 1)."""
    for command in (init, ingest, facts, commitments, totals, deadlines, reconcile, export):
        app.command()(coded(command))
