"""Company relations in the ledger: which actor is a subsidiary of which, as documents state them
(the extraction's ``companies``, extract/groups.py). A status news of one may move the commitments
of the other (ledger/linking.py)."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.ledger import parts
from pledgewatch.ledger.keys import actor_key
from pledgewatch.ledger.store import company_links


def store_links(conn: Connection, document_id: str, relations: list[dict], touched: set[str]) -> set[str]:
    """Store a new document's company relations; when one is new to the ledger, link again the
    status news of the companies it relates (so that the result does not depend on whether the
    relation came before or after the news). Return ``touched`` with the commitments written
    again, less those removed."""
    # imported here: linking imports this module
    from pledgewatch.ledger.linking import relink

    pairs: dict[tuple[str, str], None] = {}
    for r in relations:
        parent, child = actor_key(r["parent"], r.get("parent_id")), actor_key(r["child"], r.get("child_id"))
        if parent and child and parent != child:
            pairs[parent, child] = None
    if not pairs:
        return touched
    known = set(conn.execute(sa.select(company_links.c.parent_key, company_links.c.child_key).where(
        company_links.c.parent_key.in_([p for p, _ in pairs]))).all())
    conn.execute(company_links.insert(), [{"parent_key": p, "child_key": c, "document_id": document_id}
                                          for p, c in pairs])
    new = {k for pair in pairs if pair not in known for k in pair}
    if not new:
        return touched
    touched = relink(conn, new, touched)
    parts.link(conn, touched)
    return touched


def neighbours(conn: Connection, keys: set[str]) -> dict[str, set[str]]:
    """For every actor connected to ``keys`` by stored relations (each whole group, however many
    steps away), the actors it is related to in one step, either way; empty for lone actors."""
    near: dict[str, set[str]] = defaultdict(set)
    seen: set[str] = set()
    todo = set(keys)
    while todo:
        seen |= todo
        rows = conn.execute(sa.select(company_links.c.parent_key, company_links.c.child_key).where(
            sa.or_(company_links.c.parent_key.in_(todo), company_links.c.child_key.in_(todo)))).all()
        for parent, child in rows:
            near[parent].add(child)
            near[child].add(parent)
        todo = {k for row in rows for k in row} - seen
    return dict(near)
