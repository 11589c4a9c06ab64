"""Fault injection, server: clients that are slow on purpose, too many, or ask with HEAD.

The slow clients are a bounded slowloris on 127.0.0.1 (a few dozen sockets, a few seconds): each
sends half a request head and stalls. The guarded protocol must close them at its deadline, close
connections beyond its cap at once, and keep answering a well-behaved client meanwhile.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from conftest import analyzed
from quotewire.server.app import create_app
from quotewire.server.guards import GuardedH11Protocol
from quotewire.store import open_store

TEXT = 'Warden Pia Holm said "the trail stays closed until the snow melts" on Monday.'


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(str(tmp_path / "q.db"))
    s.save_batch([analyzed(TEXT, [("the trail stays closed until the snow melts", "Pia Holm")], id="t1")])
    yield s
    s.close()


def test_head_is_answered_wherever_get_is(store) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(create_app(store, token=None))
    for path in ("/", "/api/quotes", "/api/speakers", "/api/stats", "/speakers", "/docs", "/openapi.json",
                 "/articles/t1", "/api/articles/t1"):
        get, head = client.get(path), client.head(path)
        assert get.status_code == 200, path
        assert head.status_code == 200 and head.content == b"", path
        assert head.headers.get("content-type") == get.headers.get("content-type"), path
    assert client.head("/no-such-page").status_code == 404


@pytest.fixture
def server(store, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("QUOTEWIRE_HEADER_TIMEOUT", "1")
    monkeypatch.setenv("QUOTEWIRE_BODY_TIMEOUT", "1")
    monkeypatch.setenv("QUOTEWIRE_MAX_CONNECTIONS", "16")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store, token=None), host="127.0.0.1", port=port, http=GuardedH11Protocol,
                            log_level="error", timeout_keep_alive=5)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.05)
    yield f"127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def _half_request(address: str, body: bool = False) -> socket.socket:
    host, port = address.split(":")
    s = socket.create_connection((host, int(port)), timeout=5)
    s.sendall(b"POST /api/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{" if body
              else b"GET /api/stats HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    return s


def _closed(s: socket.socket, within: float) -> bool:
    s.settimeout(within)
    try:
        while s.recv(4096):  # a 503 or 408 may come first; closed means EOF
            pass
        return True
    except (TimeoutError, socket.timeout):
        return False
    except OSError:
        return True


def test_slow_clients_are_cut_off_and_bounded_while_others_are_served(server: str) -> None:
    slow = [_half_request(server) for _ in range(12)] + [_half_request(server, body=True) for _ in range(2)]
    time.sleep(0.2)
    extra = [_half_request(server) for _ in range(10)]  # beyond the cap of 16: closed on arrival
    try:
        assert sum(_closed(s, 0.5) for s in extra) >= 8
        started = time.monotonic()
        assert all(_closed(s, 3) for s in slow)  # header and body deadlines: 1 s each
        assert time.monotonic() - started < 3
        r = httpx.get(f"http://{server}/api/stats", timeout=5)
        assert r.status_code == 200 and r.json()["quotations"] == 1
        assert httpx.head(f"http://{server}/", timeout=5).status_code == 200
    finally:
        for s in slow + extra:
            s.close()


def test_a_client_that_keeps_trickling_header_bytes_is_still_cut_off(server: str) -> None:
    s = _half_request(server)
    started = time.monotonic()
    try:
        while time.monotonic() - started < 4:
            try:
                s.sendall(b"a")
            except OSError:
                break
            time.sleep(0.2)
        assert time.monotonic() - started < 3
    finally:
        s.close()
