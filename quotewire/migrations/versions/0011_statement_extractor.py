"""Which extractor found each article's statements: ``articles.statement_extractor``.

``rules``, ``accurate`` ... (``vocabulary.EXTRACTORS``), written by every ingest, so a reader can
tell what a statement's extent and confidence came from. Articles stored before this revision
keep NULL: the extractor that read them was not recorded (it was ``rules`` unless the user chose
another). Named apart from ``Article.extractor``, what produced an HTML page's text (cleaning).

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, no batch mode (see 0005): a batch would rebuild ``articles``.
    op.add_column("articles", sa.Column("statement_extractor", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("articles", "statement_extractor")  # SQLite 3.35+ drops a column in place
