"""Deriving every cross-article identity again with the current linker (``quotewire relink``).

After an upgrade changes how speakers are linked (``linking.py``), or after a people file is
loaded, the stored statements keep what the extractor said of their speaker in each article
(name, role, organisation, gender), so identities can be derived again without re-reading any
article: each statement is linked as if saved now, users' merges and splits (overrides) first, and
the report says what changed.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from quotewire.models import Speaker
from quotewire.store.linking import SpeakerLinker
from quotewire.store.schema import occurrences, speakers
from quotewire.store.writer import refresh_quotations
from quotewire.vocabulary import UNRESOLVED

EXAMPLES = 5
"""How many examples of each change the report names."""


def relink(conn: sa.Connection) -> dict[str, Any]:
    """Link every stored statement's speaker again; what changed: speakers ``merged`` (one now holds
    statements of several before), ``split`` (one's statements now under several), ``renamed``,
    and statements ``unattributed`` (no speaker now: a pronoun or description) or ``moved``. The
    caller holds the write lock (``sql.lock_for_writing``)."""
    o, s = occurrences.c, speakers.c
    rows = conn.execute(sa.select(o.id, o.quotation_id, o.article_id, o.speaker_id, o.speaker_name, o.role,
                                  o.organisation, s.kind, s.name)
                        .outerjoin(speakers, s.id == o.speaker_id).order_by(o.id)).all()
    names_before = {r.speaker_id: r.name for r in rows if r.speaker_id}
    linker = SpeakerLinker(conn)
    updates = []
    for r in rows:
        kind = r.kind if r.speaker_id else UNRESOLVED
        who = Speaker(name=r.speaker_name or "", kind=kind, role=r.role, organisation=r.organisation)
        sid, score, evidence = linker.link(who, r.article_id) if who.name else (None, None, None)
        updates.append({"oid": r.id, "sid": sid, "score": score, "evidence": evidence})
    if updates:
        conn.execute(sa.update(occurrences).where(occurrences.c.id == sa.bindparam("oid")).values(
            speaker_id=sa.bindparam("sid"), link_score=sa.bindparam("score"),
            link_evidence=sa.bindparam("evidence", type_=occurrences.c.link_evidence.type)), updates)
    linker.touched |= set(names_before)
    linker.finish()
    after = dict(conn.execute(sa.select(o.id, o.speaker_id)).all())
    refresh_quotations(conn, {r.quotation_id for r in rows if after.get(r.id) != r.speaker_id})
    names_after = dict(conn.execute(sa.select(s.id, s.name)).all())
    return _report(rows, after, names_before, names_after)


def _report(rows: list[sa.Row], after: dict[str, str | None], names_before: dict[str, str],
            names_after: dict[str, str]) -> dict[str, Any]:
    went: dict[str, set[str]] = defaultdict(set)  # speaker before -> speakers after
    came: dict[str, set[str]] = defaultdict(set)  # speaker after -> speakers before
    for r in rows:
        new = after.get(r.id)
        if r.speaker_id and new:
            went[r.speaker_id].add(new)
            came[new].add(r.speaker_id)
    merged = sorted((sid for sid, old in came.items() if len(old) > 1), key=lambda sid: -len(came[sid]))
    split = sorted((sid for sid, new in went.items() if len(new) > 1), key=lambda sid: -len(went[sid]))
    renamed = sorted(sid for sid in names_before if sid in names_after and names_after[sid] != names_before[sid])
    return {
        "statements": len(rows),
        "moved": sum(1 for r in rows if r.speaker_id and after.get(r.id) and after[r.id] != r.speaker_id),
        "unattributed": sum(1 for r in rows if r.speaker_id and not after.get(r.id)),
        "merged": len(merged), "split": len(split), "renamed": len(renamed),
        "speakers_before": len(names_before), "speakers_after": len(set(filter(None, after.values()))),
        "examples": {
            "merged": [{"into": names_after.get(sid), "from": sorted(names_before[b] for b in came[sid])}
                       for sid in merged[:EXAMPLES]],
            "split": [{"was": names_before[sid], "now": sorted(names_after.get(a) or a for a in went[sid])}
                      for sid in split[:EXAMPLES]],
            "renamed": [{"was": names_before[sid], "now": names_after[sid]} for sid in renamed[:EXAMPLES]],
        },
    }
