"""Crash safety: an ingest killed with SIGKILL mid-run loses nothing committed, and a rerun completes it.

The first test drives the store contract from a small writer subprocess, fast enough to check
that a kill never leaves part of a batch; the second kills the real ``quotewire ingest`` (spaCy
and all) and checks that running the same command again completes the database.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import stored_articles

from quotewire.store import open_store

ARTICLES = 600
BATCH = 20
WRITER = '''
import json, sys
sys.path.insert(0, sys.argv[3])
from conftest import analyzed
from quotewire.store import open_store

db, batch, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[4])
store = open_store(db)
run = store.start_run(["generated"])
items = [analyzed(f'Clerk {i} of the records office said "ledger number {i} is complete and filed" today.',
                  [(f"ledger number {i} is complete and filed", f"Clerk {i}")], id=f"doc-{i:04d}")
         for i in range(n)]
for k in range(0, len(items), batch):
    store.save_batch(items[k:k + batch], run)
    print(k // batch + 1, flush=True)
store.finish_run(run, {"articles": len(items)})
print("done", flush=True)
'''


def _writer(tmp_path: Path, db: str) -> subprocess.Popen[str]:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    tests_dir = str(Path(__file__).resolve().parent)
    return subprocess.Popen([sys.executable, str(script), db, str(BATCH), tests_dir, str(ARTICLES)],
                            stdout=subprocess.PIPE, text=True)


def _counts(db: str) -> dict[str, int]:
    with open_store(db) as store:
        return store.stats()


@pytest.mark.slow
def test_killed_ingest_keeps_whole_batches_and_a_rerun_completes_it(db_url: str, tmp_path: Path) -> None:
    open_store(db_url).close()  # migrate first, so the kill lands in batch writing
    proc = _writer(tmp_path, db_url)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    while int(proc.stdout.readline() or 0) < 3 and time.monotonic() < deadline:
        pass
    time.sleep(0.05)  # into the middle of a later batch
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)

    partial = _counts(db_url)
    assert 0 < partial["articles"] < ARTICLES, "the kill should land mid-run"
    assert partial["articles"] % BATCH == 0, "a batch is one transaction: all of it or none"
    assert partial["occurrences"] == partial["articles"] == partial["quotations"]

    rerun = _writer(tmp_path, db_url)
    out, _ = rerun.communicate(timeout=120)
    assert rerun.returncode == 0 and out.strip().endswith("done")
    final = _counts(db_url)
    assert (final["articles"], final["occurrences"], final["quotations"], final["speakers"]) == (ARTICLES,) * 4
    with open_store(db_url) as store:
        ids = [row[0] for row in stored_articles(store)]
    assert ids == sorted(set(ids)) and len(ids) == ARTICLES
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO quotations_fts(quotations_fts) VALUES ('integrity-check')")  # raises if broken


def _corpus(path: Path, n: int) -> None:
    """n different short stories of our own, one JSONL line each, every one with a direct quote."""
    towns = ["Arlow", "Brenmouth", "Calder", "Dunmere", "Eskton", "Fairholm", "Glenrock", "Hollin"]
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            town = towns[i % len(towns)]
            text = (f"Story {i}: the {town} ferry timetable changes on day {i}.\n\n"
                    f'"We have added crossing number {i} for commuters from {town}," said harbour master '
                    f"Iris Vale{i}. The council said the change would cost {i + 10} thousand pounds.")
            f.write(json.dumps({"text": text, "url": f"https://ferry.example/{i}", "title": f"Ferry story {i}"}) + "\n")


@pytest.mark.slow
def test_killed_quotewire_ingest_is_completed_by_a_rerun(db_url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "stories.jsonl"
    _corpus(corpus, 64)
    command = [str(Path(sys.executable).with_name("quotewire")), "ingest", str(corpus), "--db", db_url,
               "--batch-size", "8"]
    open_store(db_url).close()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _counts(db_url)["articles"] < 16 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    partial = _counts(db_url)["articles"]
    assert 0 < partial < 64, "the kill should land mid-run"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final = _counts(db_url)
    assert final["articles"] == 64 and final["occurrences"] >= 64
    with open_store(db_url) as store:
        ids = [row[0] for row in stored_articles(store)]
    assert len(ids) == len(set(ids)) == 64
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO quotations_fts(quotations_fts) VALUES ('integrity-check')")


ARTICLES_KILLED = 40


def _grandchildren(pid: int) -> list[int]:
    """Processes whose parent's parent is ``pid``: the analysis workers, forked by the fork server."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    return [p for p, parent in parents.items() if parents.get(parent) == pid]


def _long_corpus(path: Path, n: int) -> None:
    """n different stories of our own, long enough that a worker is busy most of the run."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            paras = [f'"Berth {i}-{j} reopens on day {j} for the {i} night ferries," said pilot Ada Lorne{i}. '
                     f"The port board said repairs to quay {i}{j} had cost {i + j} thousand pounds."
                     for j in range(12)]
            f.write(json.dumps({"text": "\n\n".join(paras), "url": f"https://port.example/{i}"}) + "\n")


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_a_killed_analysis_worker_costs_nothing(tmp_path: Path) -> None:
    corpus, db = tmp_path / "berths.jsonl", str(tmp_path / "q.db")
    _long_corpus(corpus, ARTICLES_KILLED)
    command = [sys.executable, "-c", "from quotewire.cli import main; main()", "ingest", str(corpus),
               "--db", db, "--batch-size", "10", "--workers", "2"]
    open_store(db).close()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _counts(db)["articles"] < 10 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    workers = _grandchildren(proc.pid)
    assert proc.poll() is None and workers, "the kill should land mid-run, on a worker"
    os.kill(workers[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=300)

    assert proc.returncode == 0, err
    assert _counts(db)["articles"] == ARTICLES_KILLED
    with open_store(db) as store:
        ids = [row[0] for row in stored_articles(store)]
    assert len(ids) == len(set(ids)) == ARTICLES_KILLED
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
