"""Indexes for the site filter: articles by lower(source) and lower(republisher).

Searching by site compares case-insensitively; without these indexes each such search scans
every article.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_articles_source_lower", "articles", [sa.text("lower(source)")])
    op.create_index("ix_articles_republisher_lower", "articles", [sa.text("lower(republisher)")])


def downgrade() -> None:
    op.drop_index("ix_articles_republisher_lower", "articles")
    op.drop_index("ix_articles_source_lower", "articles")
