"""Every quotation with all its occurrences, streamed: what exports are made of."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from typing import Any

import sqlalchemy as sa

from quotewire.display import display_text, outlet_name
from quotewire.store.schema import articles, occurrences, quotation_lineages, quotations, speakers


def iter_quotations(conn: sa.Connection, ids: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """One dict per quotation (those of ``ids`` only, when given), in id order, without loading the
    database into memory. ``display`` is the quotation as shown and cited (``display.py``).

    ``votes`` sums, per speaker name, the confidence of the occurrences crediting them (None:
    unattributed); Quotebank's ``probas`` are these over the number of occurrences. ``provenance``
    says where each occurrence came from and what was found there: its article (title, outlet,
    URL), the input it was read from (path or URL, and a WARC record's byte offset), its
    publication date (None: unknown) and ingest time kept apart, the extractor rule, the type,
    cue and confidence, and the speaker credited there with their role and organisation.
    ``lineage_id``, ``original_id``, ``relation`` and ``changes`` place it among the wordings of its
    quote (docs/lineage.md).
    """
    q, o, a, lin = quotations.c, occurrences.c, articles.c, quotation_lineages.c
    credited = speakers.alias("credited")
    stmt = (sa.select(q.id, q.text, q.type, q.cue_class, q.first_seen, q.last_seen, q.num_occurrences,
                      lin.lineage_id, lin.original_id, lin.relation, lin.changes,
                      speakers.c.id.label("speaker_id"), speakers.c.name.label("speaker"),
                      speakers.c.external_id.label("speaker_external_id"),
                      speakers.c.gender.label("speaker_gender"),
                      credited.c.name.label("credited"), credited.c.id.label("credited_id"), a.url,
                      a.id.label("article_id"), a.source, a.title, a.cluster_id, a.input, a.input_offset,
                      a.published, a.date, a.ingested_at, o.rule, o.type.label("occurrence_type"), o.cue,
                      o.cue_class.label("occurrence_cue_class"), o.confidence, o.role, o.organisation)
            .select_from(quotations.join(occurrences, o.quotation_id == q.id).join(articles, a.id == o.article_id)
                         .outerjoin(quotation_lineages, lin.quotation_id == q.id)
                         .outerjoin(speakers, speakers.c.id == q.speaker_id)
                         .outerjoin(credited, credited.c.id == o.speaker_id))
            .where(*([q.id.in_(ids)] if ids is not None else []))
            .order_by(q.id, a.date.is_(None), a.date, a.id))
    result = conn.execution_options(yield_per=2000).execute(stmt)
    for _, group in groupby(result, key=lambda r: r.id):
        rows = list(group)
        first = rows[0]
        yield {
            "id": first.id, "quotation": first.text, "display": display_text(first.text), "type": first.type, "cue_class": first.cue_class,
            "speaker": first.speaker,
            "speaker_id": first.speaker_id, "speaker_external_id": first.speaker_external_id,
            "speaker_gender": first.speaker_gender, "first_seen": first.first_seen, "last_seen": first.last_seen,
            "num_occurrences": first.num_occurrences,
            "lineage_id": first.lineage_id, "original_id": first.original_id, "relation": first.relation,
            "changes": first.changes or [],
            "urls": list(dict.fromkeys(r.url for r in rows if r.url)),
            "articles": list(dict.fromkeys(r.article_id for r in rows)),
            "sources": list(dict.fromkeys(r.source for r in rows if r.source)),
            "clusters": list(dict.fromkeys(r.cluster_id for r in rows)),
            "provenance": [_provenance(r) for r in rows],
            "votes": _votes(rows),
        }


def _votes(rows: list[sa.Row]) -> dict[str | None, float]:
    votes: dict[str | None, float] = {}
    for r in rows:
        votes[r.credited] = votes.get(r.credited, 0.0) + r.confidence
    return votes


def _provenance(r: sa.Row) -> dict[str, Any]:
    return {"article_id": r.article_id, "cluster_id": r.cluster_id, "input": r.input, "input_offset": r.input_offset, "url": r.url,
            "published": r.date, "ingested_at": r.ingested_at, "rule": r.rule, "title": r.title,
            "outlet": outlet_name(r.source, r.url), "type": r.occurrence_type, "cue": r.cue,
            "cue_class": r.occurrence_cue_class, "confidence": r.confidence, "speaker": r.credited,
            "speaker_id": r.credited_id, "role": r.role, "organisation": r.organisation}
