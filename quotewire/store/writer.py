"""Saving analysed articles: one transaction per batch, idempotent by article id.

Saving an article replaces what was stored for it (its row and its occurrences), so re-ingesting
the same article with the same analysis leaves the database as it was, and re-ingesting it after
the extractor improved updates it. A quotation left with no occurrence is deleted, so the
full-text index holds exactly the live quotations and can order and limit a search by itself.

Every batch's transaction takes the store's write lock first (``Store.write_batch``:
``sql.lock_for_writing``), so concurrent writers (two ingests, Dask workers) resolve speakers and
clusters one batch after another: no duplicate, no deadlock. An ingest places the batch in the
story index in the same transaction, so the index never keeps a placement whose batch was not
saved. An article is stored under its cluster's *current* name in the story index (a smaller
article id may have joined since: ``rename_clusters``).

Dates: ``articles.date`` is the publication day, NULL when unknown ("date unknown"); the ingest
time is ``ingested_at``, and first/last-seen days come from known publication days only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from quotewire.dedup import signature_id
from quotewire.models import AnalyzedArticle, Article, Quote, Span, clean_name, quotation_key, stable_hash
from quotewire.store.genders import EVIDENCE_SEPARATOR, refresh_genders
from quotewire.store.lineages import update_lineages
from quotewire.store.linking import SpeakerLinker, role_of
from quotewire.store.fulltext import search_text
from quotewire.store.schema import (articles, clusters, occurrences, quotation_sites, quotations, story_clusters,
                                    story_signatures)
from quotewire.store.sql import dialect_insert, in_chunks, insert_ignore, upsert

_CHUNK = 500


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_date(article: Article) -> str | None:
    """The day an article was published, when its published date starts with YYYY-MM-DD; else None."""
    published = (article.published or "").strip()
    if len(published) >= 10 and published[4] == "-" and published[7] == "-" and published[:4].isdigit():
        return published[:10]
    return None


def _nul_free(value: Any) -> Any:
    """``value`` with every NUL character in its strings made a space (same length: offsets hold)."""
    if isinstance(value, str):
        return value.replace("\x00", " ")
    if isinstance(value, list):
        return [_nul_free(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _nul_free(getattr(value, f.name)) for f in fields(value) if f.init})
    return value


def storable(item: AnalyzedArticle) -> AnalyzedArticle:
    """The item as every backend can store it: PostgreSQL text cannot hold NUL, which JSON input and
    API posts can carry; a NUL becomes a space (one character for one, so spans stay valid)."""
    a = item.article
    if any("\x00" in v for v in vars(a).values() if isinstance(v, str)):
        return _nul_free(item)
    return item


def save_batch(conn: sa.Connection, items: Sequence[AnalyzedArticle], run_id: int | None) -> None:
    """Save ``items`` under their clusters' current names, and set each given article's
    ``cluster_id`` to that name, so that what the caller writes next (``--out``) agrees with the
    store even when a copy placed after this article renamed its cluster. The caller holds the
    store's write lock (``Store.write_batch``)."""
    stamp = now()
    linker = SpeakerLinker(conn)
    current = cluster_names(conn, {i.article.content_hash for i in items if i.article.content_hash})
    touched: set[str] = set()
    people: set[str] = set()
    for item in items:
        a = item.article
        a.cluster_id = current.get(a.content_hash or "") or a.cluster_id or a.id
        quotation_ids, speaker_ids = _save_article(conn, linker, storable(item), a.cluster_id, run_id, stamp)
        touched |= quotation_ids
        people |= speaker_ids
    touched |= linker.finish()
    people |= linker.touched
    refresh_quotations(conn, touched)
    refresh_genders(conn, people)


# Built once: an ingest runs these for every article, and building a statement costs more than running it.
_DROP_OCCURRENCES = (sa.delete(occurrences).where(occurrences.c.article_id == sa.bindparam("article"))
                     .returning(occurrences.c.quotation_id, occurrences.c.speaker_id))


@lru_cache(maxsize=2)
def _cluster_seen(dialect: str) -> Any:
    """Create an article's cluster, or give it the article's day (and title, when the article has
    one) when that day is earlier than the cluster's first seen: one statement, run per article."""
    stmt = dialect_insert(dialect, clusters)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["id"], set_={"first_seen": new.first_seen, "title": sa.func.coalesce(new.title, clusters.c.title)},
        where=sa.and_(new.first_seen.is_not(None),
                      sa.or_(clusters.c.first_seen.is_(None), clusters.c.first_seen > new.first_seen)))


def _save_article(conn: sa.Connection, linker: SpeakerLinker, item: AnalyzedArticle, cluster_id: str,
                  run_id: int | None, stamp: str) -> tuple[set[str], set[str]]:
    """Save one article; the quotations and the speakers whose statements it added or removed."""
    a = item.article
    date = article_date(a)
    conn.execute(_cluster_seen(conn.dialect.name), {"id": cluster_id, "title": a.title, "first_seen": date})
    dropped = conn.execute(_DROP_OCCURRENCES, {"article": a.id}).all()
    upsert(conn, articles, [{
        "id": a.id, "cluster_id": cluster_id, "title": a.title, "source": a.source, "url": a.url,
        "published": a.published, "date": date, "author": a.author, "language": a.language,
        "republisher": a.republisher, "input": a.input, "input_offset": a.input_offset, "text": a.text, "content_hash": a.content_hash,
        "minhash": a.minhash, "statement_extractor": item.extractor, "error": item.error, "run_id": run_id, "ingested_at": stamp}], ["id"])
    rows: dict[str, dict[str, Any]] = {}
    new_quotations: dict[str, Quote] = {}
    for quote in item.quotes:
        key = quotation_key(quote, cluster_id)
        new_quotations[key] = quote
        row = _occurrence(linker, a, key, quote)
        rows.setdefault(row["id"], row)
    insert_ignore(conn, quotations, [{"id": key, "text": q.content.text, "type": q.type, "cue_class": q.cue_class,
                                      "num_occurrences": 0, "search_text": search_text(q.content.text)}
                                     for key, q in new_quotations.items()], ["id"])
    # Two writers saving the same article at once (an API post during an ingest): the second
    # waits for the first's rows and keeps them, instead of failing its whole batch.
    insert_ignore(conn, occurrences, list(rows.values()), ["id"])
    return ({r.quotation_id for r in dropped} | {r["quotation_id"] for r in rows.values()},
            {r.speaker_id for r in dropped} | {r["speaker_id"] for r in rows.values()})


def _occurrence(linker: SpeakerLinker, a: Article, quotation_id: str, q: Quote) -> dict[str, Any]:
    speaker = q.speaker
    if speaker is not None:
        speaker = replace(speaker, name=clean_name(speaker.name))
    speaker_id, score, evidence = linker.link(speaker, a.id) if speaker and speaker.name else (None, None, None)
    told = speaker.gender if speaker else None
    return {
        "id": stable_hash(a.id, str(q.content.start), str(q.content.end)),
        "quotation_id": quotation_id,
        "article_id": a.id, "content_start": q.content.start, "content_end": q.content.end, "type": q.type,
        "cue": q.cue.text if q.cue else None, "cue_start": q.cue.start if q.cue else None,
        "cue_end": q.cue.end if q.cue else None, "cue_lemma": q.cue_lemma, "cue_class": q.cue_class,
        "mention": q.speaker_mention.text if q.speaker_mention else None,
        "mention_start": q.speaker_mention.start if q.speaker_mention else None,
        "mention_end": q.speaker_mention.end if q.speaker_mention else None,
        "speaker_id": speaker_id, "speaker_name": speaker.name if speaker else None,
        "role": role_of(speaker) if speaker else None,
        "organisation": clean_name(speaker.organisation) or None if speaker and speaker.organisation else None,
        "descriptors": list(speaker.descriptors) or None if speaker else None,
        "link_score": score, "link_evidence": evidence,
        "addressee": q.addressee.text if q.addressee else None, "confidence": q.confidence,
        "paragraph": q.paragraph, "rule": q.rule,
        "speaker_gender": told.gender if told else None, "gender_source": told.source if told else None,
        "gender_evidence": EVIDENCE_SEPARATOR.join(told.evidence) or None if told else None,
    }


def _chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    ids = sorted(ids)
    for i in range(0, len(ids), _CHUNK):
        yield ids[i:i + _CHUNK]


def refresh_quotations(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Recount occurrences, first/last seen and the majority speaker of the given quotations, and
    bring their lineages up to date (``lineages.update_lineages``)."""
    ids = set(ids)
    o, a = occurrences, articles
    for chunk in _chunks(ids):
        found: dict[str, list[sa.Row]] = {qid: [] for qid in chunk}
        for row in conn.execute(
                sa.select(o.c.quotation_id, o.c.speaker_id, o.c.article_id, a.c.date, a.c.source, a.c.republisher)
                .join(a, a.c.id == o.c.article_id).where(o.c.quotation_id.in_(chunk))
                .order_by(a.c.date.is_(None), a.c.date, o.c.article_id)):  # unknown dates last
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
    update_lineages(conn, ids)


def _sites(rows: list[sa.Row]) -> set[str]:
    """The sites that carry a quotation: each copy's source and republisher, lower-cased."""
    return {site.casefold() for r in rows for site in (r.source, r.republisher) if site}


def _summary(qid: str, rows: list[sa.Row]) -> dict[str, Any]:
    """Quotebank's view of a quotation: how often, since when (known publication days only), and
    who most copies credit. ``rows`` are in date order, unknown dates last."""
    votes = Counter(r.speaker_id for r in rows if r.speaker_id)
    dates = [r.date for r in rows if r.date is not None]
    return {
        "qid": qid, "n": len(rows), "first": dates[0] if dates else None,
        "last": dates[-1] if dates else None, "article": rows[0].article_id if rows else None,
        "speaker": votes.most_common(1)[0][0] if votes else None,
    }


def cluster_names(conn: sa.Connection, chashes: Iterable[str]) -> dict[str, str]:
    """The current cluster name of each indexed content hash (what the writer stores articles under)."""
    by_id = {signature_id(h): h for h in chashes}
    s, c = story_signatures.c, story_clusters.c
    stmt = sa.select(s.id, c.name).join(story_clusters, c.key == s.cluster_key)
    return {by_id[r.id]: r.name for r in in_chunks(conn, stmt, s.id, by_id)}


def rename_clusters(conn: sa.Connection, renames: Sequence[tuple[str, str]]) -> None:
    """Move stored articles from each ``old`` cluster name to ``new``, in order (a chain a -> b -> c
    in one batch ends at c), with their ``clusters`` row and their cluster-scoped quotations (short
    statements are keyed by cluster: ``models.quotation_key``)."""
    if not renames:
        return
    pairs = [{"old": old, "new": new} for old, new in renames]
    conn.execute(sa.text("INSERT INTO clusters (id, title, first_seen) SELECT :new, title, first_seen "
                         "FROM clusters WHERE id = :old ON CONFLICT DO NOTHING"), pairs)
    conn.execute(sa.update(articles).where(articles.c.cluster_id == sa.bindparam("old"))
                 .values(cluster_id=sa.bindparam("new")), pairs)
    conn.execute(sa.delete(clusters).where(clusters.c.id == sa.bindparam("old")), pairs)
    _rekey_quotations(conn, {new for _, new in renames})


def _rekey_quotations(conn: sa.Connection, cluster_ids: set[str]) -> None:
    o, q, a = occurrences.c, quotations.c, articles.c
    stmt = (sa.select(o.id, o.quotation_id, q.text, q.type, q.cue_class, a.cluster_id)
            .join(quotations, q.id == o.quotation_id).join(articles, a.id == o.article_id))
    moved: list[dict[str, Any]] = []
    rows: dict[str, dict[str, Any]] = {}
    for r in in_chunks(conn, stmt, a.cluster_id, cluster_ids):
        key = quotation_key(Quote(r.type, Span(0, len(r.text), r.text)), r.cluster_id)
        if key != r.quotation_id:
            moved.append({"oid": r.id, "qid": key, "old": r.quotation_id})
            rows.setdefault(key, {"id": key, "text": r.text, "type": r.type, "cue_class": r.cue_class, "num_occurrences": 0,
                                  "search_text": search_text(r.text)})
    if not moved:
        return
    insert_ignore(conn, quotations, list(rows.values()), ["id"])
    conn.execute(sa.update(occurrences).where(occurrences.c.id == sa.bindparam("oid"))
                 .values(quotation_id=sa.bindparam("qid")), [{"oid": m["oid"], "qid": m["qid"]} for m in moved])
    refresh_quotations(conn, {m["qid"] for m in moved} | {m["old"] for m in moved})
