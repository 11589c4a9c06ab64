"""Quote lineage: ``quotation_lineages`` and ``quote_prints``, filled for the stored quotations.

Schema only: the quotations stored before this revision get their lineages (docs/lineage.md) from
the application as it upgrades (``store/data_upgrades.py``: ``store/lineages.link_all``, in batches,
in id order, as the writer links those of new articles), so an existing database answers
``quotewire verify`` as soon as it is opened.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quotation_lineages",
        sa.Column("quotation_id", sa.String(length=64), nullable=False),
        sa.Column("lineage_id", sa.String(length=64), nullable=False),
        sa.Column("original_id", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("original_speaker_id", sa.String(length=64), nullable=True),
        sa.Column("prints", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("quotation_id"),
    )
    op.create_index("ix_quotation_lineages_lineage_id", "quotation_lineages", ["lineage_id"])
    op.create_table(
        "quote_prints",
        sa.Column("print", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("quotation_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("print", "quotation_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("quote_prints")
    op.drop_index("ix_quotation_lineages_lineage_id", table_name="quotation_lineages")
    op.drop_table("quotation_lineages")
