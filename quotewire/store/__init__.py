"""The quote database: one schema on SQLite (default) or PostgreSQL, search, speakers across articles.

``open_store`` is the entry point; see ``store.Store`` for the ingest contract and the queries.
"""

from quotewire.store.search import QuoteQuery
from quotewire.store.store import Store, open_store

__all__ = ["QuoteQuery", "Store", "open_store"]
