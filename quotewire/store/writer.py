"""Saving analysed articles: one transaction per batch, idempotent by article id.

Saving an article replaces what was stored for it (its row and its occurrences), so re-ingesting
the same article with the same analysis leaves the database as it was, and re-ingesting it after
the extractor improved updates it. A quotation left with no occurrence is deleted, so the
full-text index holds exactly the live quotations and can order and limit a search by itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from quotewire.models import AnalyzedArticle, Article, Quote, quotation_key, stable_hash
from quotewire.store.linking import SpeakerLinker
from quotewire.store.schema import articles, clusters, occurrences, quotation_sites, quotations
from quotewire.store.sql import insert_ignore, upsert

_CHUNK = 500


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_date(article: Article, fallback: str) -> str:
    """The day an article appeared: its published date when that starts with YYYY-MM-DD."""
    published = (article.published or "").strip()
    if len(published) >= 10 and published[4] == "-" and published[7] == "-" and published[:4].isdigit():
        return published[:10]
    return fallback[:10]


def save_batch(conn: sa.Connection, items: Sequence[AnalyzedArticle], run_id: int | None) -> None:
    stamp = now()
    linker = SpeakerLinker(conn)
    touched: set[str] = set()
    for item in items:
        touched |= _save_article(conn, linker, item, run_id, stamp)
    refresh_quotations(conn, touched)


def _save_article(conn: sa.Connection, linker: SpeakerLinker, item: AnalyzedArticle,
                  run_id: int | None, stamp: str) -> set[str]:
    a = item.article
    cluster_id = a.cluster_id or a.id
    date = article_date(a, stamp)
    insert_ignore(conn, clusters, [{"id": cluster_id, "title": a.title, "first_seen": date}], ["id"])
    conn.execute(sa.update(clusters).where(clusters.c.id == cluster_id, clusters.c.first_seen > date)
                 .values(first_seen=date, title=sa.func.coalesce(a.title, clusters.c.title)))
    old = {r[0] for r in conn.execute(sa.select(occurrences.c.quotation_id).where(occurrences.c.article_id == a.id))}
    conn.execute(sa.delete(occurrences).where(occurrences.c.article_id == a.id))
    upsert(conn, articles, [{
        "id": a.id, "cluster_id": cluster_id, "title": a.title, "source": a.source, "url": a.url,
        "published": a.published, "date": date, "author": a.author, "language": a.language,
        "republisher": a.republisher, "input": a.input, "text": a.text, "content_hash": a.content_hash,
        "minhash": a.minhash, "error": item.error, "run_id": run_id, "ingested_at": stamp}], ["id"])
    rows: dict[str, dict[str, Any]] = {}
    for quote in item.quotes:
        row = _occurrence(linker, a, cluster_id, quote)
        rows.setdefault(row["id"], row)
    new_quotations = {quotation_key(q, cluster_id): q for q in item.quotes}
    insert_ignore(conn, quotations, [{"id": key, "text": q.content.text, "type": q.type, "num_occurrences": 0}
                                     for key, q in new_quotations.items()], ["id"])
    # Two writers saving the same article at once (an API post during an ingest): the second
    # waits for the first's rows and keeps them, instead of failing its whole batch.
    insert_ignore(conn, occurrences, list(rows.values()), ["id"])
    return old | {r["quotation_id"] for r in rows.values()}


def _occurrence(linker: SpeakerLinker, a: Article, cluster_id: str, q: Quote) -> dict[str, Any]:
    speaker = q.speaker
    speaker_id = linker.resolve(speaker, a.id, a.text) if speaker and speaker.name.strip() else None
    return {
        "id": stable_hash(a.id, str(q.content.start), str(q.content.end)),
        "quotation_id": quotation_key(q, cluster_id),
        "article_id": a.id, "content_start": q.content.start, "content_end": q.content.end, "type": q.type,
        "cue": q.cue.text if q.cue else None, "cue_start": q.cue.start if q.cue else None,
        "cue_end": q.cue.end if q.cue else None, "cue_lemma": q.cue_lemma,
        "mention": q.speaker_mention.text if q.speaker_mention else None,
        "mention_start": q.speaker_mention.start if q.speaker_mention else None,
        "mention_end": q.speaker_mention.end if q.speaker_mention else None,
        "speaker_id": speaker_id, "speaker_name": speaker.name if speaker else None,
        "role": speaker.role if speaker else None, "organisation": speaker.organisation if speaker else None,
        "addressee": q.addressee.text if q.addressee else None, "confidence": q.confidence,
        "paragraph": q.paragraph,
    }


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = sorted(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def refresh_quotations(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Recount occurrences, first/last seen and the majority speaker of the given quotations."""
    o, a = occurrences, articles
    for chunk in _chunks(ids):
        found: dict[str, list[sa.Row]] = {qid: [] for qid in chunk}
        for row in conn.execute(
                sa.select(o.c.quotation_id, o.c.speaker_id, o.c.article_id, a.c.date, a.c.source, a.c.republisher)
                .join(a, a.c.id == o.c.article_id).where(o.c.quotation_id.in_(chunk))
                .order_by(a.c.date, o.c.article_id)):
            found[row.quotation_id].append(row)
        summaries = [_summary(qid, rows) for qid, rows in found.items() if rows]
        if summaries:
            conn.execute(sa.update(quotations).where(quotations.c.id == sa.bindparam("qid")).values(
                num_occurrences=sa.bindparam("n"), first_seen=sa.bindparam("first"),
                last_seen=sa.bindparam("last"), speaker_id=sa.bindparam("speaker"),
                first_article_id=sa.bindparam("article")), summaries)
        conn.execute(sa.delete(quotation_sites).where(quotation_sites.c.quotation_id.in_(chunk)))
        sites = [{"quotation_id": qid, "site": site, "first_seen": rows[0].date}
                 for qid, rows in found.items() for site in _sites(rows)]
        if sites:
            conn.execute(sa.insert(quotation_sites), sites)
        orphans = [qid for qid, rows in found.items() if not rows]
        if orphans:  # rare: an article re-saved without a statement it had; the index must not find it
            conn.execute(sa.delete(quotations).where(quotations.c.id.in_(orphans)))


def _sites(rows: list[sa.Row]) -> set[str]:
    """The sites that carry a quotation: each copy's source and republisher, lower-cased."""
    return {site.casefold() for r in rows for site in (r.source, r.republisher) if site}


def _summary(qid: str, rows: list[sa.Row]) -> dict[str, Any]:
    """Quotebank's view of a quotation: how often, since when, and who most copies credit."""
    votes = Counter(r.speaker_id for r in rows if r.speaker_id)
    return {
        "qid": qid, "n": len(rows), "first": rows[0].date if rows else None,
        "last": rows[-1].date if rows else None, "article": rows[0].article_id if rows else None,
        "speaker": votes.most_common(1)[0][0] if votes else None,
    }
