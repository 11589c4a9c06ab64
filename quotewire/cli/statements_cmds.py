"""Commands that find statements without a database: extract, annotate, eval.

Each is a thin shell: reading, analysis and scoring live in ``sources``, ``statements``,
``evaluation`` and ``scoring``. Bad inputs are printed as one line on stderr and the run goes on;
the exit status is 1 when anything failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from quotewire.cli.app import app, print_error
from quotewire.cli.scope_option import ScopeOption
from quotewire.cli.worker_options import (DEFAULT_MEMORY_OPTION, DEFAULT_TIMEOUT_OPTION, ArticleTimeout, ExtractorChoice,
                                          WorkerMemory, Workers, limits)
from quotewire.display import display_text
from quotewire.errors import BadInput, InputError, WorkerStartError
from quotewire.models import AnalyzedArticle, Article, Failure, Quote
from quotewire.run.workers import Limits
from quotewire.vocabulary import DEFAULT_EXTRACTOR, DEFAULT_SCOPE, Scope

_err = Console(stderr=True, highlight=False, soft_wrap=True)
MAX_BATCH = 10_000  # documents held in memory at once; past this a batch only costs memory


class _FailureLog:
    """Prints each failure as one line on stderr and remembers that the exit status must be 1."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, failure: Failure) -> None:
        self.messages.append(failure.message)
        print_error(failure.message)

    def exit(self) -> None:
        if self.messages:
            _err.print(f"{len(self.messages)} input(s) failed", style="yellow")
            raise typer.Exit(1)


def _fail(message: str) -> typer.Exit:
    print_error(message)
    return typer.Exit(1)


@contextmanager
def _progress(total: int | None, label: str) -> Iterator[Any]:
    """A progress bar on stderr, silent when stderr is not a terminal (pipes, CI, logs)."""
    columns = [TextColumn(label), BarColumn(), TaskProgressColumn(), MofNCompleteColumn(), TextColumn("left"),
               TimeRemainingColumn()]
    with Progress(*columns, console=_err, disable=not _err.is_terminal, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def _count_lines(path: Path) -> int | None:
    try:
        with open(path, "rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return None


def _read_articles(inputs: list[str], on_error: _FailureLog) -> Iterator[Article]:
    """Every input as a cleaned Article, read the way ``ingest`` reads (text, HTML, feeds, URLs, -)."""
    from quotewire.clean import clean_article
    from quotewire.sources import read_inputs

    for item in read_inputs(inputs):
        if isinstance(item, Failure):
            on_error(item)
            continue
        try:
            yield clean_article(item)
        except InputError as e:
            on_error(e.failure())


def _statement_table(result: AnalyzedArticle) -> Table:
    """Article text goes in as ``Text``, never markup: "[inaudible]" in a quote is not a style tag."""
    table = Table(title=Text(result.article.input or result.article.id), title_justify="left",
                  show_lines=True, expand=True)
    table.add_column("speaker", style="bold", ratio=3, min_width=14)
    table.add_column("type", min_width=8, no_wrap=True)
    table.add_column("cue", ratio=1, min_width=8)
    table.add_column("statement", ratio=7)
    for q in result.quotes:
        table.add_row(_speaker_cell(q), q.type, Text(q.cue.text if q.cue else ""), Text(display_text(q.content.text)))
    return table


def _speaker_cell(quote: Quote) -> Text:
    """The resolved name, with role and organisation beneath it when the article gives them."""
    if not quote.speaker_name:
        return Text("unknown", style="dim")
    cell = Text(quote.speaker_name)
    about = [x for x in (quote.speaker.role, quote.speaker.organisation) if x] if quote.speaker else []
    if about:
        cell.append("\n" + ", ".join(about), style="dim")
    return cell


def _statement_lines(result: AnalyzedArticle) -> Iterator[str]:
    for q in result.quotes:
        yield json.dumps({"input": result.article.input, "doc_id": result.article.id, **q.to_dict()},
                         ensure_ascii=False)


@app.command(rich_help_panel="Statements (no database)")
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files (text, HTML, feeds, JSONL), directories, URLs; `-` reads stdin.", metavar="PATH|URL|-")],
    format: Annotated[str, typer.Option("--format", "-f", help="`table` (readable) or `json` (one statement per line).")] = "table",
    extractor: ExtractorChoice = DEFAULT_EXTRACTOR,
    scope: ScopeOption = DEFAULT_SCOPE,
) -> None:
    """Print who said what in articles: speaker, type (direct/mixed/indirect), cue and statement.

    Examples:

        quotewire extract article.txt

        cat article.txt | quotewire extract -

        quotewire extract page.html https://example.org/news/story --format json | jq .speaker_name

    Inputs are read and cleaned as `quotewire ingest` reads them (HTML main text, syndication junk removed), but nothing is stored. Unreadable inputs (binary, empty, not text) are reported on stderr and skipped; the exit status is then 1.
    """
    if format not in ("table", "json"):
        raise _fail(f"--format: expected table or json, got {format!r}")
    from quotewire.evaluate.annotate import analyze_safely

    on_error = _FailureLog()
    out = Console(highlight=False)
    for result in analyze_safely(_read_articles(inputs, on_error), on_error, limits=Limits(extractor=extractor),
                                 scope=scope):
        if format == "json":
            for line in _statement_lines(result):
                sys.stdout.write(line + "\n")
        elif result.quotes:
            out.print(_statement_table(result))
        else:
            out.print(f"{result.article.input}: no statements found", markup=False)
    on_error.exit()


def _annotated(gold: Path, out: TextIO | None, batch_size: int, guard: Limits,
               on_error: _FailureLog, scope: Scope) -> Iterator[dict[str, Any]]:
    """Predictions for ``gold``, each written to ``out`` (JSONL) as soon as it is done."""
    from quotewire.evaluate.annotate import annotate_file

    try:
        with _progress(_count_lines(gold), "annotating") as advance:
            for pred in annotate_file(gold, on_error, batch_size, guard, scope):
                if out is not None:
                    out.write(json.dumps(pred, ensure_ascii=False) + "\n")
                advance()
                yield pred
    except InputError as e:  # the file as a whole: missing or a directory
        raise _fail(e.message) from None
    except WorkerStartError as e:
        raise _fail(str(e)) from None


@contextmanager
def _open_output(path: Path | None, source: Path) -> Iterator[TextIO | None]:
    """``path`` opened for writing; never the input itself, which opening would truncate unread."""
    if path is None:
        yield None
        return
    if path.exists() and source.exists() and path.samefile(source):
        raise _fail(f"{path}: is the input file; write the predictions elsewhere")
    try:
        f = open(path, "w", encoding="utf-8")
    except OSError as e:
        raise _fail(f"{path}: cannot write ({e.strerror})") from None
    with f:
        yield f


@app.command(rich_help_panel="Statements (no database)")
def annotate(
    gold: Annotated[Path, typer.Argument(help="JSONL in the gold format; only doc_id and text are read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write predictions (JSONL).")],
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.", min=1, max=MAX_BATCH)] = 32,
    workers: Workers = None,
    article_timeout: ArticleTimeout = DEFAULT_TIMEOUT_OPTION,
    worker_memory: WorkerMemory = DEFAULT_MEMORY_OPTION,
    extractor: ExtractorChoice = DEFAULT_EXTRACTOR,
    scope: ScopeOption = DEFAULT_SCOPE,
) -> None:
    """Write predicted statements for every document of a gold-format JSONL file.

    The output has one line per document, {"doc_id", "text", "quotes": [...]}, in the same format as the gold file, so it can be scored by `quotewire eval` or shared/tools/score_quotes.py.

    Example:

        quotewire annotate dev.jsonl -o pred.jsonl

    A bad line (invalid JSON, no text) is reported as FILE:LINE on stderr and skipped; the exit status is then 1.
    """
    on_error = _FailureLog()
    with _open_output(output, gold) as out:
        for _ in _annotated(gold, out, batch_size, limits(workers, article_timeout, worker_memory, extractor), on_error, scope):
            pass
    on_error.exit()


@app.command(name="eval", rich_help_panel="Statements (no database)")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (doc_id, text, quotes).")],
    types: Annotated[str, typer.Option(help="Comma-separated quote types to score.")] = "direct,mixed,indirect",
    out: Annotated[Path | None, typer.Option("--out", help="Also write the JSON report here.")] = None,
    pred_out: Annotated[Path | None, typer.Option("--pred-out", help="Also write the predictions here (JSONL).")] = None,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score these predictions (JSONL) instead of annotating.")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.", min=1, max=MAX_BATCH)] = 32,
    workers: Workers = None,
    article_timeout: ArticleTimeout = DEFAULT_TIMEOUT_OPTION,
    worker_memory: WorkerMemory = DEFAULT_MEMORY_OPTION,
    extractor: ExtractorChoice = DEFAULT_EXTRACTOR,
    scope: ScopeOption = DEFAULT_SCOPE,
) -> None:
    """Annotate a gold file and score the predictions: precision, recall, F1 per quote type.

    With --pred it scores an existing predictions file instead (yours, or another system's), by the same rules.

    Columns: ex = exact span match, pa = partial (token F1 >= 0.5), le = lenient (Gender Gap Tracker rule); P/R/F1 = precision, recall, F1; Spk = speaker accuracy over matched quotes; E2E = quote and speaker both right.

    The gold file must be valid as a whole (a score over part of it would mislead); documents the extractor fails on are reported and count as having no statements.

    PolNeAR annotates attribution in the broad sense: score on it with --scope all.

    Examples:

        quotewire eval --gold dev.jsonl --scope all

        quotewire eval --gold dev.jsonl --types direct,mixed --out report.json --pred-out pred.jsonl

        quotewire eval --gold dev.jsonl --pred other-system.jsonl
    """
    from quotewire.evaluate.scoring import format_table, load_docs, parse_types, report

    on_error = _FailureLog()
    try:
        wanted = parse_types(types)
        gold_docs = load_docs(gold, on_error=on_error)
        given = load_docs(pred, require_text=False) if pred is not None else None
    except InputError as e:
        raise _fail(e.message) from None
    except BadInput as e:
        raise _fail(f"--types: {e}") from None
    if given is None:
        with _open_output(pred_out, gold) as pred_file:
            guard = limits(workers, article_timeout, worker_memory, extractor)
            preds = {p["doc_id"]: p for p in _annotated(gold, pred_file, batch_size, guard, on_error, scope)}
    else:
        preds = given
    predictions = pred or pred_out
    result = report(gold_docs, preds, wanted, gold=str(gold), pred=str(predictions) if predictions else None,
                    failures=on_error.messages)
    typer.echo(format_table(result["scores"]))
    if out is not None:
        try:
            out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        except OSError as e:
            raise _fail(f"{out}: cannot write ({e.strerror})") from None
    on_error.exit()
