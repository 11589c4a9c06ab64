"""Merging and splitting speakers by hand, recorded so that re-ingest keeps the decision.

Each decision is written as overrides (name -> speaker, optionally for one article) that
``SpeakerLinker`` consults before its own rules; the stored occurrences are moved at once.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from quotewire.errors import BadInput, NotFound
from quotewire.models import normalize_text, stable_hash
from quotewire.store.genders import move_override, refresh_genders
from quotewire.store.names import parse_name
from quotewire.store.schema import occurrences, speaker_aliases, speaker_overrides, speakers
from quotewire.store.sql import insert_ignore
from quotewire.store.writer import now, refresh_quotations


def _speaker(conn: sa.Connection, speaker_id: str) -> sa.Row:
    row = conn.execute(sa.select(speakers).where(speakers.c.id == speaker_id)).first()
    if row is None:
        raise NotFound(f"no speaker with id {speaker_id!r}")
    return row


def _names_used(conn: sa.Connection, speaker: sa.Row) -> set[str]:
    """Every name key that has resolved to this speaker: its aliases and the extractor's names."""
    keys = {r[0] for r in conn.execute(sa.select(speaker_aliases.c.alias_key)
                                       .where(speaker_aliases.c.speaker_id == speaker.id))}
    names = conn.execute(sa.select(occurrences.c.speaker_name).distinct()
                         .where(occurrences.c.speaker_id == speaker.id, occurrences.c.speaker_name.is_not(None)))
    return keys | {parse_name(r[0], speaker.kind).key for r in names} | {speaker.name_key}


def _move(conn: sa.Connection, where: sa.ColumnElement[bool], to: str) -> None:
    moved = {r[0] for r in conn.execute(sa.select(occurrences.c.quotation_id).where(where))}
    conn.execute(sa.update(occurrences).where(where).values(speaker_id=to))
    refresh_quotations(conn, moved)


def _pin(conn: sa.Connection, action: str, pins: Sequence[tuple[str, str | None]], speaker_id: str) -> None:
    stamp = now()
    rows = [{"action": action, "name_key": key, "article_id": article, "speaker_id": speaker_id,
             "created_at": stamp} for key, article in pins]
    if rows:
        conn.execute(sa.insert(speaker_overrides), rows)


def merge_speakers(conn: sa.Connection, keep_id: str, other_id: str) -> str:
    """Make ``other`` part of ``keep``: its statements, names and earlier overrides. Returns keep's id."""
    if keep_id == other_id:
        raise BadInput("cannot merge a speaker with itself")
    _speaker(conn, keep_id)
    other = _speaker(conn, other_id)
    names = _names_used(conn, other)
    _move(conn, occurrences.c.speaker_id == other_id, keep_id)
    aliases = [{"speaker_id": keep_id, "alias_key": r.alias_key, "alias": r.alias} for r in conn.execute(
        sa.select(speaker_aliases).where(speaker_aliases.c.speaker_id == other_id))]
    insert_ignore(conn, speaker_aliases, aliases, ["speaker_id", "alias_key"])
    conn.execute(sa.update(speaker_overrides).where(speaker_overrides.c.speaker_id == other_id)
                 .values(speaker_id=keep_id))
    conn.execute(sa.delete(speaker_aliases).where(speaker_aliases.c.speaker_id == other_id))
    move_override(conn, other_id, keep_id)
    conn.execute(sa.delete(speakers).where(speakers.c.id == other_id))
    _pin(conn, "merge", [(key, None) for key in sorted(names)], keep_id)
    refresh_genders(conn, [keep_id])
    return keep_id


def split_speaker(conn: sa.Connection, speaker_id: str, names: Sequence[str] = (),
                  article_ids: Sequence[str] = (), new_name: str | None = None) -> str:
    """Move the statements made under ``names`` (anywhere) or in ``article_ids`` to a new speaker.

    Returns the new speaker's id. Raises ValueError when that selects no statement.
    """
    old = _speaker(conn, speaker_id)
    keys = {parse_name(n, old.kind).key for n in names}
    o = occurrences.c
    chosen = conn.execute(sa.select(o.id, o.speaker_name, o.article_id).where(o.speaker_id == speaker_id)).all()
    chosen = [r for r in chosen if r.article_id in article_ids
              or (r.speaker_name and parse_name(r.speaker_name, old.kind).key in keys)]
    if not chosen:
        raise BadInput(f"speaker {speaker_id!r} has no statements under those names or in those articles")
    name = new_name or (names[0] if names else old.name)
    parts = parse_name(name, old.kind)
    new_id = stable_hash("split", speaker_id, *sorted(keys), *sorted(article_ids))
    insert_ignore(conn, speakers, [{"id": new_id, "name": parts.display, "kind": old.kind, "role": None,
                                    "organisation": None, "name_key": parts.key, "surname": parts.surname}], ["id"])
    _move(conn, o.id.in_([r.id for r in chosen]), new_id)
    moved_aliases = sa.and_(speaker_aliases.c.speaker_id == speaker_id, speaker_aliases.c.alias_key.in_(keys))
    aliases = [{"speaker_id": new_id, "alias_key": r.alias_key, "alias": r.alias}
               for r in conn.execute(sa.select(speaker_aliases).where(moved_aliases))]
    insert_ignore(conn, speaker_aliases, aliases + [{"speaker_id": new_id, "alias_key": normalize_text(name),
                                                     "alias": name}], ["speaker_id", "alias_key"])
    conn.execute(sa.delete(speaker_aliases).where(moved_aliases))
    pins = {(k, None) for k in keys} | {(parse_name(r.speaker_name, old.kind).key, r.article_id)
                                        for r in chosen if r.article_id in article_ids and r.speaker_name}
    _pin(conn, "split", sorted(pins, key=str), new_id)
    refresh_genders(conn, [speaker_id, new_id])
    return new_id
