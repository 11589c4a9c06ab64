"""Story signatures fingerprinted again, and a table for the newest band rows.

- ``story_bands_recent`` and ``story_index_state``: new band rows are written to a small table and
  merged into ``story_bands`` in one sorted pass every ``story_index.MERGE_ROWS`` rows
  (``quotewire/store/story_index.py``), instead of being inserted at random all over the big one.
- The MinHash of word 5-grams is now computed for a whole batch as arrays
  (``dedup._shingle_hashes``: 5x faster), which hashes each 5-gram differently from rensa's
  hashing of the 5-gram strings that earlier signatures used. The signatures and band rows of
  every stored text are computed again from the articles' text, so that copies keep merging into
  the clusters they had; clusters and their names do not change. A signature with no stored text
  (an index filled by ``bench/dedup.py`` alone) keeps matching exact copies only.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    op.create_table(
        "story_bands_recent",
        sa.Column("band", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("signature_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("band", "signature_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "story_index_state",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    _fingerprint_again()


def _fingerprint_again() -> None:
    from quotewire.migrations.frozen.story_index_0006 import index_rows, insert_ignore

    conn = op.get_bind()
    tables = sa.MetaData()
    tables.reflect(conn, only=["story_clusters", "story_signatures", "story_bands"])
    clusters, signatures, bands = (tables.tables[n] for n in ("story_clusters", "story_signatures", "story_bands"))
    conn.execute(sa.delete(bands))
    conn.execute(sa.update(signatures).values(digest=None))
    rows = conn.execute(sa.text(
        "SELECT cluster_id, content_hash, text FROM articles "
        "WHERE cluster_id IS NOT NULL AND content_hash IS NOT NULL ORDER BY id"),
        execution_options={"yield_per": _BATCH})
    while batch := rows.fetchmany(_BATCH):
        cluster_rows, fresh, band_rows = index_rows(batch)
        insert_ignore(conn, clusters, cluster_rows, ["key"])  # texts stored without dedup
        insert_ignore(conn, signatures, fresh, ["id"])
        if fresh:
            conn.execute(sa.update(signatures).where(signatures.c.id == sa.bindparam("sid"))
                         .values(digest=sa.bindparam("d")), [{"sid": s["id"], "d": s["digest"]} for s in fresh])
        insert_ignore(conn, bands, band_rows, ["band", "signature_id"])


def downgrade() -> None:
    """The tables go (their rows merged first); the signatures stay as they are: older code only
    stops finding near copies of them."""
    op.execute("INSERT INTO story_bands (band, signature_id) SELECT band, signature_id FROM story_bands_recent "
               "WHERE true ON CONFLICT DO NOTHING")
    op.drop_table("story_index_state")
    op.drop_table("story_bands_recent")
