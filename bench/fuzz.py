"""A long fuzz campaign over the property tests' generators: cases run, failures, slowest cases.

    .venv/bin/python bench/fuzz.py [--cases 100000] [--seed 1] [--workers 2] [--out fuzz-out]

Each worker process draws cases from tests/strategies.py (article texts, HTML pages, RSS/Atom
feeds, JSONL files, in the proportions of ``KINDS``) with hypothesis, in chunks of ``CHUNK`` examples
each seeded from ``--seed`` and its chunk number (so a run is reproducible), and checks each case
with tests/invariants.py: no exception, spans inside the text, a time bound, the same result on a
second run (one text of each batch, alone). A failure does not stop the campaign: its input is saved
under ``--out`` with a reduced reproducer (characters and lines removed while the same failure
remains), and the run exits 1.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import math
import multiprocessing
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

KINDS = {"text": 1, "html": 2, "feed": 2, "jsonl": 2}
"""Weights of the example kinds; a text example is ``TEXT_BATCH`` texts, so about 70% of cases are
texts (the cheap, rule-heavy part) and 10% each pages, feeds and JSONL files."""
TEXT_BATCH = 16
SLOW_BATCH = 2.0
"""CPU seconds over which a text batch is re-run text by text to find its slow case. Cases are
timed in CPU seconds of the worker, which other jobs on a shared machine disturb far less than
wall time; the hang bound (tests/invariants.py) is wall time."""
CHUNK = 200
"""Examples per hypothesis run: hypothesis keeps a tree of the choices it made, so runs are kept short."""
SLOWEST = 10
REDUCE_BUDGET = 300
"""Checks spent reducing one failing input (a timeout is saved as found: each check costs the bound)."""
FILE_NAMES = {"html": "page.html", "feed": "feed.xml", "jsonl": "records.jsonl"}


def _strategy(kind: str):  # type: ignore[no-untyped-def]
    import strategies

    return {"html": strategies.html_page(), "feed": strategies.feed(),
            "jsonl": strategies.jsonl_file()}[kind]


Case = str | bytes
"""A text or a page/feed as str, a JSONL file as bytes (it may hold bytes that are not UTF-8)."""


def check(kind: str, data: Case) -> None:
    """Run one case; raises on any broken invariant."""
    from invariants import analyze_text, read_and_analyze

    if kind == "text":
        analyze_text(data)  # type: ignore[arg-type]
        return
    with tempfile.TemporaryDirectory(prefix="qw-fuzz-") as folder:
        path = Path(folder) / FILE_NAMES[kind]
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        read_and_analyze(path)


def signature(exc: BaseException) -> str:
    """What makes two failures the same: the exception type and where in quotewire it was raised."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/quotewire/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def reduce(kind: str, data: Case, sig: str) -> Case:
    """``data`` with chunks removed (halves, then smaller) while ``check`` still fails the same way."""
    checks = 0

    def fails(candidate: Case) -> bool:
        nonlocal checks
        checks += 1
        try:
            check(kind, candidate)
        except Exception as exc:  # noqa: BLE001 - any failure is compared by signature
            return signature(exc) == sig
        return False

    size = max(1, len(data) // 2)
    while size >= 1 and checks < REDUCE_BUDGET:
        at, shrunk = 0, False
        while at < len(data) and checks < REDUCE_BUDGET:
            candidate = data[:at] + data[at + size:]
            if candidate and fails(candidate):
                data, shrunk = candidate, True
            else:
                at += size
        if not shrunk:
            size //= 2
    return data


def _save(out: Path, kind: str, data: Case, sig: str, detail: str) -> Path:
    from invariants import CaseTimeout

    name = hashlib.sha1(f"{kind}{sig}".encode()).hexdigest()[:10]
    reduced = data if sig.startswith(CaseTimeout.__name__) else reduce(kind, data, sig)
    path = out / f"{kind}-{name}.txt"
    path.write_text(f"# {kind}: {sig}\n# {detail}\n# reduced reproducer (repr):\n{reduced!r}\n# as found (repr):\n{data!r}\n",
                    encoding="utf-8", errors="surrogatepass")
    return path


def worker(job: tuple[int, int, int, str]) -> dict:
    """Run ``cases`` cases of worker ``number``; returns counts, failures and the slowest cases.

    Texts come ``TEXT_BATCH`` at a time and are analysed in one batch (as ingest does; one text at
    a time costs several times more in per-call overhead). A batch that fails, or runs slow, is
    run again text by text, so each failure and each slow case is pinned to its own input.
    """
    number, cases, seed, out = job
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as seeded
    from hypothesis import strategies as st

    import quotewire
    import strategies
    from invariants import analyze_text, analyze_texts, as_data

    quotewire.extract_statements("Warm up: “Yes,” he said.")
    kinds = [k for k, w in KINDS.items() for _ in range(w)]
    counts = dict.fromkeys(KINDS, 0)
    failures: dict[str, str] = {}
    slowest: list[tuple[float, str, int, Case]] = []
    done = 0

    def timed(spent: float, kind: str, data: Case) -> None:
        heapq.heappush(slowest, (spent, kind, len(data), data[:80]))
        if len(slowest) > SLOWEST:
            heapq.heappop(slowest)

    def one(kind: str, data: Case) -> None:
        start = time.process_time()
        try:
            check(kind, data)
        except Exception as exc:  # noqa: BLE001 - every failure is recorded and the campaign goes on
            sig = signature(exc)
            if sig not in failures:
                detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
                failures[sig] = f"{_save(Path(out), kind, data, sig, detail)}: {detail}"
        timed(time.process_time() - start, kind, data)

    def texts(batch: list[str], pick: int) -> None:
        start = time.process_time()
        try:
            results = analyze_texts(batch)
            assert as_data(analyze_text(batch[pick])) == as_data(results[pick].quotes), \
                "the same text gave another result alone than in a batch"
        except Exception:  # noqa: BLE001 - pinned to its text below
            for text in batch:
                one("text", text)
            return
        spent = time.process_time() - start
        if spent > SLOW_BATCH:
            for text in batch:
                one("text", text)
        else:
            for text in batch:
                timed(spent / len(batch), "text", text)

    chunk = 0
    while done < cases:
        @seeded(seed * 1_000_003 + number * 10_007 + chunk)
        @settings(max_examples=min(CHUNK, math.ceil((cases - done) / TEXT_BATCH)), database=None, deadline=None, derandomize=False,
                  suppress_health_check=list(HealthCheck), phases=["generate"])
        @given(kind=st.sampled_from(kinds), data=st.data())
        def examples(kind: str, data: st.DataObject) -> None:
            nonlocal done
            if kind == "text":
                size = TEXT_BATCH
                batch = data.draw(st.lists(strategies.article_text(), min_size=size, max_size=size))
                texts(batch, data.draw(st.integers(0, size - 1)))
            else:
                size = 1
                one(kind, data.draw(_strategy(kind)))
            done += size
            counts[kind] += size

        examples()
        chunk += 1
        print(f"worker {number}: {done:,}/{cases:,} cases, {len(failures)} failures", file=sys.stderr, flush=True)
    return {"counts": counts, "failures": failures, "slowest": slowest}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--out", default="fuzz-out", help="folder for failing inputs and their reproducers")
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    shares = [args.cases // args.workers + (n < args.cases % args.workers) for n in range(args.workers)]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
        results = pool.map(worker, [(n, share, args.seed, args.out) for n, share in enumerate(shares)])
    elapsed = time.perf_counter() - started
    counts = {k: sum(r["counts"][k] for r in results) for k in KINDS}
    failures = {sig: where for r in results for sig, where in r["failures"].items()}
    slowest = sorted((s for r in results for s in r["slowest"]), reverse=True)[:SLOWEST]
    kinds = ", ".join(f"{k} {n:,}" for k, n in counts.items())
    print(f"fuzz: {sum(counts.values()):,} cases ({kinds}) in {elapsed:.0f} s, {args.workers} workers, seed {args.seed}")
    print(f"failures: {len(failures)} distinct")
    for sig, where in sorted(failures.items()):
        print(f"  {sig}\n    {where}")
    print(f"slowest {len(slowest)} cases (CPU seconds of the worker; a text batch's cost is shared by its texts):")
    for spent, kind, size, head in slowest:
        print(f"  {spent:7.3f} s  {kind:5}  {size:6,} chars  {head!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
