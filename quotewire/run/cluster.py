"""quotewire on a Dask cluster: the whole ingest (``ingest_on_dask``) or the analysis step alone.

``ingest_on_dask`` is ``quotewire ingest --scheduler``. The client only plans: it cuts the inputs
into *parts* (a JSONL file into line ranges, a directory into slices of files, a WARC or any other
file whole) and sends each worker the part's name, never its articles. A worker reads its part and
runs the local pipeline on it (``run.ingest.ingest_articles``: clean, dedup through the store's shared
story index, analyse under the per-article guard, save), with the model loaded once per worker by
``WorkerSetup`` and one store connection pool per worker process. Saving is idempotent by article
id, so a part retried after its worker died (Dask reschedules it) adds nothing twice, and rerunning
the whole command after the scheduler went away skips every article already stored.

``analyze_on_dask`` analyses a stream of articles the client holds: partitions through
``analyze_guarded`` on workers, results back in input order, a bounded number in flight.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from quotewire.errors import InputError
from quotewire.models import AnalyzedArticle, Article, Failure
from quotewire.run.analysis import analyze_partition, one_child
from quotewire.run.config import RunConfig
from quotewire.run.cluster_checks import analyze_here, can_have_children, check_scheduler, wait_for_workers

if TYPE_CHECKING:
    from distributed import Client

    from quotewire.run.ingest import Analyzer, IngestReport
    from quotewire.run.stages import FailureSink
    from quotewire.store import Store

DEFAULT_PARTITION_SIZE = 32
"""Articles per task: small enough that work spreads evenly over workers, large enough that a task's
overhead is nothing beside its parsing (docs/scale.md)."""
IN_FLIGHT_PER_WORKER = 2
"""Partitions queued per worker: enough that no worker idles while results are collected."""


@contextmanager
def _local_client(n_workers: int | None) -> Iterator[Client]:
    """A LocalCluster of single-threaded worker processes: spaCy parses best one thread per process."""
    import dask
    from distributed import Client, LocalCluster

    # not daemonic, so that each Dask worker may run its supervised analysis worker (quotewire.run.workers)
    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while part := list(islice(it, size)):
        yield part


def _stream(client: Client, articles: Iterable[Article], partition_size: int,
            config: RunConfig) -> Iterator[AnalyzedArticle]:
    """Submit partitions with a bounded window and yield their results in input order."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window: deque = deque()
    for part in _partitions(articles, partition_size):
        window.append(client.submit(analyze_partition, part, config, pure=False))
        if len(window) >= workers * IN_FLIGHT_PER_WORKER:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def analyze_on_dask(articles: Iterable[Article], client: Client | None = None,
                    partition_size: int = DEFAULT_PARTITION_SIZE, config: RunConfig | None = None,
                    n_workers: int | None = None) -> Iterator[AnalyzedArticle]:
    """Analyse ``articles`` on ``client``'s cluster, or on a LocalCluster started (and closed) here,
    each partition by ``run.analysis.analyze_partition`` (one supervised child per Dask worker).

    Yields one AnalyzedArticle per article, in input order, like ``extract.statements.analyze_many``.
    """
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    config = config or RunConfig()
    if client is not None:
        yield from _stream(client, articles, partition_size, config)
        return
    with _local_client(n_workers) as own:
        yield from _stream(own, articles, partition_size, config)


# -- the whole ingest on a cluster ---------------------------------------------------------------

JSONL_SUFFIXES = (".jsonl", ".ndjson")
"""Plain JSONL files are cut into line ranges; compressed ones are read whole by one worker."""
PART_LINES = 64
"""JSONL lines per part: parts small enough that two workers share even a short file and a killed
worker loses little."""
PART_BATCH = 16
"""Articles per store transaction inside a part (``RunConfig.store_batch``). A part of 64 is four
batches, so that while one is saved the next is analysed and the worker's analysis child does not
wait for each part's cleaning, dedup and save (docs/scale.md)."""
DIRECTORY_SLICE = 64
"""Files of a directory per part."""
CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class Part:
    """What one worker task reads: a byte range of a JSONL file, or some files read whole."""

    paths: tuple[str, ...]
    start: int = 0  # JSONL: the byte range [start, end) and the line number at ``start``
    end: int | None = None
    first_line: int = 1
    articles: int | None = None  # how many it holds, when known without reading it (for progress)

    @property
    def name(self) -> str:
        if self.end is None:
            return self.paths[0] if len(self.paths) == 1 else f"{self.paths[0]} (+{len(self.paths) - 1} files)"
        return f"{self.paths[0]}:{self.first_line}-{self.first_line + (self.articles or 1) - 1}"

    def read(self) -> Iterator[Article | Failure]:
        from quotewire.sources import read_inputs

        if self.end is None:
            return read_inputs(list(self.paths))
        from quotewire.sources.http import DEFAULT_TIMEOUT
        from quotewire.sources.readers.jsonl import read_jsonl
        from quotewire.sources.source import ReadOptions, Source

        with open(self.paths[0], "rb") as f:
            f.seek(self.start)
            data = f.read(self.end - self.start)
        # the reader numbers lines from 1 and skips blank ones: blank lines in front number ours right
        padded = b"\n" * (self.first_line - 1) + data
        return read_jsonl(Source(self.paths[0], ReadOptions(DEFAULT_TIMEOUT), data=padded))


def _jsonl_parts(path: str, lines_per_part: int) -> Iterator[Part]:
    """Line-aligned byte ranges of ``lines_per_part`` lines (one pass over the file, no parsing);
    the file's last ``2 * lines_per_part`` lines in parts of half that size (``_tail_sizes``)."""
    ends: deque[int] = deque()  # end offsets of the lines read but not yet in a part
    start, line, offset = 0, 1, 0
    with open(path, "rb") as f:
        for raw in f:
            offset += len(raw)
            ends.append(offset)
            if len(ends) == 3 * lines_per_part:  # the last two parts' worth is kept back
                start, line = yield from _cut(path, ends, [lines_per_part], start, line)
    yield from _cut(path, ends, _tail_sizes(len(ends), lines_per_part), start, line)


def _tail_sizes(lines: int, lines_per_part: int) -> list[int]:
    """How the last ``lines`` lines of a file are cut: whole parts until at most ``2 * lines_per_part``
    remain, then even parts of at most half as many. A cluster's run ends when its last part does, and a
    worker with nothing left idles while another finishes: smaller last parts shorten that wait."""
    whole = max(0, lines - lines_per_part - 1) // lines_per_part  # leaves 1 to 2 * lines_per_part
    rest = lines - whole * lines_per_part
    k = -(-rest // max(1, lines_per_part // 2))  # parts of at most half size, as even as can be
    return [lines_per_part] * whole + [rest // k + (i < rest % k) for i in range(k)]


def _cut(path: str, ends: deque[int], sizes: list[int], start: int, line: int) -> Iterator[Part]:
    """Parts of ``sizes`` lines from the front of ``ends``; returns where the next part starts."""
    for size in sizes:
        end = ends[size - 1]
        for _ in range(size):
            ends.popleft()
        yield Part((path,), start, end, line, size)
        start, line = end, line + size
    return start, line


def plan_parts(inputs: Iterable[str], lines_per_part: int = PART_LINES,
               files_per_part: int = DIRECTORY_SLICE) -> tuple[list[Part], list[Failure]]:
    """Cut ``inputs`` into parts that workers read themselves (paths must be readable by every
    worker), and the failures found while listing them (an unreadable directory entry).

    Standard input cannot be read by a worker and is refused with an ``InputError``; a URL is one
    part, fetched by the worker.
    """
    from quotewire.sources import expand_input
    from quotewire.sources.http import is_url

    parts: list[Part] = []
    failures: list[Failure] = []
    for input in inputs:
        if input == "-":
            raise InputError("-", "input", "standard input cannot be read by cluster workers; give a file")
        if is_url(input):
            parts.append(Part((input,)))
            continue
        try:
            found = list(expand_input(input))
        except InputError as e:
            failures.append(e.failure())
            continue
        failures += [f for f in found if isinstance(f, Failure)]
        paths = [os.path.abspath(f) for f in found if isinstance(f, str)]
        jsonl = [p for p in paths if p.endswith(JSONL_SUFFIXES) and os.path.isfile(p)]
        for path in jsonl:
            parts += _jsonl_parts(path, lines_per_part)
        others = [p for p in paths if p not in set(jsonl)]
        if os.path.isdir(input):
            parts += [Part(tuple(others[i:i + files_per_part]), articles=len(others[i:i + files_per_part]))
                      for i in range(0, len(others), files_per_part)]
        else:
            parts += [Part((p,)) for p in others]
    return parts, failures


class WorkerSetup(WorkerPlugin):
    """Runs once in each worker process as it joins: starts its supervised analysis child
    (``run.workers.analyze_partition``; the child loads the spaCy model and is kept between tasks), so
    that no part pays for it and a worker that joins later (or replaces a dead one) is ready
    before its first task."""

    name = "quotewire-setup"

    def __init__(self, load_model: bool = True, config: RunConfig | None = None) -> None:
        self.load_model = load_model
        self.config = one_child(config)

    def setup(self, worker: Any) -> None:
        if self.load_model and not can_have_children():  # a daemonic worker analyses in its own process
            from quotewire.run.workers import WARM_UP

            analyze_here([WARM_UP], 1, extractor=self.config.extractor)
        elif self.load_model:
            from quotewire.run.workers import WARM_UP, drop_idle_unlike

            analyze_partition([WARM_UP], self.config)  # takes the child the preload started, once it is up
            drop_idle_unlike(self.config.limits, self.config.extractor)  # a preloaded child this run cannot use


def dask_setup(worker: Any) -> None:
    """Dask's preload hook, run as a worker process starts (``WORKER_ENV`` names this module in
    ``distributed.worker.preload``): starts the worker's analysis child in the background
    (``run.workers.prestart``), so that the model loads while the worker joins the cluster and the
    client plans, and ``WorkerSetup`` finds it ready or nearly (docs/scale.md)."""
    from quotewire.run.workers import prestart

    config = one_child(None)
    prestart(config.limits, config.extractor)


_worker_stores: dict[str, Store] = {}


def _worker_store(db: str) -> Store:
    """One store (one connection pool) per worker process and database, kept for every part."""
    if db not in _worker_stores:
        from quotewire.store import open_store

        _worker_stores[db] = open_store(db)
    return _worker_stores[db]


def ingest_part(part: Part, db: str, analyze: Analyzer | None = None,
                config: RunConfig | None = None) -> tuple[IngestReport, str]:
    """What one worker task does: the local run over one part, into the shared store, with
    analysis in the worker's one supervised child (the local per-article guard). Each batch of
    ``config.store_batch`` is its own transaction: a retried part skips the batches already committed."""
    from distributed import get_worker

    from quotewire.run.ingest import ingest_articles

    if analyze is None and not can_have_children():  # `dask worker`'s daemonic workers: no supervised child
        analyze = functools.partial(analyze_here, extractor=one_child(config).extractor)
    report = ingest_articles(part.read(), _worker_store(db), config=one_child(config), analyze=analyze,
                             inputs=[part.name])
    return report, get_worker().address


@dataclass
class ClusterReport:
    """The run's combined ``IngestReport`` and where its failures happened."""

    report: IngestReport
    scheduler: str
    parts: int = 0
    workers: set[str] = field(default_factory=set)
    failures_by_worker: Counter[str] = field(default_factory=Counter)

    def add(self, part: IngestReport, worker: str) -> None:
        self.parts += 1
        self.workers.add(worker)
        self.failures_by_worker[worker] += len(part.failures)
        for f in fields(part):
            value = getattr(part, f.name)
            if isinstance(value, int) and not isinstance(value, bool) and f.name != "run_id":
                setattr(self.report, f.name, getattr(self.report, f.name) + value)
        self.report.failures.extend(part.failures)
        for reason, n in part.skipped.items():
            self.report.skipped[reason] = self.report.skipped.get(reason, 0) + n

    def summary(self) -> str:
        workers = ", ".join(f"{w}: {n}" for w, n in sorted(self.failures_by_worker.items()) if n)
        return (f"{self.report.summary()}; {self.parts} parts on {len(self.workers)} workers"
                + (f" (failures by worker: {workers})" if workers else ""))

    def to_dict(self) -> dict[str, Any]:
        return self.report.to_dict() | {
            "scheduler": self.scheduler, "parts": self.parts, "workers": sorted(self.workers),
            "failures_by_worker": {w: n for w, n in sorted(self.failures_by_worker.items()) if n}}


def _lost(scheduler: str, error: BaseException) -> InputError:
    return InputError(scheduler, "scheduler",
                      f"lost the Dask scheduler ({type(error).__name__}); every committed part is kept: "
                      "run the same command again to continue")


def ingest_on_dask(inputs: list[str], *, scheduler: str, db: str | None = None, report: str | None = None,
                   progress: bool = False, analyze: Analyzer | None = None, load_model: bool = True,
                   lines_per_part: int = PART_LINES, on_failure: FailureSink | None = None,
                   config: RunConfig | None = None) -> ClusterReport:
    """``ingest`` on the Dask cluster whose scheduler is at ``scheduler`` (``tcp://host:8786``).

    ``db`` must be reachable by every worker: a PostgreSQL URL, or a SQLite path on a disk they
    share (workers on one machine). A scheduler that cannot be reached, or goes away during the
    run, is an ``InputError`` with one line; what was committed stays, and a rerun continues.
    A part whose workers keep dying (Dask gives up after a few) is a failure of that part, and
    the run goes on. ``config``: as locally (``RunConfig``), with one analysis child per Dask worker
    and ``PART_BATCH`` articles per store transaction.
    """
    from distributed import Client
    from distributed.comm.core import CommClosedError

    from quotewire.run.ingest import IngestReport
    from quotewire.store import open_store
    from quotewire.store.engine import database_url

    url = _shared_url(db)
    with open_store(url):  # migrate once, here, and fail early on an unusable database
        pass
    parts, unlisted = plan_parts(inputs, lines_per_part)
    started = time.perf_counter()
    combined = ClusterReport(IngestReport(inputs=list(inputs), failures=unlisted), scheduler)
    for failure in unlisted if on_failure is not None else ():
        on_failure(failure)
    lost = (OSError, TimeoutError, CommClosedError)
    check_scheduler(scheduler)  # one line for a dead address or a non-Dask endpoint, never a hang
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except lost as e:
        raise InputError(scheduler, "scheduler", f"cannot reach the Dask scheduler ({type(e).__name__})") from None
    try:
        wait_for_workers(client, scheduler)
        part_config = replace(one_child(config), store_batch=PART_BATCH)
        client.register_plugin(WorkerSetup(load_model, part_config))
        _run_parts(client, parts, database_url(url), analyze, part_config, combined,
                   _progress(progress, len(parts), combined), on_failure)
    except lost as e:
        raise _lost(scheduler, e) from None
    except Exception as e:
        if "CancelledError" in type(e).__name__:
            raise _lost(scheduler, e) from None
        raise
    finally:
        combined.report.seconds = time.perf_counter() - started
        try:
            client.close(timeout=CONNECT_TIMEOUT_S)
        except lost:
            pass
    if report is not None:  # the caller decided whether it may replace a file (``--force``)
        from quotewire.outputs import replacing_text

        with replacing_text(report, force=True, databases=[db]) as f:
            f.write(json.dumps(combined.to_dict(), indent=2, ensure_ascii=False) + "\n")
    return combined


RESUBMITS = 3
"""Times a part is sent again when its finished result was lost with its worker (the worker died
between finishing and handing the result over): saving is idempotent, so this is safe."""


def _run_parts(client: Client, parts: list[Part], db: str, analyze: Analyzer | None, config: RunConfig,
               combined: ClusterReport, progress: Any, on_failure: FailureSink | None) -> None:
    from distributed import as_completed

    def submit(part: Part) -> Any:
        future = client.submit(ingest_part, part, db=db, analyze=analyze, config=config, pure=False, retries=2)
        part_of[future.key] = part
        return future

    part_of: dict[str, Part] = {}
    resubmitted: Counter[Part] = Counter()
    running = as_completed([submit(p) for p in parts])
    with progress as advance:
        for future in running:
            try:
                _collect(future, combined, on_failure)
            except OSError:
                part = part_of[future.key]
                if resubmitted[part] == RESUBMITS or not _scheduler_answers(client):
                    raise
                resubmitted[part] += 1
                running.add(submit(part))
                continue
            advance()


def _scheduler_answers(client: Client) -> bool:
    try:
        client.run_on_scheduler(time.monotonic)
        return True
    except (OSError, TimeoutError):
        return False


def _collect(future: Any, combined: ClusterReport, on_failure: FailureSink | None) -> None:
    """One finished part into the combined report; a part that killed its workers is one failure."""
    from distributed.scheduler import KilledWorker

    try:
        part_report, worker = future.result()
    except KilledWorker as e:
        name = str(getattr(e, "task", "") or future.key)
        failure = Failure(name, "worker_crash", f"{name}: its workers died each time it ran ({e.last_worker.address})"
                          if getattr(e, "last_worker", None) else f"{name}: its workers died each time it ran")
        combined.report.failures.append(failure)
        if on_failure is not None:
            on_failure(failure)
        return
    combined.add(part_report, worker)
    if on_failure is not None:
        for f in part_report.failures:
            on_failure(f)


def _shared_url(db: str | None) -> str:
    """``db`` as every worker can open it: a SQLite path made absolute (workers have their own cwd)."""
    from quotewire.store.engine import DEFAULT_DB

    db = db or DEFAULT_DB
    if "://" in db:
        return db
    return str(Path(db).expanduser().resolve())


@contextmanager
def _progress(show: bool, parts: int, combined: ClusterReport) -> Iterator[Callable[[], None]]:
    """One bar for the whole cluster: parts done, articles and articles/s, ETA."""
    from quotewire.progress import progress

    started = time.perf_counter()
    with progress("ingesting", total=parts, show=show) as step:

        def advance() -> None:
            r = combined.report
            rate = r.articles_read / max(time.perf_counter() - started, 1e-9)
            step(f"{r.articles_read} articles ({rate:.1f}/s), {r.statements} statements, {len(r.failures)} failures")

        yield advance


WORKER_ENV = {
    "DASK_DISTRIBUTED__WORKER__DAEMON": "False",
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "5s",
    "DASK_DISTRIBUTED__WORKER__MEMORY__MONITOR_INTERVAL": "1s",
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
    "DASK_DISTRIBUTED__WORKER__PRELOAD": '["quotewire.run.cluster"]',
}
"""The environment ``dask worker`` (and, for the tick, ``dask scheduler``) should run with for
quotewire (docs/scale.md). Not daemonic, so that a worker may start its supervised analysis child.

The rest keeps Dask's own bookkeeping (the profiler, the system and memory monitors, the
event-loop tick) off the cores the analysis needs when every core has a worker (docs/scale.md).
The preload (``dask_setup``) starts the analysis child as the worker starts. A cluster whose
workers run a stand-in analysis (the tests' ``LoopbackCluster``) empties the preload, loading no model."""
