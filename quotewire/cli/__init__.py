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


def main() -> None:
    try:
        app()
    except Exception as e:  # noqa: BLE001 - every expected failure has been reported by the command
        if os.environ.get("QUOTEWIRE_DEBUG"):
            raise
        print_error(internal_error_line(e) + " (QUOTEWIRE_DEBUG=1 shows the traceback)")
        sys.exit(INTERNAL_ERROR)
