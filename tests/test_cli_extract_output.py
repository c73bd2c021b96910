"""``extract``'s output formats: a table that fits 80 columns with place names, TSV in a pipe, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from pledgewatch.cli.app import app

TEXT = ("date 2025-03 (AOF) - Le groupe Exemplor va investir plus de 300 millions d'euros à Villeneuve-d'Ascq "
        "et créer entre 400 et 500 emplois d'ici 2027, a annoncé la société dans un communiqué.")
runner = CliRunner()


@pytest.fixture
def dispatch(tmp_path: Path, extractor) -> str:
    """A dispatch file (the spaCy model loaded once for the session)."""
    path = tmp_path / "exemplor.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def test_the_table_fits_80_columns_and_names_places(dispatch: str) -> None:
    result = runner.invoke(app, ["extract", dispatch, "--format", "table"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), result.stdout
    rows = [line for line in lines if line.startswith(("investment", "jobs_cr"))]
    assert len(rows) == 2, result.stdout  # one line per fact
    assert "left out" not in result.stdout  # only the empty event column was
    assert "≥ 300 M EUR" in result.stdout and "400–500 jobs" in result.stdout
    assert "Villeneuv" in result.stdout and "commune:" not in result.stdout


def test_piped_output_is_one_tab_separated_line_per_fact(dispatch: str) -> None:
    result = runner.invoke(app, ["extract", dispatch])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split("\t") == ["document", "kind", "actor", "figure", "places", "deadline", "status", "event",
                                  "evidence"]
    by_kind = {row.split("\t")[1]: row.split("\t") for row in rows}
    assert by_kind["investment"][0] == "exemplor" and by_kind["investment"][3] == "≥ 300 M EUR"
    assert by_kind["jobs_created"][3] == "400–500 jobs" and "Villeneuve-d'Ascq" in by_kind["jobs_created"][4]


def test_csv_and_json_hold_every_field(dispatch: str) -> None:
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["extract", dispatch, "-f", "csv"]).stdout)))
    jobs = next(r for r in rows if r["kind"] == "jobs_created")
    assert jobs["document"] == "exemplor" and jobs["qualifier"] == "range"
    assert float(jobs["value"]) == 400 and float(jobs["value_max"]) == 500
    assert json.loads(jobs["places"])[0]["code"].startswith("commune:")
    data = json.loads(runner.invoke(app, ["extract", dispatch, "-f", "json"]).stdout)
    assert data["document"]["id"] == "exemplor"
