"""One error style: every failure one coded line on stderr (Click's own included), exit 2 for usage, 1 else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgewatch import settings
from pledgewatch.cli.app import app
from pledgewatch.errors import PledgewatchError, UsageError
from pledgewatch.ledger import exporting
from pledgewatch.ledger.queries import MAX_LIMIT

runner = CliRunner()
CODED = re.compile(r"^error: \[[EL]\d{3}\] \S")
COMMANDS = ["extract", "eval", "init", "ingest", "facts", "commitments", "totals", "deadlines", "reconcile",
            "export", "serve"]


def invoke(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env)


def _one_coded_line(result, code: str, exit_code: int) -> str:
    assert result.exit_code == exit_code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert CODED.match(lines[0]) and f"[{code}]" in lines[0], lines[0]
    assert "╭" not in result.stderr and "Traceback" not in result.stderr
    return lines[0]


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An empty ledger, made by ``init``."""
    path = str(tmp_path / "ledger.db")
    result = invoke("init", "--db", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("args", [
    ["facts", "--format", "bogus"],
    ["commitments", "-f", "yaml"],
    ["export", "--format", "xlsx"],
    ["facts", "--limit", "x"],
    ["facts", "--bogus"],
    ["reconcile"],
    ["nosuchcommand"],
])
def test_click_usage_errors_are_one_coded_line(args: list[str]) -> None:
    line = _one_coded_line(invoke(*args), "E100", 2)
    assert "--help" in line


def test_a_bad_extract_format_is_a_coded_line() -> None:
    line = _one_coded_line(invoke("extract", "any.txt", "--format", "xml"), "E100", 2)
    assert "'xml'" in line and "tsv" in line


@pytest.mark.parametrize("value", ["-1", "0", str(MAX_LIMIT + 1), "99999999999999999999"])
def test_a_bad_limit_is_a_usage_error(db: str, value: str) -> None:
    for command in ("facts", "commitments", "deadlines"):
        line = _one_coded_line(invoke(command, "--db", db, "--limit", value), "E101", 2)
        assert f"between 1 and {MAX_LIMIT}, not {value}" in line


@pytest.mark.parametrize("value", ["-1", str(settings.MAX_OFFSET + 1), "99999999999999999999"])
def test_a_bad_offset_is_a_usage_error(db: str, value: str) -> None:
    for command in ("facts", "commitments", "deadlines"):
        _one_coded_line(invoke(command, "--db", db, "--offset", value), "E102", 2)


def test_good_paging_passes_through_offset_without_limit(db: str, monkeypatch) -> None:
    from pledgewatch.ledger import queries

    seen = []
    monkeypatch.setattr(queries, "list_facts", lambda conn, f, limit, offset: seen.append((limit, offset)) or [])
    assert invoke("facts", "--db", db, "--offset", "5", "-f", "json").exit_code == 0
    assert invoke("facts", "--db", db, "--limit", str(MAX_LIMIT), "--offset", "0", "-f", "json").exit_code == 0
    assert seen == [(None, 5), (MAX_LIMIT, 0)]


def test_a_usage_error_of_the_ledger_exits_2_and_other_failures_1(db: str, monkeypatch) -> None:
    from pledgewatch.ledger import queries

    def refuse(*_args: object, **_kwargs: object) -> list:
        raise UsageError("L016", value="bogus")

    monkeypatch.setattr(queries, "list_commitments", refuse)
    _one_coded_line(invoke("commitments", "--db", db), "L016", 2)
    monkeypatch.setattr(queries, "list_commitments", lambda *a, **k: (_ for _ in ()).throw(
        PledgewatchError("L013", id="x")))
    _one_coded_line(invoke("commitments", "--db", db), "L013", 1)


@pytest.mark.parametrize("command", ["facts", "commitments", "totals", "deadlines", "export"])
def test_read_commands_refuse_a_missing_ledger_and_do_not_create_it(tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing.db"
    _one_coded_line(invoke(command, "--db", str(missing)), "L001", 1)
    assert not missing.exists()


def test_init_creates_an_empty_ledger(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    result = invoke("init", "--db", str(path))
    assert result.exit_code == 0 and path.exists() and str(path) in result.stderr
    listed = invoke("commitments", "--db", str(path), "--format", "json")
    assert listed.exit_code == 0 and listed.stdout.strip() == "[]"


def test_serve_reports_a_ledger_error_on_one_line(tmp_path: Path) -> None:
    unreachable = tmp_path / ("a-long-folder-name-" * 4) / "missing" / "ledger.db"
    _one_coded_line(invoke("serve", "--db", str(unreachable), env={"COLUMNS": "40"}), "L001", 1)


def test_a_ledger_error_is_one_line_at_80_columns(tmp_path: Path) -> None:
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "ledger.db"
    _one_coded_line(invoke("commitments", "--db", str(deep), env={"COLUMNS": "80"}), "L001", 1)


def test_a_line_break_in_a_file_name_cannot_forge_a_second_error_line(tmp_path: Path) -> None:
    name = str(tmp_path / "a.txt\nerror: [E999] forged\u202e.txt")
    line = _one_coded_line(invoke("extract", name), "E001", 1)
    assert "a.txt\\nerror: [E999] forged\\u202e.txt: no such file" in line


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\nb", "a\\nb"), ("a\r\nb", "a\\r\\nb"), ("\x1b[31mred", "\\x1b[31mred"), ("rtl\u202eexe", "rtl\\u202eexe"),
    ("line\u2028sep", "line\\u2028sep"), ("tab\there", "tab\\there"), ("café à Lyon", "café à Lyon"),
])
def test_coded_messages_escape_control_characters(raw: str, shown: str) -> None:
    assert str(PledgewatchError("E001", source=raw)) == f"[E001] {shown}: no such file"
    message = str(PledgewatchError("E010", value=raw))
    assert "\n" not in message and "\x1b" not in message and "\u202e" not in message
    assert str(PledgewatchError("L012", source="x", reason=ValueError(raw))).count("\n") == 0


def test_numbers_and_reprs_in_messages_are_unchanged() -> None:
    error = PledgewatchError("E004", source="big.txt", size=6_000_000, limit=5_242_880)
    assert str(error) == ("[E004] big.txt: the file is 6000000 bytes, over the limit of 5242880 bytes "
                          "(settings.MAX_INPUT_BYTES)")
    assert str(PledgewatchError("L013", id="ab'c")) == "[L013] unknown commitment \"ab'c\""
    assert error.fields["size"] == 6_000_000


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_metavars_not_type_labels(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(bool|str|int|float|path|list\[[^]]*\])>", result.stdout), result.stdout


def test_root_help_has_no_type_labels() -> None:
    result = invoke("--help")
    assert result.exit_code == 0 and "<bool>" not in result.stdout
    assert all(f" {name} " in result.stdout for name in COMMANDS)


def test_export_formats_are_the_exporters() -> None:
    from typing import get_args

    from pledgewatch.cli.ledger import ExportFormat

    assert get_args(ExportFormat) == exporting.FORMATS


def test_totals_by_an_unknown_key_is_a_usage_error_and_a_failure_inside_is_not(db: str, monkeypatch) -> None:
    from pledgewatch.errors import LedgerError
    from pledgewatch.ledger import queries

    line = _one_coded_line(invoke("totals", "--db", db, "--by", "planet"), "L015", 2)
    assert "region" in line
    monkeypatch.setattr(queries, "totals", lambda *a, **k: (_ for _ in ()).throw(
        LedgerError("L001", db=db, reason="disk I/O error")))
    _one_coded_line(invoke("totals", "--db", db, "--by", "kind"), "L001", 1)


@pytest.mark.parametrize("args", [["facts", "--since", "May 2024"], ["commitments", "--until", "2024/05"],
                                  ["deadlines", "--before", "soon"], ["commitments", "--as-of", "today"]])
def test_a_bad_date_is_a_usage_error(db: str, args: list[str]) -> None:
    _one_coded_line(invoke(*args[:1], "--db", db, *args[1:]), "L016", 2)


def test_a_file_name_is_shown_as_written(tmp_path: Path) -> None:
    name = str(tmp_path / "[/red]:thumbs_up:.txt")
    line = _one_coded_line(invoke("extract", name), "E001", 1)
    assert "[/red]:thumbs_up:.txt: no such file" in line
