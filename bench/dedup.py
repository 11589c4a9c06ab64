"""Dedup: merge precision/recall on generated articles with known clusters, time and peak memory.

    .venv/bin/python bench/dedup.py                     # 100,000 documents: time, peak RSS, P/R
    .venv/bin/python bench/dedup.py --n 10000 --sweep   # P/R/F1 per threshold, side by side
    .venv/bin/python bench/dedup.py --libraries         # fingerprints/s: rensa beside datasketch
    .venv/bin/python bench/dedup.py --n 1000000 --store /tmp/idx.db --compare 100000
        # the store-backed index (SQLite path or postgresql:// URL) beside the in-memory one

Merge quality is pairwise, as usual for clustering: a pair of articles is a true merge when both are
copies of one generated story. Precision = merged pairs that are true / merged pairs; recall = true
pairs merged / true pairs. Articles are streamed from the generator, a batch at a time, into one
``Deduplicator``; only labels (two integers per article) are kept for scoring. Time is the dedup
calls alone, not the generator; ``docs_per_cpu_s`` divides by the CPU time this process spent in
them instead (what the rate would be on a core of its own, on a machine shared with others). With ``--store`` each configuration runs in its own process, so
each peak RSS is its own; the store's predicted clusters are read back from its index at the end
(a cluster's name can change while the run goes on; its key in the index never does).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from itertools import islice
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from news_corpus import generate  # noqa: E402

from quotewire.dedup import THRESHOLD, Deduplicator, shingles, signature_id  # noqa: E402
from quotewire.models import Article  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pairs_within(*labels: np.ndarray) -> int:
    """Pairs of articles that share every given label."""
    _, counts = np.unique(np.stack(labels, axis=1), axis=0, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def pair_scores(predicted: np.ndarray, true: np.ndarray) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against true stories."""
    both, merged, real = _pairs_within(predicted, true), _pairs_within(predicted), _pairs_within(true)
    return both / merged if merged else 1.0, both / real if real else 1.0


def run(n: int, threshold: float, store: str | None = None, batch: int = 2000,
        first: int | None = None) -> dict[str, float]:
    """Stream ``n`` generated articles through one Deduplicator (in memory, or over ``store``'s index)."""
    index = None
    if store is not None:
        from quotewire.store import open_store

        opened = open_store(store)
        index = opened.story_index()
    dedup = Deduplicator(threshold, index=index)
    predicted = np.zeros(n, dtype=np.int64)  # in memory: the cluster name's number; in a store: content hash
    true = np.zeros(n, dtype=np.int64)
    names: dict[str, int] = {}
    rss_before = peak_rss_mb()
    seconds = cpu = 0.0
    done = 0
    docs = generate(n)
    progress = max(n // 10, batch)
    while chunk := list(islice(docs, batch)):
        if done and done % progress < batch:
            print(f"  {'store' if store else 'memory'}: {done:,} articles, {done / seconds:,.0f}/s, "
                  f"peak RSS {peak_rss_mb():.0f} MB", file=sys.stderr, flush=True)
        articles = [Article(id=d["id"], text=d["text"], title=d["title"], source=d["source"]) for d in chunk]
        t0, c0 = time.perf_counter(), time.process_time()
        placed = dedup.place_many(articles)
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
        for i, (p, d) in enumerate(zip(placed, chunk, strict=True), done):
            a = p.article
            predicted[i] = signature_id(a.content_hash) if store else names.setdefault(a.cluster_id, len(names))
            true[i] = int(d["story"][1:])
        done += len(chunk)
    rss = peak_rss_mb()
    if store is not None:
        predicted = _cluster_keys(opened, predicted)
        opened.close()
    precision, recall = pair_scores(predicted, true)
    m = min(first or n, n)
    first_precision, first_recall = pair_scores(predicted[:m], true[:m])
    return {
        "index": "store" if store else "memory",
        "threshold": threshold,
        "articles": n,
        "stories": len(np.unique(true)),
        "clusters": dedup.stats.clusters,
        "exact": dedup.stats.exact,
        "near": dedup.stats.near,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "dedup_s": seconds,
        "docs_per_s": n / seconds,
        "docs_per_cpu_s": n / cpu,
        "peak_rss_mb": rss,
        "rss_growth_mb": rss - rss_before,
        "first": m,
        "first_precision": first_precision,
        "first_recall": first_recall,
    }


def _cluster_keys(store, chashes: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Each article's cluster key in the store's index, from its content hash's signature id."""
    import sqlalchemy as sa

    from quotewire.store.schema import story_signatures
    from quotewire.store.sql import in_chunks

    s = story_signatures.c
    with store.engine.connect() as conn:
        key = {r.id: r.cluster_key for r in in_chunks(conn, sa.select(s.id, s.cluster_key), s.id, chashes.tolist())}
    return np.array([key[c] for c in chashes.tolist()], dtype=np.int64)


def in_own_process(n: int, threshold: float, store: str | None, first: int, batch: int) -> dict[str, float]:
    """``run`` in a fresh process (its peak RSS is its own), with P/R on the first ``first`` too."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(run, (n, threshold, store, batch), {"first": first})


def compare_libraries(n: int) -> None:
    """Fingerprint the same shingles with rensa and datasketch (128 permutations each)."""
    from datasketch import MinHash
    from rensa import RMinHash

    docs = [shingles(d["text"]) for d in generate(n)]
    t0 = time.perf_counter()
    for grams in docs:
        RMinHash(128, 1).update(grams)
    rensa_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for grams in docs:
        MinHash(128, seed=1).update_batch([g.encode() for g in grams])
    datasketch_s = time.perf_counter() - t0
    print(f"fingerprints/s over {n} docs: rensa {n / rensa_s:,.0f}  datasketch {n / datasketch_s:,.0f}  "
          f"ratio {datasketch_s / rensa_s:.1f}x")


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def compare_indexes(n: int, threshold: float, store: str, first: int, batch: int) -> None:
    """The store-backed index on ``n`` beside the in-memory one on the first ``first``."""
    print(f"load average before: {_load()}", flush=True)
    rows = [in_own_process(n, threshold, store, first, batch), in_own_process(min(first, n), threshold, None, first, batch)]
    print(f"load average after: {_load()} (1, 5, 15 minutes; {os.cpu_count()} cores)")
    cols = "index articles clusters exact near precision recall dedup_s docs_per_s docs_per_cpu_s peak_rss_mb".split()
    print(" ".join(f"{c:>11}" for c in cols) + f"  P/R on the first {rows[1]['first']:,}")
    for r in rows:
        print(" ".join(f"{r[c]:>11.4f}" if isinstance(r[c], float) else f"{r[c]:>11}" for c in cols)
              + f"  {r['first_precision']:.4f} / {r['first_recall']:.4f}")
    d_p = rows[0]["first_precision"] - rows[1]["first_precision"]
    d_r = rows[0]["first_recall"] - rows[1]["first_recall"]
    print(f"store - memory on the first {rows[1]['first']:,}: precision {d_p:+.4f}, recall {d_r:+.4f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--sweep", action="store_true", help="thresholds 0.2..0.7 side by side")
    ap.add_argument("--libraries", action="store_true", help="rensa beside datasketch")
    ap.add_argument("--store", metavar="DB", help="through the story index of this SQLite file or PostgreSQL URL")
    ap.add_argument("--batch", type=int, default=10_000, help="articles per place_many call (one transaction)")
    ap.add_argument("--compare", type=int, default=100_000, metavar="N",
                    help="with --store: the in-memory index on the first N, and both scored on them")
    args = ap.parse_args()
    if args.libraries:
        compare_libraries(min(args.n, 5000))
        return
    if args.store:
        compare_indexes(args.n, args.threshold, args.store, args.compare, args.batch)
        return
    thresholds = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7] if args.sweep else [args.threshold]
    cols = "threshold articles stories clusters exact near precision recall f1 dedup_s docs_per_s peak_rss_mb".split()
    print(" ".join(f"{c:>11}" for c in cols))
    for t in thresholds:
        r = run(args.n, t)
        print(" ".join(f"{r[c]:>11.4f}" if isinstance(r[c], float) else f"{r[c]:>11}" for c in cols))


if __name__ == "__main__":
    main()
