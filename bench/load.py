"""Load: concurrent clients searching the JSON API over a database of generated statements.

Not a test. Builds (or reuses) a database of N generated statements — our own synthetic text,
deterministic seed — serves it with ``quotewire serve`` in a separate process on 127.0.0.1, and
runs C clients in closed loop (each sends its next search as soon as the last one answers) for
S seconds. Prints requests/s, p50/p99 latency and errors per backend, side by side.

    .venv/bin/python bench/load.py                               # SQLite, 100k statements, 50 clients, 30 s
    .venv/bin/python bench/load.py --backends sqlite,postgresql
    .venv/bin/python bench/load.py --statements 20000 --seconds 10   # quick look
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import sqlalchemy as sa

from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker
from quotewire.store import open_store
from quotewire.store.engine import database_url

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
PG_SCHEMA = "qw_load"
QUOTES_PER_ARTICLE = 5
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Eva", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia",
         "Otto", "Pia", "Raj", "Sol", "Tea", "Uma"]
LAST = ["Abara", "Brandt", "Costa", "Dahl", "Eze", "Fischer", "Garcia", "Holm", "Ito", "Jansen", "Kovac", "Lind",
        "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka", "Ueda", "Vogel", "Weiss",
        "Xu", "Yilmaz", "Zeller"]
TYPES, TYPE_SHARES = ["direct", "indirect", "mixed"], [0.45, 0.40, 0.15]  # roughly as in news text
ORGS = ["Harbour Union", "City Council", "Rail Board", "Water Trust", "Farm Guild", "Health Office"]


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Made-up words with a Zipf-like use, so searches hit a few or many statements."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pa", "do", "fe", "gu", "ha", "ji", "be"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def _article(i: int, rng: random.Random, words: list[str], weights: list[float]) -> AnalyzedArticle:
    parts, quotes, pos = [], [], 0
    for _ in range(QUOTES_PER_ARTICLE):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        said = " ".join(rng.choices(words, weights, k=rng.randint(6, 16)))
        prefix = f"{name} said \""
        start = pos + len(prefix)
        parts.append(f"{prefix}{said}\". ")
        quotes.append((start, start + len(said), name))
        pos += len(parts[-1])
    text = "".join(parts)
    day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
    article = Article(id=f"gen-{i:06d}", text=text, title=f"Generated story {i}", source=f"site{i % 20}.example",
                      url=f"https://site{i % 20}.example/{i}", published=day, cluster_id=f"gen-{i:06d}")
    types = rng.choices(TYPES, TYPE_SHARES, k=len(quotes))
    return AnalyzedArticle(article, [
        Quote(kind, Span.of(text, s, e), speaker=Speaker(name, organisation=ORGS[sum(map(ord, name)) % len(ORGS)]))
        for (s, e, name), kind in zip(quotes, types)])


def build(db: str, statements: int, batch: int = 200) -> float:
    """Fill ``db`` with ``statements`` generated statements; returns seconds taken."""
    rng = random.Random(20240501)
    words = _vocabulary(rng)
    weights = [1 / (r + 1) for r in range(len(words))]
    started = time.perf_counter()
    with open_store(db) as store:
        have = store.stats()["occurrences"]
        if have >= statements:
            return 0.0
        articles = statements // QUOTES_PER_ARTICLE
        run = store.start_run(["bench/load.py generated"])
        for k in range(have // QUOTES_PER_ARTICLE, articles, batch):
            store.save_batch([_article(i, rng, words, weights) for i in range(k, min(k + batch, articles))], run)
            print(f"\r  built {min(k + batch, articles) * QUOTES_PER_ARTICLE} statements", end="", file=sys.stderr)
        store.finish_run(run, {"statements": statements})  # as an ingest ends: statistics refreshed
    print(file=sys.stderr)
    return time.perf_counter() - started


def _random_request(rng: random.Random, words: list[str]) -> dict[str, str]:
    """One search as people make them: words, a speaker, words within dates, a site, a later page.

    Drawn fresh for every request from large spaces (word pairs, name pairs, date ranges), so the
    database's own page cache is not flattered by a short list of repeated searches.
    """
    kind = rng.random()
    if kind < 0.4:
        return {"q": " ".join(rng.sample(words[:800], rng.randint(1, 2)))}
    if kind < 0.6:
        return {"speaker": rng.choice([rng.choice(LAST), f"{rng.choice(FIRST)} {rng.choice(LAST)}"])}
    if kind < 0.75:
        start = rng.randint(1, 9)
        return {"q": rng.choice(words[:300]), "since": f"2024-{start:02d}-01",
                "until": f"2024-{start + rng.randint(1, 3):02d}-28"}
    if kind < 0.85:
        return {"source": f"site{rng.randint(0, 19)}.example", "type": rng.choice(["direct", "mixed", "indirect"])}
    return {"offset": str(20 * rng.randint(0, 50)), "limit": "20"}


async def _client(base: str, words: list[str], window: tuple[float, float], seed: int, think: float,
                  latencies: list[float], errors: list[str], by_kind: dict[str, list[float]]) -> None:
    """One user: search, read (``think``), search again; only searches inside ``window`` count."""
    rng = random.Random(seed)
    begin, until = window
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        if think:
            await asyncio.sleep(rng.uniform(0, 2 * think))  # users arrive over time, not all at once
        while time.perf_counter() < until:
            params = _random_request(rng, words)
            t = time.perf_counter()
            try:
                r = await http.get("/api/quotes", params=params)
                failed = None if r.status_code == 200 else f"{r.status_code} {params}"
            except httpx.HTTPError as e:
                failed = f"{type(e).__name__} {params}"
            if t >= begin:
                latencies.append(time.perf_counter() - t)
                by_kind.setdefault("+".join(sorted(params)), []).append(latencies[-1])
                if failed:
                    errors.append(failed)
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))  # a person reading the results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    quotewire = Path(sys.executable).with_name("quotewire")
    proc = subprocess.Popen([str(quotewire), "serve", "--db", db, "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(base + "/api/stats", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server on {db} did not start")


def _cpu_seconds(root: int) -> float:
    """CPU time used so far by a process and all its descendants (Linux /proc), in seconds.

    Per request, this is what the server costs independently of how busy the shared machine is.
    """
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    family, grew = {root}, True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in family} - family
        family |= more
        grew = bool(more)
    return sum(times.get(pid, 0.0) for pid in family)


def measure(db: str, clients: int, seconds: float, think: float, workers: int,
            warmup: float) -> dict[str, float]:
    """Run the clients for ``warmup`` + ``seconds``; only the last ``seconds`` are measured.

    Without a warm-up the first burst (every client's first search at once, on cold caches)
    is most of the p99 of a short run, and says nothing about a server that has been up a while.
    """
    rng = random.Random(20240501)
    words = _vocabulary(rng)
    proc, base = _serve(db, workers)
    try:
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = {}
        errors: list[str] = []
        begin = time.perf_counter() + warmup
        window = (begin, begin + seconds)
        cpu_at_begin: list[float] = []

        async def all_clients() -> None:
            async def mark() -> None:
                await asyncio.sleep(warmup)
                cpu_at_begin.append(_cpu_seconds(proc.pid))

            await asyncio.gather(mark(), *(_client(base, words, window, i, think, latencies, errors, by_kind)
                                           for i in range(clients)))

        asyncio.run(all_clients())
        elapsed, cpu = time.perf_counter() - begin, _cpu_seconds(proc.pid) - cpu_at_begin[0]
    finally:
        proc.terminate()
        proc.wait(10)
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    for kind, values in sorted(by_kind.items()):  # which searches make the tail
        values.sort()
        print(f"  {kind:<22} n={len(values):<6} p50={values[len(values) // 2] * 1000:7.1f} ms  "
              f"p99={values[int(len(values) * 0.99)] * 1000:7.1f} ms", file=sys.stderr)
    if errors:
        print(f"  first errors: {errors[:3]}", file=sys.stderr)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50_ms": cuts[49] * 1000,
            "p99_ms": cuts[98] * 1000, "errors": len(errors),
            "cpu_ms": cpu * 1000 / max(len(latencies), 1), "load": os.getloadavg()[0]}


def _pg_db() -> str:
    engine = sa.create_engine(database_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {PG_SCHEMA}"))
    engine.dispose()
    return f"{PG_URL}?options=-csearch_path%3D{PG_SCHEMA}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite", help="comma-separated: sqlite,postgresql")
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before measuring starts")
    parser.add_argument("--workers", default="1", help="server processes; comma-separated to compare, e.g. 1,2")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause between a client's requests in seconds (0: closed loop, worst case)")
    parser.add_argument("--sqlite", default=os.environ.get("TMPDIR", "/tmp") + "/quotewire-load.db",
                        help="SQLite file to build or reuse")
    args = parser.parse_args()
    rows = []
    for backend in args.backends.split(","):
        db = args.sqlite if backend == "sqlite" else _pg_db()
        built = build(db, args.statements)
        print(f"{backend}: database ready ({built:.0f}s to build); {args.clients} clients for {args.seconds:.0f}s",
              file=sys.stderr)
        for workers in (int(w) for w in args.workers.split(",")):
            rows.append((f"{backend} x{workers}",
                         measure(db, args.clients, args.seconds, args.think, workers, args.warmup)))
    pace = f"think time {args.think:g}s" if args.think else "closed loop"
    print(f"\n{args.statements} statements, {args.clients} concurrent clients, {args.seconds:.0f}s each after "
          f"{args.warmup:g}s warm-up, {pace}")
    print(f"{'server':<16}{'requests':>10}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}"
          f"{'server CPU ms/req':>19}{'load avg':>10}")
    for backend, r in rows:
        print(f"{backend:<16}{r['requests']:>10.0f}{r['rps']:>10.1f}{r['p50_ms']:>10.1f}{r['p99_ms']:>10.1f}"
              f"{r['errors']:>8.0f}{r['cpu_ms']:>19.1f}{r['load']:>10.1f}")
    print("server CPU ms/req: what one request costs the server whatever else runs; one free core serves "
          "about 1000 / that many requests per second.")


if __name__ == "__main__":
    main()
