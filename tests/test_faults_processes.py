"""Fault injection, processes: parts of a run killed under it, a run that ends fast, and Ctrl-C.

``kill -9`` of the analysis fork server (which takes its workers with it) or of one worker during
``ingest --workers 2``: the run completes with every article stored once. A run that ends while
its background worker start is still under way prints nothing after it. Ctrl-C during a batch's
commit: the run record is closed, and the rerun counts what a clean run counts. Articles are
generated from our own sentences; ``bench/faults.py`` runs the same kills on 300 articles.
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
import sqlalchemy as sa

from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker
from quotewire.run.config import RunConfig
from quotewire.run.ingest import ingest_articles
from quotewire.store import open_store
from quotewire.store.schema import articles as stored, runs

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


WORDS = ("harbour ferry council budget storm pier bridge school library river market station union strike "
         "farmers harvest museum festival hospital clinic road tunnel airport runway garden park court judge "
         "mayor teacher nurse pilot engine factory mill bakery theatre choir league stadium coach season "
         "winter spring summer autumn morning evening report survey plan vote").split()


def stories() -> list[Article]:
    """Twelve stories of our own words (no two alike), five identical copies and four edited ones
    (a headline and a footer around the text), each copy a few articles after its original: what
    a resumed ingest must count as a clean one does."""
    import random

    texts = []
    for i in range(12):
        pick = random.Random(i).choices
        sentences = [" ".join(pick(WORDS, k=12)).capitalize() + "." for _ in range(5)]
        texts.append(" ".join(sentences[:2]) + f' Speaker{i} said "{" ".join(pick(WORDS, k=8))}". '
                     + " ".join(sentences[2:]))
    items: list[Article] = []
    for i, text in enumerate(texts):
        items.append(Article(id=f"s{i:02}", text=text))
        if i >= 3 and (i - 3) % 2 == 0:
            items.append(Article(id=f"x{i - 3:02}", text="  " + texts[i - 3].replace(" ", "  ")))
        if i >= 4 and (i - 4) % 2 == 1:
            items.append(Article(id=f"y{i - 4:02}", text=f"Headline {i}\n\n{texts[i - 4]}\n\nRead more at Wire {i}."))
    return items


def quotes_in(articles, batch_size):  # type: ignore[no-untyped-def]
    """A stand-in analyser: each double-quoted passage is one statement of "Speaker"."""
    for a in articles:
        start = a.text.index('"') + 1
        yield AnalyzedArticle(a, [Quote("direct", Span.of(a.text, start, a.text.index('"', start)),
                                        speaker=Speaker("Speaker"))])


COUNTED = ("new_clusters", "exact_duplicates", "near_duplicates", "analysed", "statements")


def run_records(store) -> list[tuple[str | None, dict]]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return [(r.finished_at, r.summary) for r in conn.execute(sa.select(runs).order_by(runs.c.id))]


def clusters(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(stored.c.id, stored.c.cluster_id)).all())


@pytest.mark.parametrize("cut_at", [1, 3])
def test_a_rerun_after_ctrl_c_during_a_commit_counts_what_a_clean_run_counts(
        db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut_at: int) -> None:
    """Ctrl-C lands in the ``cut_at``-th batch's commit (its writes done, not committed). The two
    runs together count each article once, as the clean run does; cut at the first commit, the
    rerun alone is the clean run. What is stored is what the clean run stored."""
    import quotewire.store.writer as writer

    config = RunConfig(store_batch=4)
    with open_store(str(tmp_path / "clean.db")) as store:
        clean = ingest_articles(stories(), store, analyze=quotes_in, config=config).to_dict()
        clean_clusters = clusters(store)
    assert (clean["new_clusters"], clean["exact_duplicates"], clean["near_duplicates"]) == (12, 5, 4)

    save, commits = writer.save_batch, 0

    def cut_short(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal commits
        save(*args, **kwargs)
        commits += 1
        if commits == cut_at:
            raise KeyboardInterrupt

    with open_store(db_url) as store:
        monkeypatch.setattr(writer, "save_batch", cut_short)
        with pytest.raises(KeyboardInterrupt):
            ingest_articles(stories(), store, analyze=quotes_in, config=config)
        monkeypatch.undo()
        kept = len(clusters(store))
        rerun = ingest_articles(stories(), store, analyze=quotes_in, config=config).to_dict()
        (closed, first), (_, second) = run_records(store)
        assert clusters(store) == clean_clusters
    assert kept == 4 * (cut_at - 1) and rerun["already_ingested"] == kept
    assert closed is not None and first["interrupted"] and not second["interrupted"]
    assert {k: first[k] + second[k] for k in COUNTED} == {k: clean[k] for k in COUNTED}
    if cut_at == 1:
        assert {k: rerun[k] for k in COUNTED} == {k: clean[k] for k in COUNTED}


def test_ctrl_c_that_leaves_its_commit_open_still_closes_the_run_record_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C lands where the batch's transaction cannot end yet: entered, never left, it stays open
    while the interrupted frames live (as when the interrupt lands in the transaction's own exit),
    and the closing writes find the database locked by it. The run record is closed anyway, as
    interrupted, within seconds (it waited 30 s, then stayed open)."""
    from quotewire.store import Store
    from quotewire.store.sql import lock_for_writing

    def cut_short(self, write):  # type: ignore[no-untyped-def]
        transaction = self.engine.begin()
        conn = transaction.__enter__()
        lock_for_writing(conn)
        write(conn)
        raise KeyboardInterrupt

    monkeypatch.setattr(Store, "write_batch", cut_short)
    with open_store(str(tmp_path / "q.db")) as store:
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            ingest_articles(stories(), store, analyze=quotes_in, config=RunConfig(store_batch=4))
        took = time.monotonic() - started
        ((closed, summary),) = run_records(store)
    assert closed is not None and summary["interrupted"] and summary["analysed"] == 0
    assert took < 10
