"""Every quotation with all its occurrences, streamed: what exports are made of."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import sqlalchemy as sa

from quotewire.store.schema import articles, occurrences, quotations, speakers


def iter_quotations(conn: sa.Connection) -> Iterator[dict[str, Any]]:
    """One dict per quotation, in id order, without loading the database into memory.

    ``votes`` counts, per speaker name, how many occurrences credit them (None: unattributed);
    Quotebank's ``probas`` are these shares. ``provenance`` says where each occurrence came from:
    its article, the input it was read from (path or URL, and a WARC record's byte offset), its
    publication date (None: unknown) and ingest time kept apart, and the extractor rule.
    """
    q, o, a = quotations.c, occurrences.c, articles.c
    credited = speakers.alias("credited")
    stmt = (sa.select(q.id, q.text, q.type, q.cue_class, q.first_seen, q.last_seen, q.num_occurrences,
                      speakers.c.id.label("speaker_id"), speakers.c.name.label("speaker"),
                      speakers.c.gender.label("speaker_gender"), credited.c.name.label("credited"), a.url, a.id.label("article_id"), a.source,
                      a.cluster_id, a.input, a.input_offset, a.published, a.date, a.ingested_at, o.rule)
            .select_from(quotations.join(occurrences, o.quotation_id == q.id).join(articles, a.id == o.article_id)
                         .outerjoin(speakers, speakers.c.id == q.speaker_id)
                         .outerjoin(credited, credited.c.id == o.speaker_id))
            .order_by(q.id, a.date.is_(None), a.date, a.id))
    result = conn.execution_options(yield_per=2000).execute(stmt)
    for _, group in groupby(result, key=lambda r: r.id):
        rows = list(group)
        first = rows[0]
        yield {
            "id": first.id, "quotation": first.text, "type": first.type, "cue_class": first.cue_class,
            "speaker": first.speaker,
            "speaker_id": first.speaker_id, "speaker_gender": first.speaker_gender, "first_seen": first.first_seen, "last_seen": first.last_seen,
            "num_occurrences": first.num_occurrences,
            "urls": list(dict.fromkeys(r.url for r in rows if r.url)),
            "articles": list(dict.fromkeys(r.article_id for r in rows)),
            "sources": list(dict.fromkeys(r.source for r in rows if r.source)),
            "clusters": list(dict.fromkeys(r.cluster_id for r in rows)),
            "provenance": [_provenance(r) for r in rows],
            "votes": Counter(r.credited for r in rows),
        }


def _provenance(r: sa.Row) -> dict[str, Any]:
    return {"article_id": r.article_id, "input": r.input, "input_offset": r.input_offset, "url": r.url,
            "published": r.date, "ingested_at": r.ingested_at, "rule": r.rule}
