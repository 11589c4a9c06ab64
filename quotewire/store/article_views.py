"""Reading articles, story clusters and database-wide counts."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quotewire.store.days import published_day
from quotewire.store.schema import articles, clusters, failures, occurrences, quotations, runs, speakers
from quotewire.store.search import PROVENANCE

_ARTICLE_FIELDS = ("id", "cluster_id", "title", "source", "url", "published", "author", "language",
                   "republisher", *PROVENANCE, "statement_extractor", "error", "ingested_at")


def article_detail(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    """An article's text and every statement in it, in text order; None when unknown.

    ``date`` is its publication day, None ("date unknown") when it had none; when it was stored
    is ``ingested_at``. ``input`` (and ``input_offset``) say where every statement came from.
    """
    row = conn.execute(sa.select(articles).where(articles.c.id == article_id)).first()
    if row is None:
        return None
    o = occurrences
    statements = conn.execute(
        sa.select(o, speakers.c.name.label("speaker")).outerjoin(speakers, speakers.c.id == o.c.speaker_id)
        .where(o.c.article_id == article_id).order_by(o.c.content_start, o.c.content_end))
    copies = conn.execute(sa.select(sa.func.count()).select_from(articles)
                          .where(articles.c.cluster_id == row.cluster_id)).scalar_one()
    return {f: getattr(row, f) for f in _ARTICLE_FIELDS} | {
        "date": published_day(row.published, row.date), "text": row.text, "cluster_size": copies,
        "statements": [_statement(r) for r in statements]}


def _statement(r: sa.Row) -> dict[str, Any]:
    return {
        "quotation_id": r.quotation_id, "type": r.type, "content": [r.content_start, r.content_end],
        "cue": r.cue, "cue_span": [r.cue_start, r.cue_end] if r.cue_start is not None else None,
        "cue_lemma": r.cue_lemma, "cue_class": r.cue_class, "mention": r.mention,
        "mention_span": [r.mention_start, r.mention_end] if r.mention_start is not None else None,
        "speaker": {"id": r.speaker_id, "name": r.speaker} if r.speaker_id else None,
        "speaker_name": r.speaker_name, "role": r.role, "organisation": r.organisation,
        "addressee": r.addressee, "confidence": r.confidence,
    }


def cluster_detail(conn: sa.Connection, cluster_id: str) -> dict[str, Any] | None:
    """A story and all its stored copies, earliest first; ``first_seen`` is the earliest
    publication day of a copy, None when no copy had one (ingest days are not publication days)."""
    row = conn.execute(sa.select(clusters).where(clusters.c.id == cluster_id)).first()
    if row is None:
        return None
    n = sa.select(sa.func.count()).where(occurrences.c.article_id == articles.c.id).scalar_subquery()
    a = articles.c
    rows = conn.execute(
        sa.select(a.id, a.title, a.source, a.url, a.date, a.published, a.republisher, *(a[f] for f in PROVENANCE),
                  a.ingested_at, n.label("statements"))
        .where(a.cluster_id == cluster_id).order_by(a.date, a.id))
    copies = [dict(r._mapping) | {"date": published_day(r.published, r.date)} for r in rows]
    first = min((c["date"] for c in copies if c["date"]), default=None)
    return {"id": row.id, "title": row.title, "first_seen": first, "articles": copies}


def count(conn: sa.Connection, table: sa.Table) -> int:
    return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def stats(conn: sa.Connection) -> dict[str, int]:
    """How much the database holds."""
    return {
        "articles": count(conn, articles), "clusters": count(conn, clusters),
        "quotations": count(conn, quotations),
        "occurrences": count(conn, occurrences), "speakers": count(conn, speakers),
        "failed_inputs": count(conn, failures), "runs": count(conn, runs),
    }
