"""Tests of the ``pledgewatch`` command line, through Typer's runner and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import typer
from typer.core import TyperCommand, TyperGroup
from typer.testing import CliRunner

from pledgewatch import __version__
from pledgewatch.cli.app import app

DISPATCH = ("date 2025-03 (AOF) - Le groupe Exemplor va investir 300 millions d'euros à Lyon et créer "
            "500 emplois d'ici 2027, a annoncé la société dans un communiqué.")
UNDATED = ("Le groupe Brindor va ouvrir une usine à Toulouse et y embaucher 200 salariés d'ici 2026, "
           "selon un communiqué de la société.")
WIDE = {"COLUMNS": "200"}  # tables wide enough not to fold words

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _model_loaded() -> None:
    """Load the spaCy pipeline once for the whole module (the CLI reuses it in-process)."""
    from pledgewatch.extract.pipeline import get_nlp

    get_nlp("fr")


@pytest.fixture(scope="module")
def schema() -> dict:
    """The JSON schema every extraction must satisfy."""
    text = resources.files("pledgewatch").joinpath("schema/extraction.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _check_extraction(result: dict, text: str, schema: dict) -> None:
    jsonschema.validate(result, schema)
    for fact in result["facts"]:
        evidence = fact["evidence"]
        assert text[evidence["start"]: evidence["end"]] == evidence["text"]


def test_extract_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "exemplor.txt", DISPATCH)
    result = runner.invoke(app, ["extract", str(path), "--format", "table"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "exemplor (fr, published 2025-03)" in result.stdout
    assert "investment" in result.stdout
    assert "Exemplor" in result.stdout
    assert "Lyon" in result.stdout and "commune:" not in result.stdout  # place names, not codes


def test_extract_json_one_file(tmp_path: Path, schema: dict) -> None:
    path = _write(tmp_path, "exemplor.txt", DISPATCH)
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    _check_extraction(data, DISPATCH, schema)
    assert data["document"]["id"] == "exemplor"
    assert data["document"]["published"] == "2025-03"
    assert {"investment", "jobs_created"} <= {f["kind"] for f in data["facts"]}


def test_extract_json_many_files_is_a_list(tmp_path: Path, schema: dict) -> None:
    paths = [_write(tmp_path, "a.txt", DISPATCH), _write(tmp_path, "b.txt", UNDATED)]
    result = runner.invoke(app, ["extract", "-f", "json", *map(str, paths)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["document"]["id"] for d in data] == ["a", "b"]
    for item, text in zip(data, (DISPATCH, UNDATED)):
        _check_extraction(item, text, schema)


def test_extract_out_writes_one_file_per_input(tmp_path: Path, schema: dict) -> None:
    paths = [_write(tmp_path, "a.txt", DISPATCH), _write(tmp_path, "b.txt", UNDATED)]
    out = tmp_path / "extracted"
    result = runner.invoke(app, ["extract", *map(str, paths), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    for name, text in (("a.json", DISPATCH), ("b.json", UNDATED)):
        _check_extraction(json.loads((out / name).read_text(encoding="utf-8")), text, schema)


def test_extract_stdin_with_published(schema: dict) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", "2025-03-14", "--format", "json"], input=UNDATED)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    _check_extraction(data, UNDATED, schema)
    assert data["document"]["published"] == "2025-03-14"


@pytest.mark.parametrize("published", ["14/03/2025", "2025-13", "mars 2025"])
def test_invalid_published_is_a_clear_error(published: str, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.txt", DISPATCH)
    result = runner.invoke(app, ["extract", str(path), "--published", published])
    assert result.exit_code == 2
    assert f"invalid publication date {published!r}" in result.stderr
    assert "Traceback" not in result.output


def _batch(folder: Path) -> tuple[list[str], dict[str, str]]:
    """Two good inputs and three bad ones; returns the arguments and each bad file's reason."""
    good = [_write(folder, "good1.txt", DISPATCH), _write(folder, "good2.txt", UNDATED)]
    bad = {str(_write(folder, "empty.txt", "")): "the file is empty",
           str(_write(folder, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))):
               "looks like a binary file",
           str(folder / "missing.txt"): "no such file"}
    names = [str(good[0]), *bad, str(good[1])]
    return names, bad


def _check_batch(stderr: str, exit_code: int, out: Path, bad: dict[str, str]) -> None:
    assert exit_code == 1
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == len(bad), stderr
    for line, (name, reason) in zip(lines, bad.items()):
        assert name in line and reason in line
    assert sorted(p.name for p in out.iterdir()) == ["good1.json", "good2.json"]


def test_batch_with_bad_files_goes_on(tmp_path: Path) -> None:
    names, bad = _batch(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", *names, "--out", str(out)])
    _check_batch(result.stderr, result.exit_code, out, bad)


def test_batch_in_a_real_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("pledgewatch")
    if not exe.exists():
        pytest.skip("the pledgewatch command is not installed beside this Python")
    names, bad = _batch(tmp_path)
    out = tmp_path / "out"
    run = subprocess.run([str(exe), "extract", *names, "--out", str(out)], capture_output=True, text=True,
                         timeout=300)
    _check_batch(run.stderr, run.returncode, out, bad)
    assert run.stdout == ""


def test_all_good_exits_zero(tmp_path: Path) -> None:
    paths = [_write(tmp_path, "a.txt", DISPATCH), _write(tmp_path, "b.txt", UNDATED)]
    result = runner.invoke(app, ["extract", *map(str, paths)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_english_input_is_refused_with_a_message(tmp_path: Path) -> None:
    path = _write(tmp_path, "en.txt", "Exemplor said it will invest 300 million euros in a new plant "
                                      "near Lyon, which would create 500 jobs by 2027.")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert "English is not supported yet" in result.stderr


def test_eval_prints_the_tables(tmp_path: Path) -> None:
    gold = {"id": "001", "published": "2025-03", "lang": "fr", "quotes": [], "facts": [
        {"kind": "investment", "actor": "Exemplor", "aggregate": False, "value": 300000000, "value_max": None,
         "unit": "EUR", "qualifier": "exact", "places": ["commune:69123"], "deadline": "2027",
         "status": "planned", "event": None, "evidence": "Le groupe Exemplor va investir 300 millions d'euros"}]}
    _write(tmp_path, "001.txt", DISPATCH)
    _write(tmp_path, "001.gold.json", json.dumps(gold))
    result = runner.invoke(app, ["eval", str(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    for word in ("facts_strict", "quotes", "places_on_matched", "investment", "deadline"):
        assert word in result.stdout


def test_eval_without_gold_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "[E011]" in result.stderr


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"pledgewatch {__version__}"


def _commands(command: TyperCommand | TyperGroup, path: str = "pledgewatch") -> list[tuple[str, TyperCommand]]:
    found = [(path, command)]
    if isinstance(command, TyperGroup):  # Typer's own Click: click.Group would match nothing
        for name, sub in command.commands.items():
            found += _commands(sub, f"{path} {name}")
    return found


def test_every_command_and_parameter_has_help() -> None:
    missing = []
    commands = _commands(typer.main.get_command(app))
    assert len(commands) > 10
    for path, command in commands:
        if not (command.help or "").strip():
            missing.append(path)
        for param in command.params:
            if not (getattr(param, "help", None) or "").strip():
                missing.append(f"{path} {param.name}")
    assert not missing, f"no help text: {missing}"


def test_a_failing_extraction_is_reported_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    """An internal failure on one document (simulated) gives one E012 line; the others are written."""
    import pledgewatch.extract.extraction as extraction

    real = extraction.find_facts

    def failing(doc, quotes=()):
        if "Boom" in doc.text:
            raise KeyError("_simulated")
        return real(doc, quotes)

    monkeypatch.setattr(extraction, "find_facts", failing)
    paths = [_write(tmp_path, "good.txt", DISPATCH), _write(tmp_path, "boom.txt", "Boom. " + UNDATED)]
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", *map(str, paths), "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "[E012]" in line and "boom.txt" in line and "KeyError" in line
    assert sorted(p.name for p in out.iterdir()) == ["good.json"]


def test_eval_lists_a_failing_extraction_and_scores_the_rest(tmp_path: Path, monkeypatch) -> None:
    """A document whose extraction fails (simulated) is a FAILED line and an empty prediction."""
    import pledgewatch.extract.extraction as extraction

    monkeypatch.setattr(extraction, "find_facts", lambda doc, quotes=(): (_ for _ in ()).throw(KeyError("x")))
    _write(tmp_path, "001.txt", DISPATCH)
    _write(tmp_path, "001.gold.json", json.dumps({"id": "001", "published": None, "lang": "fr",
                                                  "facts": [], "quotes": []}))
    result = runner.invoke(app, ["eval", str(tmp_path), "--show-misses"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "FAILED [E012]" in result.stdout and "KeyError" in result.stdout


def test_extract_out_never_loses_an_input_of_the_same_name(tmp_path: Path, schema: dict) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = _write(tmp_path / "a", "same.txt", DISPATCH), _write(tmp_path / "b", "same.txt", UNDATED)
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["same-2.json", "same.json"]
    _check_extraction(json.loads((out / "same.json").read_text(encoding="utf-8")), DISPATCH, schema)
    _check_extraction(json.loads((out / "same-2.json").read_text(encoding="utf-8")), UNDATED, schema)
    assert result.stderr.strip() == (f"warning: [E019] {second}: written to {out / 'same-2.json'}, "
                                     f"since {first} already took {out / 'same.json'}")


def test_extract_stdin_over_the_limit_is_refused_after_reading_the_limit() -> None:
    from pledgewatch import settings

    exe = Path(sys.executable).with_name("pledgewatch")
    if not exe.exists():
        pytest.skip("the pledgewatch command is not installed beside this Python")
    block, blocks = b"x" * 65536, 8 * settings.MAX_INPUT_BYTES // 65536
    run = subprocess.Popen([str(exe), "extract", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    written = 0
    try:
        for _ in range(blocks):
            run.stdin.write(block)
            written += len(block)
        run.stdin.close()
    except BrokenPipeError:
        pass  # the command stopped reading: what this test expects
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 1
    assert stderr.decode().strip() == (f"error: [E015] <stdin>: more than {settings.MAX_INPUT_BYTES} bytes, "
                                       "over the limit (settings.MAX_INPUT_BYTES)")
    assert written < blocks * len(block), "the whole input was read before it was refused"


def test_extract_of_a_url_says_to_use_ingest() -> None:
    result = runner.invoke(app, ["extract", "http://example.test/article"])
    assert result.exit_code == 1
    assert result.stderr.strip() == ("error: [E018] http://example.test/article: 'extract' reads files; "
                                     "to fetch a URL use 'pledgewatch ingest http://example.test/article'")


def test_extract_reads_html_as_ingest_does(tmp_path: Path, schema: dict) -> None:
    page = _write(tmp_path, "page.html", f"<html><head><title>Exemplor</title><script>var x = 'Lyon';</script>"
                                         f"</head><body><article><p>{DISPATCH}</p></article></body></html>")
    scripts = _write(tmp_path, "scripts.html", "<html><head><script>var usine = 'Metz';</script></head>"
                                               "<body><script>document.write('emplois');</script></body></html>")
    result = runner.invoke(app, ["extract", str(page), str(scripts), "--format", "json"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: [L011] {scripts}: the page holds no main text"
    [extraction] = json.loads(result.stdout)
    assert extraction["document"]["id"] == "page"
    assert "<" not in json.dumps(extraction["facts"], ensure_ascii=False)
    assert extraction["facts"] and extraction["facts"][0]["actor"] == "Exemplor"


def test_extract_lang_forces_the_language_and_is_checked(tmp_path: Path) -> None:
    path = _write(tmp_path, "short.txt", "Exemplor : 300 M€ pour Lyon.")
    assert runner.invoke(app, ["extract", str(path)]).exit_code == 1
    assert runner.invoke(app, ["extract", str(path), "--lang", "fr"]).exit_code == 0
    bad = runner.invoke(app, ["extract", str(path), "--lang", "de"])
    assert bad.exit_code == 2 and "[E014] --lang must be one of fr" in bad.stderr


def test_extract_says_when_reading_replaced_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.txt", DISPATCH.encode() + b" \xff")
    result = runner.invoke(app, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert result.stderr.strip() == f"warning: [E013] {path}: read as utf-8 with 1 byte replaced; the text may hold errors"


def test_extract_stdin_id_is_the_hash_of_the_decoded_text() -> None:
    from pledgewatch.read.reader import content_hash

    result = runner.invoke(app, ["extract", "-", "--format", "json"], input=DISPATCH.encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["id"] == content_hash(DISPATCH)
