"""Story signatures fingerprinted again: the MinHash of word 5-grams is now computed for a whole
batch as arrays (``dedup._shingle_hashes``: 5x faster), which hashes each 5-gram differently from
rensa's hashing of the 5-gram strings that earlier signatures used. The signatures and band rows
of every stored text are computed again from the articles' text, so that copies keep merging into
the clusters they had; clusters and their names do not change. A signature with no stored text (an
index filled by ``bench/dedup.py`` alone) keeps matching exact copies only.

Revision ID: 0006
Revises: 0004 (0005 once merged beside it: it only needs to come after 0004)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 2000


def upgrade() -> None:
    from quotewire.store.sql import insert_ignore
    from quotewire.store.story_index import index_rows

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
    """Nothing to undo in the schema; older code would only stop finding near copies of these."""
