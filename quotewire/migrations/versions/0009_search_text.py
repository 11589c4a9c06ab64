"""Full-text search over tokens derived in Python: the same results on SQLite and PostgreSQL.

``quotations.search_text`` holds the tokens ``store/fulltext.py`` derives from a statement (each
word, its Snowball stem, the place of a people's adjective: "Russian" is found by "Russia"). The
FTS5 table is rebuilt over it with the plain ``unicode61`` tokenizer (it stemmed with Porter
before) and the PostgreSQL ``tsv`` column is generated from it with the ``simple`` configuration
(``english`` before, another stemmer and a stop-word list): both now index the same tokens. Schema
only: the tokens of statements stored before are computed by the application as it upgrades
(``store/data_upgrades.py``), and the index follows them.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_TRIGGERS = [
    "CREATE TRIGGER quotations_fts_insert AFTER INSERT ON quotations BEGIN "
    "INSERT INTO quotations_fts(quotation_id, text) VALUES (new.id, {column}); END",
    "CREATE TRIGGER quotations_fts_delete AFTER DELETE ON quotations BEGIN "
    "DELETE FROM quotations_fts WHERE quotation_id = old.id; END",
    "CREATE TRIGGER quotations_fts_update AFTER UPDATE OF {watched} ON quotations BEGIN "
    "UPDATE quotations_fts SET text = {column} WHERE quotation_id = old.id; END",
]


def upgrade() -> None:
    # Plain ALTER TABLE, no batch mode (see 0005): a batch would rebuild ``quotations``.
    op.add_column("quotations", sa.Column("search_text", sa.Text(), nullable=True))
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _sqlite_index("new.search_text", "search_text", "unicode61 remove_diacritics 2", "search_text")
    else:
        _postgres_index("to_tsvector('simple', coalesce(search_text, ''))")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        _sqlite_index("new.text", "text", "porter unicode61 remove_diacritics 2", "text")
    else:
        _postgres_index("to_tsvector('english', translate(text, '<>&/', '    '))")
    op.drop_column("quotations", "search_text")


def _sqlite_index(column: str, watched: str, tokenize: str, source: str) -> None:
    for name in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS quotations_fts_{name}")
    op.execute("DROP TABLE IF EXISTS quotations_fts")
    op.execute(f"CREATE VIRTUAL TABLE quotations_fts USING fts5(quotation_id UNINDEXED, text, tokenize='{tokenize}')")
    for statement in _SQLITE_TRIGGERS:
        op.execute(statement.format(column=column, watched=watched))
    op.execute(f"INSERT INTO quotations_fts(quotation_id, text) SELECT id, {source} FROM quotations")


def _postgres_index(expression: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_quotations_tsv")
    op.execute("ALTER TABLE quotations DROP COLUMN IF EXISTS tsv")
    op.execute(f"ALTER TABLE quotations ADD COLUMN tsv tsvector GENERATED ALWAYS AS ({expression}) STORED")
    op.execute("CREATE INDEX ix_quotations_tsv ON quotations USING GIN (tsv)")
