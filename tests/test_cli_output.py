"""The command line's output: figures with qualifiers and ranges, tables that fit 80 columns, formats.

The ledger here is written from hand-made facts (no spaCy model), through the real ingest code.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import make_fact
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from pledgewatch.cli.app import app
from pledgewatch.cli.output import Column, format_figure, print_table, short_ids

NARROW = {"COLUMNS": "80"}
TEXT = ("Le groupe Brindor va investir plus de 15 milliards d'euros dans la région lyonnaise, où il créera "
        "plus de 3 000 emplois. La Compagnie Générale des Transports Interurbains et Ferroviaires du Grand "
        "Ouest investira entre 80 et 100 millions d'euros à Rennes et environ 2 millions à Brest.")

runner = CliRunner()


@pytest.mark.parametrize(("value", "unit", "qualifier", "value_max", "shown"), [
    (15e9, "EUR", "at_least", None, "≥ 15 Md EUR"),
    (2e6, "EUR", "about", None, "≈ 2 M EUR"),
    (500, "jobs", "at_most", None, "≤ 500 jobs"),
    (80e6, "EUR", "range", 100e6, "80–100 M EUR"),
    (3000, "jobs", "at_least", None, "≥ 3 000 jobs"),
    (1.2e9, "USD", "exact", None, "1,2 Md USD"),
    (250, "jobs", None, None, "250 jobs"),
    (None, "EUR", "exact", None, ""),
])
def test_a_figure_shows_its_qualifier_and_range(value, unit, qualifier, value_max, shown) -> None:
    assert format_figure(value, unit, qualifier, value_max) == shown


def test_short_ids_are_unique_prefixes() -> None:
    ids = ["8ebb68c6c8f1ffd3-0", "8ebb68c6c8f1ffd3-12", "5c261be419d0cfe5-0", "8ebb68d000000000-0"]
    assert short_ids(ids) == ["8ebb68c-0", "8ebb68c-12", "5c261be-0", "8ebb68d-0"]
    assert short_ids(["abcdef123456", "abcdef999999"]) == ["abcdef1", "abcdef9"]
    assert short_ids(["a1b2c3d4e5f6-1"]) == ["a1b2c3-1"]


COLUMNS = [Column("id", shrink=False), Column("name"), Column("figure", shrink=False), Column("text"),
           Column("extra", drop=1)]
ROWS = [["abc-1", "La Compagnie Générale des Transports Interurbains", "≥ 15 Md EUR", "planned " * 20, "x" * 30]]


def _render(width: int) -> list[str]:
    console = Console(width=width, record=True)
    print_table("things", COLUMNS, ROWS, console)
    return console.export_text().splitlines()


def test_a_table_fits_80_columns_with_ellipses() -> None:
    lines = _render(80)
    assert all(cell_len(line) <= 80 for line in lines), lines
    [row] = [line for line in lines if line.startswith("abc-1")]  # one line: no wrapping
    assert "≥ 15 Md EUR" in row and "…" in row and "xxx" in row


def test_a_narrow_table_leaves_columns_out_and_says_which() -> None:
    lines = _render(40)
    assert all(cell_len(line) <= 40 for line in lines), lines
    [row] = [line for line in lines if line.startswith("abc-1")]
    assert "≥ 15 Md EUR" in row and "xxx" not in row
    assert "left out to fit 40 columns: extra" in " ".join(lines)


@pytest.fixture
def ledger(tmp_path, add_document) -> str:
    """A ledger holding qualified figures, a range and a long company name."""
    from pledgewatch.ledger.store import open_store

    db = str(tmp_path / "ledger.db")
    engine = open_store(db)
    ranged = make_fact(TEXT, "investira entre 80 et 100 millions d'euros", actor="La Compagnie Générale des "
                       "Transports Interurbains et Ferroviaires du Grand Ouest", value=80e6, unit="EUR",
                       qualifier="range", places=("commune:35238",))
    ranged["value_max"] = 100e6
    add_document(engine, TEXT, [
        make_fact(TEXT, "va investir plus de 15 milliards d'euros", actor="Brindor", value=15e9, unit="EUR",
                  qualifier="at_least", places=("commune:69123",), deadline="2030",
                  event="Choose France 2024"),
        make_fact(TEXT, "plus de 3 000 emplois", kind="jobs_created", actor="Brindor", value=3000, unit="jobs",
                  qualifier="at_least", places=("commune:69123",), deadline="2028"),
        ranged,
        make_fact(TEXT, "environ 2 millions à Brest", actor="La Compagnie Générale des Transports Interurbains "
                  "et Ferroviaires du Grand Ouest", value=2e6, unit="EUR", qualifier="about",
                  places=("commune:29019",)),
    ], published="2025-03")
    engine.dispose()
    return db


def invoke(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


def test_commitments_table_shows_qualifiers_and_fits_80_columns(ledger) -> None:
    result = invoke("commitments", "--db", ledger, "--format", "table", env=NARROW)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), result.stdout
    for figure in ("≥ 15 Md EUR", "≥ 3 000 jobs", "80–100 M EUR", "≈ 2 M EUR"):
        assert sum(figure in line for line in lines) == 1, (figure, result.stdout)
    rows = [line for line in lines if "EUR" in line or "jobs" in line]
    assert len(rows) == 4  # one line per commitment, nothing wrapped
    assert "La Compagnie Générale des Transports Interurbains et Ferroviaires" not in result.stdout
    assert "…" in result.stdout
    assert "Lyon" in result.stdout and "commune:" not in result.stdout


def test_the_table_uses_short_ids_and_tsv_full_ones(ledger) -> None:
    rows = json.loads(invoke("commitments", "--db", ledger, "--format", "json").stdout)
    table = invoke("commitments", "--db", ledger, "--format", "table", env={"COLUMNS": "200"}).stdout
    tsv = invoke("commitments", "--db", ledger, "--format", "tsv").stdout
    for row, short in zip(rows, short_ids([r["id"] for r in rows])):
        assert short in table and row["id"] not in table
        assert row["id"] in tsv


def test_piped_output_is_tab_separated_in_full(ledger) -> None:
    result = invoke("commitments", "--db", ledger, env=NARROW)  # CliRunner's stdout is not a terminal
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == ["id", "actor", "kind", "figure", "places", "deadline", "status", "event",
                                    "reports"]
    assert len(lines) == 5 and all(line.count("\t") == 8 for line in lines)
    assert "La Compagnie Générale des Transports Interurbains et Ferroviaires du Grand Ouest" in result.stdout
    assert "…" not in result.stdout and "─" not in result.stdout


@pytest.mark.parametrize("command", [["facts"], ["commitments"], ["deadlines"], ["totals", "--by", "actor"],
                                     ["reconcile", "Choose France 2024"]])
@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json"])
def test_every_listing_command_has_every_format(ledger, command, fmt) -> None:
    result = invoke(*command, "--db", ledger, "--format", fmt, env=NARROW)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        json.loads(result.stdout)
    elif fmt == "csv":
        list(csv.reader(io.StringIO(result.stdout)))
    elif fmt == "table":
        assert all(cell_len(line) <= 80 for line in result.stdout.splitlines()), result.stdout


def test_facts_deadlines_and_totals_show_qualifiers(ledger) -> None:
    facts = invoke("facts", "--db", ledger, "--format", "tsv").stdout
    assert "≥ 15 Md EUR" in facts and "80–100 M EUR" in facts and "≈ 2 M EUR" in facts
    deadlines = invoke("deadlines", "--db", ledger, "--format", "tsv").stdout
    assert "≥ 15 Md EUR" in deadlines and "≥ 3 000 jobs" in deadlines
    totals = invoke("totals", "--db", ledger, "--by", "actor", "--format", "tsv").stdout.splitlines()
    assert totals[0].split("\t") == ["actor", "kind", "total", "EUR equivalent", "commitments"]


def test_csv_holds_every_field(ledger) -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("commitments", "--db", ledger, "--format", "csv").stdout)))
    ranged = next(r for r in rows if r["qualifier"] == "range")
    assert float(ranged["value"]) == 80e6 and float(ranged["value_max"]) == 100e6


def test_an_empty_column_goes_first_and_unsaid() -> None:
    console = Console(width=40, record=True)
    print_table("things", [Column("id", shrink=False), Column("event"), Column("text", drop=1)],
                [["abc-1", "", "word " * 30]], console)
    text = console.export_text()
    assert "event" not in text and "left out" not in text and "word word" in text
    wide = Console(width=200, record=True)
    print_table("things", [Column("id", shrink=False), Column("event"), Column("text")], [["abc-1", "", "x"]], wide)
    assert "event" in wide.export_text()  # kept when there is room


def test_cells_and_titles_are_shown_as_written_not_as_markup() -> None:
    console = Console(width=120, record=True)
    print_table("[/bold] title :thumbs_up:", [Column("name"), Column("text")],
                [["[/red] Brindor [b]", "cité :thumbs_up: [link=x]here[/link]"]], console)
    text = console.export_text()
    assert "[/bold] title :thumbs_up:" in text
    assert "[/red] Brindor [b]" in text and "cité :thumbs_up: [link=x]here[/link]" in text


def test_totals_rows_of_the_ledger_contract_show_kind_qualifier_and_range(ledger, monkeypatch) -> None:
    """Rows {name, kind, unit, total, total_max, qualifier, eur, eur_max, count}; older rows lack some keys."""
    from pledgewatch.ledger import queries

    rows = [{"region": "region:84", "name": "Auvergne-Rhône-Alpes", "kind": "investment", "unit": "EUR",
             "total": 80e6, "total_max": 100e6, "qualifier": "range", "eur": 80e6, "eur_max": 100e6, "count": 2},
            {"region": "region:84", "name": "Auvergne-Rhône-Alpes", "kind": "jobs_created", "unit": "jobs",
             "total": 3000.0, "total_max": None, "qualifier": "at_least", "eur": None, "eur_max": None, "count": 1},
            {"region": None, "name": None, "unit": "jobs", "total": 120.0, "count": 1, "eur": None}]
    monkeypatch.setattr(queries, "totals", lambda conn, by, f: rows)
    lines = [line.split("\t") for line in invoke("totals", "--db", ledger, "--by", "region").stdout.splitlines()]
    assert lines == [["region", "kind", "total", "EUR equivalent", "commitments"],
                     ["Auvergne-Rhône-Alpes", "investment", "80–100 M EUR", "80–100 M EUR", "2"],
                     ["Auvergne-Rhône-Alpes", "jobs_created", "≥ 3 000 jobs", "", "1"],
                     ["(none)", "", "120 jobs", "", "1"]]


def test_totals_by_kind_has_one_kind_column(ledger) -> None:
    header, *rows = invoke("totals", "--db", ledger, "--by", "kind", "--format", "tsv").stdout.splitlines()
    assert header.split("\t") == ["kind", "total", "EUR equivalent", "commitments"]
    assert {r.split("\t")[0] for r in rows} == {"investment", "jobs_created"}
