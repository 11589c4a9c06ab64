"""Ingest of generated JSONL articles: articles/second and peak memory, small and large side by side.

    .venv/bin/python bench/ingest.py                       # 1,000 and 10,000 articles, no NLP; 300 with spaCy
    .venv/bin/python bench/ingest.py --sizes 10000 --analyzers spacy
    .venv/bin/python bench/ingest.py --sizes 300 --analyzers spacy --workers 1,2 --repeat 2

Each row is a fresh process (so peak RSS is that run's alone) running ``quotewire.run.ingest.ingest``
on a JSONL file from ``news_corpus.generate``: read -> clean -> dedup -> analyse -> SQLite store.
Streaming shows as peak RSS that barely grows from the small run to the large one: only one batch
of texts and the deduplicator's signatures (about a kilobyte per story) stay in memory.
Analysers: ``none`` stores every article with no statements (the pipeline's own cost);
``spacy`` is the real extractor (``run.analysis.analyze_guarded``) in ``--workers`` supervised worker
processes; with several worker counts, the spaCy runs alternate (1, 2, 1, 2 with ``--repeat 2``) and
the line after the table gives each count's speed-up over the first, from the fastest run of each
(wall time: peak RSS and CPU here are the parent's; the workers are other processes).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from news_corpus import generate  # noqa: E402

from quotewire.models import AnalyzedArticle, Article  # noqa: E402


def no_analysis(articles: Iterable[Article], batch_size: int) -> Iterator[AnalyzedArticle]:
    return (AnalyzedArticle(a) for a in articles)


def child(path: str, db: str, analyzer: str, workers: int) -> None:
    """One measured run; prints its figures as JSON for the parent."""
    from quotewire.run.config import RunConfig
    from quotewire.run.ingest import ingest
    from quotewire.run.workers import Limits

    t0 = time.perf_counter()
    report = ingest([path], db=db, analyze=no_analysis if analyzer == "none" else None,
                    config=RunConfig(limits=Limits(workers=workers)))
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "articles": report.articles_read, "articles_per_s": report.articles_read / seconds,
        "seconds": seconds, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "clusters": report.new_clusters, "exact": report.exact_duplicates, "near": report.near_duplicates,
        "statements": report.statements, "failures": len(report.failures),
    }))


def write_corpus(n: int, path: Path) -> int:
    """The generated articles as JSONL input; returns the number of true stories."""
    stories = set()
    with path.open("w", encoding="utf-8") as f:
        for doc in generate(n):
            stories.add(doc.pop("story"))
            f.write(json.dumps(doc) + "\n")
    return len(stories)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--analyzers", default="none")
    ap.add_argument("--spacy-size", type=int, default=300, help="also run this many with spaCy (0: skip)")
    ap.add_argument("--workers", default="1,2", help="analysis worker counts for the spaCy runs")
    ap.add_argument("--repeat", type=int, default=1, help="spaCy runs per worker count, alternating")
    ap.add_argument("--child", nargs=4, metavar=("JSONL", "DB", "ANALYZER", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child[:3], int(args.child[3]))
        return
    counts = [int(w) for w in args.workers.split(",")]
    sizes = [int(n) for n in args.sizes.split(",")]
    runs = [(n, a, w) for a in args.analyzers.split(",") for n in sizes
            for _ in range(args.repeat if a == "spacy" else 1) for w in (counts if a == "spacy" else [1])]
    if args.spacy_size and "spacy" not in args.analyzers:
        runs += [(args.spacy_size, "spacy", w) for _ in range(args.repeat) for w in counts]
    cols = "analyzer workers articles stories clusters exact near statements failures seconds articles_per_s peak_rss_mb".split()
    print(" ".join(f"{c:>14}" for c in cols))
    fastest: dict[tuple[int, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for k, (n, analyzer, workers) in enumerate(runs):
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            stories = write_corpus(n, corpus) if not corpus.exists() else json.loads(corpus.with_suffix(".n").read_text())
            corpus.with_suffix(".n").write_text(json.dumps(stories))
            db = Path(tmp) / f"{analyzer}-{n}-{k}.db"
            out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(db), analyzer, str(workers)],
                                 capture_output=True, text=True, check=True).stdout
            r = json.loads(out.strip().splitlines()[-1]) | {"analyzer": analyzer, "stories": stories, "workers": workers}
            print(" ".join(f"{r[c]:>14.1f}" if isinstance(r[c], float) else f"{r[c]:>14}" for c in cols), flush=True)
            if analyzer == "spacy":
                fastest[n, workers] = min(fastest.get((n, workers), r["seconds"]), r["seconds"])
    for n in sorted({n for n, _ in fastest}):
        base = fastest[n, counts[0]]
        print(f"spaCy, {n} articles: " + ", ".join(
            f"{w} workers {base / fastest[n, w]:.2f}x" for w in counts[1:] if (n, w) in fastest)
            + f" faster than {counts[0]} (fastest of {args.repeat} each)")


if __name__ == "__main__":
    main()
