"""The Dask cluster a user points ``--scheduler`` at, checked before any work is sent, and the
analysis on workers that may not have children.

Each check has a deadline and a one-line ``ClusterError``: an address where nothing listens; an
endpoint that accepts but is no Dask scheduler (an HTTP server, a port that never answers: Dask's
own client would wait forever there, or read an HTTP reply as a frame length and try to allocate
exabytes); a scheduler with no workers. A Dask scheduler greets first on every connection (its
handshake, ``distributed.comm.core``), so eight bytes within the deadline that read as a sane
frame count tell a scheduler from anything else without speaking its protocol.

Workers started the usual way (``dask worker``, dask-jobqueue, dask-kubernetes) run under a nanny
as daemonic processes, which multiprocessing forbids to have children: there the analysis runs in
the Dask worker process itself (``analyze_here``), without the per-article deadline and memory cap
of the supervised child; Dask's nanny replaces a worker that dies, and the part is retried.
"""

from __future__ import annotations

import multiprocessing
import socket
import struct
from typing import Any

from quotewire.errors import ClusterError
from quotewire.models import AnalyzedArticle, Article

GREETING_TIMEOUT_S = 10.0
"""Seconds to connect and be greeted by the scheduler."""
WORKERS_TIMEOUT_S = 60.0
"""Seconds to wait for the scheduler's first worker."""
_MAX_FRAMES = 1 << 16


def check_scheduler(address: str, timeout: float | None = None) -> None:
    """``ClusterError`` unless a Dask scheduler answers at ``address`` (``tcp://host:port``)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    timeout = GREETING_TIMEOUT_S if timeout is None else timeout
    try:
        scheme, location = parse_address(address)
        if scheme != "tcp":  # tls://, inproc://: Dask's own client checks those
            return
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as e:
        raise ClusterError(f"{address}: not a scheduler address ({e}); give one like tcp://HOST:8786") from None
    try:
        conn = socket.create_connection((host, port), timeout=timeout)
    except OSError as e:
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({e.strerror or type(e).__name__}); start one "
                           "with `dask scheduler`, or check the address it printed") from None
    with conn:
        head = b""
        try:
            while len(head) < 8:
                more = conn.recv(8 - len(head))
                if not more:
                    break
                head += more
        except (TimeoutError, socket.timeout):
            pass
        except OSError:
            head = b""
    if len(head) < 8 or not 0 < struct.unpack("<Q", head)[0] < _MAX_FRAMES:
        raise ClusterError(f"{address}: accepts connections but is not a Dask scheduler (no Dask greeting in "
                           f"{timeout:g} s); give the address `dask scheduler` prints (tcp://HOST:8786)")


def wait_for_workers(client: Any, address: str, timeout: float | None = None) -> None:
    """``ClusterError`` unless the scheduler has a worker within ``timeout`` seconds."""
    timeout = WORKERS_TIMEOUT_S if timeout is None else timeout
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise ClusterError(f"{address}: the Dask scheduler has no workers (waited {timeout:g} s); start some with "
                           f"`dask worker {address}`") from None


def can_have_children() -> bool:
    """Whether this process may start processes: not a daemonic one (a Dask worker under a nanny)."""
    return not multiprocessing.current_process().daemon


def analyze_here(articles: list[Article], batch_size: int, *, extractor: str) -> list[AnalyzedArticle]:
    """Analysis in this process: the batch at once, and when that raises, one article at a time,
    so that the article at fault fails alone with one line, as in a supervised child."""
    from quotewire.extract.statements import analyze_many
    from quotewire.run.workers import failed

    try:
        return list(analyze_many(articles, batch_size=batch_size, extractor=extractor))
    except Exception:  # noqa: BLE001 - isolated below, one article at a time
        results = []
        for article in articles:
            try:
                results += analyze_many([article], batch_size=1, extractor=extractor)
            except Exception as e:  # noqa: BLE001 - this article's failure, reported as such
                results.append(failed(article, f"analysis failed ({type(e).__name__}: {e})"))
        return results
