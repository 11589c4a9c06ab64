"""Alembic environment: migrations run on the connection that ``open_store`` hands over.

There is no alembic.ini: the store passes its open connection in ``config.attributes`` so that
the migration runs in the same transaction (and, on PostgreSQL, under the same advisory lock).
"""

from alembic import context

from quotewire.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
