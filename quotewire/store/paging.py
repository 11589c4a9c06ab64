"""Bounds on one page of search results, for the store's queries and for the CLI and API options
that take them: a module of its own, so that declaring an option does not import the database
layer (SQLAlchemy, Alembic), which a command that never opens a database would load for nothing."""

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
"""Deepest page start: past it a search must be narrowed (or the database exported), and the
bound keeps every offset inside the databases' 64-bit integers."""
