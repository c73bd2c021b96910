"""Ingest: read sources, extract each new document, store it and consolidate, exactly once.

Each document is stored in one transaction (document, sources, facts, commitments; the
document row is the done-marker): a run killed at any moment and started again stores every
document once. A document already stored is not extracted again; a new source of it is added.

The inputs are read lazily. Extraction runs here, one document at a time, or in a ``Pool`` of
workers (``pool.LocalPool``, ``dask_pool.DaskPool``) through ``parallel.in_order``; either way this
process alone writes, in input order, so every path gives the same ledger.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa
from rich.console import Console
from sqlalchemy.engine import Connection, Engine

from pledgewatch import settings
from pledgewatch.document import Document
from pledgewatch.extract import gazetteer
from pledgewatch.ledger import consolidation, groups
from pledgewatch.ledger.keys import actor_key, event_key
from pledgewatch.ledger.parallel import Failed, Pool, check, in_order
from pledgewatch.ledger.progress import progress_bar
from pledgewatch.ledger.store import (
    LedgerError,
    companies,
    document_sources,
    documents,
    events,
    fact_places,
    facts,
    ingest_errors,
    place_parents,
    places,
    retrying,
)

if TYPE_CHECKING:
    from pledgewatch.read.sources import Issue

Extractor = Callable[[Document], dict]
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


@dataclass
class Summary:
    """What one ingest run did."""

    read: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    facts: int = 0
    commitments: int = 0
    failures: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    unlisted: int = 0

    def add(self, issue: Issue) -> None:
        """Count a failure, and list it or a warning while fewer than settings.MAX_LISTED_ISSUES
        are listed (past that, ``unlisted`` counts them: the ledger's ingest_errors holds them all)."""
        self.failed += issue.severity == "error"
        listed = self.failures if issue.severity == "error" else self.warnings
        if len(self.failures) + len(self.warnings) < settings.MAX_LISTED_ISSUES:
            listed.append(issue)
        else:
            self.unlisted += 1


def _better(old: str, new: str) -> bool:
    """Deterministic choice between two names for one key: the shorter, then the smaller."""
    return (len(new), new) < (len(old), old)


def _ensure_named(conn: Connection, table: sa.Table, key: str, name: str, **extra: object) -> bool:
    """Insert or (for a better name) rename the row of ``key``; True when it was inserted."""
    column = table.c[table.primary_key.columns.keys()[0]]
    row = conn.execute(sa.select(table.c.name).where(column == key)).first()
    if row is None:
        conn.execute(table.insert(), {column.name: key, "name": name, **extra})
    elif _better(row.name, name):
        conn.execute(table.update().where(column == key).values(name=name))
    return row is None


def _ensure_place(conn: Connection, code: str, name: str) -> None:
    entry = gazetteer.lookup(code)
    if _ensure_named(conn, places, code, entry.name if entry else name, level=code.split(":", 1)[0]):
        parents = gazetteer.ancestors(code)
        if parents:
            conn.execute(place_parents.insert(), [{"code": code, "parent": p} for p in parents])


def _add_source(conn: Connection, document_id: str, source: str | None, new: bool = False) -> None:
    """Attach ``source`` to a stored document (``new``: one stored in this transaction, with no source
    yet) and clear the source's earlier error."""
    if source is None:
        return
    known = None if new else conn.execute(sa.select(document_sources.c.source).where(
        document_sources.c.document_id == document_id, document_sources.c.source == source)).first()
    if known is None:
        conn.execute(document_sources.insert(), {"document_id": document_id, "source": source})
    conn.execute(ingest_errors.delete().where(ingest_errors.c.source == source,
                                              ingest_errors.c.severity == "error"))


def store_document(conn: Connection, document: Document, extraction: dict) -> tuple[int, set[str]]:
    """Store a new document with its facts and consolidate them: (facts stored, commitments touched)."""
    conn.execute(documents.insert(), {"id": document.id, "title": document.title, "lang": document.lang,
                                      "published": document.published, "text": document.text,
                                      "decoding": document.decoding})
    _add_source(conn, document.id, document.source, new=True)
    rows, place_rows = [], []
    ensured: set[tuple[str, str, str | None]] = set()  # (table, key, name): written once per document
    for ordinal, fact in enumerate(extraction["facts"]):
        key = actor_key(fact.get("actor"), fact.get("actor_id"))
        if key and ("company", key, fact.get("actor")) not in ensured:
            ensured.add(("company", key, fact.get("actor")))
            _ensure_named(conn, companies, key, fact.get("actor") or fact["actor_id"],
                          company_id=fact.get("actor_id"))
        ekey = event_key(fact.get("event"))
        if ekey and ("event", ekey, fact["event"]) not in ensured:
            ensured.add(("event", ekey, fact["event"]))
            year = _YEAR.search(fact["event"])
            _ensure_named(conn, events, ekey, fact["event"], year=int(year.group()) if year else None)
        fact_id = f"{document.id}-{ordinal}"
        evidence = fact["evidence"]
        rows.append({
            "id": fact_id, "document_id": document.id, "ordinal": ordinal, "kind": fact["kind"],
            "actor": fact.get("actor"), "actor_id": fact.get("actor_id"), "actor_key": key,
            "aggregate": bool(fact.get("aggregate")), "value": fact.get("value"),
            "value_max": fact.get("value_max"), "unit": fact.get("unit"), "qualifier": fact["qualifier"],
            "deadline": fact.get("deadline"), "status": fact["status"], "event": fact.get("event"),
            "event_key": ekey, "detail": fact.get("detail"), "step": fact.get("step"), "evidence_text": evidence["text"],
            "evidence_start": evidence["start"], "evidence_end": evidence["end"], "commitment_id": None})
        seen: list[str] = []
        for place in fact.get("places", []):
            if place["code"] not in seen:
                seen.append(place["code"])
                if ("place", place["code"], place["name"]) not in ensured:
                    ensured.add(("place", place["code"], place["name"]))
                    _ensure_place(conn, place["code"], place["name"])
                place_rows.append({"fact_id": fact_id, "code": place["code"], "position": len(seen) - 1})
    if rows:
        conn.execute(facts.insert(), rows)
    if place_rows:
        conn.execute(fact_places.insert(), place_rows)
    codes: dict[str, list[str]] = {}
    for p in place_rows:
        codes.setdefault(p["fact_id"], []).append(p["code"])
    fields = [f for f in consolidation.Member.__dataclass_fields__ if f not in ("places", "published")]
    new = [consolidation.Member(**{f: r[f] for f in fields}, published=document.published,
                                places=tuple(codes.get(r["id"], ()))) for r in rows]
    touched = consolidation.update(conn, new)
    return len(new), groups.store_links(conn, document.id, extraction.get("companies", []), touched)


def record_issue(engine: Engine, issue: Issue) -> None:
    """Store an input's error or warning (replacing an earlier one of that source)."""
    def record(conn: Connection) -> None:
        conn.execute(ingest_errors.delete().where(ingest_errors.c.source == issue.source,
                                                  ingest_errors.c.severity == issue.severity))
        conn.execute(ingest_errors.insert(), {"source": issue.source, "severity": issue.severity,
                                              "code": issue.error.code, "reason": issue.reason})

    retrying(engine, record)


def _known(conn: Connection, document: Document) -> bool:
    """Whether ``document`` is stored already (by this run, an earlier one or another process); if so,
    its source is added."""
    found = conn.execute(sa.select(documents.c.id).where(documents.c.id == document.id)).first()
    if found is not None:
        _add_source(conn, document.id, document.source)
    return found is not None


def _stored(engine: Engine, ids: list[str]) -> set[str]:
    """Which of ``ids`` the ledger holds already (one query for a batch)."""
    return set(retrying(engine, lambda conn: conn.execute(
        sa.select(documents.c.id).where(documents.c.id.in_(ids))).scalars().all()))


def _fail(engine: Engine, summary: Summary, source: str, code: str, **fields: object) -> None:
    from pledgewatch.read.sources import Issue

    issue = Issue(source, "error", LedgerError(code, source=source, **fields))
    record_issue(engine, issue)
    summary.add(issue)


def _store(engine: Engine, document: Document, extraction: dict, summary: Summary) -> None:
    """Store a new document with its checked extraction (unless another process stored it first)."""
    source = document.source or document.id

    def store(conn: Connection) -> tuple[int, set[str]] | None:
        """Store the document, in the write lock's transaction; None if another process stored it first."""
        return None if _known(conn, document) else store_document(conn, document, extraction)

    try:
        done = retrying(engine, store)
    except LedgerError as exc:  # L024: locked or deadlocked at every try
        _fail(engine, summary, source, "L017", reason=str(exc).split("] ", 1)[-1])
        return
    except sa.exc.SQLAlchemyError as exc:
        _fail(engine, summary, source, "L017", reason=str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return
    if done is None:
        summary.known += 1
        return
    stored, touched = done
    summary.new += 1
    summary.facts += stored
    summary.commitments += len(touched)


def ingest_one(engine: Engine, document: Document, extract: Extractor, summary: Summary) -> None:
    """Ingest one document (if new), extracting it here, updating ``summary``; a failure is recorded,
    never raised."""
    if retrying(engine, lambda conn: _known(conn, document)):
        summary.known += 1
        return
    try:
        extraction = extract(document)
        check(extraction)
    except Exception as exc:  # noqa: BLE001 (one bad document never stops the batch)
        _fail(engine, summary, document.source or document.id, "L012", reason=exc)
        return
    _store(engine, document, extraction, summary)


def _write(engine: Engine, document: Document, outcome: dict | Failed | None, summary: Summary) -> None:
    """Write what a pool made of ``document``: store its extraction, record its failure, or (None: it
    was stored already) add its source."""
    if outcome is None:
        retrying(engine, lambda conn: _known(conn, document))
        summary.known += 1
    elif isinstance(outcome, Failed):
        _fail(engine, summary, document.source or document.id, outcome.code, **outcome.fields)
    else:
        _store(engine, document, outcome, summary)


def _use_pool(pool: Pool | None, total: int | None) -> bool:
    """Whether to extract in ``pool``: not when there is none, nor when a local pool would start its
    processes for no more than one batch (the total known and within settings.INGEST_BATCH_DOCS)."""
    from pledgewatch.ledger.pool import LocalPool

    if pool is None:
        return False
    return not (isinstance(pool, LocalPool) and total is not None and total <= settings.INGEST_BATCH_DOCS)


def ingest(engine: Engine, inputs: Iterable[str], extract: Extractor, console: Console | None = None,
           lang: str | None = None, pool: Pool | None = None) -> Summary:
    """Ingest every document of ``inputs`` (in language ``lang`` when given); bad items are
    recorded and skipped, never fatal.

    Without ``pool`` each new document is extracted here by ``extract``; with one, by its workers
    (batches in flight bounded), and written here in input order: the same ledger either way. The
    caller closes the pool. The inputs are read as they go: memory stays flat.
    """
    from pledgewatch.read.sources import Issue, count_items, iter_documents

    console = console or Console(stderr=True)
    summary = Summary()
    inputs = list(inputs)
    total = count_items(inputs)
    items = iter_documents(inputs, lang)
    pooled = _use_pool(pool, total)
    pairs = in_order(items, pool, lambda ids: _stored(engine, ids)) if pooled else ((i, None) for i in items)
    with progress_bar(console) as progress:
        task = progress.add_task("ingest", total=total)
        for item, outcome in pairs:
            if isinstance(item, Issue):
                record_issue(engine, item)
                summary.add(item)
                if item.severity == "warning":
                    continue
            else:
                summary.read += 1
                if pooled:
                    _write(engine, item, outcome, summary)
                else:
                    ingest_one(engine, item, extract, summary)
            progress.advance(task)
    return summary
