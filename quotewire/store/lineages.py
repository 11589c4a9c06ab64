"""Keeping quote lineages as quotations come and go (docs/lineage.md).

The writer calls ``update_lineages`` with every quotation a batch touched, in the batch's
transaction under the store's write lock. A new wording is indexed under its fingerprints
(``lineage.fingerprints``); the stored wordings that share one are aligned with it, and each
that ``lineage.link`` accepts joins their lineages into one. Every pair that could be joined is
looked at when the later of the two arrives, by a test that does not depend on which came first,
so the lineages do not depend on arrival order.

A lineage's original is its earliest wording: the first publication day, then the publication
time of the article it was first seen in (as the source gave it), then its id -- never the ingest
time, so that the original does not depend on which copy arrived first. A lineage's id is a hash
of its original's. Each wording
keeps its changes against the original and whom the original's first occurrence credits. When a
wording is removed (its last article re-saved without it) the rest of its lineage stays together
around a new original: lineages merge, they never split (a limit, docs/lineage.md).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import sqlalchemy as sa

from quotewire.lineage import Alignment, align, fingerprints, link, words
from quotewire.models import stable_hash
from quotewire.store.schema import articles, occurrences, quotation_lineages, quotations, quote_prints
from quotewire.store.sql import bulk_insert_ignore, bulk_select, in_chunks

CANDIDATES = 100
"""Stored wordings aligned with each new one, those sharing the most fingerprints first: a quote
printed more often than this in differing wordings still joins through the ones looked at."""

QUOTED = ("direct", "mixed")
"""The statements whose words are quoted, and so have lineages: an indirect statement is the
reporter's wording, and linking paraphrases chained whole campaigns' coverage into one lineage
(PolNeAR: "a ban on Muslims entering the United States" and fifty other summaries). An indirect
statement is a lineage of its own, never a candidate."""

SHARED_SHARE = 4
"""``_needed``: one fingerprint in this many of the smaller wording's."""

_BATCH = 2000


def lineage_id(original_id: str) -> str:
    return stable_hash("lineage", original_id)


def relation(found: Alignment) -> str:
    """How a wording stands to its original: verbatim, excerpt or altered (``found``: the
    wording aligned against the original)."""
    if not found.contiguous:
        return "altered"
    return "verbatim" if found.shared == found.attested_words else "excerpt"


def update_lineages(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Bring the lineages of the quotations ``ids`` (new, changed or deleted) up to date."""
    ids = set(ids)
    if not ids:
        return
    live = {qid: (text, qtype) for qid, text, qtype in bulk_select(conn, quotations, ("id", "text", "type"), "id", ids)}
    known = {qid: (lid, prints) for qid, lid, prints in
             bulk_select(conn, quotation_lineages, ("quotation_id", "lineage_id", "prints"), "quotation_id", ids)}
    gone = [qid for qid in known if qid not in live]
    if gone:
        pairs = [(int(p), qid) for qid in gone for p in np.frombuffer(known[qid][1] or b"", dtype="<i8")]
        _delete_prints(conn, pairs)
        conn.execute(sa.delete(quotation_lineages).where(quotation_lineages.c.quotation_id.in_(gone)))
    groups = _UnionFind({lid for lid, _ in known.values()})
    new = {qid: words(text) if qtype in QUOTED else [] for qid, (text, qtype) in live.items() if qid not in known}
    if new:
        _link_new(conn, new, groups)
    _recompute(conn, groups.groups(), set(new))


def _delete_prints(conn: sa.Connection, pairs: list[tuple[int, str]]) -> None:
    if pairs:
        conn.execute(sa.delete(quote_prints).where(sa.and_(quote_prints.c.print == sa.bindparam("p"),
                                                           quote_prints.c.quotation_id == sa.bindparam("q"))),
                     [{"p": p, "q": q} for p, q in pairs])


class _UnionFind:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def add(self, item: str) -> None:
        self.parent.setdefault(item, item)

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for item in self.parent:
            found[self.find(item)].add(item)
        return list(found.values())


def _link_new(conn: sa.Connection, new: dict[str, list[str]], groups: _UnionFind) -> None:
    """Index the new wordings (each first a lineage of its own) and join them to the lineages of
    the stored wordings (and of each other) they link with."""
    prints = {qid: fingerprints(w) for qid, w in new.items()}
    conn.execute(sa.insert(quotation_lineages), [
        {"quotation_id": qid, "lineage_id": lineage_id(qid), "original_id": qid, "relation": "original",
         "changes": [], "original_speaker_id": None, "prints": np.array(p, dtype="<i8").tobytes()}
        for qid, p in prints.items()])
    bulk_insert_ignore(conn, quote_prints, ("print", "quotation_id"),
                       sorted((p, qid) for qid, ps in prints.items() for p in ps))
    for qid in new:
        groups.add(lineage_id(qid))
    sharing: dict[int, list[str]] = defaultdict(list)
    for p, qid in bulk_select(conn, quote_prints, ("print", "quotation_id"), "print",
                              {p for ps in prints.values() for p in ps}):
        sharing[p].append(qid)
    shared = {qid: Counter(c for p in ps for c in sharing[p] if c != qid).most_common(CANDIDATES)
              for qid, ps in prints.items()}
    known = {qid: (lid, len(blob or b"") // 8) for qid, lid, blob in bulk_select(
        conn, quotation_lineages, ("quotation_id", "lineage_id", "prints"), "quotation_id",
        {c for found in shared.values() for c, _ in found})}
    candidates = {qid: [c for c, n in found if c in known and n >= _needed(len(prints[qid]), known[c][1])]
                  for qid, found in shared.items()}
    wanted = {c for cs in candidates.values() for c in cs}
    texts = {qid: words(text) for qid, text in bulk_select(conn, quotations, ("id", "text"), "id", wanted - set(new))}
    texts |= new
    lineages = {qid: lid for qid, (lid, _) in known.items()}
    for qid, cs in candidates.items():
        for c in cs:
            if c in texts and c in lineages and link(new[qid], texts[c]) is not None:
                groups.add(lineages[c])
                groups.union(lineage_id(qid), lineages[c])


def _needed(a: int, b: int) -> int:
    """Fingerprints two wordings must share to be aligned at all: a quarter of the smaller's
    (symmetric). Two printings of one quote share most of theirs; unrelated statements share a
    stock phrase or two, and aligning every such pair was most of the cost of keeping lineages."""
    return max(1, min(a, b) // SHARED_SHARE)


def _recompute(conn: sa.Connection, groups: list[set[str]], new: set[str]) -> None:
    """Each group of lineage ids becomes one lineage around its earliest wording; rows whose
    lineage, original, changes or original's speaker moved are rewritten."""
    if not groups:
        return
    lc = quotation_lineages.c
    members: dict[str, dict[str, Any]] = {}
    for row in in_chunks(conn, sa.select(lc.quotation_id, lc.lineage_id, lc.original_id, lc.original_speaker_id),
                        lc.lineage_id, {lid for g in groups for lid in g}):
        members[row.quotation_id] = row._asdict()
    q, a = quotations.c, articles.c
    info = {r.id: r for r in in_chunks(conn, sa.select(q.id, q.text, q.first_seen, q.first_article_id, a.published)
                                      .outerjoin(articles, a.id == q.first_article_id), q.id, set(members))}
    group_of = {lid: i for i, g in enumerate(groups) for lid in g}
    by_group: dict[int, list[str]] = defaultdict(list)
    for qid, m in members.items():
        if qid in info:
            by_group[group_of[m["lineage_id"]]].append(qid)
    originals = {i: min(qids, key=lambda x: (info[x].first_seen is None, info[x].first_seen or "",
                                              info[x].published or "", x)) for i, qids in by_group.items()}
    speakers = _first_speakers(conn, {(info[o].first_article_id, o) for o in originals.values()})
    updates = []
    for i, qids in by_group.items():
        original = originals[i]
        credited = speakers.get(original)
        attested = words(info[original].text)
        for qid in qids:
            m = members[qid]
            if qid not in new and m["original_id"] == original and m["original_speaker_id"] == credited:
                continue
            found = align(words(info[qid].text), attested)
            updates.append({"qid": qid, "lineage_id": lineage_id(original), "original_id": original,
                            "relation": "original" if qid == original else relation(found),
                            "changes": [c.to_dict() for c in found.changes] if qid != original else [],
                            "original_speaker_id": credited})
    if updates:
        conn.execute(sa.update(quotation_lineages).where(lc.quotation_id == sa.bindparam("qid")).values(
            lineage_id=sa.bindparam("lineage_id"), original_id=sa.bindparam("original_id"),
            relation=sa.bindparam("relation"), changes=sa.bindparam("changes"),
            original_speaker_id=sa.bindparam("original_speaker_id")), updates)


def _first_speakers(conn: sa.Connection, first_articles: set[tuple[str | None, str]]) -> dict[str, str | None]:
    """Whom each original is credited to in the article it was first seen in (``(article, quotation)`` pairs)."""
    o = occurrences.c
    wanted = {(article, qid) for article, qid in first_articles if article}
    found: dict[str, str | None] = {}
    stmt = sa.select(o.quotation_id, o.article_id, o.speaker_id).order_by(o.content_start)
    for row in in_chunks(conn, stmt, o.quotation_id, {qid for _, qid in wanted}):
        if (row.article_id, row.quotation_id) in wanted and found.get(row.quotation_id) is None:
            found[row.quotation_id] = row.speaker_id
    return found


def link_all(conn: sa.Connection) -> None:
    """Give every stored quotation its lineage, in batches in id order (the migration's backfill)."""
    ids = [r[0] for r in conn.execute(sa.select(quotations.c.id).order_by(quotations.c.id))]
    for i in range(0, len(ids), _BATCH):
        update_lineages(conn, ids[i:i + _BATCH])
