"""Fault injection, clusters: ``ingest --scheduler`` pointed at what users point it at.

Nothing listening, a port that accepts and never answers, an HTTP server, a scheduler without
workers: each is one line and exit status 1 within its deadline, before any work is sent. A
cluster started with plain ``dask scheduler`` / ``dask worker`` (daemonic workers under a nanny)
stores what a local run stores, with the real analysis.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loopback_cluster import LoopbackCluster
from quotewire.cli import app
from quotewire.run import cluster_checks


def run(*args: str) -> tuple[int, str, float]:
    started = time.monotonic()
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stderr, time.monotonic() - started


def articles(tmp_path: Path, n: int = 4) -> str:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i}", "text": f'Ranger Ivo Lund said "the north gate {i} opens at '
                                        f'dawn" on Friday. The park board agreed to fund path {i} next year.'}) + "\n"
                            for i in range(n)))
    return str(path)


def one_line(code: int, err: str) -> bool:
    return code == 1 and err.count("\n") == 1 and err.startswith("error:") and "internal error" not in err


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says anything."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    server.close()


@pytest.fixture
def http_port() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def short_deadlines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster_checks, "GREETING_TIMEOUT_S", 1.0)
    monkeypatch.setattr(cluster_checks, "WORKERS_TIMEOUT_S", 2.0)


def test_nothing_listening_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, err, seconds = run("ingest", articles(tmp_path), "--db", str(tmp_path / "q.db"),
                             "--scheduler", f"tcp://127.0.0.1:{port}")
    assert one_line(code, err) and "cannot reach the Dask scheduler" in err and seconds < 30


@pytest.mark.parametrize("endpoint", ["silent_port", "http_port"])
def test_an_endpoint_that_is_no_dask_scheduler_is_one_line_not_a_hang(tmp_path: Path, endpoint: str,
                                                                      request: pytest.FixtureRequest) -> None:
    port = request.getfixturevalue(endpoint)
    code, err, seconds = run("ingest", articles(tmp_path), "--db", str(tmp_path / "q.db"),
                             "--scheduler", f"tcp://127.0.0.1:{port}")
    assert one_line(code, err) and "is not a Dask scheduler" in err and seconds < 30


def test_a_scheduler_without_workers_is_one_line(tmp_path: Path) -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, protocol="tcp://", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        code, err, seconds = run("ingest", articles(tmp_path), "--db", str(tmp_path / "q.db"),
                                 "--scheduler", cluster.scheduler_address)
    assert one_line(code, err) and "has no workers" in err and "dask worker" in err and seconds < 30


def test_plain_dask_workers_store_what_a_local_run_stores(tmp_path: Path) -> None:
    source = articles(tmp_path, 6)
    local, remote = str(tmp_path / "local.db"), str(tmp_path / "remote.db")
    assert run("ingest", source, "--db", local, "--workers", "1")[0] == 0
    with LoopbackCluster(1, plain=True) as cluster:
        code, err, _ = run("ingest", source, "--db", remote, "--scheduler", cluster.address)
    assert code == 0, err
    exports = []
    for db in (local, remote):
        result = CliRunner().invoke(app, ["export", "--db", db])
        records = [json.loads(line) for line in result.stdout.splitlines()]
        for r in records:  # when and from which part each copy was stored differs by run, nothing else
            r["provenance"] = [{k: v for k, v in p.items() if k not in ("ingested_at", "input")} for p in r["provenance"]]
        exports.append(sorted(records, key=lambda r: r["id"]))
    assert exports[0] == exports[1] and len(exports[0]) >= 6
