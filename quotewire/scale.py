"""The analysis step on a Dask cluster: the same results as a local run, spread over many workers.

Articles are cut into partitions; each partition runs through ``analyze_guarded`` (the local
batch loop) on a worker, which loads the spaCy model once on first use and keeps it for every later
partition. Results come back in input order, and only a bounded number of partitions is in flight,
so an input larger than memory streams through. A failing article comes back with ``error`` set,
as locally; it never costs its partition.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TYPE_CHECKING

from quotewire.evaluation import DEFAULT_BATCH_SIZE, analyze_guarded
from quotewire.models import AnalyzedArticle, Article

if TYPE_CHECKING:
    from distributed import Client

DEFAULT_PARTITION_SIZE = 32
"""One spaCy batch per task: small enough that work spreads evenly over workers (120 PolNeAR docs on
2 local workers: 15 s with partitions of 16, 22 s with 64, 26 s without Dask; busy shared machine),
large enough that a task's overhead (a few ms) is nothing beside its seconds of parsing."""
IN_FLIGHT_PER_WORKER = 2
"""Partitions queued per worker: enough that no worker idles while results are collected."""


def analyze_partition(articles: list[Article], batch_size: int = DEFAULT_BATCH_SIZE) -> list[AnalyzedArticle]:
    """What one worker task does: the local batch loop over one partition."""
    return list(analyze_guarded(articles, batch_size))


@contextmanager
def _local_client(n_workers: int | None) -> Iterator[Client]:
    """A LocalCluster of single-threaded worker processes: spaCy parses best one thread per process."""
    import dask
    from distributed import Client, LocalCluster

    # not daemonic, so that each Dask worker may run its supervised analysis worker (quotewire.workers)
    with dask.config.set({"distributed.worker.daemon": False}), \
            LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                         dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _partitions(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while part := list(islice(it, size)):
        yield part


def _stream(client: Client, articles: Iterable[Article], partition_size: int,
            batch_size: int) -> Iterator[AnalyzedArticle]:
    """Submit partitions with a bounded window and yield their results in input order."""
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window: deque = deque()
    for part in _partitions(articles, partition_size):
        window.append(client.submit(analyze_partition, part, batch_size, pure=False))
        if len(window) >= workers * IN_FLIGHT_PER_WORKER:
            yield from window.popleft().result()
    while window:
        yield from window.popleft().result()


def analyze_on_dask(articles: Iterable[Article], client: Client | None = None,
                    partition_size: int = DEFAULT_PARTITION_SIZE, batch_size: int = DEFAULT_BATCH_SIZE,
                    n_workers: int | None = None) -> Iterator[AnalyzedArticle]:
    """Analyse ``articles`` on ``client``'s cluster, or on a LocalCluster started (and closed) here.

    Yields one AnalyzedArticle per article, in input order, like ``statements.analyze_many``.
    """
    if partition_size < 1 or batch_size < 1:
        raise ValueError("partition_size and batch_size must be at least 1")
    if client is not None:
        yield from _stream(client, articles, partition_size, batch_size)
        return
    with _local_client(n_workers) as own:
        yield from _stream(own, articles, partition_size, batch_size)
