"""Fault injection, processes: parts of a run killed under it, and a run that ends fast.

``kill -9`` of the analysis fork server (which takes its workers with it) or of one worker during
``ingest --workers 2``: the run completes with every article stored once. A run that ends while
its background worker start is still under way prints nothing after it. Articles are generated
from our own sentences; ``bench/faults.py`` runs the same kills on 300 articles.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quotewire.store import open_store

QUOTEWIRE = [sys.executable, "-c", "from quotewire.cli import main; main()"]


def articles(path: Path, n: int) -> Path:
    """``n`` distinct articles of our own, each with two statements, as JSON lines."""
    with path.open("w") as f:
        for i in range(n):
            text = (f"Harbour master Eli Marsh{i} said \"berth {i} will reopen after the repairs\" on Monday. "
                    f"Councillor Ada Quist{i} told reporters that the budget for pier {i} was agreed last week. "
                    f"Work on the pier {i} began in the spring and should end before the winter storms.")
            f.write(json.dumps({"id": f"a{i}", "text": text, "title": f"Pier {i}"}) + "\n")
    return path


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the direct children of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def fork_server(pid: int) -> int | None:
    return next((c for c, cmd in children(pid) if "forkserver" in cmd), None)


def kill_during_ingest(tmp_path: Path, n: int, victim: str, deadline_s: float = 300) -> tuple[int, str, dict]:
    """Run ``ingest --workers 2`` on ``n`` articles and SIGKILL ``victim``: "fork-server" twice
    (as soon as it appears, still loading the model, and again once it has workers) or "worker"
    (one, once started). Return the exit status, stderr and the stored counts."""
    source, db = articles(tmp_path / "in.jsonl", n), str(tmp_path / "q.db")
    run = subprocess.Popen([*QUOTEWIRE, "ingest", str(source), "--db", db, "--workers", "2", "--batch-size", "16"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kills = [] if victim == "worker" else ["early"]
    kills.append("late")
    killed: list[int] = []
    started = time.monotonic()
    while kills and run.poll() is None and time.monotonic() - started < deadline_s:
        time.sleep(0.05)
        server = fork_server(run.pid)
        if server is None or server in killed:
            continue
        workers = [c for c, _ in children(server)]
        if kills[0] == "late" and not workers:
            continue
        target = server if victim == "fork-server" else workers[0]
        os.kill(target, signal.SIGKILL)
        killed.append(target)
        kills.pop(0)
    try:
        _, err = run.communicate(timeout=max(deadline_s - (time.monotonic() - started), 1))
    finally:
        run.kill()
    assert not kills, f"the run ended before every kill ({killed})"
    with open_store(db, write=False) as store:
        stats = store.stats()
    return run.returncode, err, stats


@pytest.mark.parametrize("victim", ["fork-server", "worker"])
def test_a_killed_fork_server_or_worker_is_replaced_and_every_article_stored_once(tmp_path: Path, victim: str) -> None:
    code, err, stats = kill_during_ingest(tmp_path, 40, victim)
    assert code == 0, err
    assert "internal error" not in err and "Traceback" not in err
    assert stats["articles"] == 40 and stats["failed_inputs"] == 0


def test_a_run_that_ends_during_its_background_start_prints_nothing_after(tmp_path: Path) -> None:
    script = "import time\nfrom quotewire.run.workers import prestart\nprestart()\ntime.sleep(0.3)\n"
    for _ in range(2):
        run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        time.sleep(1.5)  # an orphan would write its traceback after the exit, to the same stderr
        assert run.returncode == 0 and run.stderr == ""


def test_ctrl_c_is_reported_as_interrupted_even_when_the_run_record_cannot_be_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The interrupt cut a commit short and left the database locked: the closing writes fail, and
    the user still sees "interrupted" (exit 130), not "database is locked"."""
    import sqlalchemy.exc
    from typer.testing import CliRunner

    import quotewire.run.ingest
    from quotewire.cli import app
    from quotewire.store import Store

    def interrupted(articles, batch_size):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    def locked(*_: object, **__: object) -> None:
        raise sqlalchemy.exc.OperationalError("UPDATE runs ...", {}, Exception("database is locked"))

    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda limits: interrupted)
    monkeypatch.setattr(Store, "finish_run", locked)
    source = articles(tmp_path / "in.jsonl", 3)
    result = CliRunner().invoke(app, ["ingest", str(source), "--db", str(tmp_path / "q.db")])
    assert result.exit_code == 130 and "interrupted" in result.stderr and "locked" not in result.stderr
