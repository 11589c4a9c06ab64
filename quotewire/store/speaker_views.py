"""Reading speakers: the list, one speaker's page (roles over time, timeline, top quotes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quotewire.models import clean_name, normalize_text
from quotewire.store.days import bound_period, known_day, timeline
from quotewire.store.genders import EVIDENCE_SEPARATOR
from quotewire.store.schema import articles, occurrences, quotations, speaker_aliases, speakers
from quotewire.store.outlets import outlet_sources
from quotewire.store.search import (
    QuoteQuery,
    check_speaker_filters,
    search_quotes,
    speaker_conditions,
    speaker_ids_matching,
)

_quote_count = (sa.select(quotations.c.speaker_id, sa.func.count().label("quotes"))
                .group_by(quotations.c.speaker_id).subquery())


@dataclass(frozen=True)
class SpeakerQuery:
    """The filters of ``quotewire speakers``, ``GET /api/speakers`` and the speakers page.

    ``source``, ``since`` and ``until`` count only the statements in that outlet's articles and
    published in that period (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), and list only the speakers
    with one; ``gender`` and ``kind`` are the speaker's own.
    """

    q: str | None = None
    source: str | None = None
    since: str | None = None
    until: str | None = None
    gender: str | None = None
    kind: str | None = None
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        bound_period(self)
        check_speaker_filters(self.gender, self.kind)


def article_conditions(conn: sa.Connection, source: str | None, since: str | None,
                       until: str | None) -> list[sa.ColumnElement[bool]]:
    """Conditions on ``articles`` for an outlet (by any of its names) and a publication period."""
    a = articles.c
    return (([a.source.in_(outlet_sources(conn, source))] if source else [])
            + ([a.date >= since] if since else []) + ([a.date <= until] if until else []))


def list_speakers(conn: sa.Connection, query: SpeakerQuery) -> dict[str, Any]:
    """Speakers by number of quotations (in the outlet and period asked, if any), filtered."""
    where = [speakers.c.id.in_(speaker_ids_matching(query.q))] if query.q else []
    where += speaker_conditions(query.gender, query.kind)
    in_articles = article_conditions(conn, query.source, query.since, query.until)
    if in_articles:
        o = occurrences.c
        counts = (sa.select(o.speaker_id, sa.func.count(o.quotation_id.distinct()).label("quotes"))
                  .select_from(occurrences.join(articles, articles.c.id == o.article_id))
                  .where(*in_articles).group_by(o.speaker_id).subquery())
        source = speakers.join(counts, counts.c.speaker_id == speakers.c.id)
    else:
        counts = _quote_count
        source = speakers.outerjoin(counts, counts.c.speaker_id == speakers.c.id)
    count = sa.func.coalesce(counts.c.quotes, 0)
    stmt = (sa.select(speakers, count.label("quotes")).select_from(source)
            .where(*where).order_by(count.desc(), speakers.c.name, speakers.c.id).limit(query.limit).offset(query.offset))
    total = conn.execute(sa.select(sa.func.count()).select_from(source).where(*where)).scalar_one()
    return {"total": total, "items": [_speaker_dict(r) | {"quotes": r.quotes} for r in conn.execute(stmt)]}


def _speaker_dict(r: sa.Row) -> dict[str, Any]:
    return {"id": r.id, "name": r.name, "kind": r.kind, "role": r.role, "organisation": r.organisation,
            "external_id": r.external_id, "gender": r.gender, "gender_source": r.gender_source,
            "gender_confidence": r.gender_confidence}


def gender_of(conn: sa.Connection, speaker_id: str) -> dict[str, Any]:
    """A speaker's gender call with its evidence as a list."""
    r = conn.execute(sa.select(speakers).where(speakers.c.id == speaker_id)).one()
    return {"id": r.id, "gender": r.gender, "gender_source": r.gender_source,
            "gender_confidence": r.gender_confidence, "gender_evidence": evidence_list(r.gender_evidence)}


def evidence_list(stored: str | None) -> list[str]:
    return stored.split(EVIDENCE_SEPARATOR) if stored else []


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
    unit, bars = timeline(day_counts)
    return _speaker_dict(row) | {  # role and organisation: the linker's, the most frequent of the last year
        "description": row.description, "identity": _identity(conn, speaker_id),
        "gender_evidence": evidence_list(row.gender_evidence), "aliases": aliases, "roles": roles, "quotes_count": sum(n for _, n in day_counts),
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
        .group_by(o.c.role, o.c.organisation))
    merged: dict[tuple[str, str], dict[str, Any]] = {}  # one row for "Secretary of State" and "secretary of State"
    for r in sorted(rows, key=lambda r: -r.n):
        key = ((r.role or "").casefold(), (r.organisation or "").casefold())
        first, last = known_day(r.first), known_day(r.last)
        if key not in merged:
            merged[key] = {"role": r.role, "organisation": r.organisation, "first_seen": first, "last_seen": last,
                           "mentions": r.n}
            continue
        m = merged[key]
        m["mentions"] += r.n
        m["first_seen"] = min((d for d in (m["first_seen"], first) if d), default=None)
        m["last_seen"] = max((d for d in (m["last_seen"], last) if d), default=None)
    return sorted(merged.values(), key=lambda m: (m["first_seen"] or "", m["role"] or ""))
