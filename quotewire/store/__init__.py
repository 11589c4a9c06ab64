"""The quote database: one schema on SQLite (default) or PostgreSQL, search, speakers across articles.

``open_store`` is the entry point; see ``store.Store`` for the ingest contract and the queries.
The names below are loaded on first use, so that importing a light submodule (``store.paging``)
does not import SQLAlchemy and Alembic with the whole store.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quotewire.store.search import QuoteQuery
    from quotewire.store.store import Store, open_store

_HOMES = {"QuoteQuery": "quotewire.store.search", "Store": "quotewire.store.store",
          "open_store": "quotewire.store.store"}

__all__ = ["QuoteQuery", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
