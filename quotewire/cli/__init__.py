"""Command-line interface: thin shells over the library, one module per area of work."""

from quotewire.cli import clean_cmds, db_cmds, ingest_cmds, statements_cmds  # noqa: F401  (registers commands)
from quotewire.cli.app import app


def main() -> None:
    app()
