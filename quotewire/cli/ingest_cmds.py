"""``quotewire ingest``: a thin shell over ``quotewire.run.ingest.ingest``.

Bad inputs are one line each on stderr and the run goes on; the exit status is 1 when any input
failed, 130 when interrupted (every committed batch is kept: run the same command again to finish).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from quotewire.cli.app import app, print_error
from quotewire.cli.scope_option import ScopeOption
from quotewire.cli.worker_options import (DEFAULT_MEMORY_OPTION, DEFAULT_TIMEOUT_OPTION, ArticleTimeout, ExtractorChoice,
                                          WorkerMemory, Workers, limits)
from quotewire.errors import InputError, WorkerStartError, database_line
from quotewire.run.workers import Limits
from quotewire.vocabulary import DEFAULT_EXTRACTOR, DEFAULT_SCOPE, Scope

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
        "story cluster ('-' for stdout).")] = None,
    report: Annotated[Path | None, typer.Option(
        "--report", metavar="FILE.json", help="Write the run's counts and failures as JSON.")] = None,
    no_store: Annotated[bool, typer.Option(
        "--no-store", help="Do not write to the database (needs --out).")] = False,
    reanalyse: Annotated[bool, typer.Option(
        "--reanalyse", help="Analyse again articles already stored (after upgrading quotewire).")] = False,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, help="Articles per analysis batch and database transaction.")] = 64,
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
        print_error("--no-store writes nothing without --out FILE.jsonl")
        raise typer.Exit(2)
    guard = limits(workers, article_timeout, worker_memory, extractor)
    if people is not None and not no_store:
        from quotewire.cli.db_cmds import load_people

        load_people(db, people)
    if scheduler is not None:
        _on_cluster(inputs, scheduler, db, report, out, no_store, guard, scope)
    with _exit_status_of_failures(kept="batch"):
        result = run_ingest(inputs, db=db, out=out, report=str(report) if report else None,
                            progress=_err.is_terminal, batch_size=batch_size, save=not no_store,
                            reanalyse=reanalyse, on_failure=lambda f: print_error(f.message), limits=guard,
                            scope=scope)
    summary = Console(file=sys.stderr if out == "-" else sys.stdout, highlight=False, soft_wrap=True)
    summary.print(result.summary())
    raise typer.Exit(1 if result.failures else 0)


def _on_cluster(inputs: list[str], scheduler: str, db: str | None, report: Path | None, out: str | None,
                no_store: bool, guard: Limits | None, scope: Scope) -> None:
    """``ingest --scheduler``: the same pipeline on a Dask cluster, into the database only."""
    from quotewire.run.cluster import ingest_on_dask

    if out is not None or no_store:
        print_error("--scheduler writes to the database only (export afterwards with `quotewire export`)")
        raise typer.Exit(2)
    with _exit_status_of_failures(kept="part"):
        result = ingest_on_dask(inputs, scheduler=scheduler, db=db, report=str(report) if report else None,
                                progress=_err.is_terminal, on_failure=lambda f: print_error(f.message), limits=guard,
                                scope=scope)
    Console(highlight=False, soft_wrap=True).print(result.summary())
    raise typer.Exit(1 if result.report.failures else 0)


@contextmanager
def _exit_status_of_failures(kept: str) -> Iterator[None]:
    """What stops a whole run, as one line and an exit status, locally and on a cluster: a bad
    database or input, workers that cannot start, a database error (1); the reader of ``--out -``
    gone (1; committed batches are kept); Ctrl-C (130; every committed ``kept`` is kept)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except (InputError, WorkerStartError) as e:
        print_error(e.message if isinstance(e, InputError) else e)
        raise typer.Exit(1) from None
    except SQLAlchemyError as e:
        print_error(f"database error: {database_line(e)}")
        raise typer.Exit(1) from None
    except BrokenPipeError:  # `--out - | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        print_error(f"interrupted: every committed {kept} is kept; run the same command again to continue")
        raise typer.Exit(130) from None
