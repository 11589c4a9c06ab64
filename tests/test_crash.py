"""Crash safety: an ingest killed with SIGKILL mid-run loses nothing committed, and a rerun completes it.

The writer is a subprocess saving batches through the store contract (the real ``quotewire
ingest`` needs the spaCy model and is exercised by the pipeline's own tests); it is killed while
it is writing, then run again to the end.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
        ids = [row[0] for row in store.article_signatures()]
    assert ids == sorted(set(ids)) and len(ids) == ARTICLES
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.execute("INSERT INTO quotations_fts(quotations_fts) VALUES ('integrity-check')")  # raises if broken
