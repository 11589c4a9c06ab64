"""Reading speakers: the list, one speaker's page (roles over time, timeline, top quotes)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quotewire.models import clean_name, normalize_text
from quotewire.store.days import known_day, timeline
from quotewire.store.schema import articles, occurrences, quotations, speaker_aliases, speakers
from quotewire.store.search import QuoteQuery, search_quotes, speaker_ids_matching

_quote_count = (sa.select(quotations.c.speaker_id, sa.func.count().label("quotes"))
                .group_by(quotations.c.speaker_id).subquery())


def list_speakers(conn: sa.Connection, query: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Speakers by number of quotations, optionally those with a name containing ``query``."""
    where = [speakers.c.id.in_(speaker_ids_matching(query))] if query else []
    count = sa.func.coalesce(_quote_count.c.quotes, 0)
    stmt = (sa.select(speakers, count.label("quotes"))
            .select_from(speakers.outerjoin(_quote_count, _quote_count.c.speaker_id == speakers.c.id))
            .where(*where).order_by(count.desc(), speakers.c.name, speakers.c.id).limit(limit).offset(offset))
    total = conn.execute(sa.select(sa.func.count()).select_from(speakers).where(*where)).scalar_one()
    return {"total": total, "items": [_speaker_dict(r) | {"quotes": r.quotes} for r in conn.execute(stmt)]}


def _speaker_dict(r: sa.Row) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "kind": r.kind, "role": r.role, "organisation": r.organisation,
            "external_id": r.external_id}


def find_speaker(conn: sa.Connection, name: str) -> str | None:
    """The speaker a user means by ``name``: an id, an exact name or alias, else the best known match."""
    key = normalize_text(clean_name(name))
    exact = (sa.select(speakers.c.id).where(sa.or_(speakers.c.id == name, speakers.c.name_key == key,
                                                   speakers.c.id.in_(sa.select(speaker_aliases.c.speaker_id)
                                                                     .where(speaker_aliases.c.alias_key == key)))))
    for candidates in (exact, speaker_ids_matching(name)):
        found = list_speakers_by_id(conn, [r[0] for r in conn.execute(candidates)])
        if found:
            return found[0]
    return None


def list_speakers_by_id(conn: sa.Connection, ids: list[str]) -> list[str]:
    """``ids`` ordered by how many quotations each has (most first)."""
    if not ids:
        return []
    count = sa.func.coalesce(_quote_count.c.quotes, 0)
    rows = conn.execute(sa.select(speakers.c.id)
                        .select_from(speakers.outerjoin(_quote_count, _quote_count.c.speaker_id == speakers.c.id))
                        .where(speakers.c.id.in_(ids)).order_by(count.desc(), speakers.c.id))
    return [r[0] for r in rows]


def speaker_detail(conn: sa.Connection, speaker_id: str, top: int = 10) -> dict[str, Any] | None:
    """Everything a speaker page shows; None when there is no such speaker."""
    row = conn.execute(sa.select(speakers).where(speakers.c.id == speaker_id)).first()
    if row is None:
        return None
    aliases = sorted(r[0] for r in conn.execute(
        sa.select(speaker_aliases.c.alias).where(speaker_aliases.c.speaker_id == speaker_id)))
    # One row per distinct day, not per quotation: a speaker's page costs the same at any count.
    day_counts = [(r[0], r[1]) for r in conn.execute(
        sa.select(quotations.c.first_seen, sa.func.count()).where(quotations.c.speaker_id == speaker_id)
        .group_by(quotations.c.first_seen))]
    days = sorted(d for d, _ in day_counts if known_day(d))
    quotes = search_quotes(conn, QuoteQuery(speaker=speaker_id, limit=top))
    roles = _roles(conn, speaker_id)
    latest = max(roles, key=lambda r: r["last_seen"] or "", default={})  # roles change: show the current one
    unit, bars = timeline(day_counts)
    return _speaker_dict(row) | {k: latest[k] or row._mapping[k] for k in ("role", "organisation") if latest} | {
        "description": row.description, "identity": _identity(conn, speaker_id),
        "aliases": aliases, "roles": roles, "quotes_count": sum(n for _, n in day_counts),
        "occurrences": _occurrence_count(conn, speaker_id),
        "first_seen": days[0] if days else None, "last_seen": days[-1] if days else None,
        "timeline_unit": unit, "timeline": bars, "quotes": quotes["items"],
    }


def _identity(conn: sa.Connection, speaker_id: str) -> list[dict[str, Any]]:
    """Why statements are this speaker's: each decision of the linker (``store/linking.py``) with
    how many statements it placed here, its lowest score and, for a bare surname, the evidence."""
    o = occurrences.c
    found: dict[str, dict[str, Any]] = {}
    for r in conn.execute(sa.select(o.link_score, o.link_evidence).where(o.speaker_id == speaker_id)):
        evidence = r.link_evidence or {"decision": "not recorded (stored before this version; run quotewire relink)"}
        chosen = next((c for c in evidence.get("candidates", []) if c.get("id") == speaker_id), None)
        features = chosen["features"] if chosen else []
        key = f"{evidence['decision']}|{'/'.join(features)}"
        entry = found.setdefault(key, {"decision": evidence["decision"], "features": features,
                                       "statements": 0, "lowest_score": r.link_score})
        entry["statements"] += 1
        if r.link_score is not None and (entry["lowest_score"] is None or r.link_score < entry["lowest_score"]):
            entry["lowest_score"] = r.link_score
    return sorted(found.values(), key=lambda e: (-e["statements"], e["decision"]))


def _occurrence_count(conn: sa.Connection, speaker_id: str) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(occurrences)
                        .where(occurrences.c.speaker_id == speaker_id)).scalar_one()


def _roles(conn: sa.Connection, speaker_id: str) -> list[dict[str, Any]]:
    """Each role and organisation the articles gave the speaker, with when: roles change over time."""
    o, a = occurrences, articles
    rows = conn.execute(
        sa.select(o.c.role, o.c.organisation, sa.func.min(a.c.date).label("first"),
                  sa.func.max(a.c.date).label("last"), sa.func.count().label("n"))
        .join(a, a.c.id == o.c.article_id)
        .where(o.c.speaker_id == speaker_id, sa.or_(o.c.role.is_not(None), o.c.organisation.is_not(None)))
        .group_by(o.c.role, o.c.organisation).order_by(sa.text("first"), o.c.role))
    return [{"role": r.role, "organisation": r.organisation, "first_seen": known_day(r.first),
             "last_seen": known_day(r.last), "mentions": r.n} for r in rows]
