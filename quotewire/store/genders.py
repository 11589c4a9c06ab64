"""Each person's gender over all their statements, and a user's correction of it.

Every occurrence keeps what its article told of the speaker (``Speaker.gender``). A person's
call combines their articles: the articles whose own words decided (one vote each, see
``extract.gender.combined_call``), else the given-name prior of their stored full name, else
(a person stored under a surname) the given names their articles wrote. A user's
correction (``gender_overrides``) holds over all of it, across re-ingest and merges, until the
user clears it. The writer refreshes the people a batch touched; merges and splits refresh theirs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa

from quotewire.errors import BadInput, NotFound
from quotewire.extract.gender import combined_call
from quotewire.models import GenderCall
from quotewire.store.schema import gender_overrides, occurrences, speakers
from quotewire.store.sql import in_chunks
from quotewire.vocabulary import GENDERS

EVIDENCE_SEPARATOR = "; "

_SET_GENDER = (sa.update(speakers).where(speakers.c.id == sa.bindparam("sid"))
               .values(gender=sa.bindparam("g"), gender_source=sa.bindparam("src"),
                       gender_confidence=sa.bindparam("conf"), gender_evidence=sa.bindparam("ev")))


def refresh_genders(conn: sa.Connection, speaker_ids: Iterable[str]) -> None:
    """Recompute the gender call of the given speakers (persons get one; anyone else NULL)."""
    ids = set(filter(None, speaker_ids))
    if not ids:
        return
    s, o = speakers.c, occurrences.c
    people = {r.id: r.name for r in in_chunks(conn, sa.select(s.id, s.name, s.kind), s.id, ids) if r.kind == "person"}
    votes: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)  # (speaker, source) -> (article, call)
    told = sa.select(o.speaker_id, o.article_id, o.speaker_gender, o.gender_source).where(o.gender_source.is_not(None))
    for r in in_chunks(conn, told, o.speaker_id, set(people)):
        votes[(r.speaker_id, r.gender_source)].add((r.article_id, r.speaker_gender))
    corrected = {r.speaker_id: r for r in in_chunks(conn, sa.select(gender_overrides), gender_overrides.c.speaker_id,
                                                     set(people))}
    rows = [{"sid": sid, "g": None, "src": None, "conf": None, "ev": None} for sid in sorted(ids - set(people))]
    for sid, name in sorted(people.items()):
        if sid in corrected:
            call = GenderCall(corrected[sid].gender, "user", 1.0, [f"corrected by a user on {corrected[sid].created_at[:10]}"])
        else:
            call = combined_call([g for _, g in sorted(votes[(sid, "text")])], name,
                                 [g for _, g in sorted(votes[(sid, "name")])])
        rows.append({"sid": sid, "g": call.gender, "src": call.source, "conf": call.confidence,
                     "ev": EVIDENCE_SEPARATOR.join(call.evidence) or None})
    conn.execute(_SET_GENDER, rows)


def set_gender(conn: sa.Connection, speaker_id: str, gender: str | None, stamp: str) -> None:
    """A user's correction of a person's gender (``None``: withdraw it, the evidence decides again)."""
    row = conn.execute(sa.select(speakers.c.kind).where(speakers.c.id == speaker_id)).first()
    if row is None:
        raise NotFound(f"no speaker with id {speaker_id!r}")
    if row.kind != "person":
        raise BadInput(f"speaker {speaker_id!r} is a {row.kind}, not a person: only people have a gender")
    if gender is not None and gender not in GENDERS:
        raise BadInput(f"gender: expected one of {', '.join(GENDERS)}, got {gender!r}")
    conn.execute(sa.delete(gender_overrides).where(gender_overrides.c.speaker_id == speaker_id))
    if gender is not None:
        conn.execute(sa.insert(gender_overrides).values(speaker_id=speaker_id, gender=gender, created_at=stamp))
    refresh_genders(conn, [speaker_id])


def move_override(conn: sa.Connection, old_id: str, new_id: str) -> None:
    """``old``'s correction becomes ``new``'s (a merge, a speaker renamed), unless ``new`` has one."""
    g = gender_overrides.c
    if conn.execute(sa.select(g.speaker_id).where(g.speaker_id == new_id)).first() is None:
        conn.execute(sa.update(gender_overrides).where(g.speaker_id == old_id).values(speaker_id=new_id))
    conn.execute(sa.delete(gender_overrides).where(g.speaker_id == old_id))
