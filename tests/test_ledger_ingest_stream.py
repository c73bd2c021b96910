"""Ingest reads its inputs as it goes: a document is stored before the next one is read."""

from __future__ import annotations

import json
from pathlib import Path

from pledgewatch.document import Document
from pledgewatch.ledger.ingest import ingest
from pledgewatch.ledger.store import documents, open_store

LINE = "Le groupe Safran va investir {n} millions d'euros dans son usine de Lyon et y créer des emplois."


def _empty_extraction(document: Document) -> dict:
    return {"document": {"id": document.id, "source": document.source, "title": document.title,
                         "lang": document.lang, "published": document.published}, "facts": [], "quotes": []}


def test_a_jsonl_batch_is_ingested_as_it_is_read(tmp_path: Path, sqlite_db: str) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"text": LINE.format(n=n)}) + "\n" for n in range(3)), encoding="utf-8")
    seen: list[str] = []

    def extract(document: Document) -> dict:
        if not seen:  # a line written once ingest has begun is read only by a streaming reader
            with batch.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"text": LINE.format(n=99)}) + "\n")
        seen.append(document.text)
        return _empty_extraction(document)

    engine = open_store(sqlite_db)
    try:
        summary = ingest(engine, [str(batch)], extract)
        with engine.connect() as conn:
            stored = conn.execute(documents.select()).all()
    finally:
        engine.dispose()
    assert summary.read == summary.new == 4 and summary.failed == 0
    assert len(stored) == 4 and seen[-1] == LINE.format(n=99)
