"""Reading quote lineages: "did X say Y" (``verify``), one lineage as a timeline (``lineage``),
and the wordings that differ from their original or credit someone else (``changed_wordings``).

``verify`` looks a claim up by every word 3-gram it has (``lineage.query_prints``) in the
fingerprint index, aligns it with the stored wordings that share the most, and judges it against
the *original* of each lineage found: what the speaker was first attested to have said, not a
later outlet's version of it. The answer's shape is ``api_models.VerifyOut`` (docs/lineage.md).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from quotewire.errors import BadInput
from quotewire.lineage import MIN_SHARED, align, judge, query_prints, words
from quotewire.store.names import parse_name
from quotewire.store.schema import (articles, occurrences, quotation_lineages, quotations, quote_prints,
                                    speaker_aliases, speakers)
from quotewire.store.search import speaker_ids_matching
from quotewire.store.sql import in_chunks

CANDIDATES = 50
"""Stored wordings aligned with a claim: those sharing the most 3-grams with it."""

SHOW_MIN = 0.5
"""A lineage is listed among the matches when its closest wording scores at least this."""

MAX_MATCHES = 5
MAX_VARIANTS = 50
MAX_CLAIM_WORDS = 400
MAX_TIMELINE = 500
"""Wordings a lineage page shows: the original and the earliest later ones."""


def _statements() -> dict[str, Any]:
    """The verifier's queries, built once with bound parameters: building a statement cost more
    than running it (a claim's lookup is a few milliseconds of SQL)."""
    qp, lc, qc, a, s = quote_prints.c, quotation_lineages.c, quotations.c, articles.c, speakers.c
    hits = (sa.select(qp.quotation_id).where(qp.print.in_(sa.bindparam("prints", expanding=True)))
            .group_by(qp.quotation_id).order_by(sa.func.count().desc(), qp.quotation_id)
            .limit(CANDIDATES).subquery())
    key = sa.bindparam("key")
    return {
        "candidates": sa.select(qc.text, lc.lineage_id).join(hits, hits.c.quotation_id == qc.id)
                        .join(quotation_lineages, lc.quotation_id == qc.id),
        "wordings": (sa.select(qc.id, qc.text, qc.num_occurrences, qc.speaker_id, s.name.label("speaker"),
                               lc.lineage_id, lc.original_id, lc.relation, lc.changes, lc.original_speaker_id,
                               a.id.label("article_id"), a.url, a.source, a.date)
                     .join(quotations, qc.id == lc.quotation_id).outerjoin(articles, a.id == qc.first_article_id)
                     .outerjoin(speakers, s.id == qc.speaker_id).where(lc.lineage_id == sa.bindparam("lineage"))
                     .order_by(lc.relation != "original", a.date.is_(None), a.date, qc.id)
                     .limit(sa.bindparam("limit"))),
        "named": sa.union(sa.select(s.id).where(sa.or_(s.id == sa.bindparam("name"), s.name_key == key)),
                          sa.select(speaker_aliases.c.speaker_id).where(speaker_aliases.c.alias_key == key)),
        "speaker_names": sa.select(s.id, s.name).where(s.id.in_(sa.bindparam("ids", expanding=True))),
    }


_SQL = _statements()


def verify(conn: sa.Connection, text: str, speaker: str | None = None) -> dict[str, Any]:
    """The verdict on ``text`` (claimed words), optionally as said by ``speaker`` (a name or id)."""
    claimed = words(text)
    if not claimed:
        raise BadInput("q: no words to check")
    if len(claimed) > MAX_CLAIM_WORDS:
        raise BadInput(f"q: at most {MAX_CLAIM_WORDS} words, got {len(claimed)}")
    best: dict[str, float] = {}
    for row in conn.execute(_SQL["candidates"], {"prints": query_prints(claimed)}):
        found = align(claimed, words(row.text))
        if found.shared >= MIN_SHARED and found.score >= max(SHOW_MIN, best.get(row.lineage_id, 0.0)):
            best[row.lineage_id] = found.score
    chosen = sorted(best, key=lambda lid: (-best[lid], lid))[:MAX_MATCHES]
    speaker_ids = _named(conn, speaker) if speaker else None
    matches = _matches(conn, claimed, chosen, speaker_ids)
    return {"query": text, "speaker": speaker, "verdict": matches[0]["verdict"] if matches else "not_found",
            "matches": matches}


def _named(conn: sa.Connection, name: str) -> set[str]:
    """The speakers ``name`` can mean: its id, or any speaker a name or alias of whom is it or
    contains it, titles left out ("Mr. Ortiz" can mean "Mayor Lena Ortiz"): a name that does not
    tell two people apart is no evidence against either."""
    parts = parse_name(name, "person")
    exact = {r[0] for r in conn.execute(_SQL["named"], {"name": name, "key": parts.key})}
    return exact | {r[0] for r in conn.execute(speaker_ids_matching(parts.display))}


def _wordings(conn: sa.Connection, lineage_id: str, limit: int) -> list[dict[str, Any]]:
    """The lineage's original, then up to ``limit - 1`` later wordings, earliest first, with where
    each was first seen and whom it credits."""
    return [{"quotation_id": r.id, "quotation": r.text, "lineage_id": r.lineage_id, "original_id": r.original_id,
             "relation": r.relation, "changes": r.changes, "speaker": r.speaker, "speaker_id": r.speaker_id,
             "original_speaker_id": r.original_speaker_id, "num_occurrences": r.num_occurrences,
             "first_seen": {"published": r.date, "article_id": r.article_id, "url": r.url, "source": r.source}}
            for r in conn.execute(_SQL["wordings"], {"lineage": lineage_id, "limit": limit})]


def _matches(conn: sa.Connection, claimed: list[str], lineage_ids: list[str],
             speaker_ids: set[str] | None) -> list[dict[str, Any]]:
    wordings = {lid: _wordings(conn, lid, MAX_VARIANTS + 1) for lid in lineage_ids}
    names = _speaker_names(conn, {ws[0]["original_speaker_id"] for ws in wordings.values()})
    matches = []
    for lid in lineage_ids:
        original, *variants = wordings[lid]
        found = align(claimed, words(original["quotation"]))
        credited = original["original_speaker_id"]
        matches.append({
            "quotation_id": original["quotation_id"], "quotation": original["quotation"], "lineage_id": lid,
            "speaker": names.get(credited), "speaker_id": credited,
            "speaker_match": None if speaker_ids is None or credited is None else credited in speaker_ids,
            "score": round(found.score, 4), "verdict": judge(found),
            "changes": [c.to_dict() for c in found.changes],
            "first_seen": original["first_seen"], "num_occurrences": original["num_occurrences"],
            "variants": [_variant(v) for v in variants],
        })
    return matches


def _variant(w: dict[str, Any]) -> dict[str, Any]:
    return {k: w[k] for k in ("quotation_id", "quotation", "relation", "changes", "speaker", "speaker_id",
                              "first_seen", "num_occurrences")}


def _speaker_names(conn: sa.Connection, ids: set[str | None]) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(_SQL["speaker_names"], {"ids": sorted(i for i in ids if i)})}


def lineage(conn: sa.Connection, quotation_id: str) -> dict[str, Any] | None:
    """The lineage of a quotation as a timeline: the original, then every later wording and every
    occurrence of each (outlet, day, whom it credits, whether that is someone else), earliest first."""
    lid = conn.execute(sa.select(quotation_lineages.c.lineage_id)
                       .where(quotation_lineages.c.quotation_id == quotation_id)).scalar()
    if lid is None:
        return None
    wordings = _wordings(conn, lid, MAX_TIMELINE)
    o, a, s = occurrences.c, articles.c, speakers.c
    stmt = (sa.select(o.quotation_id, o.article_id, o.speaker_id, s.name.label("speaker"), a.source, a.url, a.date,
                      a.title).join(articles, a.id == o.article_id).outerjoin(speakers, s.id == o.speaker_id)
            .order_by(a.date.is_(None), a.date, a.id))
    printed: dict[str, list[dict[str, Any]]] = {w["quotation_id"]: [] for w in wordings}
    credited = wordings[0]["original_speaker_id"]
    for r in in_chunks(conn, stmt, o.quotation_id, list(printed)):
        printed[r.quotation_id].append({
            "article_id": r.article_id, "title": r.title, "source": r.source, "url": r.url, "published": r.date,
            "speaker": r.speaker, "speaker_id": r.speaker_id,
            "misattributed": _misattributed(r.speaker_id, credited)})
    names = _speaker_names(conn, {credited})
    return {"lineage_id": lid, "original_id": wordings[0]["quotation_id"], "speaker": names.get(credited),
            "speaker_id": credited, "wordings": [w | {"printed": printed[w["quotation_id"]]} for w in wordings]}


def _misattributed(speaker_id: str | None, credited: str | None) -> bool:
    return bool(speaker_id and credited and speaker_id != credited)


def changed_wordings(conn: sa.Connection, altered: bool = False, misattributed: bool = False,
                     limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
    """Wordings that differ from their original (``altered``) and/or printings that credit someone
    other than the original's speaker (``misattributed``), newest first: one row per printing."""
    lc, o, a, s, qc = quotation_lineages.c, occurrences.c, articles.c, speakers.c, quotations.c
    original = quotations.alias("original")
    credited = speakers.alias("credited")
    conditions = []
    if altered:
        conditions.append(lc.relation == "altered")
    if misattributed:
        conditions += [o.speaker_id.is_not(None), lc.original_speaker_id.is_not(None),
                       o.speaker_id != lc.original_speaker_id]
    stmt = (sa.select(qc.id, qc.text, lc.lineage_id, lc.original_id, original.c.text.label("original"), lc.relation,
                      lc.changes, o.article_id, a.source, a.url, a.date, o.speaker_id, s.name.label("speaker"),
                      lc.original_speaker_id, credited.c.name.label("original_speaker"))
            .select_from(quotation_lineages.join(quotations, qc.id == lc.quotation_id)
                         .join(original, original.c.id == lc.original_id)
                         .join(occurrences, o.quotation_id == lc.quotation_id).join(articles, a.id == o.article_id)
                         .outerjoin(speakers, s.id == o.speaker_id)
                         .outerjoin(credited, credited.c.id == lc.original_speaker_id))
            .where(*conditions).order_by(a.date.is_(None), a.date.desc(), o.id).limit(limit).offset(offset))
    return [{"quotation_id": r.id, "quotation": r.text, "lineage_id": r.lineage_id, "original_id": r.original_id,
             "original": r.original, "relation": r.relation, "changes": r.changes, "article_id": r.article_id,
             "source": r.source, "url": r.url, "published": r.date, "speaker": r.speaker, "speaker_id": r.speaker_id,
             "original_speaker": r.original_speaker, "original_speaker_id": r.original_speaker_id,
             "misattributed": _misattributed(r.speaker_id, r.original_speaker_id)}
            for r in conn.execute(stmt)]
