"""``quotewire ingest``: a thin shell over ``quotewire.run.ingest.ingest``.

Bad inputs are one line each on stderr and the run goes on; the exit status is 1 when any input
failed, 130 when interrupted (every committed batch is kept: run the same command again to finish).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from quotewire.cli.app import USAGE, app, exit_status, fail, print_error
from quotewire.cli.scope_option import ScopeOption
from quotewire.cli.worker_options import (DEFAULT_MEMORY_OPTION, DEFAULT_TIMEOUT_OPTION, ArticleTimeout, ExtractorChoice,
                                          WorkerMemory, Workers, run_config)
from quotewire.run.config import STORE_BATCH, RunConfig
from quotewire.vocabulary import DEFAULT_EXTRACTOR, DEFAULT_SCOPE

_err = Console(stderr=True, highlight=False, soft_wrap=True)
_PANEL = "Ingest"


@app.command(rich_help_panel=_PANEL)
def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, directories, globs, http(s) URLs of pages or feeds, WARC or JSONL files, '-' for stdin.",
        metavar="INPUT", show_default=False)],
    db: Annotated[str | None, typer.Option(
        "--db", metavar="URL", help="SQLite file or postgresql:// URL (default: $QUOTEWIRE_DB or ./quotewire.db).")] = None,
    out: Annotated[str | None, typer.Option(
        "--out", metavar="FILE.jsonl", help="Also write one statement per line, with its article and "
        "story cluster, as JSONL or, for FILE.csv, CSV ('-' for stdout).")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE.json", help="Write the run's counts and failures as JSON.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace --out and --report files that exist.")] = False,
    no_store: Annotated[bool, typer.Option(
        "--no-store", help="Do not write to the database (needs --out).")] = False,
    reanalyse: Annotated[bool, typer.Option(
        "--reanalyse", help="Analyse again articles already stored (after upgrading quotewire).")] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles per database transaction (and per analysis call).")] = STORE_BATCH,
    workers: Workers = None,
    article_timeout: ArticleTimeout = DEFAULT_TIMEOUT_OPTION,
    worker_memory: WorkerMemory = DEFAULT_MEMORY_OPTION,
    extractor: ExtractorChoice = DEFAULT_EXTRACTOR,
    scope: ScopeOption = DEFAULT_SCOPE,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", metavar="tcp://HOST:8786", help="Run on this Dask cluster (started with `dask scheduler` "
        "and `dask worker`); --db must be reachable by every worker. See docs/scale.md.")] = None,
    people: Annotated[Path | None, typer.Option(
        "--people", metavar="FILE", help="Known people (CSV or JSON lines: name, aliases, id such as a "
        "Wikidata QID, description, gender) to link speakers to. See docs/identity.md.")] = None,
) -> None:
    """Read, clean, merge copies of one story, extract statements and store them.

    Copies of a story (syndicated, reposted, lightly edited) share one story cluster, and a quote
    they repeat is one quotation with an occurrence per copy. Running it again on the same inputs
    changes nothing (articles already stored are skipped; --reanalyse redoes them); after an
    interruption it continues where it stopped. Analysis runs in worker processes: an article that
    takes longer than --article-timeout, kills its worker or exceeds --worker-memory fails alone.
    """
    from quotewire.run.ingest import ingest as run_ingest

    if no_store and out is None:
        fail("--no-store writes nothing without --out FILE.jsonl", USAGE)
    config = run_config(extractor, scope, workers, article_timeout, worker_memory, store_batch=batch_size)
    if people is not None and not no_store:
        from quotewire.cli.db_cmds import load_people

        load_people(db, people)
    if scheduler is not None:
        _on_cluster(inputs, scheduler, db, report, out, no_store, config, force)
    with exit_status(kept="batch", database=db):
        result = run_ingest(inputs, db=db, out=out, report=str(report) if report else None,
                            progress=_err.is_terminal, save=not no_store, reanalyse=reanalyse,
                            on_failure=lambda f: print_error(f.message), config=config, force=force)
    summary = Console(file=sys.stderr if out == "-" else sys.stdout, highlight=False, soft_wrap=True)
    summary.print(result.summary())
    raise typer.Exit(1 if result.failures else 0)


def _on_cluster(inputs: list[str], scheduler: str, db: str | None, report: Path | None, out: str | None,
                no_store: bool, config: RunConfig, force: bool) -> None:
    """``ingest --scheduler``: the same pipeline on a Dask cluster, into the database only."""
    from quotewire.run.cluster import ingest_on_dask

    if out is not None or no_store:
        fail("--scheduler writes to the database only (export afterwards with `quotewire export`)", USAGE)
    with exit_status(kept="part", database=db):
        if report is not None:
            from quotewire.outputs import check_target

            check_target(report, force=force, databases=[db])
        result = ingest_on_dask(inputs, scheduler=scheduler, db=db, report=str(report) if report else None,
                                progress=_err.is_terminal, on_failure=lambda f: print_error(f.message), config=config)
    Console(highlight=False, soft_wrap=True).print(result.summary())
    raise typer.Exit(1 if result.report.failures else 0)
