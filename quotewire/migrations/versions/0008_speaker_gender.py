"""Speaker gender: each occurrence's call from its article, each person's combined call, overrides.

``occurrences.speaker_gender``/``gender_source``/``gender_evidence`` hold what the article told
(``Speaker.gender``); ``speakers.gender`` (indexed), ``gender_source``, ``gender_confidence`` and
``gender_evidence`` the person's call over all their articles (``store/genders.py``);
``gender_overrides`` a user's corrections. Schema only: the calls of persons stored before this
revision are computed by the application as it upgrades (``store/data_upgrades.py``).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in (sa.Column("speaker_gender", sa.String(length=8)), sa.Column("gender_source", sa.String(length=8)),
                   sa.Column("gender_evidence", sa.Text())):
        op.add_column("occurrences", column)
    for column in (sa.Column("gender", sa.String(length=8)), sa.Column("gender_source", sa.String(length=8)),
                   sa.Column("gender_confidence", sa.Float()), sa.Column("gender_evidence", sa.Text())):
        op.add_column("speakers", column)
    op.create_index("ix_speakers_gender", "speakers", ["gender"])
    op.create_table("gender_overrides",
                    sa.Column("speaker_id", sa.String(length=64), primary_key=True),
                    sa.Column("gender", sa.String(length=8), nullable=False),
                    sa.Column("created_at", sa.String(length=32), nullable=False))


def downgrade() -> None:
    op.drop_table("gender_overrides")
    op.drop_index("ix_speakers_gender", "speakers")
    for column in ("gender_evidence", "gender_confidence", "gender_source", "gender"):
        op.drop_column("speakers", column)
    for column in ("gender_evidence", "gender_source", "speaker_gender"):
        op.drop_column("occurrences", column)

