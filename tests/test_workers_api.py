"""The JSON API's ingest under the analysis guard: an article over its time budget is a one-line
JSON error, not a hung request; it does not hold up the POSTs behind it; and the server still
stops on SIGTERM while such a request runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from quotewire.server.app import create_app
from quotewire.store import open_store

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QUICK = '"The pool reopens on Friday," said the swimming coach, Lena Ortiz.'


def slow_text(words: int = 40_000) -> str:
    """Ordinary paragraphs of our own, many enough to take several seconds to analyse."""
    paragraphs, n, i = [], 0, 0
    while n < words:
        paragraphs.append(f'"Lock {i} on the canal will close for repairs in week {i % 52 + 1}," said '
                          f"engineer Pia Holm. The trust said boats could use lock {i + 1} instead.")
        n += len(paragraphs[-1].split())
        i += 1
    return "\n\n".join(paragraphs)


@pytest.mark.slow
def test_an_article_over_budget_is_a_json_error_and_does_not_block_later_posts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUOTEWIRE_ARTICLE_TIMEOUT", "2")
    with open_store(str(tmp_path / "q.db")) as store:
        client = TestClient(create_app(store, token=TOKEN, max_body=2_000_000))
        finished: dict[str, float] = {}
        answers: dict[str, httpx.Response] = {}

        def post(name: str, text: str) -> None:
            answers[name] = client.post("/api/articles", json={"text": text}, headers=AUTH)
            finished[name] = time.monotonic()

        slow = threading.Thread(target=post, args=("slow", slow_text()))
        started = time.monotonic()
        slow.start()
        time.sleep(0.5)
        post("quick", QUICK)
        slow.join(60)

        assert answers["quick"].status_code == 201, answers["quick"].text
        assert finished["quick"] < finished["slow"], "the quick POST waited for the slow one"
        assert answers["slow"].status_code == 422
        assert answers["slow"].json() == {"error": "api: analysis timed out after 2 s"}
        assert finished["slow"] - started < 30
        assert client.get("/api/stats").json()["articles"] == 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_the_server_stops_on_sigterm_while_a_slow_post_runs(tmp_path: Path) -> None:
    port = _free_port()
    env = os.environ | {"QUOTEWIRE_TOKEN": TOKEN, "QUOTEWIRE_ARTICLE_TIMEOUT": "3"}
    server = subprocess.Popen([sys.executable, "-c", "from quotewire.cli import main; main()", "serve",
                               "--db", str(tmp_path / "q.db"), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/api/stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        poster = threading.Thread(target=lambda: httpx.post(f"{base}/api/articles", json={"text": slow_text(140_000)},
                                                            headers=AUTH, timeout=60))
        poster.start()
        time.sleep(2)  # the request is in its analysis
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) is not None
        poster.join(60)
    finally:
        if server.poll() is None:
            server.kill()
