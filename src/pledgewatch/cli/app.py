"""The ``pledgewatch`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pledgewatch import __version__

from pledgewatch.cli import ledger as ledger_cli, server as server_cli
from pledgewatch.document import Document
from pledgewatch.errors import PledgewatchError
from pledgewatch.read.reader import check_published, content_hash, read_bytes, read_path

app = typer.Typer(help="Track what companies and governments promise in the news.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _read_inputs(paths: list[str], published: str | None) -> tuple[list[Document], int]:
    """Read every input; report each failure on one stderr line and go on."""
    documents, failed = [], 0
    for name in paths:
        try:
            if name == "-":
                data = sys.stdin.buffer.read()
                doc_id = content_hash(data.decode("utf-8", errors="replace"))
                documents.append(read_bytes(data, "<stdin>", doc_id, published))
            else:
                documents.append(read_path(Path(name), published))
        except PledgewatchError as exc:
            err.print(f"error: {exc}", markup=False)
            failed += 1
    return documents, failed


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Text files to read; '-' reads standard input.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    out: Annotated[Optional[Path], typer.Option(help="Folder for one <stem>.json per input.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY[-MM[-DD]]) when the text has no dateline.")] = None,
) -> None:
    """Extract the facts and market quotes of French news texts."""
    from pledgewatch.extract.extraction import extract_many
    from pledgewatch.cli.output import print_extraction

    if format not in ("table", "json"):
        raise typer.BadParameter("use 'table' or 'json'", param_hint="--format")
    try:
        check_published(published)
    except PledgewatchError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    documents, failed = _read_inputs(paths, published)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    console = Console()
    results = []

    def report(exc: PledgewatchError) -> None:
        nonlocal failed
        err.print(f"error: {exc}", markup=False)
        failed += 1

    for result in extract_many(documents, on_error=report):
        if out is not None:
            path = out / f"{result['document']['id']}.json"
            path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        elif format == "json":
            results.append(result)
        else:
            print_extraction(result, console)
    if out is None and format == "json":
        payload = results[0] if len(paths) == 1 and results else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NNN.txt and NNN.gold.json files.")],
    lang: Annotated[str, typer.Option(help="Score only gold documents of this language.")] = "fr",
    show_misses: Annotated[bool, typer.Option("--show-misses", help="List missed, spurious and wrong-field facts.")] = False,
) -> None:
    """Extract every text of a gold folder and print accuracy figures."""
    from pledgewatch.extract.evaluation import evaluate_folder, print_report

    try:
        result, misses = evaluate_folder(gold_dir, lang)
    except PledgewatchError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from exc
    print_report(result, Console())
    if show_misses:
        for line in misses:
            print(line)


ledger_cli.register(app)
server_cli.register(app)


def _version(value: bool) -> None:
    if value:
        print(f"pledgewatch {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Track what companies and governments promise in the news."""


def main() -> None:
    """Entry point of the ``pledgewatch`` command."""
    app()
