"""The ledger's commands end to end, with the real extractor, on texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa
import typer
from typer.testing import CliRunner

from pledgewatch.cli import ledger as ledger_cli
from pledgewatch.ledger.queries import get_document
from pledgewatch.ledger.store import ingest_errors, open_store

TEXTS = {
    "ms1.txt": "date 2024-05 (AOF) - Microsoft va investir 4 milliards d'euros en France pour construire un "
               "centre de données près de Mulhouse, a annoncé le groupe lors du sommet Choose France 2024.",
    "ms2.txt": "date 2024-05 (AOF) - Le géant américain Microsoft a confirmé lundi un investissement de "
               "4 milliards d'euros en France, à l'occasion du sommet Choose France 2024 à Versailles.",
    "amzn.txt": "date 2024-05 (AOF) - Amazon va investir 1,2 milliard d'euros en France et créer 3 000 emplois "
                "d'ici 2026, a indiqué le groupe au sommet Choose France 2024.",
    "summit.txt": "date 2024-05 (AOF) - Le sommet Choose France 2024 a permis de réunir 15 milliards d'euros "
                  "d'investissements étrangers, selon l'Élysée.",
}
ENGLISH = "Microsoft said on Monday that it will invest in new data centers in the north of the country."


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    ledger_cli.register(app)
    return app


def run(app, *args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory, app, extractor) -> str:
    """A ledger built by `ingest` from a folder, a JSONL batch repeating an article, and bad inputs."""
    base = tmp_path_factory.mktemp("cli")
    news = base / "news"
    news.mkdir()
    for name, text in TEXTS.items():
        (news / name).write_text(text, encoding="utf-8")
    (news / "english.txt").write_text(ENGLISH, encoding="utf-8")
    (news / "binary.txt").write_bytes(b"\x00\xff" * 64)
    batch = base / "batch.jsonl"
    batch.write_text(json.dumps({"text": TEXTS["amzn.txt"], "url": "https://example.test/amazon"}) + "\n"
                     + "{broken\n", encoding="utf-8")
    db = str(base / "ledger.db")
    result = run(app, "ingest", str(news), str(batch), "--db", db)
    assert result.exit_code == 1, result.output
    assert "read 5, new 4, already known 1, failed 3" in result.output
    assert "E007" in result.output and "E005" in result.output and "L009" in result.output
    return db


def test_ingest_stores_failures_and_is_idempotent(app, ledger):
    engine = open_store(ledger)
    with engine.connect() as conn:
        codes = sorted(conn.execute(sa.select(ingest_errors.c.code)).scalars())
    engine.dispose()
    assert codes == ["E005", "E007", "L009"]
    again = run(app, "ingest", ledger.replace("ledger.db", "news"), "--db", ledger)
    assert "new 0, already known 4" in again.output


def test_one_document_keeps_both_sources(app, ledger):
    facts = json.loads(run(app, "facts", "--db", ledger, "--actor", "Amazon", "--format", "json").output)
    engine = open_store(ledger)
    with engine.connect() as conn:
        doc = get_document(conn, facts[0]["document_id"])
    engine.dispose()
    assert len(doc["sources"]) == 2 and "https://example.test/amazon" in doc["sources"]
    assert any(s.endswith("amzn.txt") for s in doc["sources"])


def test_facts_json_are_schema_facts_with_document_id(app, ledger):
    schema = json.loads((Path(__file__).parents[1] / "src/pledgewatch/schema/extraction.schema.json").read_text(encoding="utf-8"))
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema["properties"]["facts"]["items"])
    result = run(app, "facts", "--db", ledger, "--format", "json")
    facts = json.loads(result.output)
    assert facts and all(validator.is_valid(f) and f["document_id"] for f in facts)
    for f in facts:
        assert f["evidence"]["text"] in TEXTS["ms1.txt"] + TEXTS["ms2.txt"] + TEXTS["amzn.txt"] + TEXTS["summit.txt"]


def test_repeated_pledge_is_one_commitment(app, ledger):
    result = run(app, "commitments", "--db", ledger, "--actor", "Microsoft", "--kind", "investment",
                 "--format", "json")
    (commitment,) = json.loads(result.output)
    for key in ("id", "actor", "kind", "aggregate", "value", "unit", "qualifier", "places", "deadline",
                "status", "overdue", "event", "conflicting", "evidence"):
        assert key in commitment
    assert commitment["value"] == 4e9 and commitment["unit"] == "EUR"
    assert commitment["event"] == "Choose France 2024"
    assert len({e["document_id"] for e in commitment["evidence"]}) == 2
    for e in commitment["evidence"]:
        assert set(e) >= {"document_id", "text", "start", "end", "published"}


def test_place_filters_follow_the_hierarchy(app, ledger):
    def count(*args: str) -> int:
        return len(json.loads(run(app, "facts", "--db", ledger, "--format", "json", *args).output))

    mulhouse = count("--place", "Mulhouse")
    assert mulhouse >= 1
    assert count("--place", "Grand Est") == count("--place", "region:44") >= mulhouse
    assert count("--place", "Haut-Rhin") >= mulhouse
    assert count("--place", "Bretagne") == 0
    assert count("--place", "France") >= count("--place", "Grand Est")


def test_other_filters(app, ledger):
    def count(*args: str) -> int:
        return len(json.loads(run(app, "commitments", "--db", ledger, "--format", "json", *args).output))

    everything = count()
    assert count("--event", "Choose France 2024") == everything
    assert count("--since", "2024-06") == 0 and count("--until", "2024") == everything
    assert count("--status", "completed") == 0
    assert count("--overdue", "--as-of", "2030-01-01") >= 1 and count("--overdue", "--as-of", "2024-01-01") == 0
    bad = run(app, "commitments", "--db", ledger, "--since", "May 2024")
    assert bad.exit_code == 2 and "L016" in bad.output


def test_totals_and_reconcile(app, ledger):
    by_actor = json.loads(run(app, "totals", "--db", ledger, "--by", "actor", "--kind", "investment",
                              "--format", "json").output)
    assert {(t["name"], t["unit"], t["total"], t["eur"]) for t in by_actor} >= {
        ("Microsoft", "EUR", 4e9, 4e9), ("Amazon", "EUR", 1.2e9, 1.2e9)}
    by_year = run(app, "totals", "--db", ledger, "--by", "year", "--format", "csv").output.splitlines()
    assert by_year[0] == "year,name,kind,unit,total,total_max,qualifier,eur,eur_max,count"
    assert "2024,2024,investment,EUR,5200000000.0,,exact,5200000000.0,,2" in by_year
    for by in ("region", "department", "event", "kind"):
        assert run(app, "totals", "--db", ledger, "--by", by).exit_code == 0
    assert run(app, "totals", "--db", ledger, "--by", "planet").exit_code == 2
    rec = json.loads(run(app, "reconcile", "Choose France 2024", "--db", ledger, "--format", "json").output)
    money = next(r for r in rec["rows"] if r["kind"] == "investment" and r["unit"] == "EUR")
    assert money["announced"] == 15e9 and money["found"] == pytest.approx(5.2e9) and money["count"] == 2
    assert "15 Md EUR" in run(app, "reconcile", "Choose France 2024", "--db", ledger).output


def test_deadlines(app, ledger):
    due = json.loads(run(app, "deadlines", "--db", ledger, "--before", "2026-12", "--format", "json").output)
    assert due and all(d["deadline"] <= "2026-12~" for d in due)
    assert [d["deadline"] for d in due] == sorted(d["deadline"] for d in due)
    assert json.loads(run(app, "deadlines", "--db", ledger, "--after", "2031", "--format", "json").output) == []


def test_export_formats(app, ledger, tmp_path):
    counts = {}
    for fmt in ("csv", "json", "parquet"):
        result = run(app, "export", "--db", ledger, "--format", fmt, "--out", str(tmp_path / fmt))
        assert result.exit_code == 0, result.output
    for name in ("documents", "facts", "commitments"):
        rows = json.loads((tmp_path / "json" / f"{name}.json").read_text(encoding="utf-8"))
        counts[name] = len(rows)
        assert pq.read_table(tmp_path / "parquet" / f"{name}.parquet").num_rows == len(rows)
        assert len((tmp_path / "csv" / f"{name}.csv").read_text(encoding="utf-8").splitlines()) >= len(rows) + 1
    assert counts["documents"] == 4 and counts["facts"] >= counts["commitments"] > 0


def test_unopenable_and_newer_databases(app, tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    result = run(app, "commitments", "--db", str(garbage))
    assert result.exit_code == 1 and "L001" in result.output
    newer = str(tmp_path / "newer.db")
    open_store(newer).dispose()
    engine = sa.create_engine(f"sqlite:///{newer}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    result = run(app, "facts", "--db", newer)
    assert result.exit_code == 1 and "L002" in result.output and "newer" in result.output
