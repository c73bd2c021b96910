"""The headline figures of ``/api/summary``: the ledger's summary with its overdue commitments split
in two, those late (``overdue``) and the closures and job cuts past their deadline with no later news
(``without_news``): such a plan was likely carried out unreported, so it is not counted as late."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import Connection

from pledgewatch.ledger import queries
from pledgewatch.ledger.consolidation import CLOSING_KINDS


def without_news(conn: Connection, f: queries.Filters) -> int:
    """How many closures and job cuts that ``f`` selects are past their deadline with no later news."""
    kinds = [k for k in CLOSING_KINDS if f.kind in (None, k)]
    return sum(queries.count_commitments(conn, replace(f, kind=k, overdue=True)) for k in kinds)


def summary(conn: Connection, f: queries.Filters) -> dict:
    """``queries.summary`` with ``overdue`` leaving out the closures and cuts counted in ``without_news``."""
    found = queries.summary(conn, f)
    stale = without_news(conn, f)
    return {**found, "overdue": found["overdue"] - stale, "without_news": stale}
