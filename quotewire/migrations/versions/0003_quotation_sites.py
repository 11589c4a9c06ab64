"""Sites carrying each quotation, for the site filter; filled from the stored occurrences.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quotation_sites",
        sa.Column("quotation_id", sa.String(length=64), nullable=False),
        sa.Column("site", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["quotation_id"], ["quotations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("quotation_id", "site"),
    )
    op.create_index("ix_quotation_sites_site_first_seen", "quotation_sites", ["site", "first_seen"])
    for column in ("source", "republisher"):
        op.execute(
            "INSERT INTO quotation_sites (quotation_id, site, first_seen) "
            f"SELECT DISTINCT o.quotation_id, lower(a.{column}), q.first_seen FROM occurrences o "
            "JOIN articles a ON a.id = o.article_id JOIN quotations q ON q.id = o.quotation_id "
            f"WHERE a.{column} IS NOT NULL AND a.{column} <> '' "
            "ON CONFLICT DO NOTHING")
    if op.get_bind().dialect.name == "postgresql":  # plan site searches from real statistics at once
        op.execute("ANALYZE quotation_sites")


def downgrade() -> None:
    op.drop_index("ix_quotation_sites_site_first_seen", "quotation_sites")
    op.drop_table("quotation_sites")
