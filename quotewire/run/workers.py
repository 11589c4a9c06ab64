"""Analysis in supervised worker processes: one article can cost only itself, never the run.

spaCy and the extraction rules run in worker processes, each loading the model once. A supervisor
(this module, in the calling process) hands each worker a chunk of a few articles at a time and
gives it a deadline. When a worker overruns its deadline it is killed; when it dies (a segfault,
the kernel's out-of-memory killer, a ``kill -9``) it is replaced; in both cases, and when the
analysis raised or ran out of memory, the chunk's articles are tried again one by one, so that the
article at fault is found and fails alone, with one line naming it:

    pages/a.html: analysis timed out after 30 s

An article whose worker died is tried once more on a fresh worker before it is called a failure
(the kernel may have killed that worker for another reason). Results come back in input order and
are those of a single-process run. docs/robustness.md has the defaults and why.

Processes and their plumbing are the standard library's: each worker is a one-process
``ProcessPoolExecutor``, so that killing one worker breaks no other's queue. Workers come from a
fork server that has imported spaCy already (safe in a threaded server, unlike plain fork), and
idle ones are kept in a small process-wide list for the next call (an API request, the next batch).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from quotewire.errors import DETAIL, WorkerStartError, one_line
from quotewire.models import AnalyzedArticle, Article, Failure
from quotewire.vocabulary import DEFAULT_EXTRACTOR, known_extractor

Analysis = Callable[[list[Article], int], Iterable[AnalyzedArticle]]
"""What a worker runs on a chunk: articles and a spaCy batch size in, one result per article out,
in order. It may raise: the supervisor then isolates the article at fault. Must be picklable (a
module-level function), since it travels to the worker by name."""

DEFAULT_ARTICLE_TIMEOUT = 30.0
"""Seconds one article may take in a worker: several times what the longest news features take on
a busy machine, yet a hung article costs a run half a minute, not hours (docs/robustness.md)."""

DEFAULT_WORKER_MEMORY = 2 * 1024**3
"""Address space per worker (``RLIMIT_AS``), bytes: five times a worker's normal peak, far below
what a pathological paragraph reaches (docs/robustness.md)."""

CHUNK_ARTICLES = 8
CHUNK_CHARS = 40_000
"""A chunk is at most this many articles and characters; a longer article travels alone. Together
they parse faster (spaCy batches a chunk's paragraphs); small chunks keep a culprit's search cheap."""

INITIAL_PACE = 6_000
PACE_MARGIN = 3
"""A chunk of several articles may take one article's budget plus PACE_MARGIN times what its text
needs at the pace (characters per second) this call's workers have kept so far, starting from
INITIAL_PACE: so an ordinary chunk is not taken for a culprit on a machine busy with other work. An
article alone gets exactly its budget."""

WORKER_START_CHARS = 50_000
"""Another worker is started only when at least this much text waits for one (a start costs about a
second, the model load): tiny inputs (one page, a few short articles) run on one worker."""

START_TIMEOUT = 120.0
"""Seconds a new worker may take to load the model before it is taken for broken."""
START_ATTEMPTS = 2
"""Consecutive rounds of failed worker starts before the run stops with ``WorkerStartError``
(workers that fail in the same round, as all do when their fork server is killed, count once)."""
FORK_SERVER_TRIES = 5
"""Tries to reach a fork server for one worker start; a dead one is restarted between tries."""

WARM_UP = Article(id="warm-up", text="“We are ready,” the harbour master said.")
"""Analysed once by each new worker, so the model is loaded before its first deadline starts."""


def default_workers() -> int:
    """The CPUs this process may use: workers beyond them only compete for the same cores."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _default_analysis(articles: list[Article], batch_size: int) -> Iterable[AnalyzedArticle]:
    from quotewire.extract.statements import analyze_many

    return analyze_many(articles, batch_size=batch_size)


@dataclass(frozen=True)
class _Extraction:
    """``extract.statements.analyze_many`` with another extractor than the default: a value (equal for
    equal names), so that idle workers of one extractor are reused and never lent to another."""

    extractor: str = DEFAULT_EXTRACTOR

    def __call__(self, articles: list[Article], batch_size: int) -> Iterable[AnalyzedArticle]:
        from quotewire.extract.statements import analyze_many

        return analyze_many(articles, batch_size=batch_size, extractor=self.extractor)


@dataclass(frozen=True)
class Limits:
    """The guard's settings: what ``--workers``, ``--article-timeout`` and ``--worker-memory`` set."""

    workers: int = field(default_factory=default_workers)
    article_timeout: float = DEFAULT_ARTICLE_TIMEOUT
    worker_memory: int | None = DEFAULT_WORKER_MEMORY  # bytes; None: no cap

    @classmethod
    def from_env(cls) -> Limits:
        """For a server: ``$QUOTEWIRE_WORKERS``, ``$QUOTEWIRE_ARTICLE_TIMEOUT`` (seconds) and
        ``$QUOTEWIRE_WORKER_MEMORY`` (bytes; 0: no cap), each defaulting as above; a bad value is a
        ``ConfigError`` naming the variable."""
        from quotewire.environment import env_number

        memory = env_number("QUOTEWIRE_WORKER_MEMORY", DEFAULT_WORKER_MEMORY, int, 0)
        return cls(workers=env_number("QUOTEWIRE_WORKERS", 0, int, 0) or default_workers(),
                   article_timeout=env_number("QUOTEWIRE_ARTICLE_TIMEOUT", DEFAULT_ARTICLE_TIMEOUT, float, 0.001),
                   worker_memory=memory or None)

    def __post_init__(self) -> None:
        if self.workers < 1 or self.article_timeout <= 0 or (self.worker_memory is not None and self.worker_memory <= 0):
            raise ValueError("workers, article_timeout and worker_memory must be positive")


# -- in the worker --------------------------------------------------------------------------------

def _init_worker(memory: int | None) -> None:
    """Cap the address space, and die with the fork server, which exits when the supervisor does:
    so a worker never outlives a supervisor that was killed (``kill -9``, a Dask nanny), however
    stuck it is. For that the worker must not hold the fork server's keep-alive pipe, which
    multiprocessing hands every child (for grandchildren a worker never starts)."""
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    server = getattr(multiprocessing.forkserver, "_forkserver", None)
    if getattr(server, "_forkserver_alive_fd", None) is not None:
        os.close(server._forkserver_alive_fd)  # type: ignore[union-attr]
        server._forkserver_alive_fd = None  # type: ignore[union-attr]
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def _warm(analysis: Analysis) -> int:
    list(analysis([WARM_UP], 1))
    return os.getpid()


def _run(analysis: Analysis, articles: list[Article], batch_size: int) -> list[AnalyzedArticle] | Failure:
    """One chunk in a worker: its results, or why it failed as a ``Failure`` (``memory``: the
    analysis raised MemoryError, the worker's cap or the machine's; ``analysis``: the exception)."""
    try:
        return list(analysis(articles, batch_size))
    except MemoryError:
        return Failure(input="", reason="memory", message="")
    except Exception as e:  # noqa: BLE001 - reported to the supervisor, which isolates the article
        return Failure(input="", reason="analysis", message=one_line(e, DETAIL))


# -- workers and the idle list ---------------------------------------------------------------------


def _context() -> multiprocessing.context.BaseContext:
    """A fork server that has loaded spaCy's model (``quotewire.run.preload``): a new worker is a
    fork of it, ready in milliseconds, and forking from a single-threaded server is safe where
    forking the caller is not (the API server's threads). Elsewhere (Windows), spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["quotewire.run.preload"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now, without waiting for it: its preload (spaCy, the model, a first
    analysis) then runs while the caller is still starting up (a command line parsing its options)
    instead of after. The first worker start waits for the preload as before. Nothing to start
    where there is no fork server (spawn)."""
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        _owns_fork_server.set()
        multiprocessing.forkserver.ensure_running()


@dataclass(eq=False)
class _Worker:
    """One worker process: a one-process executor, ready once it answered the warm-up."""

    key: tuple[Any, ...]
    executor: ProcessPoolExecutor
    process: Any  # its multiprocessing Process
    ready: Future[int]
    since: float = field(default_factory=time.monotonic)  # start, then: when the current job was handed over
    job: _Job | None = None
    future: Future[list[AnalyzedArticle] | Failure] | None = None
    deadline: float = 0.0
    finished: float = 0.0

    @classmethod
    def start(cls, key: tuple[Any, ...], analysis: Analysis, memory: int | None) -> _Worker:
        """A new worker. A fork server that died (killed with its workers, ``kill -9``) is started
        again by multiprocessing on the next try; until then a start fails with the connection
        error, so it is tried FORK_SERVER_TRIES times before it is a ``WorkerStartError``."""
        _owns_fork_server.set()
        for attempt in range(1, FORK_SERVER_TRIES + 1):
            executor = ProcessPoolExecutor(max_workers=1, mp_context=_context(), initializer=_init_worker,
                                           initargs=(memory,))
            try:
                ready = executor.submit(_warm, analysis)  # starts the process
            except (OSError, EOFError) as e:  # the fork server is gone or going
                executor.shutdown(wait=False, cancel_futures=True)
                if attempt == FORK_SERVER_TRIES or _exiting.is_set():
                    raise WorkerStartError(f"analysis workers cannot start: the fork server is gone "
                                           f"({type(e).__name__}: {e})") from None
                time.sleep(0.1 * attempt)  # let it finish dying, so it is seen dead and started anew
                continue
            (process,) = executor._processes.values()  # the one private use; ProcessPoolExecutor.kill_workers() in 3.14
            return cls(key, executor, process, ready)
        raise AssertionError("unreachable")

    @property
    def is_ready(self) -> bool:
        return self.ready.done() and self.ready.exception() is None

    def give(self, job: _Job, analysis: Analysis, batch_size: int, deadline: float) -> None:
        self.job, self.since, self.deadline = job, time.monotonic(), deadline
        self.future = self.executor.submit(_run, analysis, job.articles, batch_size)
        self.future.add_done_callback(self._finished)

    def _finished(self, _: Future[Any]) -> None:
        self.finished = time.monotonic()  # when the answer came, however late the caller looks

    def kill(self) -> None:
        """SIGKILL the process (it holds nothing worth saving) and drop the executor."""
        self.process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)

    def exit_description(self) -> str:
        self.process.join(1)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}" if code is not None else "it died"


_idle: list[_Worker] = []
_idle_lock = threading.Lock()


def _idle_key(analysis: Analysis, limits: Limits) -> tuple[Any, ...]:
    """What an idle worker must match to be lent: the analysis it runs and its memory cap."""
    return (analysis, limits.worker_memory)


_prestarting: dict[tuple[Any, ...], threading.Thread] = {}
"""``prestart`` calls still waiting for their worker, by idle key (under ``_idle_lock``)."""


def _await_prestart(key: tuple[Any, ...] | None = None) -> None:
    """Wait for the prestarted worker of ``key`` (of every key: None) to be in the idle list."""
    with _idle_lock:
        pending = [t for k, t in _prestarting.items() if key is None or k == key]
    for thread in pending:
        thread.join()


def _borrow(key: tuple[Any, ...]) -> _Worker | None:
    _await_prestart(key)  # the worker it will give costs nothing more than starting another now
    with _idle_lock:
        for i, w in enumerate(_idle):
            if w.key == key:
                return _idle.pop(i)
    return None


def _give_back(worker: _Worker, keep: int) -> None:
    """Keep a healthy idle worker for the next call (up to ``keep`` of its kind), else kill it."""
    with _idle_lock:
        if worker.is_ready and worker.job is None and sum(w.key == worker.key for w in _idle) < keep:
            _idle.append(worker)
            return
    worker.kill()


# -- the supervisor ---------------------------------------------------------------------------------


@dataclass(eq=False)
class _Chunk:
    """Consecutive input articles and their results, filled in as jobs finish."""

    articles: list[Article]
    results: list[AnalyzedArticle | None]

    @property
    def done(self) -> bool:
        return all(r is not None for r in self.results)


@dataclass(eq=False)
class _Job:
    """Some articles of one chunk sent to a worker together: all of them, or one being isolated."""

    chunk: _Chunk
    positions: list[int]
    deaths: int = 0  # workers that died running these articles

    @property
    def articles(self) -> list[Article]:
        return [self.chunk.articles[i] for i in self.positions]

    @property
    def chars(self) -> int:
        return sum(len(a.text) for a in self.articles)

    def singles(self) -> list[_Job]:
        return [_Job(self.chunk, [i], self.deaths) for i in self.positions]

    def finish(self, results: list[AnalyzedArticle]) -> None:
        for i, r in zip(self.positions, results, strict=True):
            self.chunk.results[i] = r

    def fail(self, reason: str, detail: str) -> None:
        (i,) = self.positions
        article = self.chunk.articles[i]
        self.chunk.results[i] = failed(article, detail, reason)


def failed(article: Article, detail: str, reason: str = "analysis") -> AnalyzedArticle:
    """A failed result whose message is one short line naming the article."""
    return AnalyzedArticle(article, error=f"{article.input or article.id}: {one_line(detail, DETAIL)}", error_reason=reason)


def _chunks(articles: Iterable[Article], workers: int) -> Iterator[_Chunk]:
    """Consecutive articles, at most CHUNK_ARTICLES and CHUNK_CHARS together (a longer article
    alone). Near the end of the input (seen by reading a little ahead) chunks shrink to a share of
    what is left, so that no worker idles while another finishes a full chunk: each call (an
    ingest batch) ends with every worker busy until nearly the end. With one worker there is no
    other to idle, and the shrinking chunks only cost round trips (19 chunks for the 71 articles of
    `bench/startup.py` in two calls, where 12 do)."""
    it = iter(articles)
    ahead: deque[Article] = deque()
    chars, ended = 0, False
    while True:
        while not ended and chars < 2 * workers * CHUNK_CHARS:
            article = next(it, None)
            if article is None:
                ended = True
            else:
                ahead.append(article)
                chars += len(article.text)
        if not ahead:
            return
        limit = CHUNK_CHARS if not ended or workers == 1 else min(CHUNK_CHARS, chars // (2 * workers))
        chunk = [ahead.popleft()]
        size = len(chunk[0].text)
        while ahead and len(chunk) < CHUNK_ARTICLES and size + len(ahead[0].text) <= limit:
            size += len(ahead[0].text)
            chunk.append(ahead.popleft())
        chars -= size
        yield _Chunk(chunk, [None] * len(chunk))


class _Supervisor:
    """One call's workers, jobs and deadlines."""

    def __init__(self, limits: Limits, analysis: Analysis, batch_size: int) -> None:
        self.limits, self.analysis, self.batch_size = limits, analysis, batch_size
        self.key = _idle_key(analysis, limits)
        self.workers: list[_Worker] = []
        self.jobs: deque[_Job] = deque()
        self.failed_starts = 0
        self.pace = float(INITIAL_PACE)  # characters per second, a moving average over finished jobs

    def run(self, articles: Iterable[Article]) -> Iterator[AnalyzedArticle]:
        chunks = _chunks(articles, self.limits.workers)
        window: deque[_Chunk] = deque()
        exhausted = False
        try:
            while True:
                while not exhausted and len(window) <= 2 * self.limits.workers:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                        break
                    window.append(chunk)
                    self.jobs.append(_Job(chunk, list(range(len(chunk.articles)))))
                while window and window[0].done:
                    yield from window.popleft().results  # type: ignore[misc]
                if not window:
                    if exhausted:
                        return
                    continue  # every chunk in hand finished at once (a slow one's deadline came last): read on
                self._step()
        finally:
            self._close()

    def _step(self) -> None:
        """Start and feed workers, wait for the first answer or deadline, and act on what happened."""
        self._staff()
        for worker in list(self.workers):
            if worker.job is None and worker.is_ready and self.jobs:
                job = self.jobs.popleft()
                budget = self.limits.article_timeout
                if len(job.positions) > 1:
                    budget += PACE_MARGIN * job.chars / self.pace
                try:
                    worker.give(job, self.analysis, self.batch_size, time.monotonic() + budget)
                except BrokenProcessPool:  # it died while idle: no fault of this job's
                    worker.job = None
                    self.jobs.appendleft(job)
                    self._replace(worker)
        busy = [w for w in self.workers if w.future is not None]
        starting = [w for w in self.workers if not w.ready.done()]
        deadlines = [w.deadline for w in busy] + [w.since + START_TIMEOUT for w in starting]
        futures = [w.future for w in busy] + [w.ready for w in starting]
        if futures:  # none when the only worker died idle and was dropped (its fork server killed) or
            # failed to start at once: the checks below and the next step's staffing deal with it
            wait(futures, timeout=max(0.0, min(deadlines) - time.monotonic()), return_when=FIRST_COMPLETED)
        now = time.monotonic()
        failed: list[str] = []
        for worker in list(self.workers):
            if worker.future is not None and worker.future.done():
                self._answered(worker)
            elif worker.future is not None and now >= worker.deadline:
                self._overran(worker)
            elif not worker.ready.done() and now >= worker.since + START_TIMEOUT:
                self._replace(worker)
                failed.append(f"no answer in {START_TIMEOUT:g} s")
            elif worker.ready.done() and worker.ready.exception() is not None:
                self._replace(worker)
                failed.append(str(worker.ready.exception()))
            elif worker.is_ready:
                self.failed_starts = 0
        if failed:
            self._start_failed(failed[0])

    def _staff(self) -> None:
        """Workers enough for the waiting text: one at least, another per WORKER_START_CHARS waiting."""
        free = sum(1 for w in self.workers if w.job is None)
        waiting = sum(job.chars for job in self.jobs)
        wanted = min(self.limits.workers, len(self.workers) - free + 1 + waiting // WORKER_START_CHARS,
                     len(self.workers) - free + len(self.jobs))
        while len(self.workers) < wanted:
            worker = _borrow(self.key) or _Worker.start(self.key, self.analysis, self.limits.worker_memory)
            self.workers.append(worker)

    def _answered(self, worker: _Worker) -> None:
        job, future = worker.job, worker.future
        assert job is not None and future is not None
        worker.job = worker.future = None
        try:
            answer = future.result()
        except BrokenProcessPool:  # the worker died under this job
            self._replace(worker)
            job.deaths += 1
            if len(job.positions) > 1 or job.deaths < 2:
                self.jobs.extendleft(reversed(job.singles()))
            else:
                job.fail("worker_died", f"analysis worker died twice on this article ({worker.exit_description()})")
            return
        if isinstance(answer, list):
            job.finish(answer)
            seconds = max(worker.finished - worker.since, 1e-3)
            self.pace = 0.7 * self.pace + 0.3 * max(job.chars, 1) / seconds
        elif len(job.positions) > 1:
            self.jobs.extendleft(reversed(job.singles()))
        elif answer.reason == "memory":
            limit = self.limits.worker_memory
            job.fail("memory", "analysis ran out of memory" + (f" (worker limit {limit / 1024**3:g} GiB)" if limit else ""))
        else:
            job.fail("analysis", f"analysis failed ({answer.message})")

    def _overran(self, worker: _Worker) -> None:
        job = worker.job
        assert job is not None
        worker.job = worker.future = None
        self._replace(worker)
        if len(job.positions) > 1:
            self.jobs.extendleft(reversed(job.singles()))
        else:
            job.fail("timeout", f"analysis timed out after {self.limits.article_timeout:g} s")

    def _replace(self, worker: _Worker) -> None:
        """Kill and forget a worker; ``_staff`` starts another when there is work for it."""
        worker.kill()
        self.workers.remove(worker)

    def _start_failed(self, detail: str) -> None:
        self.failed_starts += 1
        if self.failed_starts >= START_ATTEMPTS:
            raise WorkerStartError(f"analysis workers cannot start ({one_line(detail, DETAIL)}); "
                                   "is --worker-memory too small for the model?")

    def _close(self) -> None:
        """Idle workers go back to the idle list; busy ones (an abandoned call) are killed."""
        for worker in self.workers:
            if worker.job is None and worker.is_ready:
                _give_back(worker, keep=self.limits.workers)
            else:
                worker.kill()
        self.workers = []


def analyze_supervised(articles: Iterable[Article], limits: Limits | None = None, *, batch_size: int = 32,
                       extractor: str = DEFAULT_EXTRACTOR, analysis: Analysis | None = None) -> Iterator[AnalyzedArticle]:
    """Analyse ``articles`` in supervised worker processes; one result per article, in input order.

    Never raises for an article: one that overran ``limits.article_timeout``, whose worker died
    twice, that exhausted ``limits.worker_memory`` or on which the analysis raised comes back with
    ``error`` (one line naming it) and ``error_reason`` (``timeout``, ``worker_died``, ``memory``,
    ``analysis``). Raises ``WorkerStartError`` when no worker can start. ``articles`` may be a
    stream: a bounded window of chunks is in flight. ``analysis`` is what workers run (default:
    ``extract.statements.analyze_many`` with ``extractor``).
    """
    limits = limits or Limits()
    yield from _Supervisor(limits, analysis or _analysis_for(extractor), batch_size).run(articles)


def _analysis_for(extractor: str) -> Analysis:
    """The default extractor's analysis is the plain function (which a test may replace); another
    extractor's is a value naming it."""
    return _default_analysis if known_extractor(extractor) == DEFAULT_EXTRACTOR else _Extraction(extractor)


def prestart(limits: Limits | None = None, extractor: str = DEFAULT_EXTRACTOR) -> None:
    """Start one analysis worker in the background and leave it in the idle list, unless one is
    there or on its way already: the next ``analyze_supervised`` with these limits takes it,
    waiting for it if need be. An ingest calls this before it opens the store and reads, so that
    the fork server's model load overlaps that work instead of preceding it; in a thread, because
    starting a process from a fork server waits for the server's preload (docs/robustness.md)."""
    limits = limits or Limits()
    analysis = _analysis_for(extractor)
    key = _idle_key(analysis, limits)
    with _idle_lock:
        if key in _prestarting or any(w.key == key for w in _idle):
            return
        thread = _prestarting[key] = threading.Thread(target=_start_idle, args=(key, analysis, limits.worker_memory),
                                                      name="quotewire-prestart", daemon=True)
    thread.start()


def _start_idle(key: tuple[Any, ...], analysis: Analysis, memory: int | None) -> None:
    """``prestart``'s thread; a start that fails here fails again, with its message, in the
    supervisor that starts its own worker instead."""
    try:
        worker = _Worker.start(key, analysis, memory)
        with _idle_lock:
            _idle.append(worker)
    except Exception:  # noqa: BLE001, S110 - reported where it matters, by the supervisor's own start
        pass
    finally:
        with _idle_lock:
            del _prestarting[key]


_exiting = threading.Event()
_owns_fork_server = threading.Event()
"""Set once this process has started the fork server or a worker from it: the server is then its
own to kill at exit."""
PRESTART_EXIT_WAIT_S = 10.0
"""At exit, how long a prestart still starting its worker is waited for before the exit goes on."""


def _stop_background() -> None:
    """At interpreter exit, before ``concurrent.futures`` joins its executors: stop a prestart
    still starting its worker, kill every idle worker, then the fork server this module started
    workers from (none of them holds anything to save).

    A run that ended before it needed its prestarted worker (an ingest of input already stored)
    used to exit while that worker was being born, and the orphan printed multiprocessing's
    ``SemLock._rebuild ... FileNotFoundError`` traceback after the run had ended (4 runs in 5).
    The start waits on the fork server's model load (5-7 s on a busy machine), so the fork server
    is killed rather than waited for: the start fails at once, in its own thread, and no child is
    born; its workers die with it (``_init_worker``), as they do when the caller exits. Left to
    exit by itself, the fork server tears down spaCy and the model after the caller has exited
    (0.2 s, seconds on a busy machine), and whoever reads the command's stderr, which it holds,
    waits for that (docs/performance.md)."""
    _exiting.set()  # a start that fails now is not tried again
    with _idle_lock:
        pending = list(_prestarting.values())
    if pending:
        _kill_fork_server()
    for thread in pending:
        thread.join(PRESTART_EXIT_WAIT_S)
    with _idle_lock:
        idle, _idle[:] = list(_idle), []
    for worker in idle:
        worker.kill()
    if _owns_fork_server.is_set():
        _kill_fork_server()


def _kill_fork_server() -> None:
    pid = getattr(getattr(multiprocessing.forkserver, "_forkserver", None), "_forkserver_pid", None)
    if pid is not None:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


threading._register_atexit(_stop_background)  # type: ignore[attr-defined]  # runs before concurrent.futures' own


def drop_idle_unlike(limits: Limits, extractor: str = DEFAULT_EXTRACTOR) -> None:
    """Kill the idle workers that calls with ``limits`` would never borrow (another extractor or
    memory cap): a Dask worker's preloaded child, started with the defaults, when the run asked for
    others would otherwise hold its model (~0.4 GB) for nothing."""
    key = _idle_key(_analysis_for(extractor), limits)
    _await_prestart()
    with _idle_lock:
        unlike = [w for w in _idle if w.key != key]
        _idle[:] = [w for w in _idle if w.key == key]
    for worker in unlike:
        worker.kill()


__all__ = ["DEFAULT_ARTICLE_TIMEOUT", "DEFAULT_WORKER_MEMORY", "Limits", "analyze_supervised", "default_workers",
           "drop_idle_unlike", "failed", "prestart", "start_fork_server"]
