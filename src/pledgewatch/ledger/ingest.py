"""Ingest: read sources, extract each new document, store it and consolidate, exactly once.

Each document is stored in one transaction (document, sources, facts, commitments; the
document row is the done-marker): a run killed at any moment and started again stores every
document once. A document already stored is not extracted again; a new source of it is added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import sqlalchemy as sa
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from sqlalchemy.engine import Connection, Engine

from pledgewatch.document import Document
from pledgewatch.extract import gazetteer
from pledgewatch.ledger import consolidation, groups
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
    from jsonschema import Draft202012Validator

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


class _Rate(ProgressColumn):
    """Documents per second since the bar started: the documents done over the elapsed time shown.

    Rich's own speed is a sliding-window estimate that starts at the first document done, so it
    leaves out the first document (and the model loading it waits for) and disagrees with the
    elapsed time; this rate is the average over the same wall-clock time the bar shows.
    """

    def render(self, task: Task) -> Text:
        """The rate as text, "… docs/s" before any time has passed."""
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = task.completed / elapsed if elapsed else None
        return Text(f"{rate:.1f} docs/s" if rate is not None else "… docs/s", style="progress.data.speed")


def progress_bar(console: Console, get_time: Callable[[], float] | None = None) -> Progress:
    """The ingest bar: documents done of all, their average rate and the elapsed wall-clock time."""
    return Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), _Rate(), TimeElapsedColumn(),
                    console=console, transient=False, get_time=get_time)


def name_fold(name: str) -> str:
    """The folded form names are keyed and matched by: ``gazetteer.fold``, other scripts kept."""
    return gazetteer.fold(name, other_scripts=True)


def actor_key(actor: str | None, actor_id: str | None) -> str | None:
    """The key grouping an actor's facts: its company id when linked, else its folded name."""
    if actor_id:
        return f"id:{actor_id}"
    return f"name:{name_fold(actor)}" if actor and name_fold(actor) else None


def event_key(event: str | None) -> str | None:
    """The key of a named occasion: its folded name."""
    return name_fold(event) or None if event else None


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
        parents = consolidation.ancestors(code)
        if parents:
            conn.execute(place_parents.insert(), [{"code": code, "parent": p} for p in parents])


def _add_source(conn: Connection, document_id: str, source: str | None) -> None:
    if source is None:
        return
    known = conn.execute(sa.select(document_sources.c.source).where(
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
    _add_source(conn, document.id, document.source)
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


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads((resources.files("pledgewatch") / "schema" / "extraction.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema)


def _fail(engine: Engine, summary: Summary, source: str, code: str, reason: object) -> None:
    from pledgewatch.read.sources import Issue

    issue = Issue(source, "error", LedgerError(code, source=source, reason=reason))
    record_issue(engine, issue)
    summary.failed += 1
    summary.failures.append(issue)


def ingest_one(engine: Engine, document: Document, extract: Extractor, summary: Summary) -> None:
    """Ingest one document (if new), updating ``summary``; a failure is recorded, never raised."""
    from jsonschema.exceptions import best_match

    source = document.source or document.id
    if retrying(engine, lambda conn: _known(conn, document)):
        summary.known += 1
        return
    try:
        extraction = extract(document)
        error = best_match(_validator().iter_errors(extraction))
        if error is not None:
            raise ValueError(f"invalid output at {error.json_path}: {error.message}")
    except Exception as exc:  # noqa: BLE001 (one bad document never stops the batch)
        _fail(engine, summary, source, "L012", exc)
        return

    def store(conn: Connection) -> tuple[int, set[str]] | None:
        """Store the document, in the write lock's transaction; None if another process stored it first."""
        return None if _known(conn, document) else store_document(conn, document, extraction)

    try:
        done = retrying(engine, store)
    except LedgerError as exc:  # L024: locked or deadlocked at every try
        _fail(engine, summary, source, "L017", str(exc).split("] ", 1)[-1])
        return
    except sa.exc.SQLAlchemyError as exc:
        _fail(engine, summary, source, "L017", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return
    if done is None:
        summary.known += 1
        return
    stored, touched = done
    summary.new += 1
    summary.facts += stored
    summary.commitments += len(touched)


def ingest(engine: Engine, inputs: Iterable[str], extract: Extractor, console: Console | None = None,
           lang: str | None = None) -> Summary:
    """Ingest every document of ``inputs`` (in language ``lang`` when given); bad items are
    recorded and skipped, never fatal."""
    from pledgewatch.read.sources import Issue, iter_documents

    console = console or Console(stderr=True)
    summary = Summary()
    with progress_bar(console) as progress:  # the inputs are read as they go: memory stays flat
        task = progress.add_task("ingest", total=None)
        for item in iter_documents(inputs, lang):
            if isinstance(item, Issue):
                record_issue(engine, item)
                if item.severity == "error":
                    summary.failed += 1
                    summary.failures.append(item)
                else:
                    summary.warnings.append(item)
                continue
            summary.read += 1
            ingest_one(engine, item, extract, summary)
            progress.advance(task)
    return summary
