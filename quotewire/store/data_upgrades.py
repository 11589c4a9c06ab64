"""What a schema revision leaves for today's code to compute: derived data of rows stored before it.

Migrations change the schema only and import nothing of the live package (they mean the same
forever, issue 19); values derived by the application's own rules (a person's gender call, a
statement's search tokens) are computed here, with the current rules, in the same transaction as
the upgrade that added their columns. ``migrate`` calls it with the revision the database had.
"""

from __future__ import annotations

import sqlalchemy as sa

_BATCH = 2000


def upgrade_data(conn: sa.Connection, before: str | None) -> None:
    """Fill what revisions after ``before`` added for rows already stored (None: a new database,
    nothing stored)."""
    if before is None:
        return
    if before < "0008":
        _genders(conn)
    if before < "0009":
        _search_text(conn)
    if before < "0010":
        from quotewire.store.lineages import link_all

        link_all(conn)  # every stored quotation's lineage (docs/lineage.md)


def _genders(conn: sa.Connection) -> None:
    """Every stored person's gender call (their articles' words were not kept: their given name's)."""
    from quotewire.store.genders import refresh_genders

    refresh_genders(conn, [r[0] for r in conn.execute(sa.text("SELECT id FROM speakers WHERE kind = 'person'"))])


def _search_text(conn: sa.Connection) -> None:
    """Every statement's search tokens; the full-text index follows them (its triggers, or a
    generated column)."""
    from quotewire.store.fulltext import search_text

    last = ""
    while rows := conn.execute(sa.text("SELECT id, text FROM quotations WHERE id > :last ORDER BY id LIMIT :n"),
                               {"last": last, "n": _BATCH}).all():
        conn.execute(sa.text("UPDATE quotations SET search_text = :st WHERE id = :id"),
                     [{"id": r.id, "st": search_text(r.text)} for r in rows])
        last = rows[-1].id
