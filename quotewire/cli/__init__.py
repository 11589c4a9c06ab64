"""Command-line interface: thin shells over the library, one module per area of work.

Expected failures (``quotewire.errors.QuotewireError``) are one line on stderr and exit status 1
(2 for a bad option value). Anything else is a bug: ``main`` prints one line saying so, without
the traceback (set ``QUOTEWIRE_DEBUG=1`` to see it), and exits with status 70 (``EX_SOFTWARE``).
"""

import os
import sys

from quotewire.cli import clean_cmds, db_cmds, ingest_cmds, lineage_cmds, report_cmds, statements_cmds  # noqa: F401  (registers commands)
from quotewire.cli.app import app, print_error
from quotewire.errors import internal_error_line

INTERNAL_ERROR = 70

ANALYSING_COMMANDS = ("annotate", "demo", "eval", "extract", "ingest")
"""The commands that analyse text in worker processes (``run.workers``)."""
NOT_ANALYSING = ("--help", "-h", "--pred", "--scheduler")
"""Options with which those commands analyse nothing here: help, ``eval --pred`` (scores a file),
``ingest --scheduler`` (a Dask cluster analyses)."""


def main() -> None:
    if _will_analyse(sys.argv[1:]):
        from quotewire.run.workers import start_fork_server

        start_fork_server()
    try:
        app()
    except Exception as e:  # noqa: BLE001 - every expected failure has been reported by the command
        if os.environ.get("QUOTEWIRE_DEBUG"):
            raise
        print_error(internal_error_line(e) + " (QUOTEWIRE_DEBUG=1 shows the traceback)")
        sys.exit(INTERNAL_ERROR)


def _will_analyse(args: list[str]) -> bool:
    """``args`` run a command that analyses text locally. The analysis workers' fork server is then
    started before the options are parsed, so that its model load (~1.5 CPU s) overlaps the command
    line's own start (typer's option parsing imports pydantic: ~0.4 s) instead of following it; the
    first worker still starts where the command asks for it. A wrong guess costs a fork server
    killed at exit."""
    return bool(args) and args[0] in ANALYSING_COMMANDS and not any(a.split("=", 1)[0] in NOT_ANALYSING for a in args)
