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


def _read_inputs(paths: list[str], published: str | None,
                 lang: str | None = None) -> tuple[list[Document], int]:
    """Read every input; report each failure, and each text that reading changed, on one stderr line and go on."""
    from dataclasses import replace

    from pledgewatch import settings
    from pledgewatch.read.reader import is_lossy
    from pledgewatch.read.sources import HTML_SUFFIXES, Issue, from_path

    documents, failed = [], 0
    for name in paths:
        try:
            if name == "-":
                data = sys.stdin.buffer.read(settings.MAX_INPUT_BYTES + 1)
                if len(data) > settings.MAX_INPUT_BYTES:
                    raise PledgewatchError("E015", source="<stdin>", limit=settings.MAX_INPUT_BYTES)
                document = read_bytes(data, "<stdin>", "", published, lang=lang)
                document = replace(document, id=content_hash(document.text))
            elif "://" in name:
                raise PledgewatchError("E018", source=name)
            elif Path(name).suffix.lower() in HTML_SUFFIXES and Path(name).is_file():
                item = next(from_path(Path(name), lang))
                if isinstance(item, Issue):
                    raise item.error
                document = replace(item, id=Path(name).stem, published=published or item.published)
            else:
                document = read_path(Path(name), published, lang)
        except PledgewatchError as exc:
            err.print(f"error: {exc}", markup=False)
            failed += 1
            continue
        if is_lossy(document):
            err.print(f"warning: {PledgewatchError('E013', source=document.source, decoding=document.decoding)}",
                      markup=False)
        documents.append(document)
    return documents, failed


def _out_path(out: Path, result: dict, taken: dict[Path, str]) -> Path:
    """Where a result goes under ``--out``: ``<id>.json``, or ``<id>-2.json``... (with a warning
    naming both inputs) when another input of this run already took that name."""
    source = result["document"]["source"] or result["document"]["id"]
    first = path = out / f"{result['document']['id']}.json"
    number = 1
    while path in taken:
        number += 1
        path = out / f"{result['document']['id']}-{number}.json"
    if path != first:
        err.print(f"warning: {PledgewatchError('E019', source=source, path=path, first=taken[first], taken=first)}",
                  markup=False)
    taken[path] = source
    return path


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Text or HTML files to read; '-' reads standard input.")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    out: Annotated[Optional[Path], typer.Option(help="Folder for one <stem>.json per input.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY[-MM[-DD]]) when the text has no dateline.")] = None,
    lang: Annotated[Optional[str], typer.Option(help="Language of every input (fr), instead of detecting it.")] = None,
) -> None:
    """Extract the facts and market quotes of French news texts."""
    from pledgewatch.extract.extraction import extract_many
    from pledgewatch.cli.output import print_extraction
    from pledgewatch.read.reader import check_lang

    if format not in ("table", "json"):
        raise typer.BadParameter("use 'table' or 'json'", param_hint="--format")
    try:
        check_published(published)
        check_lang(lang)
    except PledgewatchError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    documents, failed = _read_inputs(paths, published, lang)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    console = Console()
    results = []
    taken: dict[Path, str] = {}

    def report(exc: PledgewatchError) -> None:
        nonlocal failed
        err.print(f"error: {exc}", markup=False)
        failed += 1

    for result in extract_many(documents, on_error=report):
        if out is not None:
            path = _out_path(out, result, taken)
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
