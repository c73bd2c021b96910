"""The ledger's commands (ingest, facts, commitments, totals, deadlines, reconcile, export)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the ledger's commands to the ``pledgewatch`` Typer app."""
