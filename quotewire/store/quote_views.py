"""One statement with every article that carries it, and the citation a reader copies."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quotewire.display import citation, outlet_name
from quotewire.store.days import published_day
from quotewire.store.schema import articles, occurrences, quotations
from quotewire.store.search import PROVENANCE, quote_select, quotation_dict


def quote_detail(conn: sa.Connection, quote_id: str) -> dict[str, Any] | None:
    """The statement ``quote_id`` as search gives it, plus ``citation`` and ``occurrences`` (each
    article carrying it, earliest first, with cue, type, confidence and the speaker's role there);
    None when unknown."""
    row = conn.execute(quote_select(quotations).where(quotations.c.id == quote_id)).first()
    if row is None:
        return None
    o, a = occurrences.c, articles.c
    rows = conn.execute(
        sa.select(o.type, o.cue, o.cue_class, o.confidence, o.speaker_name, o.role, o.organisation, o.rule,
                  o.content_start, o.content_end, a.id.label("article_id"), a.title, a.source, a.url, a.published,
                  a.date, *(a[f] for f in PROVENANCE))
        .join(articles, a.id == o.article_id).where(o.quotation_id == quote_id)
        .order_by(a.date.is_(None), a.date, a.id, o.content_start))
    detail = quotation_dict(row)
    detail["occurrences"] = [{
        "article": {"id": r.article_id, "title": r.title, "outlet": outlet_name(r.source, r.url), "url": r.url,
                    "published": published_day(r.published, r.date), **{f: r._mapping[f] for f in PROVENANCE}},
        "content": [r.content_start, r.content_end], "type": r.type, "cue": r.cue, "cue_class": r.cue_class,
        "confidence": r.confidence, "speaker_name": r.speaker_name, "role": r.role,
        "organisation": r.organisation, "rule": r.rule} for r in rows]
    detail["citation"] = citation(detail)
    return detail
