"""``ingest --scheduler`` on a real Dask cluster on 127.0.0.1: a scheduler and two worker processes
started with Dask's own commands, on SQLite and PostgreSQL, with a worker killed and the scheduler
lost mid-run. The analyser is the regex stand-in of ``concurrent_ingest`` (no spaCy)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from concurrent_ingest import analyze
from loopback_cluster import NO_PRELOAD, LoopbackCluster
from test_store_concurrent import _contents, _write

from quotewire.errors import ClusterError, InputError
from quotewire.run.cluster import WORKER_ENV, WorkerSetup, ingest_on_dask, plan_parts
from quotewire.run.config import RunConfig
from quotewire.run.ingest import ingest
from quotewire.store import QuoteQuery, open_store

HERE = Path(__file__).parent


def _slow_cluster() -> LoopbackCluster:
    """Two workers whose stand-in analysis takes a little time, so that a test can act mid-run."""
    return LoopbackCluster(2, env={"PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)]),
                                   "QUOTEWIRE_TEST_SLOW_ANALYSIS": "0.02"} | NO_PRELOAD)


@pytest.fixture
def cluster() -> Iterator[LoopbackCluster]:
    c = _slow_cluster()
    yield c
    c.close()


def _stored_once(db: str, n: int) -> None:
    contents = _contents(db)
    assert len(contents["articles"]) == n
    assert len(contents["occurrences"]) == 2 * n  # every article's two statements, once each
    assert sum(count for _, count in contents["quotations"]) == 2 * n


def test_a_cluster_run_stores_what_a_local_run_stores(cluster, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "in.jsonl", range(60))
    result = ingest_on_dask([path], scheduler=cluster.address, db=db_url, analyze=analyze, load_model=False,
                            lines_per_part=8, report=str(tmp_path / "report.json"))
    assert (result.report.articles_read, result.report.failures, result.parts) == (60, [], len(plan_parts([path], 8)[0]))
    assert len(result.workers) == 2
    local = str(tmp_path / "local.db")
    ingest([path], db=local, analyze=analyze)
    assert _contents(db_url) == _contents(local)
    again = ingest_on_dask([path], scheduler=cluster.address, db=db_url, analyze=analyze, load_model=False)
    assert (again.report.already_ingested, again.report.statements) == (60, 0)
    assert '"failures_by_worker": {}' in (tmp_path / "report.json").read_text()


def test_a_cluster_run_keeps_the_statements_of_its_scope(cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "beliefs.jsonl"
    path.write_text("".join(json.dumps({"id": f"b{i}", "text": f'"The quay reopens on day {i}," said Ada Brook. '
                                        f"Tom Reed believes the ferry will follow on day {i + 1}."}) + "\n"
                            for i in range(6)), encoding="utf-8")
    kinds = {}
    for scope in ("speech", "all"):
        db = str(tmp_path / f"{scope}.db")
        ingest_on_dask([str(path)], scheduler=cluster.address, db=db, analyze=analyze, load_model=False,
                       lines_per_part=2, config=RunConfig(scope=scope))
        with open_store(db) as store:
            kinds[scope] = sorted((q["type"], q["cue_class"]) for q in store.search_quotes(QuoteQuery(limit=50))["items"])
    assert kinds == {"speech": [("direct", None)] * 6, "all": [("direct", None)] * 6 + [("indirect", "belief")] * 6}


def test_a_worker_killed_mid_part_loses_nothing_and_stores_nothing_twice(cluster, db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "in.jsonl", range(120))
    victim = next(iter(cluster.pids.values()))
    threading.Thread(target=_once_stored, args=(db_url, lambda: os.kill(victim, signal.SIGKILL)), daemon=True).start()
    result = ingest_on_dask([path], scheduler=cluster.address, db=db_url, analyze=analyze,
                            load_model=False, lines_per_part=16)
    assert result.report.failures == []
    assert sum(w.poll() is None for w in cluster.workers) == 1  # the other worker finished the run
    _stored_once(db_url, 120)


def _once_stored(db: str, then: Callable[[], object]) -> None:
    """Call ``then`` as soon as the first part's articles are committed (mid-run, whatever the load)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with open_store(db) as store:
                if store.stats()["articles"]:
                    break
        except Exception:  # noqa: BLE001 - the database may still be being created
            pass
        time.sleep(0.1)
    then()


def test_a_lost_scheduler_stops_the_run_with_one_line_and_a_rerun_finishes(cluster, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "in.jsonl", range(120))
    db = str(tmp_path / "q.db")
    threading.Thread(target=_once_stored, args=(db, cluster.scheduler.kill), daemon=True).start()
    with pytest.raises(InputError) as lost:
        ingest_on_dask([path], scheduler=cluster.address, db=db, analyze=analyze, load_model=False,
                       lines_per_part=16)
    assert "run the same command again" in lost.value.message and "\n" not in lost.value.message
    cluster.close()
    fresh = _slow_cluster()
    try:
        rerun = ingest_on_dask([path], scheduler=fresh.address, db=db, analyze=analyze, load_model=False,
                               lines_per_part=16)
    finally:
        fresh.close()
    assert rerun.report.failures == [] and rerun.report.already_ingested > 0
    _stored_once(db, 120)


def test_a_scheduler_nobody_runs_is_one_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        ingest_on_dask([_write(tmp_path / "in.jsonl", range(2))], scheduler="tcp://127.0.0.1:9",
                       db=str(tmp_path / "q.db"), analyze=analyze, load_model=False)


def test_standard_input_is_refused_on_a_cluster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="standard input"):
        ingest_on_dask(["-"], scheduler="tcp://127.0.0.1:9", db=str(tmp_path / "q.db"))


@pytest.mark.parametrize("lines", [1, 5, 64, 65, 129, 200, 500])
def test_a_jsonl_file_is_planned_as_parts_that_hold_each_line_once_and_shrink_at_its_end(tmp_path, lines) -> None:  # type: ignore[no-untyped-def]
    path = _write(tmp_path / "in.jsonl", range(lines))
    parts, failures = plan_parts([path], lines_per_part=64)
    assert not failures
    read = [a for part in parts for a in part.read()]
    assert [a.url for a in read] == [json.loads(line)["url"] for line in Path(path).read_text().splitlines()]
    assert [a.input for a in read] == [f"{path}:{n}" for n in range(1, lines + 1)]  # line numbers hold
    sizes = [p.articles for p in parts]
    assert max(sizes) <= 64 and sizes == sorted(sizes, reverse=True)
    if lines > 128:  # the last two parts' worth of lines, in parts of at most 32: workers end together
        assert sum(s for s in sizes if s <= 32) > 64 and all(s <= 32 for s in sizes[-2:])


def _idle_analysis_children() -> list[int]:
    """In a Dask worker: the pids of its idle analysis children, once its preload has started one."""
    from quotewire.run import workers

    workers._await_prestart()
    return [w.process.pid for w in workers._idle]


@pytest.mark.slow
def test_a_worker_starts_its_analysis_child_as_it_starts_and_the_model_plugin_takes_that_one() -> None:
    from distributed import Client

    env = {"PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)])}
    with LoopbackCluster(1, env=env) as cluster, Client(cluster.address) as client:
        (preloaded,) = client.run(_idle_analysis_children).values()
        client.register_plugin(WorkerSetup())
        (after_setup,) = client.run(_idle_analysis_children).values()
    assert len(preloaded) == 1 and after_setup == preloaded  # one child, the one started with the worker


def test_the_documented_worker_command_sets_what_the_loopback_cluster_runs_with() -> None:
    doc = (HERE.parent / "docs" / "scale.md").read_text(encoding="utf-8")
    command = doc[doc.index("dask scheduler --host"):doc.index("dask worker tcp://")]
    missing = [name for name, value in WORKER_ENV.items()
               if f"{name}={value} " not in command and f"{name}='{value}' " not in command]
    assert not missing, f"docs/scale.md's dask worker command lacks {missing}"


@pytest.mark.slow
def test_a_run_with_other_limits_than_the_preloaded_child_keeps_one_child_not_two() -> None:
    from distributed import Client

    from quotewire.run.workers import Limits

    env = {"PYTHONPATH": os.pathsep.join([str(HERE.parent), str(HERE)])}
    with LoopbackCluster(1, env=env) as cluster, Client(cluster.address) as client:
        (preloaded,) = client.run(_idle_analysis_children).values()
        client.register_plugin(WorkerSetup(config=RunConfig(limits=Limits(workers=1, worker_memory=3 * 1024**3))))
        (after_setup,) = client.run(_idle_analysis_children).values()
    assert len(preloaded) == 1 and len(after_setup) == 1 and after_setup != preloaded
