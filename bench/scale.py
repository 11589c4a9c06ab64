"""Scale: one machine's workers beside a loopback Dask cluster, the store-backed dedup at 1,000,000
articles, concurrent PostgreSQL writers, a killed Dask worker, and identical results every way.

    .venv/bin/python bench/scale.py                       # everything (long: real spaCy analysis)
    .venv/bin/python bench/scale.py --only throughput --n 500
    .venv/bin/python bench/scale.py --only dedup --dedup-n 1000000
    .venv/bin/python bench/scale.py --only writers,kill,identity --pg postgresql://postgres@127.0.0.1/test

Sections (``--only``, comma-separated):

- ``throughput``: articles/s of a whole ingest (read, clean, dedup, real analysis, SQLite) of ``--n``
  generated articles, wall clock with model start-up included, with 1 and 2 Dask workers on a
  127.0.0.1 cluster (``dask scheduler`` / ``dask worker``), and with 1 and 2 local ``--workers``
  (each run in a fresh process); efficiency = rate(2) / (2 x rate(1)), from the median of
  ``--rounds`` rounds of 1, 2, 2, 1 workers.
- ``placement``: an ingest without NLP (read, clean, dedup, SQLite) of ``--placement-n`` articles
  with each batch placed in one store transaction beside each article placed in its own (what the
  pipeline did before), alternating, twice each.
- ``dedup``: ``bench/dedup.py``'s store-backed index on ``--dedup-n`` articles beside the in-memory
  index on the first 100,000 (articles/s, peak RSS, P/R, each in its own process).
- ``writers``: PostgreSQL ingest rate with 1 and 2 concurrent ``ingest`` processes (regex stand-in
  analyser: what is measured is the store's side), 200 articles each, 100 shared.
- ``kill``: kill -9 of one of two Dask workers during an ingest of 300 articles into PostgreSQL.
- ``identity``: the exported JSONL (without ingest times) after ``--workers 1``, ``--workers 2`` and
  ``--scheduler`` with two workers, on the same inputs.

Generated articles come from ``bench/news_corpus.py``; nothing third-party is read.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from loopback_cluster import NO_PRELOAD, LoopbackCluster  # noqa: E402
from news_corpus import generate  # noqa: E402

from quotewire.dedup import Assignment, Deduplicator, Prints  # noqa: E402
from quotewire.models import AnalyzedArticle, Article  # noqa: E402
from quotewire.run.cluster import ingest_on_dask  # noqa: E402

ENV = {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}


def write_corpus(path: Path, n: int, first: int = 0) -> str:
    with path.open("w", encoding="utf-8") as out:
        for i, doc in enumerate(generate(first + n)):
            if i >= first:
                out.write(json.dumps({k: doc[k] for k in ("id", "title", "text", "source", "url", "published")}) + "\n")
    return str(path)


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A fresh schema in ``base`` for one measurement, dropped afterwards."""
    import sqlalchemy as sa

    from quotewire.store.engine import database_url

    engine = sa.create_engine(database_url(base), poolclass=sa.pool.NullPool)
    schema = f"qw_bench_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


def exported(db: str) -> list[dict]:
    """The JSONL export, without ingest times (the one field that must differ between runs)."""
    from quotewire import export
    from quotewire.store import open_store

    out = io.StringIO()
    with open_store(db) as store:
        export.write_lines(store.iter_quotations(), out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    for line in lines:
        for p in line["provenance"]:
            p.pop("ingested_at")
    return lines


def _local_ingest(path: str, db: str, workers: int) -> float:
    """Wall clock of ``ingest`` with ``workers`` analysis workers in a fresh process, as a command
    runs it: interpreter, imports and model start-up included (in this process, a later run would
    fork its workers from the first run's fork server, its model already loaded)."""
    script = ("import sys\nfrom quotewire.run.config import RunConfig\nfrom quotewire.run.ingest import ingest\n"
              "from quotewire.run.workers import Limits\n"
              "report = ingest([sys.argv[1]], db=sys.argv[2], config=RunConfig(limits=Limits(workers=int(sys.argv[3]))))\n"
              "assert not report.failures, report.failures[:3]\n")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, path, db, str(workers)], check=True, env=os.environ | ENV)
    return time.perf_counter() - started


def _dask_ingest(path: str, db: str, workers: int, env: dict[str, str] | None = None) -> float:
    """Wall clock of a cluster run, the cluster's start and the model loads included."""
    started = time.perf_counter()
    with LoopbackCluster(workers, env=ENV | (env or {})) as cluster:
        result = ingest_on_dask([path], scheduler=cluster.address, db=db)
    assert not result.report.failures, result.report.failures[:3]
    return time.perf_counter() - started


ALTERNATION = (1, 2, 2, 1)
"""Worker counts of one round, alternating, so that a slow minute of a shared machine (runs of one
configuration here vary by +-20 %) falls on both counts alike; each rate is the median of its runs."""


def throughput(n: int, tmp: Path, rounds: int) -> None:
    path = write_corpus(tmp / "throughput.jsonl", n)
    runs: list[tuple[str, Callable[[str, str, int], float]]] = [("local", _local_ingest), ("dask", _dask_ingest)]
    for kind, run in runs:
        seconds: dict[int, list[float]] = {1: [], 2: []}
        for i, workers in enumerate(ALTERNATION * rounds):
            db = tmp / f"{kind}{i}.db"
            seconds[workers].append(run(path, str(db), workers))
            db.unlink()
            print(f"{kind:>6} {workers} workers: {n / seconds[workers][-1]:6.2f} articles/s "
                  f"({seconds[workers][-1]:.1f} s for {n})", flush=True)
        rate = {w: n / statistics.median(s) for w, s in seconds.items()}
        print(f"{kind:>6} median of {len(seconds[1])} runs each: {rate[1]:.2f} / {rate[2]:.2f} articles/s; "
              f"efficiency 1 -> 2 workers: {rate[2] / (2 * rate[1]):.2f}", flush=True)


def dedup(n: int, tmp: Path) -> None:
    subprocess.run([sys.executable, str(BENCH / "dedup.py"), "--n", str(n), "--store", str(tmp / "index.db"),
                    "--compare", str(min(n, 100_000))], check=True, env=os.environ | ENV)


class _OneByOne(Deduplicator):
    """The pipeline's placement before batching: one index lookup and write per article (inside
    the batch's transaction, where ingest now places and saves a batch together)."""

    def place_many(self, articles: Sequence[Article] | Prints, within: Any = None) -> list[Assignment]:
        batched = super().place_many
        each = articles.articles if isinstance(articles, Prints) else articles
        return [a for article in each for a in batched([article], within)]


def placement(n: int, tmp: Path) -> None:
    from quotewire.run.ingest import ingest_articles
    from quotewire.sources import read_inputs
    from quotewire.store import open_store

    path = write_corpus(tmp / "placement.jsonl", n)
    rates: dict[str, list[float]] = {"one index write per article": [], "one per batch of 64": []}
    for attempt in range(2):
        for label, kind in zip(rates, (_OneByOne, Deduplicator), strict=True):
            with open_store(str(tmp / f"placement-{attempt}-{kind.__name__}.db")) as store:
                started = time.perf_counter()
                report = ingest_articles(read_inputs([path]), store, dedup=kind(index=store.story_index()),
                                         analyze=lambda articles, batch_size: [AnalyzedArticle(a) for a in articles])
                rates[label].append(n / (time.perf_counter() - started))
            assert report.articles_read == n and not report.failures
    for label, seen in rates.items():
        print(f"ingest without NLP, {n} articles, {label}: " + ", ".join(f"{r:.0f}" for r in seen) + " articles/s")
    (before, after) = (max(v) for v in rates.values())
    print(f"batched placement: {after / before:.2f}x the articles/s of placing one by one (best of 2 each)")


def _writer(path: str, db: str, report: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "tests" / "concurrent_ingest.py"), path, db, str(report)],
                            env=os.environ | ENV)


def writers(pg: str, tmp: Path) -> None:
    first = write_corpus(tmp / "w1.jsonl", 200)
    second = write_corpus(tmp / "w2.jsonl", 200, first=100)
    for inputs in ([first], [first, second]):
        with pg_schema(pg) as db:
            from quotewire.store import open_store

            open_store(db).close()  # the schema first, so that both writers time ingest only
            started = time.perf_counter()
            procs = [_writer(p, db, tmp / f"r{i}.json") for i, p in enumerate(inputs)]
            assert all(p.wait() == 0 for p in procs)
            seconds = time.perf_counter() - started
            reports = [json.loads((tmp / f"r{i}.json").read_text()) for i in range(len(inputs))]
            with open_store(db) as store:
                stats = store.stats()
            read = sum(r["articles_read"] for r in reports)
            errors = sum(len(r["failures"]) for r in reports)
            print(f"PostgreSQL, {len(inputs)} writer(s): {read} articles read in {seconds:.1f} s = "
                  f"{read / seconds:.1f} articles/s; stored {stats['articles']} articles, "
                  f"{stats['occurrences']} occurrences, {stats['speakers']} speakers; {errors} errors", flush=True)


def kill(pg: str, tmp: Path) -> None:
    """What a run with a worker killed stores, beside what a local run of the same inputs stores."""
    from concurrent_ingest import analyze

    from quotewire.run.ingest import ingest
    from quotewire.store import open_store

    path = write_corpus(tmp / "kill.jsonl", 300)
    reference = str(tmp / "kill-reference.db")
    ingest([path], db=reference, analyze=analyze)
    with open_store(reference) as store:
        expected = {k: v for k, v in store.stats().items() if k not in ("runs", "failed_inputs")}
    with pg_schema(pg) as db, LoopbackCluster(2, env=ENV | NO_PRELOAD | {"QUOTEWIRE_TEST_SLOW_ANALYSIS": "0.02"}) as cluster:
        victim = next(iter(cluster.pids.values()))
        threading.Timer(3.0, os.kill, (victim, signal.SIGKILL)).start()
        result = ingest_on_dask([path], scheduler=cluster.address, db=db, analyze=analyze, load_model=False,
                                lines_per_part=16)
        with open_store(db) as store:
            stored = {k: v for k, v in store.stats().items() if k not in ("runs", "failed_inputs")}
        alive = sum(p.poll() is None for p in cluster.workers)
    print(f"kill -9 of one Dask worker mid-run: {alive} of 2 workers left at the end; "
          f"{len(result.report.failures)} failures; stored {stored}; "
          f"{'same as' if stored == expected else 'DIFFERENT from'} a local run ({expected})", flush=True)


def identity(n: int, tmp: Path) -> None:
    path = write_corpus(tmp / "identity.jsonl", n)
    exports = {}
    for label, run in (("--workers 1", lambda db: _local_ingest(path, db, 1)),
                       ("--workers 2", lambda db: _local_ingest(path, db, 2)),
                       ("--scheduler (2 workers)", lambda db: _dask_ingest(path, db, 2))):
        db = str(tmp / f"identity-{len(exports)}.db")
        try:
            run(db)
        except LookupError as e:
            print(f"{label}: skipped ({e})")
            continue
        exports[label] = exported(db)
    labels = list(exports)
    for other in labels[1:]:
        same = exports[other] == exports[labels[0]]
        print(f"exported JSONL, {other} vs {labels[0]}: {'identical' if same else 'DIFFERENT'} "
              f"({len(exports[other])} quotations)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", default="throughput,placement,dedup,writers,kill,identity")
    ap.add_argument("--n", type=int, default=500, help="articles for throughput and identity")
    ap.add_argument("--rounds", type=int, default=2, help="throughput: rounds of 1, 2, 2, 1 workers")
    ap.add_argument("--dedup-n", type=int, default=1_000_000)
    ap.add_argument("--placement-n", type=int, default=5000)
    ap.add_argument("--pg", default=os.environ.get("QUOTEWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        sections: dict[str, Callable[[], None]] = {
            "throughput": lambda: throughput(args.n, tmp, args.rounds), "placement": lambda: placement(args.placement_n, tmp),
            "dedup": lambda: dedup(args.dedup_n, tmp), "writers": lambda: writers(args.pg, tmp),
            "kill": lambda: kill(args.pg, tmp), "identity": lambda: identity(args.n, tmp)}
        chosen = args.only.split(",")
        if unknown := [s for s in chosen if s not in sections]:
            ap.error(f"--only: unknown section(s) {', '.join(unknown)} (known: {', '.join(sections)})")
        for section in chosen:
            print(f"== {section}", flush=True)
            sections[section]()

if __name__ == "__main__":
    main()
