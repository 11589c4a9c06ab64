"""The class of each statement's cue: ``occurrences.cue_class`` and ``quotations.cue_class`` (indexed).

``Quote.cue_class`` says what a cue attributes (speech, stance, belief, evidence; the class column
of data/cue_verbs.txt and the other cue files), which statement scope and the ``cue_class`` search
filter read. Rows stored before this revision get the class their ``cue_lemma`` has in the shipped
lexicon, and speech where they have no cue word (a label, a dash, an inherited speaker), as the
extractor gave them when the migrations were frozen (``frozen/cue_classes_0005.txt``); a quotation
takes the class of its earliest occurrence, as with ``type``.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, no batch mode: on SQLite a batch would rebuild ``quotations``, which
    # ``occurrences`` references and whose full-text triggers would go with the old table.
    op.add_column("occurrences", sa.Column("cue_class", sa.String(length=16), nullable=True))
    op.add_column("quotations", sa.Column("cue_class", sa.String(length=16), nullable=True))
    op.create_index("ix_quotations_cue_class", "quotations", ["cue_class"])
    _backfill(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_quotations_cue_class", "quotations")
    op.drop_column("quotations", "cue_class")  # SQLite 3.35+ drops a column in place
    op.drop_column("occurrences", "cue_class")


def _lemma_classes() -> list[dict[str, str]]:
    """``cue_lemma`` -> class as the extractor wrote them when this revision was frozen (verb lemmas,
    nouns, phrases joined by a space, hearsay adverbs): ``frozen/cue_classes_0005.txt``."""
    text = (Path(__file__).parents[1] / "frozen" / "cue_classes_0005.txt").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return [{"lemma": lemma, "cls": cls} for lemma, cls in rows]


def _backfill(conn: sa.Connection) -> None:
    conn.execute(sa.text("UPDATE occurrences SET cue_class = :cls WHERE cue_lemma = :lemma"), _lemma_classes())
    conn.execute(sa.text("UPDATE occurrences SET cue_class = 'speech' WHERE cue_class IS NULL"))
    conn.execute(sa.text(
        "UPDATE quotations SET cue_class = (SELECT o.cue_class FROM occurrences o JOIN articles a ON a.id = o.article_id "
        "WHERE o.quotation_id = quotations.id "
        "ORDER BY CASE WHEN a.date IS NULL THEN 1 ELSE 0 END, a.date, o.article_id LIMIT 1)"))
