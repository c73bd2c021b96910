"""The ingest progress bar agrees with the wall clock; a spinner shows while the model loads (on a terminal).

Time is a fake clock the test moves by hand: no timing assertions.
"""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from pledgewatch.cli.output import loading_model
from pledgewatch.ledger.ingest import progress_bar


def _bar_text(load_s: float, per_doc_s: float, docs: int) -> str:
    """The bar's last line after ``docs`` documents, the first of which waited ``load_s`` for the model."""
    now = [0.0]
    console = Console(file=io.StringIO(), width=120, record=True)
    with progress_bar(console, get_time=lambda: now[0]) as bar:
        task = bar.add_task("ingest", total=docs)
        now[0] += load_s
        for _ in range(docs):
            now[0] += per_doc_s
            bar.advance(task)
        console.print(bar.make_tasks_table(bar.tasks))
    return console.export_text().splitlines()[-1]


def test_the_rate_is_documents_over_the_elapsed_time_shown() -> None:
    line = _bar_text(load_s=12.0, per_doc_s=2.0, docs=4)  # 4 documents in 20 s of wall clock
    assert "4/4" in line and "0:00:20" in line
    assert "0.2 docs/s" in line  # Rich's windowed speed said 0.5 (3 documents over the last 6 s)


def test_a_steady_run_shows_its_steady_rate() -> None:
    line = _bar_text(load_s=0.0, per_doc_s=0.5, docs=10)
    assert "10/10" in line and "0:00:05" in line and "2.0 docs/s" in line


@pytest.fixture
def fake_model(monkeypatch) -> list[str]:
    """Model loads, recorded instead of done."""
    import pledgewatch.extract.pipeline as pipeline

    loads: list[str] = []
    monkeypatch.setattr(pipeline, "get_nlp", loads.append)
    return loads


def test_a_spinner_names_the_model_on_a_terminal(fake_model: list[str]) -> None:
    console = Console(file=io.StringIO(), force_terminal=True, width=100)
    loading_model("fr", console)
    assert fake_model == ["fr"]
    assert "loading the French model (fr_core_news_md)…" in console.file.getvalue()


def test_no_spinner_off_a_terminal_and_none_for_an_unsupported_language(fake_model: list[str]) -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    loading_model("fr", console)
    loading_model("en", console)
    assert fake_model == ["fr"]
    assert console.file.getvalue() == ""


def test_extract_and_ingest_load_the_model_before_extracting(extractor, tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    import pledgewatch.cli.app as app_module
    import pledgewatch.cli.ledger as ledger_module

    calls: list[tuple[str, str]] = []
    monkeypatch.setattr(app_module, "loading_model", lambda lang, console: calls.append(("extract", lang)))
    monkeypatch.setattr(ledger_module, "loading_model", lambda lang, console: calls.append(("ingest", lang)))
    path = tmp_path / "brindor.txt"
    path.write_text("Le groupe Brindor va investir 300 millions d'euros à Lyon et y créer 500 emplois d'ici 2027.",
                    encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app_module.app, ["extract", str(path), "-f", "json"]).exit_code == 0
    result = runner.invoke(app_module.app, ["ingest", str(path), "--db", str(tmp_path / "ledger.db")])
    assert result.exit_code == 0, result.output
    assert calls == [("extract", "fr"), ("ingest", "fr")]
