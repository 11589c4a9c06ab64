"""Dedup: merge precision/recall on generated articles with known clusters, time and peak memory.

    .venv/bin/python bench/dedup.py                     # 100,000 documents: time, peak RSS, P/R
    .venv/bin/python bench/dedup.py --n 10000 --sweep   # P/R/F1 per threshold, side by side
    .venv/bin/python bench/dedup.py --libraries         # fingerprints/s: rensa beside datasketch

Merge quality is pairwise, as usual for clustering: a pair of articles is a true merge when both are
copies of one generated story. Precision = merged pairs that are true / merged pairs; recall = true
pairs merged / true pairs. Articles are streamed from the generator, one at a time, into one
``Deduplicator``; only labels are kept for scoring.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from news_corpus import generate  # noqa: E402

from quotewire.dedup import THRESHOLD, Deduplicator, shingles  # noqa: E402
from quotewire.models import Article  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_scores(labels: list[tuple[str, str]]) -> tuple[float, float]:
    """Pairwise precision and recall of predicted clusters against true stories."""
    both = sum(pairs(c) for c in Counter(labels).values())
    predicted = sum(pairs(c) for c in Counter(p for p, _ in labels).values())
    true = sum(pairs(c) for c in Counter(t for _, t in labels).values())
    return both / predicted if predicted else 1.0, both / true if true else 1.0


def run(n: int, threshold: float) -> dict[str, float]:
    """Stream ``n`` generated articles through one Deduplicator."""
    dedup = Deduplicator(threshold)
    labels: list[tuple[str, str]] = []
    rss_before = peak_rss_mb()
    seconds = 0.0
    for doc in generate(n):
        article = Article(id=doc["id"], text=doc["text"], title=doc["title"], source=doc["source"])
        t0 = time.perf_counter()
        placed = dedup.assign(article)
        seconds += time.perf_counter() - t0
        labels.append((placed.cluster_id or "", doc["story"]))
    precision, recall = pair_scores(labels)
    return {
        "threshold": threshold,
        "articles": n,
        "stories": len({t for _, t in labels}),
        "clusters": dedup.stats.clusters,
        "exact": dedup.stats.exact,
        "near": dedup.stats.near,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "dedup_s": seconds,
        "docs_per_s": n / seconds,
        "peak_rss_mb": peak_rss_mb(),
        "rss_growth_mb": peak_rss_mb() - rss_before,
    }


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--sweep", action="store_true", help="thresholds 0.2..0.7 side by side")
    ap.add_argument("--libraries", action="store_true", help="rensa beside datasketch")
    args = ap.parse_args()
    if args.libraries:
        compare_libraries(min(args.n, 5000))
        return
    thresholds = [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7] if args.sweep else [args.threshold]
    cols = "threshold articles stories clusters exact near precision recall f1 dedup_s docs_per_s peak_rss_mb".split()
    print(" ".join(f"{c:>11}" for c in cols))
    for t in thresholds:
        r = run(args.n, t)
        print(" ".join(f"{r[c]:>11.4f}" if isinstance(r[c], float) else f"{r[c]:>11}" for c in cols))


if __name__ == "__main__":
    main()
