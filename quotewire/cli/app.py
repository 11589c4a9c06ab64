"""The Typer application that every command module registers its commands on, and the one path
from an error to an exit status (the way sqlite-utils' ``cli.py`` turns its library's errors into
Click's): ``print_error`` for one line on stderr, ``fail`` to stop with a status, ``exit_status``
around a command's work."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from quotewire.errors import BadInput, InputError, QuotewireError, WorkerStartError, database_line, one_line

app = typer.Typer(
    name="quotewire",
    help=(
        "Who said what in the news: extract statements (direct, mixed, indirect quotes) from "
        "articles, attribute them to speakers, merge syndicated copies and search the result.\n\n"
        "Start with:  quotewire extract ARTICLE.txt   (no database needed)\n\n"
        "Then:        quotewire ingest PAGES/ FEED.xml  and  quotewire quotes --speaker Rutte"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

_err = Console(stderr=True, highlight=False, soft_wrap=True)

USAGE = 2
"""Exit status for a bad option or value; 1 is any other expected failure, 130 an interruption and
70 (``EX_SOFTWARE``, ``cli.main``) a bug."""
INTERRUPTED = 130


def print_error(error: str | BaseException) -> None:
    """``error: ONE LINE`` on stderr; the text is never read as markup ("[inaudible]" stays)."""
    _err.print(f"[red]error:[/red] {escape(one_line(error))}")


def fail(message: str | BaseException, code: int = 1) -> NoReturn:
    """Print ``message`` as the one error line and exit with ``code``."""
    print_error(message)
    raise typer.Exit(code)


@contextmanager
def exit_status(kept: str | None = None, database: str | None = None) -> Iterator[None]:
    """Every expected failure of a command's work as one line and an exit status: a bad value
    (``BadInput``) 2; an unknown id, an unusable input or output, a bad setting, workers that cannot
    start, a database error 1; the reader of stdout gone (``| head``) 1; Ctrl-C 130 when the command
    keeps what it committed (``kept``: "batch", "part"), said so. A database error that is a storage
    fault (damaged, full, read-only: ``store.faults``) is named, with ``database`` (a ``--db``
    value) as the place. Anything else is a bug, left to ``cli.main``."""
    try:
        yield
    except InputError as e:
        fail(e.message)
    except BadInput as e:
        fail(e, USAGE)
    except QuotewireError as e:
        fail(e)
    except WorkerStartError as e:
        fail(str(e))
    except BrokenPipeError:  # the reader has gone: nothing more to say, to anyone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except Exception as e:
        if not _is_database_error(e):
            raise
        fail(_database_fault(e, database))
    except KeyboardInterrupt:
        if kept is None:
            raise
        fail(f"interrupted: every committed {kept} is kept; run the same command again to continue", INTERRUPTED)


def _is_database_error(error: Exception) -> bool:
    """``error`` is SQLAlchemy's. Asked of the module already loaded, never by importing it: a
    command that opened no database (``annotate``, ``extract``) cannot have raised one, and importing
    SQLAlchemy cost those commands ~0.3 CPU s before their analysis worker started."""
    exc = sys.modules.get("sqlalchemy.exc")
    return exc is not None and isinstance(error, exc.SQLAlchemyError)


def _database_fault(error: BaseException, database: str | None) -> str | BaseException:
    """The named storage fault for a database error (``store.faults``), else its driver's line."""
    from quotewire.store.engine import database_url
    from quotewire.store.faults import storage_fault
    from quotewire.store.store import location

    try:
        where = location(database_url(database))
    except QuotewireError:
        where = "the database"
    return storage_fault(error, where) or f"database error: {database_line(error)}"
