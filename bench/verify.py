"""Verify latency: ``GET /api/verify`` over a growing database of generated quotations.

Not a test. Fills a database with generated statements (our own made-up words with a Zipf-like
use, as bench/load.py does), a third of them later printings of an earlier statement -- an
excerpt, a word changed, words left out or put in, or credited to someone else -- so that
lineages have several wordings (the rows are written directly: see ``grow``). At each size it serves the database with ``quotewire serve`` (a
separate process, one worker) and sends claims one after another -- a third stored excerpts, a
third altered wordings, a third word salad that nobody said -- and prints p50/p95 latency, then
estimates 1,000,000 quotations from the growth between the last two sizes (p95 growing as a
power of the size).

    .venv/bin/python bench/verify.py                          # 25k, 50k, 100k quotations, SQLite
    .venv/bin/python bench/verify.py --sizes 10000,20000 --queries 200   # quick look
    .venv/bin/python bench/verify.py --db postgresql://postgres@127.0.0.1:5432/test   # a scratch database
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import tempfile
import time

from collections import defaultdict
from typing import Any

import httpx
import numpy as np
import sqlalchemy as sa

from load import FIRST, LAST, _cpu_seconds, _serve, _vocabulary
from quotewire.lineage import align, fingerprints, words
from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker, normalize_text, quotation_key, stable_hash
from quotewire.store import open_store
from quotewire.store.lineages import lineage_id, relation
from quotewire.store.schema import (articles, clusters, occurrences, quotation_lineages, quotations, quote_prints,
                                    speakers)

QUOTES_PER_ARTICLE = 5
LATER_SHARE = 1 / 3


def _key(text: str) -> str:
    return quotation_key(Quote("direct", Span(0, len(text), text)))


class Corpus:
    """Generated statements, each remembered so that later ones can re-quote them."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = _vocabulary(self.rng)
        self.weights = [1 / (r + 1) for r in range(len(self.words))]
        self.said: list[tuple[str, str]] = []  # (words, speaker) of every fresh statement
        self.source_of: dict[str, str] = {}  # a later printing's words -> its source's quotation id
        self.stored: dict[str, dict[str, Any]] = {}  # quotation rows written, by id
        self.lineage_of: dict[str, tuple[str, str]] = {}  # quotation id -> (original id, its speaker id)
        self.speaker_ids: set[str] = set()

    def _name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def fresh(self) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=self.rng.randint(8, 30)))

    def altered(self, text: str) -> str:
        toks = text.split()
        at = self.rng.randint(1, len(toks) - 2)
        kind = self.rng.randrange(3)
        if kind == 0:
            return " ".join(toks[:at] + [self.rng.choice(self.words)] + toks[at + 1:])
        if kind == 1:
            return " ".join(toks[:at] + toks[at + 1:])
        return " ".join(toks[:at] + [self.rng.choice(self.words)] + toks[at:])

    def excerpt(self, text: str) -> str:
        toks = text.split()
        size = self.rng.randint(min(6, len(toks)), len(toks))
        start = self.rng.randint(0, len(toks) - size)
        return " ".join(toks[start:start + size])

    def statement(self) -> tuple[str, str]:
        if self.said and self.rng.random() < LATER_SHARE:
            text, name = self.rng.choice(self.said)
            way = self.rng.randrange(3)
            later = (self.excerpt(text), name) if way == 0 else (self.altered(text), name) if way == 1 \
                else (text, self._name())
            self.source_of.setdefault(later[0], _key(text))
            return later
        text, name = self.fresh(), self._name()
        self.said.append((text, name))
        return text, name

    def article(self, i: int) -> AnalyzedArticle:
        parts, quotes, pos = [], [], 0
        for _ in range(QUOTES_PER_ARTICLE):
            said, name = self.statement()
            prefix = f'{name} said "'
            parts.append(f'{prefix}{said}". ')
            quotes.append((pos + len(prefix), pos + len(prefix) + len(said), name))
            pos += len(parts[-1])
        text = "".join(parts)
        day = (f"20{20 + i // 40000:02d}-{1 + i // 3000 % 12:02d}-{1 + i // 100 % 28:02d}")  # later articles, later days
        article = Article(id=f"v{i:07d}", text=text, source=f"site{i % 20}.example", published=day,
                          url=f"https://site{i % 20}.example/{i}", cluster_id=f"v{i:07d}")
        return AnalyzedArticle(article, [Quote("direct", Span.of(text, s, e), speaker=Speaker(n)) for s, e, n in quotes])

    def claim(self) -> dict[str, str]:
        kind = self.rng.randrange(3)
        if kind == 2:
            return {"q": " ".join(self.rng.sample(self.words[:2000], 12))}
        text, name = self.rng.choice(self.said)
        return {"q": self.excerpt(text) if kind == 0 else self.altered(text), "speaker": name}


def grow(db: str, corpus: Corpus, start: int, quotations: int, batch: int = 1000) -> float:
    """Add generated articles until the database holds ``quotations`` occurrences.

    The rows are written directly, as the writer would write them -- the lineage rows computed
    with the library's own ``fingerprints``, ``align`` and ``relation`` against each statement's
    source, which the generator knows -- because saving 100,000 statements through
    ``Store.save_batch`` takes over ten minutes on a shared machine. ``bench/lineage.py`` measures
    the writer's path, lineages included; this bench measures the verifier."""
    started = time.perf_counter()
    with open_store(db) as store:
        for k in range(start // QUOTES_PER_ARTICLE, quotations // QUOTES_PER_ARTICLE, batch):
            end = min(k + batch, quotations // QUOTES_PER_ARTICLE)
            with store.engine.begin() as conn:
                _write(conn, [corpus.article(i) for i in range(k, end)], corpus)
            print(f"\r  built {end * QUOTES_PER_ARTICLE} quotations", end="", file=sys.stderr)
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE quotations SET num_occurrences = (SELECT count(*) FROM occurrences o "
                                 "WHERE o.quotation_id = quotations.id)"))
            if store.dialect == "postgresql":
                conn.execute(sa.text("ANALYZE"))
    print(file=sys.stderr)
    return time.perf_counter() - started


def _write(conn: sa.Connection, items: list[AnalyzedArticle], corpus: Corpus) -> None:
    from quotewire.store.writer import now

    stamp, rows = now(), defaultdict(list)
    for item in items:
        a = item.article
        rows[clusters].append({"id": a.cluster_id, "title": None, "first_seen": a.published})
        rows[articles].append({"id": a.id, "cluster_id": a.cluster_id, "source": a.source, "url": a.url,
                               "published": a.published, "date": a.published, "text": a.text, "ingested_at": stamp})
        for q in item.quotes:
            said, name = q.content.text, q.speaker.name
            sid = stable_hash("speaker", name)
            if sid not in corpus.speaker_ids:
                corpus.speaker_ids.add(sid)
                rows[speakers].append({"id": sid, "name": name, "kind": "person", "name_key": normalize_text(name),
                                       "surname": normalize_text(name.split()[-1])})
            qid = quotation_key(q)
            rows[occurrences].append({"id": stable_hash(a.id, str(q.content.start)), "quotation_id": qid,
                                      "article_id": a.id, "content_start": q.content.start,
                                      "content_end": q.content.end, "type": "direct", "speaker_id": sid,
                                      "speaker_name": name})
            if qid in corpus.stored:
                continue
            original = corpus.lineage_of.get(corpus.source_of.get(said, qid), (qid, sid))
            corpus.lineage_of[qid] = original
            found = align(words(said), words(corpus.stored[original[0]]["text"] if original[0] != qid else said))
            prints = fingerprints(words(said))
            corpus.stored[qid] = {"id": qid, "text": said, "type": "direct", "speaker_id": sid,
                                  "first_seen": a.published, "last_seen": a.published, "num_occurrences": 1,
                                  "first_article_id": a.id}
            rows[quotations].append(corpus.stored[qid])
            rows[quotation_lineages].append({
                "quotation_id": qid, "lineage_id": lineage_id(original[0]), "original_id": original[0],
                "relation": "original" if original[0] == qid else relation(found),
                "changes": [c.to_dict() for c in found.changes] if original[0] != qid else [],
                "original_speaker_id": original[1], "prints": np.array(prints, dtype="<i8").tobytes()})
            rows[quote_prints].extend({"print": p, "quotation_id": qid} for p in prints)
    for table in (speakers, clusters, articles, quotations, occurrences, quotation_lineages, quote_prints):
        if rows[table]:
            conn.execute(sa.insert(table), rows[table])


def latency(db: str, corpus: Corpus, queries: int) -> tuple[float, float, float, dict[str, int]]:
    """p50 and p95 wall time per request, the server's CPU time per request (what the server
    costs however busy the shared machine is), and the verdicts given."""
    proc, base = _serve(db, 1)
    try:
        took, verdicts = [], {}
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(20):  # warm the server and the page cache a little
                client.get("/api/verify", params=corpus.claim())
            cpu = _cpu_seconds(proc.pid)
            for _ in range(queries):
                params = corpus.claim()
                t0 = time.perf_counter()
                r = client.get("/api/verify", params=params)
                took.append(time.perf_counter() - t0)
                r.raise_for_status()
                verdict = r.json()["verdict"]
                verdicts[verdict] = verdicts.get(verdict, 0) + 1
            cpu = (_cpu_seconds(proc.pid) - cpu) / queries
    finally:
        proc.terminate()
        proc.wait()
    took.sort()
    return 1000 * statistics.median(took), 1000 * took[int(0.95 * (len(took) - 1))], 1000 * cpu, verdicts


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="25000,50000,100000", help="quotation counts to measure at, ascending")
    p.add_argument("--queries", type=int, default=300)
    p.add_argument("--db", help="a database to fill (default: a temporary SQLite file)")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    tmp = tempfile.TemporaryDirectory()
    db = args.db or f"{tmp.name}/verify.db"
    corpus, have, rows = Corpus(args.seed), 0, []
    for size in sizes:
        built = grow(db, corpus, have, size)
        have = size
        p50, p95, cpu, verdicts = latency(db, corpus, args.queries)
        rows.append((size, p95, cpu))
        print(f"{size:>9} occurrences: built +{built:.0f} s; verify p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
              f"server CPU {cpu:.1f} ms per request; load average {os.getloadavg()[0]:.1f}; {verdicts}", flush=True)
    if len(rows) >= 2:
        for name, column in (("p95", 1), ("server CPU per request", 2)):
            (n1, t1), (n2, t2) = (rows[0][0], rows[0][column]), (rows[-1][0], rows[-1][column])
            power = math.log(t2 / t1) / math.log(n2 / n1)
            print(f"{name} grows as size^{power:.2f} from {n1} to {n2}: about "
                  f"{t2 * (1_000_000 / n2) ** max(power, 0):.1f} ms at 1,000,000 (estimate; no growth taken as none)")
    tmp.cleanup()


if __name__ == "__main__":
    main()
