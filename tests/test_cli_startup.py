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
