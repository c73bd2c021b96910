"""The ``pledgewatch`` command line.

Every failure is one coded line on standard error (``error: [CODE] ...``), Click's own usage
errors included: exit status 2 for a bad argument, 1 for a failure. Heavy modules (spaCy, the
ledger, the readers) are imported inside the commands that use them, so ``--help`` starts fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console
from typer.core import TyperArgument, TyperGroup, TyperOption

from pledgewatch import __version__
from pledgewatch.cli import ledger as ledger_cli
from pledgewatch.cli import server as server_cli
from pledgewatch.cli.output import (
    FORMAT_HELP,
    OutputFormat,
    coded,
    default_format,
    loading_model,
    report,
    stderr_console,
)
from pledgewatch.errors import PledgewatchError, UsageError

if TYPE_CHECKING:
    from pledgewatch.document import Document


class _PlainArgument(TyperArgument):
    """An argument whose help shows its metavar (FILE) and no type label (``<list[str]>``)."""

    def display_type_rich(self, ctx: Any) -> None:  # noqa: ARG002 (Typer's signature)
        """No type label."""


class CodedGroup(TyperGroup):
    """The ``pledgewatch`` group: Click's usage errors (bad option value, missing argument,
    unknown option) become one coded E100 line on standard error, like every other failure;
    help names values by metavar (FILE, DB, N), never by type label (``<str>``, ``<list[str]>``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            for param in command.params:
                if type(param) is TyperArgument:
                    param.__class__ = _PlainArgument
                elif isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
                    param.metavar = param.name.upper()

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """Run the command line; in standalone mode, exit with its status."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # Click's errors, as vendored by Typer
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help itself, as Typer tells it apart
                exc.show()
            else:
                command = exc.ctx.command_path if getattr(exc, "ctx", None) else "pledgewatch"
                report(UsageError("E100", message=exc.format_message(), command=command))
            sys.exit(exc.exit_code)
        except typer.Abort:
            print("Aborted.", file=sys.stderr)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


app = typer.Typer(cls=CodedGroup, help="Track what companies and governments promise in the news.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  rich_markup_mode=None)


def _read_inputs(paths: list[str], published: str | None,
                 lang: str | None = None) -> tuple[list[Document], int]:
    """Read every input; report each failure, and each text that reading changed, on one stderr line and go on."""
    from dataclasses import replace

    from pledgewatch import settings
    from pledgewatch.read.reader import content_hash, is_lossy, read_bytes, read_path
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
            report(exc)
            failed += 1
            continue
        if is_lossy(document):
            report(PledgewatchError("E013", source=document.source, decoding=document.decoding), "warning")
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
        report(PledgewatchError("E019", source=source, path=path, first=taken[first], taken=first), "warning")
    taken[path] = source
    return path


@app.command()
@coded
def extract(
    paths: Annotated[list[str], typer.Argument(metavar="FILE", help="Text or HTML files to read; '-' reads standard input.")],
    format: Annotated[Optional[OutputFormat], typer.Option("--format", "-f", metavar="FORMAT",
                                                           help=FORMAT_HELP)] = None,
    out: Annotated[Optional[Path], typer.Option(metavar="FOLDER", help="Folder for one <stem>.json per input.")] = None,
    published: Annotated[Optional[str], typer.Option(metavar="DATE", help="Publication date (YYYY[-MM[-DD]]) when the text has no dateline.")] = None,
    lang: Annotated[Optional[str], typer.Option(metavar="LANG", help="Language of every input (fr), instead of detecting it.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print each fact's fields with the rule or model that set them.")] = False,
) -> None:
    """Extract the facts and market quotes of French news texts."""
    from pledgewatch.cli.output import print_extraction, write_extractions
    from pledgewatch.read.reader import check_lang, check_published

    try:
        check_published(published)
        check_lang(lang)
    except PledgewatchError as exc:
        report(exc)
        raise typer.Exit(2) from exc
    documents, failed = _read_inputs(paths, published, lang)
    for language in sorted({d.lang for d in documents}):
        loading_model(language, stderr_console())
    from pledgewatch.extract.extraction import extract_many

    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    fmt = default_format(format)
    console = Console()
    results = []
    taken: dict[Path, str] = {}

    def failed_one(exc: PledgewatchError) -> None:
        nonlocal failed
        report(exc)
        failed += 1

    if explain:
        _explain(extract_many, documents, failed_one)
    for result in [] if explain else extract_many(documents, on_error=failed_one):
        if out is not None:
            path = _out_path(out, result, taken)
            path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        elif fmt == "table":
            print_extraction(result, console)
        else:
            results.append(result)
    if out is None and fmt != "table":
        write_extractions(results, fmt, one=len(paths) == 1)
    if failed:
        raise typer.Exit(1)


def _explain(extract_many: Any, documents: list[Document], on_error: Any) -> None:
    """Print each document's facts, each field with the rule or model that set it."""
    from pledgewatch.extract.explain import explaining, lines

    with explaining():
        for result in extract_many(documents, on_error=on_error):
            print(f"== {result['document']['source'] or result['document']['id']}: {len(result['facts'])} facts")
            for fact in result["facts"]:
                print("\n".join(lines(fact)))


GoldDirs = Annotated[list[Path], typer.Argument(metavar="FOLDER...", help="Folders of NNN.txt and NNN.gold.json files.")]


@app.command("eval")
@coded
def evaluate(
    gold_dirs: GoldDirs,
    lang: Annotated[str, typer.Option(metavar="LANG", help="Score only gold documents of this language.")] = "fr",
    cv: Annotated[Optional[int], typer.Option("--cv", metavar="K", help=(
        "K-fold cross-validation: each fold extracted with a model trained on the others, "
        "stories kept whole in one fold."))] = None,
    learned: Annotated[Optional[str], typer.Option("--learned", metavar="NAMES", help=(
        "With --cv: the decisions the fold models make, comma-separated (figure_kind, actor, places); "
        "default: settings.LEARNED_DECISIONS."))] = None,
    show_misses: Annotated[bool, typer.Option("--show-misses", help="List missed, spurious and wrong-field facts.")] = False,
) -> None:
    """Extract every text of gold folders and print accuracy figures."""
    from pledgewatch.extract.evaluation import evaluate_folder, print_report

    console = Console()
    if cv is None and len(gold_dirs) == 1:
        result, misses = evaluate_folder(gold_dirs[0], lang)
    else:
        from pledgewatch import settings
        from pledgewatch.extract.learn.corpus import load_corpus
        from pledgewatch.extract.learn.crossval import cross_validate, score_corpus

        corpus = load_corpus(gold_dirs, lang, Path(settings.ANALYSIS_CACHE))
        if cv is None:
            result, misses = score_corpus(corpus)
        else:
            names = settings.LEARNED_DECISIONS if learned is None else _model_names(learned)
            result, misses, rules = cross_validate(corpus, cv, names)
            console.print(f"{cv}-fold cross-validation over {len(corpus)} documents, learned: "
                          f"{', '.join(names) or 'none'}; the rules alone: "
                          f"facts F1 {rules['facts']['f1']:.3f}, strict {rules['facts_strict']['f1']:.3f}")
            for folder, row in result["by_folder"].items():
                was = rules["by_folder"][folder]
                console.print(f"  {folder} ({row['documents']} documents): facts F1 {row['facts']:.3f}, strict "
                              f"{row['facts_strict']:.3f} (the rules alone: {was['facts']:.3f}, {was['facts_strict']:.3f})")
    print_report(result, console)
    if show_misses:
        for line in misses:
            print(line)


def _model_names(text: str) -> tuple[str, ...]:
    """The model names of a comma-separated list. Raises PledgewatchError E108 for an unknown one."""
    from pledgewatch.extract.learn.model import MODELS

    names = tuple(n.strip() for n in text.split(",") if n.strip())
    for name in names:
        if name not in MODELS:
            raise PledgewatchError("E108", choices=", ".join(MODELS), value=name)
    return names


@app.command("train")
@coded
def train_model(
    gold_dirs: GoldDirs,
    lang: Annotated[str, typer.Option(metavar="LANG", help="Train on gold documents of this language.")] = "fr",
    out: Annotated[Optional[Path], typer.Option("--out", metavar="FOLDER", help="Where to write the models (default: the package's).")] = None,
) -> None:
    """Rebuild the learned models (figure kind, actor, places) from gold folders (scikit-learn needed)."""
    from pledgewatch import settings
    from pledgewatch.extract.learn.corpus import load_corpus
    from pledgewatch.extract.learn.model import shipped_path
    from pledgewatch.extract.learn.training import train

    corpus = load_corpus(gold_dirs, lang, Path(settings.ANALYSIS_CACHE))
    models, about = train(corpus, [d.name for d in gold_dirs])
    print(json.dumps(about, ensure_ascii=False, indent=1))
    for name, model in models.items():
        path = out / f"{name}.json" if out else shipped_path(name)
        model.save(path)
        print(f"{name}: {len(model.weights)} features, written to {path} ({path.stat().st_size} bytes)")
    print(f"trained in {about['training_s']} s")


@app.command("model")
@coded
def show_model() -> None:
    """Print the shipped models' versions, training data summaries and whether they decide."""
    from pledgewatch import settings
    from pledgewatch.extract.learn.model import MODELS, shipped, shipped_path

    for name in MODELS:
        model = shipped(name)
        if model is None:
            print(f"{name}: no model at {shipped_path(name)}")
            continue
        role = "decides" if name in settings.LEARNED_DECISIONS else "shipped, the rules decide (settings.LEARNED_DECISIONS)"
        print(f"{name}: {role}")
        print(json.dumps(model.about, ensure_ascii=False, indent=1))


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
