"""Soak: the whole analysis (clean + extract + speakers) article by article, to find superlinear paths.

    .venv/bin/python bench/soak.py [--generated 3000] [--seed 1] [--limit N] [--no-memory]
    .venv/bin/python bench/soak.py --shapes [--timeout 120]

Default mode: every text in ../shared (PolNeAR dev, the article-extraction benchmark pages, the seed
article) and ``--generated`` articles from tests/strategies.py (each the join of ``JOIN`` drawn
texts, so long enough to be costed per word) are read with ``quotewire.read_inputs``, cleaned with
``clean_article`` and analysed with ``quotewire.analyze``, one article at a time. For each article
it records CPU seconds and its peak traced memory (tracemalloc, which sees Python, numpy and
spaCy's allocations; ``--no-memory`` turns it off for plain timings). It prints the 10 slowest
articles, seconds per 1,000 words at p50/p99/max, and flags every article of at least
``MIN_FLAG_WORDS`` words whose cost per word is over ``FLAG_FACTOR`` times the median: a cost that
grows faster than the text. Exit 1 when any article is flagged or failed with a traceback.

``--shapes``: known hostile shapes (many quotes in one paragraph, a punctuation run, one long line,
deep or embed-heavy HTML ...), each at two sizes, in a fresh process with a memory cap: seconds,
peak RSS and the cost ratio per doubling of the input side by side (about 2 is linear, 4 quadratic).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

JOIN = 8
POOL = 1000
MIN_FLAG_WORDS = 200
"""Below this, per-call overhead (a few ms) dominates the cost per word; such articles are costed
in the percentiles but never flagged."""
FLAG_FACTOR = 10.0
SLOWEST = 10
PROGRESS = 250


@dataclass
class Cost:
    name: str
    words: int
    seconds: float
    peak_mb: float | None
    outcome: str  # "ok", a failure's reason, or "traceback: ..."

    @property
    def per_1000_words(self) -> float:
        return 1000 * self.seconds / max(self.words, 1)


def shared_inputs(limit: int | None) -> Iterator[tuple[str, str]]:
    """``(group, path)`` of every shared text: PolNeAR dev, the AEB pages, the seed article."""
    polnear = SHARED / "data" / "polnear" / "dev.jsonl"
    if polnear.exists():
        yield "polnear", str(polnear)
    pages = sorted((SHARED / "data" / "aeb" / "html").glob("*.html.gz"))
    for page in pages[:limit]:
        yield "aeb", str(page)
    for seed in sorted((SHARED / "examples").glob("*.txt")):
        yield "seed", str(seed)


def generated(n: int, seed: int) -> list[str]:
    """``n`` long generated articles, each ``JOIN`` texts (headlines and noise kept) drawn from a
    pool of ``POOL`` texts that tests/strategies.py generated: hypothesis draws a text in ~15 ms,
    so combining a pool gives thousands of distinct long articles at a fraction of the cost."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seeded

    import strategies

    pool: list[str] = []

    @seeded(seed)
    @settings(max_examples=min(POOL, n * JOIN), database=None, deadline=None, phases=["generate"],
              suppress_health_check=list(HealthCheck))
    @given(strategies.article_text())
    def draw(text: str) -> None:
        pool.append(text)

    draw()
    pick = random.Random(seed)
    return ["\n\n".join(pick.choices(pool, k=JOIN)) for _ in range(n)]


def costed(name: str, article, memory: bool) -> Cost:  # type: ignore[no-untyped-def]
    """One article through cleaning and analysis, timed (CPU) and its traced peak measured."""
    import quotewire
    from quotewire.clean import clean_article
    from quotewire.errors import InputError

    if memory:
        tracemalloc.reset_peak()
    start = time.process_time()
    words, outcome = len(article.text.split()), "ok"
    try:
        cleaned = clean_article(article)
        words = len(cleaned.text.split())
        result = quotewire.analyze(cleaned)
        outcome = "ok" if result.error is None else f"error: {result.error}"
    except InputError as exc:
        outcome = exc.reason
    except Exception as exc:  # noqa: BLE001 - a traceback is what this bench is looking for
        outcome = "traceback: " + " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    seconds = time.process_time() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20 if memory else None
    return Cost(name, words, seconds, peak, outcome)


def soak(args: argparse.Namespace) -> int:
    import quotewire
    from quotewire.clean import clean_article
    from quotewire.models import Article, Failure

    texts = generated(args.generated, args.seed) if args.generated else []
    warm = "<html><body><article><p>Warm up: “Yes,” he said, and the harbour stayed shut all week.</p></article></body></html>"
    quotewire.analyze(clean_article(Article(id="warm", text="", html=warm)))  # model and imports are not costed
    if args.memory:
        tracemalloc.start()
    costs: list[Cost] = []
    groups: dict[str, int] = {}
    started = time.perf_counter()
    for group, path in shared_inputs(args.limit):
        for n, item in enumerate(quotewire.read_inputs([path], fetch_links=False)):
            if args.limit is not None and n >= args.limit:
                break
            if isinstance(item, Failure):
                costs.append(Cost(item.input, 0, 0.0, None, item.reason))
            else:
                costs.append(costed(item.input or path, item, args.memory))
            groups[group] = groups.get(group, 0) + 1
            if len(costs) % PROGRESS == 0:
                print(f"soak: {len(costs):,} articles costed", file=sys.stderr, flush=True)
    for n, text in enumerate(texts):
        costs.append(costed(f"generated#{n}", Article(id=f"g{n}", text=text, input=f"generated#{n}"), args.memory))
        if len(costs) % PROGRESS == 0:
            print(f"soak: {len(costs):,} articles costed", file=sys.stderr, flush=True)
    groups["generated"] = len(texts)
    elapsed = time.perf_counter() - started
    return report(costs, groups, elapsed, args.memory)


def report(costs: list[Cost], groups: dict[str, int], elapsed: float, memory: bool) -> int:
    analysed = [c for c in costs if c.outcome == "ok" and c.words > 0]
    words = sum(c.words for c in analysed)
    print(f"soak: {len(costs):,} articles ({', '.join(f'{g} {n:,}' for g, n in groups.items())}), "
          f"{words:,} words analysed, {sum(c.seconds for c in costs):.1f} CPU s ({elapsed:.0f} s wall)"
          f"{'; timings under tracemalloc' if memory else ''}")
    print(f"\n{SLOWEST} slowest articles:")
    print(f"  {'words':>7} {'seconds':>8} {'s/1000w':>8} {'peak MB':>8}  input")
    for c in sorted(costs, key=lambda c: c.seconds, reverse=True)[:SLOWEST]:
        peak = f"{c.peak_mb:8.1f}" if c.peak_mb is not None else f"{'-':>8}"
        print(f"  {c.words:7,} {c.seconds:8.3f} {c.per_1000_words:8.3f} {peak}  {c.name}")
    rates = sorted(c.per_1000_words for c in analysed)
    median = statistics.median(rates) if rates else 0.0
    if rates:
        p99 = rates[min(len(rates) - 1, int(0.99 * len(rates)))]
        print(f"\nseconds per 1,000 words: p50 {median:.3f}  p99 {p99:.3f}  max {rates[-1]:.3f}")
    if memory and analysed:
        peaks = sorted(c.peak_mb or 0.0 for c in analysed)
        print(f"peak traced MB per article: p50 {statistics.median(peaks):.1f}  max {peaks[-1]:.1f}")
    flagged = [c for c in analysed if c.words >= MIN_FLAG_WORDS and c.per_1000_words > FLAG_FACTOR * median]
    tracebacks = [c for c in costs if c.outcome.startswith("traceback")]
    print(f"\nflagged (>= {MIN_FLAG_WORDS} words, cost per word over {FLAG_FACTOR:g}x the median): {len(flagged)}")
    for c in flagged:
        print(f"  {c.words:7,} words {c.seconds:8.3f} s ({c.per_1000_words / median:.0f}x)  {c.name}")
    failed: dict[str, int] = {}
    for c in costs:
        if c.outcome != "ok":
            failed[c.outcome.split(":")[0]] = failed.get(c.outcome.split(":")[0], 0) + 1
    print(f"not analysed: {failed or 'none'}")
    for c in tracebacks:
        print(f"  {c.name}: {c.outcome}")
    return 1 if flagged or tracebacks else 0


# ---- --shapes ------------------------------------------------------------------------------------

SHAPES = {
    # name: (kind, expression of n building the input, the two sizes)
    "short quotes in one paragraph": ("text", "'“Yes,” he said. ' * n", (200, 400)),
    "punctuation run": ("text", "':' * n", (2500, 5000)),
    "statements in one long paragraph": ("text", "'Maria Lopez said the harbour plan would cost more than expected. ' * n", (800, 1600)),
    "one long line, no sentence ends": ("text", "' '.join(['the council met on tuesday to discuss the new harbour budget'] * n)", (500, 1000)),
    "pronoun pairs, one paragraph each": ("text", "'\\n\\n'.join(f'Alex Name{i} said the budget was late. He said it would pass.' for i in range(n))", (1000, 2000)),
    "embedded posts in one container": ("html", "'<html><body><article><div class=\"embed-area\"><p>Maria Okafor said the strike would go on for as long as it takes.</p>' + ''.join(f'<div class=\"social-embed\"><blockquote class=\"twitter-tweet\"><p>Post {i} says the harbour will reopen.</p>&mdash; Ada Brennan (@adab)</blockquote></div>' for i in range(n)) + '</div></article></body></html>'", (2000, 4000)),
    "<q> elements in one paragraph": ("html", "'<html><body><article><p>Maria Okafor said the strike would go on. ' + ''.join(f'She said <q>point {i} stands</q> and ' for i in range(n)) + 'end.</p></article></body></html>'", (4000, 8000)),
    "HTML nested past the parser's limit": ("html", "'<html><body><article>' + '<div><span>' * n + '<p>Maria Okafor said the strike would go on for as long as it takes.</p></article></body></html>'", (50000, 100000)),
}

_CHILD = r'''
import json, resource, sys, time
import quotewire
from quotewire.clean import clean_article
from quotewire.models import Article
kind, n = sys.argv[1], int(sys.argv[3])
data = eval(sys.argv[2])
quotewire.analyze(Article(id="w", text="Warm up: “Yes,” he said."))
start = time.process_time()
article = Article(id="x", text="", html=data, input="shape.html") if kind == "html" else Article(id="x", text=data, input="shape")
found = quotewire.analyze(clean_article(article))
print(json.dumps({"chars": len(data), "seconds": time.process_time() - start, "quotes": len(found.quotes),
                  "text_chars": len(found.article.text), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
'''


def _shape_run(kind: str, expr: str, n: int, timeout: float, memory_gb: float) -> dict | str:
    def cap() -> None:
        limit = int(memory_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, kind, expr, str(n)], capture_output=True, text=True,
                              timeout=timeout, preexec_fn=cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return f"over {timeout:g} s"
    if done.returncode != 0:
        return (done.stderr.strip().splitlines() or ["exit status %d" % done.returncode])[-1][:80]
    return json.loads(done.stdout)


def shapes(args: argparse.Namespace) -> int:
    print(f"{'shape':38} {'n':>7} {'chars':>9} {'seconds':>8} {'ratio':>6} {'peak RSS':>9} {'quotes':>6}")
    for name, (kind, expr, sizes) in SHAPES.items():
        previous = None
        for n in sizes:
            got = _shape_run(kind, expr, n, args.timeout, args.memory_gb)
            if isinstance(got, str):
                print(f"{name:38} {n:7,} {'':>9} {got}")
                continue
            ratio = f"{got['seconds'] / previous:6.1f}" if previous else f"{'':>6}"
            previous = max(got["seconds"], 1e-3)
            print(f"{name:38} {n:7,} {got['chars']:9,} {got['seconds']:8.2f} {ratio} {got['rss_mb']:7.0f}MB {got['quotes']:6}")
    print("(ratio: cost at the second size over the first, for twice the input: ~2 linear, ~4 quadratic)")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=3000, help="generated articles (0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, help="at most this many articles from each shared input (a quick run)")
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="no tracemalloc: plain timings")
    parser.add_argument("--shapes", action="store_true", help="the hostile shapes at two sizes each instead")
    parser.add_argument("--timeout", type=float, default=120, help="--shapes: seconds per run")
    parser.add_argument("--memory-gb", type=float, default=6, help="--shapes: address-space cap per run")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # trafilatura warns on every page it finds little in
    return shapes(args) if args.shapes else soak(args)


if __name__ == "__main__":
    sys.exit(main())
