"""The ``serve`` command: the HTTP API and the web dashboard over a ledger."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Optional

import typer

from pledgewatch.cli.output import report
from pledgewatch.errors import PledgewatchError

TOKEN_ENV = "PLEDGEWATCH_TOKEN"
"""Environment variable holding the bearer token that allows POST /api/documents."""

WILDCARDS = ("0.0.0.0", "::", "")
"""Listening addresses that are no Host name; with them, name the public host with --allowed-host."""


def serve(
    db: Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql:// URL "
                                              "(default: $PLEDGEWATCH_DB, else ./pledgewatch.db).")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    allowed_host: Annotated[Optional[list[str]], typer.Option(
        "--allowed-host", help="A Host name the server answers besides --host and localhost (repeatable; "
                               "also $PLEDGEWATCH_ALLOWED_HOSTS, comma-separated).")] = None,
) -> None:
    """Serve the HTTP API (/api, /openapi.json) and the dashboard; writes need $PLEDGEWATCH_TOKEN."""
    import uvicorn

    from pledgewatch.web.api import create_app

    served = [] if host in WILDCARDS else [host]
    try:
        app = create_app(db, os.environ.get(TOKEN_ENV) or None, [*served, *(allowed_host or [])])
    except PledgewatchError as exc:
        report(exc)
        raise typer.Exit(1) from exc
    print(f"pledgewatch: http://{host}:{port}/ (writes {'on' if app.state.writer else 'off'})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the ``pledgewatch`` Typer app."""
    app.command()(serve)
