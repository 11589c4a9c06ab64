"""A Dask cluster on 127.0.0.1 for the tests and benchmarks: a scheduler and worker processes started
with Dask's own commands and quotewire's ``WORKER_ENV``."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from quotewire.run.cluster import WORKER_ENV

NO_PRELOAD = {"DASK_DISTRIBUTED__WORKER__PRELOAD": "[]"}
"""Added to the environment of a cluster whose workers run a stand-in analysis: no model loads."""


class LoopbackCluster:
    """A scheduler and ``workers`` worker processes on 127.0.0.1, started with Dask's own commands
    (``dask scheduler``, ``dask worker --no-nanny``: a killed worker stays dead; ``WORKER_ENV``), for
    tests and benchmarks. ``env`` is added to the processes' environment; ``pids`` maps worker address to pid.

    The scheduler takes a free port itself and writes its address to a scheduler file, which the
    workers read: a port picked here and handed over could be taken by another process in between
    (a worker of another cluster), and a client then waited on it for the whole start timeout."""

    def __init__(self, workers: int = 2, env: dict[str, str] | None = None, start_timeout: float = 120,
                 plain: bool = False) -> None:
        """``plain``: the workers started as a user or a cluster manager starts them, with Dask's
        defaults (under a nanny, daemonic, no quotewire preload or ``WORKER_ENV``)."""
        import subprocess
        import sys
        import tempfile

        self._folder = tempfile.TemporaryDirectory(prefix="quotewire-cluster-")
        scheduler_file = os.path.join(self._folder.name, "scheduler.json")
        dask = str(Path(sys.executable).with_name("dask"))
        quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
                                 "env": os.environ | ({} if plain else WORKER_ENV) | (env or {})}
        self.scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                           "--scheduler-file", scheduler_file], **quiet)
        self.workers = [subprocess.Popen([dask, "worker", "--scheduler-file", scheduler_file, "--nthreads", "1",
                                          *([] if plain else ["--no-nanny"]), "--no-dashboard", "--name", f"w{i}"],
                                         **quiet)
                        for i in range(workers)]
        try:
            deadline = time.monotonic() + start_timeout
            self.address = self._scheduler_address(scheduler_file, deadline)
            self.pids: dict[str, int] = self._wait_for(workers, deadline)
        except BaseException:
            self.close()
            raise

    def _scheduler_address(self, scheduler_file: str, deadline: float) -> str:
        """The address the scheduler wrote, once it has; a scheduler that exits first is an error."""
        while True:
            try:
                return json.loads(Path(scheduler_file).read_text(encoding="utf-8"))["address"]
            except (OSError, ValueError, KeyError):  # not written yet, or half written
                pass
            if self.scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler exited with status {self.scheduler.returncode} before it started")
            if time.monotonic() > deadline:
                raise TimeoutError("dask scheduler did not start")
            time.sleep(0.05)

    def _wait_for(self, n: int, deadline: float) -> dict[str, int]:
        from distributed import Client

        while True:
            try:
                with Client(self.address, timeout=5) as client:
                    client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
                    return client.run(os.getpid)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def close(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p.poll() is None:
                p.kill()
            p.wait(timeout=30)
        self._folder.cleanup()

    def __enter__(self) -> LoopbackCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
