"""What starting the command line costs: every command, ``annotate`` and ``extract`` included,
imports ``quotewire.cli`` first, and so does each analysis worker (multiprocessing re-imports the
main script there), so a heavy import there is paid twice by every run."""

import subprocess
import sys


def test_importing_the_cli_loads_neither_the_database_layer_nor_spacy() -> None:
    """SQLAlchemy, Alembic and numpy (through the store) cost ~1 CPU s, spaCy more; the commands
    that use them import them when they run."""
    script = ("import sys, quotewire.cli\n"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic', 'numpy', 'spacy'}))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_the_store_package_still_gives_its_names() -> None:
    from quotewire import store
    from quotewire.store.search import QuoteQuery
    from quotewire.store.store import Store, open_store

    assert (store.QuoteQuery, store.Store, store.open_store) == (QuoteQuery, Store, open_store)


def test_exit_status_does_not_import_the_database_layer() -> None:
    """``annotate`` and ``extract`` run their work inside ``exit_status``, which once imported
    SQLAlchemy to name its errors: ~0.3 CPU s before the analysis worker could start."""
    script = ("import sys\nfrom quotewire.cli.app import exit_status\n"
              "with exit_status():\n    pass\n"
              "print('sqlalchemy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"


def test_a_database_error_inside_exit_status_is_still_one_line_and_status_1(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest
    import typer
    from sqlalchemy.exc import OperationalError

    from quotewire.cli.app import exit_status

    with pytest.raises(typer.Exit) as stopped, exit_status(database="/nowhere/q.db"):
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error"))
    assert stopped.value.exit_code == 1
    assert capsys.readouterr().err.startswith("error: ")


def test_other_errors_pass_through_exit_status_unchanged() -> None:
    import pytest

    from quotewire.cli.app import exit_status

    with pytest.raises(ZeroDivisionError), exit_status():
        1 / 0


def test_the_fork_server_starts_before_option_parsing_only_for_commands_that_analyse() -> None:
    from quotewire.cli import _will_analyse

    assert _will_analyse(["annotate", "dev.jsonl", "-o", "pred.jsonl"])
    assert _will_analyse(["ingest", "pages/", "--workers", "1"])
    assert _will_analyse(["eval", "--gold", "dev.jsonl"])
    assert not _will_analyse(["eval", "--gold", "dev.jsonl", "--pred", "other.jsonl"])
    assert not _will_analyse(["eval", "--gold", "dev.jsonl", "--pred=other.jsonl"])
    assert not _will_analyse(["ingest", "pages/", "--scheduler", "tcp://host:8786"])
    assert not _will_analyse(["annotate", "--help"])
    assert not _will_analyse(["quotes", "--speaker", "Rutte"])
    assert not _will_analyse([])
