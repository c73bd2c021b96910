"""Export of the ledger's documents, facts and commitments to CSV, JSON and Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from pledgewatch.ledger.queries import Filters, list_commitments, list_facts
from pledgewatch.ledger.store import document_sources, documents

FORMATS = ("csv", "json", "parquet")

_PLACES = pa.list_(pa.struct([("code", pa.string()), ("name", pa.string())]))
_EVIDENCE = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
_FACT_FIELDS = [
    ("id", pa.string()), ("document_id", pa.string()), ("published", pa.string()), ("kind", pa.string()),
    ("actor", pa.string()), ("actor_id", pa.string()), ("aggregate", pa.bool_()), ("value", pa.float64()),
    ("value_max", pa.float64()), ("unit", pa.string()), ("qualifier", pa.string()), ("places", _PLACES),
    ("deadline", pa.string()), ("status", pa.string()), ("event", pa.string()), ("detail", pa.string()),
]
SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([("id", pa.string()), ("title", pa.string()), ("published", pa.string()),
                            ("lang", pa.string()), ("sources", pa.list_(pa.string())), ("text", pa.string())]),
    "facts": pa.schema(_FACT_FIELDS + [("evidence", _EVIDENCE), ("commitment_id", pa.string())]),
    "commitments": pa.schema([
        ("id", pa.string()), ("actor", pa.string()), ("actor_id", pa.string()), ("kind", pa.string()),
        ("aggregate", pa.bool_()), ("value", pa.float64()), ("value_max", pa.float64()), ("unit", pa.string()),
        ("qualifier", pa.string()), ("places", _PLACES), ("deadline", pa.string()), ("status", pa.string()),
        ("overdue", pa.bool_()), ("event", pa.string()), ("detail", pa.string()), ("conflicting", pa.bool_()),
        ("announced", pa.string()), ("updated", pa.string()), ("part_of", pa.string()),
        ("figures", pa.list_(pa.struct([("value", pa.float64()), ("value_max", pa.float64()), ("unit", pa.string()),
                                        ("qualifier", pa.string()), ("reports", pa.int64())]))),
        ("history", pa.list_(pa.struct([("status", pa.string()), ("deadline", pa.string()), ("date", pa.string()),
                                        ("document_id", pa.string())]))),
        ("evidence", pa.list_(pa.struct([("document_id", pa.string()), ("fact_id", pa.string()),
                                         ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
                                         ("published", pa.string()), ("status", pa.string()),
                                         ("value", pa.float64()), ("value_max", pa.float64()),
                                         ("unit", pa.string()), ("qualifier", pa.string())]))),
    ]),
}
"""The Parquet schema of each exported table (its columns, in order, for every format)."""


def document_rows(conn: Connection) -> list[dict]:
    """Every document with its sources, by id."""
    sources: dict[str, list[str]] = {}
    for doc_id, source in conn.execute(sa.select(document_sources)):
        sources.setdefault(doc_id, []).append(source)
    rows = conn.execute(sa.select(documents.c.id, documents.c.title, documents.c.published, documents.c.lang,
                                  documents.c.text).order_by(documents.c.id)).mappings()
    return [{**{k: r[k] for k in ("id", "title", "published", "lang")},
             "sources": sorted(sources.get(r["id"], [])), "text": r["text"]} for r in rows]


def tables(conn: Connection, as_of: date | None = None) -> dict[str, list[dict]]:
    """The three exported tables, as lists of rows in a stable order."""
    f = Filters(as_of=as_of or date.today())
    return {"documents": document_rows(conn), "facts": list_facts(conn, f), "commitments": list_commitments(conn, f)}


def flatten(row: dict) -> dict:
    """A row for CSV: ``evidence`` objects spread into columns, other nested values as JSON."""
    out: dict = {}
    for key, value in row.items():
        if isinstance(value, dict):
            out.update({f"{key}_{k}": v for k, v in value.items()})
        elif isinstance(value, list):
            out[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            out[key] = value
    return out


def to_csv(rows: list[dict], columns: list[str] | None = None) -> str:
    """CSV text of ``rows`` (flattened), with a header."""
    flat = [flatten(r) for r in rows]
    columns = columns or (list(flat[0]) if flat else [])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(flat)
    return buffer.getvalue()


READABLE_COLUMNS = ("announced", "actor", "actor_id", "kind", "value", "value_max", "unit", "qualifier", "places",
                    "place_codes", "deadline", "status", "overdue", "event", "part_of", "reports", "id")
"""The columns of ``readable_csv``."""


def readable_csv(commitments: list[dict]) -> str:
    """CSV of commitments for a spreadsheet: one plain value a cell (places as names joined by '; ',
    their codes beside them, the number of articles), in the order given."""
    rows = [{**c, "places": "; ".join(p["name"] for p in c["places"]),
             "place_codes": "; ".join(p["code"] for p in c["places"]), "reports": len(c["evidence"])}
            for c in commitments]
    return to_csv(rows, list(READABLE_COLUMNS))


def _csv_columns(name: str) -> list[str]:
    flat = []
    for fld in SCHEMAS[name]:
        if pa.types.is_struct(fld.type):
            flat += [f"{fld.name}_{sub.name}" for sub in fld.type]
        else:
            flat.append(fld.name)
    return flat


def export(conn: Connection, fmt: str, out: Path, as_of: date | None = None) -> list[Path]:
    """Write documents, facts and commitments to ``out`` as ``<table>.<fmt>``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in tables(conn, as_of).items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            path.write_text(to_csv(rows, _csv_columns(name)), encoding="utf-8")
        elif fmt == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[name]), path)
        written.append(path)
    return written
