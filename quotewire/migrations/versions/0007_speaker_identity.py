"""Speaker identity as a recorded decision: evidence per occurrence, descriptors, known people.

- ``occurrences.descriptors`` (JSON list): the words the article put around the speaker's name that
  are no part of it ("Billionaire", "Washington Post").
- ``occurrences.link_score`` and ``occurrences.link_evidence`` (JSON): why this occurrence belongs
  to its speaker: the linker's score and the features that decided it (``store/linking.py``).
- ``speakers.external_id`` (a Wikidata QID from a people file) and ``speakers.description``.

Rows stored before this revision have no evidence until ``quotewire relink`` derives it.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OCCURRENCE_COLUMNS = (("descriptors", sa.JSON()), ("link_score", sa.Float()), ("link_evidence", sa.JSON()))
_SPEAKER_COLUMNS = (("external_id", sa.Text()), ("description", sa.Text()))


def upgrade() -> None:
    # Plain ALTER TABLE, no batch mode (see 0005): a batch would rebuild the tables.
    for name, type_ in _OCCURRENCE_COLUMNS:
        op.add_column("occurrences", sa.Column(name, type_, nullable=True))
    for name, type_ in _SPEAKER_COLUMNS:
        op.add_column("speakers", sa.Column(name, type_, nullable=True))
    op.create_index("ix_speakers_external_id", "speakers", ["external_id"])


def downgrade() -> None:
    op.drop_index("ix_speakers_external_id", "speakers")
    for name, _ in _SPEAKER_COLUMNS:
        op.drop_column("speakers", name)
    for name, _ in _OCCURRENCE_COLUMNS:
        op.drop_column("occurrences", name)
