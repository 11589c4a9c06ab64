"""kill -9 of each process of a run during an ingest of N articles (default 300): is every article stored once?

    .venv/bin/python bench/faults.py [--articles 300] [--victims fork-server,worker,dask-worker]

``fork-server`` and ``worker``: ``quotewire ingest --workers 2`` (the fork server is killed twice,
while it loads the model and once it has workers; a worker once it runs). ``dask-worker``:
``ingest --scheduler`` on a cluster started with plain ``dask scheduler`` / ``dask worker`` (two
workers under their nanny), one Dask worker process killed once the database has a batch. Each
prints the exit status, the stored counts and the seconds; the figures are in docs/robustness.md.
Real analysis (spaCy), our own generated articles.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from loopback_cluster import LoopbackCluster  # noqa: E402
from test_faults_processes import QUOTEWIRE, articles, children, kill_during_ingest  # noqa: E402

from quotewire.errors import StorageError  # noqa: E402
from quotewire.store import open_store  # noqa: E402


def dask_worker_kill(folder: Path, n: int) -> tuple[int, str, dict]:
    source, db = articles(folder / "in.jsonl", n), str(folder / "q.db")
    with LoopbackCluster(2, plain=True) as cluster:
        run = subprocess.Popen([*QUOTEWIRE, "ingest", str(source), "--db", db, "--scheduler", cluster.address],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed = None
        while killed is None and run.poll() is None:
            time.sleep(0.5)
            if not Path(db).exists():
                continue
            try:
                with open_store(db, write=False) as store:
                    if store.stats()["articles"] == 0:
                        continue
            except StorageError:  # created, not migrated yet
                continue
            nanny = cluster.workers[0].pid
            worker = next((pid for pid, cmd in children(nanny) if "multiprocessing" in cmd or "spawn" in cmd), None)
            if worker is not None:
                os.kill(worker, signal.SIGKILL)
                killed = worker
                print(f"  killed Dask worker process {worker} (its nanny {nanny} stays)", flush=True)
        _, err = run.communicate(timeout=900)
    with open_store(db, write=False) as store:
        return run.returncode, err if killed else "nothing killed: " + err, store.stats()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--victims", default="fork-server,worker,dask-worker")
    args = parser.parse_args()
    for victim in args.victims.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            if victim == "dask-worker":
                code, err, stats = dask_worker_kill(Path(tmp), args.articles)
            else:
                code, err, stats = kill_during_ingest(Path(tmp), args.articles, victim, deadline_s=900)
            once = stats["articles"] == args.articles and stats["failed_inputs"] == 0
            print(f"{victim}: exit {code}, {stats['articles']} of {args.articles} articles stored "
                  f"({'each once' if once else 'NOT each once'}), {stats['failed_inputs']} failed, "
                  f"{time.monotonic() - started:.0f} s", flush=True)
            if code != 0:
                print("  stderr:", " | ".join(err.strip().splitlines()[-3:]), flush=True)


if __name__ == "__main__":
    main()
