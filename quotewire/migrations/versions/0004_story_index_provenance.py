"""Story index in the database, provenance columns, publication dates that are never ingest dates.

- ``story_clusters``, ``story_signatures``, ``story_bands``: the MinHash LSH index that dedup keeps
  in the store (``quotewire/store/story_index.py``), filled here from the texts of the articles
  already stored, so that a database made before this revision keeps merging copies into its old
  clusters.
  Existing clusters keep their ids; from now on a cluster is named after the smallest article id
  placed in it (a join by a smaller id renames it).
- ``articles.input_offset``: the byte offset of an article's record inside its input (a WARC record).
- ``occurrences.rule``: the extractor rule that found the statement.
- ``articles.date`` held the ingest day when the publication date was unknown, and first-seen days
  were computed from it: such dates become NULL ("date unknown"; the ingest time stays in
  ``ingested_at``), and first/last-seen days are recomputed from known publication dates only.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BACKFILL_BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "story_clusters",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "story_signatures",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("cluster_key", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "story_bands",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("signature_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("band", "signature_id"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("input_offset", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("occurrences") as batch:
        batch.add_column(sa.Column("rule", sa.String(length=64), nullable=True))
    _unknown_dates_become_null()
    _backfill_story_index(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("occurrences") as batch:
        batch.drop_column("rule")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("input_offset")
    op.drop_table("story_bands")
    op.drop_table("story_signatures")
    op.drop_table("story_clusters")


def _unknown_dates_become_null() -> None:
    """``date`` was the published day or the ingest day; keep only the first kind."""
    op.execute("UPDATE articles SET date = NULL "
               "WHERE published IS NULL OR date IS NULL OR date <> substr(trim(published), 1, 10)")
    op.execute("UPDATE quotations SET "
               "first_seen = (SELECT min(a.date) FROM occurrences o JOIN articles a ON a.id = o.article_id "
               "WHERE o.quotation_id = quotations.id), "
               "last_seen = (SELECT max(a.date) FROM occurrences o JOIN articles a ON a.id = o.article_id "
               "WHERE o.quotation_id = quotations.id)")
    op.execute("UPDATE quotation_sites SET first_seen = "
               "(SELECT q.first_seen FROM quotations q WHERE q.id = quotation_sites.quotation_id)")
    op.execute("UPDATE clusters SET first_seen = (SELECT min(a.date) FROM articles a WHERE a.cluster_id = clusters.id)")


def _stored_signatures(conn: sa.Connection) -> Iterator[sa.Row]:
    yield from conn.execute(sa.text(
        "SELECT cluster_id, content_hash, text FROM articles "
        "WHERE cluster_id IS NOT NULL AND content_hash IS NOT NULL ORDER BY id"),
        execution_options={"yield_per": _BACKFILL_BATCH})


def _backfill_story_index(conn: sa.Connection) -> None:
    """Index what earlier runs stored: one signature per distinct text, clusters under their ids
    (fingerprinted as 0006 does, which rebuilds this index: ``frozen/story_index_0006``)."""
    from quotewire.migrations.frozen.story_index_0006 import index_rows

    tables = sa.MetaData()
    tables.reflect(conn, only=["story_clusters", "story_signatures", "story_bands"])
    clusters, signatures, bands = (tables.tables[n] for n in ("story_clusters", "story_signatures", "story_bands"))
    batch: list[sa.Row] = []
    for row in _stored_signatures(conn):
        batch.append(row)
        if len(batch) >= _BACKFILL_BATCH:
            _insert(conn, index_rows(batch), clusters, signatures, bands)
            batch = []
    if batch:
        _insert(conn, index_rows(batch), clusters, signatures, bands)


def _insert(conn: sa.Connection, rows: tuple[list[dict], list[dict], list[dict]],
            clusters: sa.Table, signatures: sa.Table, bands: sa.Table) -> None:
    from quotewire.migrations.frozen.story_index_0006 import insert_ignore

    for table, keys, values in zip((clusters, signatures, bands), (["key"], ["id"], ["band", "signature_id"]), rows,
                                   strict=True):
        insert_ignore(conn, table, values, keys)
