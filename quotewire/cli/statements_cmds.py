"""Commands that find statements without a database: extract, annotate, eval.

Each is a thin shell over the one run (``run.ingest.ingest_articles``) with its own sink (the
terminal, gold-format predictions) and over ``evaluate.scoring``. Bad inputs are printed as one
line on stderr and the run goes on; the exit status is 1 when anything failed.
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
from rich.table import Table
from rich.text import Text

from quotewire.cli.app import app, exit_status, fail, print_error
from quotewire.cli.scope_option import ScopeOption
from quotewire.cli.worker_options import (DEFAULT_MEMORY_OPTION, DEFAULT_TIMEOUT_OPTION, ArticleTimeout, ExtractorChoice,
                                          WorkerMemory, Workers, run_config)
from quotewire.errors import BadInput
from quotewire.models import AnalyzedArticle, Failure, Quote
from quotewire.run.config import SPACY_BATCH, RunConfig
from quotewire.vocabulary import DEFAULT_EXTRACTOR, DEFAULT_SCOPE
from quotewire.display import display_text

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


def _count_lines(path: Path) -> int | None:
    try:
        with open(path, "rb") as f:
            return sum(1 for line in f if line.strip())
    except OSError:
        return None


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


class _Terminal:
    """The ``extract`` command's sink: a table per article, or one JSON statement a line."""

    def __init__(self, format: str) -> None:
        self.format = format
        self.out = Console(highlight=False)

    def write(self, result: AnalyzedArticle) -> None:
        if self.format == "json":
            for q in result.quotes:
                line = json.dumps({"input": result.article.input, "doc_id": result.article.id, **q.to_dict()},
                                  ensure_ascii=False)
                sys.stdout.write(line + "\n")
        elif result.quotes:
            self.out.print(_statement_table(result))
        else:
            self.out.print(f"{result.article.input}: no statements found", markup=False)

    def close(self) -> None:
        sys.stdout.flush()


class _Advance:
    """A sink that moves the progress display on by one document."""

    def __init__(self, advance: Any) -> None:
        self.write = lambda result: advance()

    def close(self) -> None:
        pass


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
        fail(f"--format: expected table or json, got {format!r}")
    from quotewire.run.ingest import ingest_articles
    from quotewire.sources import read_inputs

    on_error = _FailureLog()
    with exit_status():
        ingest_articles(read_inputs(inputs), config=run_config(extractor, scope), sinks=[_Terminal(format)],
                        place=False, inputs=inputs, on_failure=on_error)
    on_error.exit()


def _annotate(gold: Path, sinks: list[Any], config: RunConfig, on_error: _FailureLog) -> None:
    """Predictions for every document of ``gold``, each handed to ``sinks`` as soon as it is done;
    a missing or unreadable gold file as a whole stops the command (``exit_status``)."""
    from quotewire.evaluate.annotate import annotate_file
    from quotewire.progress import progress

    with exit_status(), progress("annotating", _count_lines(gold), show=_err.is_terminal) as advance:
        annotate_file(gold, [*sinks, _Advance(advance)], on_error, config)


@contextmanager
def _open_output(path: Path | None, source: Path) -> Iterator[TextIO | None]:
    """``path`` opened for writing; never the input itself, which opening would truncate unread."""
    if path is None:
        yield None
        return
    if path.exists() and source.exists() and path.samefile(source):
        fail(f"{path}: is the input file; write the predictions elsewhere")
    try:
        f = open(path, "w", encoding="utf-8")
    except OSError as e:
        fail(f"{path}: cannot write ({e.strerror})")
    with f:
        yield f


@app.command(rich_help_panel="Statements (no database)")
def annotate(
    gold: Annotated[Path, typer.Argument(help="JSONL in the gold format; only doc_id and text are read.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write predictions (JSONL).")],
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.", min=1, max=MAX_BATCH)] = SPACY_BATCH,
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
    from quotewire.run.sinks.predictions import Predictions

    on_error = _FailureLog()
    config = run_config(extractor, scope, workers, article_timeout, worker_memory, spacy_batch=batch_size)
    with _open_output(output, gold) as out:
        _annotate(gold, [Predictions(out)], config, on_error)
    on_error.exit()


@app.command(name="eval", rich_help_panel="Statements (no database)")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Gold JSONL (doc_id, text, quotes).")],
    types: Annotated[str, typer.Option(help="Comma-separated quote types to score.")] = "direct,mixed,indirect",
    out: Annotated[Path | None, typer.Option("--out", help="Also write the JSON report here.")] = None,
    pred_out: Annotated[Path | None, typer.Option("--pred-out", help="Also write the predictions here (JSONL).")] = None,
    pred: Annotated[Path | None, typer.Option("--pred", help="Score these predictions (JSONL) instead of annotating.")] = None,
    batch_size: Annotated[int, typer.Option(help="Documents per spaCy batch.", min=1, max=MAX_BATCH)] = SPACY_BATCH,
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
    from quotewire.run.sinks import Collected
    from quotewire.run.sinks.predictions import Predictions, prediction

    on_error = _FailureLog()
    try:
        wanted = parse_types(types)
    except BadInput as e:
        fail(f"--types: {e}")
    with exit_status():
        gold_docs = load_docs(gold, on_error=on_error)
        given = load_docs(pred, require_text=False) if pred is not None else None
    if given is None:
        config = run_config(extractor, scope, workers, article_timeout, worker_memory, spacy_batch=batch_size)
        collected = Collected()
        with _open_output(pred_out, gold) as pred_file:
            _annotate(gold, [collected, *([Predictions(pred_file)] if pred_file else [])], config, on_error)
        preds = {p["doc_id"]: p for p in map(prediction, collected)}
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
            fail(f"{out}: cannot write ({e.strerror})")
    on_error.exit()
