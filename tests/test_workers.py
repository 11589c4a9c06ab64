"""The analysis supervisor: an article that hangs, kills its worker, exhausts memory or trips a bug
fails alone, with one line naming it; the others come back in order, as a single process gives them.

The faults are injected by analysis functions defined here (workers import this module by name),
keyed on a word in the article text, so each test says which article misbehaves and how.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from conftest import NEWS_SENTENCES
from quotewire.run.analysis import analyze_guarded
from quotewire.models import AnalyzedArticle, Article
from quotewire.extract.statements import analyze_many
from quotewire.errors import WorkerStartError
from quotewire.run.workers import Limits, analyze_supervised


def articles(texts: Iterable[str]) -> list[Article]:
    return [Article(id=f"a{i}", text=t, input=f"in/{i}.txt") for i, t in enumerate(texts)]


def faulty(items: list[Article], batch_size: int) -> list[AnalyzedArticle]:
    """No statements, except that an article saying HANG hangs, DIE kills its worker, DIE-ONCE
    kills it the first time only (a marker file remembers), HOG allocates without end, BUG raises."""
    for a in items:
        if "HANG" in a.text:
            while True:
                time.sleep(0.01)
        if "DIE-ONCE" in a.text:
            marker = Path(a.text.split()[-1])
            if not marker.exists():
                marker.write_text("died")
                os.kill(os.getpid(), signal.SIGKILL)
        elif "DIE" in a.text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "HOG" in a.text:
            hoard = []
            while True:
                hoard.append(bytearray(64 * 1024 * 1024))
        if "BUG" in a.text:
            raise RuntimeError("rule table\nis broken")
    return [AnalyzedArticle(a) for a in items]


def fails_to_start(items: list[Article], batch_size: int) -> list[AnalyzedArticle]:
    os._exit(3)


def outcome(results: list[AnalyzedArticle]) -> list[tuple[str, str | None]]:
    return [(r.article.id, r.error_reason) for r in results]


def test_results_are_those_of_one_process_in_input_order() -> None:
    items = articles(NEWS_SENTENCES * 4)
    supervised = list(analyze_supervised(items, Limits(workers=2), batch_size=4))
    local = list(analyze_many(items, batch_size=4))
    assert [r.article.id for r in supervised] == [a.id for a in items]
    assert any(r.quotes for r in local), "the extractor found nothing; the comparison would be empty"
    assert [[q.to_gold() for q in r.quotes] for r in supervised] == [[q.to_gold() for q in r.quotes] for r in local]
    assert all(r.error is None for r in supervised)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_hung_article_times_out_alone_and_the_run_goes_on(workers: int) -> None:
    items = articles(["fine one", "fine two", "HANG here", "fine three", *[f"fine {i}" for i in range(12)]])
    started = time.monotonic()
    results = list(analyze_supervised(items, Limits(workers=workers, article_timeout=1), analysis=faulty))
    assert outcome(results) == [(a.id, "timeout" if "HANG" in a.text else None) for a in items]
    assert results[2].error == "in/2.txt: analysis timed out after 1 s"
    assert time.monotonic() - started < 20  # its chunk's deadline, then its own second, then the rest


def test_a_slow_first_article_does_not_end_the_stream_when_every_chunk_in_hand_is_done() -> None:
    # the big one keeps one worker until its deadline while the other finishes every chunk the
    # supervisor holds; the stream must go on to the articles not read yet
    items = articles(["HANG " + "word " * 12_000, *[f"fine {i}" for i in range(120)]])
    results = list(analyze_supervised(items, Limits(workers=2, article_timeout=1), analysis=faulty))
    assert outcome(results) == [(a.id, "timeout" if "HANG" in a.text else None) for a in items]


def test_an_article_that_kills_its_worker_is_retried_once_then_fails_alone() -> None:
    items = articles(["fine one", "DIE now", "fine two"])
    results = list(analyze_supervised(items, Limits(workers=1), analysis=faulty))
    assert outcome(results) == [("a0", None), ("a1", "worker_died"), ("a2", None)]
    error = results[1].error
    assert error.startswith("in/1.txt: analysis worker died twice on this article (")
    # multiprocessing's fork server reports a lost exit status as 255 (popen_forkserver.Popen.poll:
    # "perhaps the forkserver process itself got killed"); seen once in a fresh-clone CI run
    assert "(killed by SIGKILL" in error or "(exit status 255" in error, error


def test_a_worker_killed_once_costs_nothing(tmp_path: Path) -> None:
    items = articles(["fine one", f"DIE-ONCE {tmp_path / 'died'}", "fine two"])
    results = list(analyze_supervised(items, Limits(workers=1), analysis=faulty))
    assert outcome(results) == [("a0", None), ("a1", None), ("a2", None)]
    assert (tmp_path / "died").exists()


def test_an_article_over_the_memory_cap_fails_alone() -> None:
    items = articles(["fine one", "HOG it all", "fine two"])
    results = list(analyze_supervised(items, Limits(workers=1, worker_memory=1024**3), analysis=faulty))
    assert outcome(results)[1] == ("a1", "memory") or outcome(results)[1] == ("a1", "worker_died")
    assert [r.error for r in results[::2]] == [None, None]
    assert results[1].error.startswith("in/1.txt: analysis ")


def test_an_extractor_bug_costs_only_its_article_with_one_line() -> None:
    items = articles(["fine one", "BUG inside", "fine two", "fine three"])
    results = list(analyze_supervised(items, Limits(workers=1), analysis=faulty))
    assert outcome(results) == [("a0", None), ("a1", "analysis"), ("a2", None), ("a3", None)]
    assert results[1].error == "in/1.txt: analysis failed (RuntimeError: rule table is broken)"


def test_workers_that_cannot_start_stop_the_run_with_a_named_error() -> None:
    with pytest.raises(WorkerStartError, match="analysis workers cannot start"):
        list(analyze_supervised(articles(["fine"]), Limits(workers=1), analysis=fails_to_start))


def test_guarded_analysis_refuses_an_over_long_text_unparsed_and_keeps_order() -> None:
    big = Article(id="big", text="word " * 210_000, input="big.txt")
    items = [*articles(NEWS_SENTENCES[:2]), big, *articles(NEWS_SENTENCES[2:3])]
    results = list(analyze_guarded(items))
    assert [r.article.id for r in results] == ["a0", "a1", "big", "a0"]
    assert "too long to analyse" in results[2].error and results[0].error is None


def test_an_abandoned_stream_kills_its_busy_workers() -> None:
    items = articles([*["fine"] * 8, *["HANG"] * 20])
    stream = analyze_supervised(items, Limits(workers=2, article_timeout=60), analysis=faulty)
    assert next(stream).error is None
    started = time.monotonic()
    stream.close()
    assert time.monotonic() - started < 5


def test_a_prestarted_worker_is_the_one_the_next_call_uses() -> None:
    """An ingest starts its first worker before it reads (``prestart``): in the background, once,
    however often asked, and the analysis that follows takes that worker instead of starting its own."""
    from quotewire.run import workers

    limits = Limits(workers=1, worker_memory=3 * 1024**3)  # a key no other test's idle workers have
    started = time.monotonic()
    workers.prestart(limits)
    workers.prestart(limits)
    assert time.monotonic() - started < 0.5  # the model loads in the fork server, not in the caller
    workers._await_prestart()
    mine = [w for w in workers._idle if w.key[1] == limits.worker_memory]
    assert len(mine) == 1
    results = list(analyze_supervised(articles(NEWS_SENTENCES[:2]), limits))
    assert all(r.error is None for r in results) and any(r.quotes for r in results)
    assert mine[0].finished > 0  # it answered a job of this call
    assert [w for w in workers._idle if w.key[1] == limits.worker_memory] == mine


def test_the_fork_server_is_killed_at_exit_not_left_to_tear_the_model_down() -> None:
    """Left to exit by itself after its caller, the fork server unloaded spaCy and the model while
    anyone reading the command's stderr (which it holds) waited. It is the caller's child, so its
    end is seen here: killed, early in its preload."""
    import subprocess
    import sys

    script = ("import multiprocessing.forkserver as fs, os, signal, time\n"
              "from quotewire.run import workers\n"
              "workers.start_fork_server()\n"
              "pid = fs._forkserver._forkserver_pid\n"
              "workers._stop_background()\n"
              "for _ in range(500):\n"
              "    done, status = os.waitpid(pid, os.WNOHANG)\n"
              "    if done:\n"
              "        break\n"
              "    time.sleep(0.01)\n"
              "print(done == pid and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "True"


def test_chunks_shrink_near_the_end_only_when_another_worker_could_idle() -> None:
    """Shrinking the last chunks keeps a second worker from idling while one finishes a full
    chunk; with one worker it only added round trips (19 chunks for 71 articles instead of 12)."""
    from quotewire.run.workers import _chunks

    texts = articles(["word " * 1_800] * 20)  # 9,000 characters each: four to a full chunk
    one = [sum(len(a.text) for a in c.articles) for c in _chunks(texts, 1)]
    two = [sum(len(a.text) for a in c.articles) for c in _chunks(texts, 2)]
    assert one == [36_000] * 5
    assert sum(two) == sum(one) and len(two) > len(one) and min(two) < 36_000


def test_a_step_whose_only_worker_died_idle_waits_on_nothing_and_staffs_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A killed fork server breaks the idle worker's pool: giving it the job fails, the worker is
    dropped and nothing is busy or starting. The step must end quietly (the next one starts a
    worker), not stop the run as an internal error (it did, now and then, under the fault suite)."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from quotewire.run import workers

    class DeadIdle:
        job = future = None
        since = deadline = 0.0
        is_ready = True

        def __init__(self) -> None:
            self.ready: Future[None] = Future()
            self.ready.set_result(None)
            self.killed = False

        def give(self, *_: object) -> None:
            raise BrokenProcessPool("the fork server was killed")

        def kill(self) -> None:
            self.killed = True

    dead = DeadIdle()
    supervisor = workers._Supervisor(Limits(workers=1), analyze_many, 4)
    monkeypatch.setattr(supervisor, "_staff", lambda: supervisor.workers.append(dead) if not supervisor.workers else None)
    chunk = workers._Chunk([Article(text=NEWS_SENTENCES[0], id="a")], [None])
    supervisor.jobs.append(workers._Job(chunk, [0]))
    supervisor._step()
    assert dead.killed and supervisor.workers == [] and len(supervisor.jobs) == 1  # the job waits for a new worker
