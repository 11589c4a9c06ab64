"""``quotewire ingest`` end to end over the bundled examples, with the stand-in analyser (no spaCy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_pipeline import fake_analyze
from typer.testing import CliRunner

import quotewire.run.ingest
from quotewire.cli import app

EXAMPLES = Path(quotewire.__file__).parent / "examples"


@pytest.fixture(autouse=True)
def stand_in_analyser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda limits: fake_analyze)


def invoke(*args: str):
    return CliRunner().invoke(app, ["ingest", *args])


def test_bad_inputs_are_one_line_each_and_the_run_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    out, report = tmp_path / "s.jsonl", tmp_path / "r.json"
    result = invoke(str(EXAMPLES), str(tmp_path / "missing.txt"), str(empty),
                    "--db", str(tmp_path / "q.db"), "--out", str(out), "--report", str(report))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert any("missing.txt" in e for e in errors) and any("empty.txt" in e for e in errors)
    assert "Traceback" not in result.output

    data = json.loads(report.read_text())
    assert data["articles_read"] == 4 and data["near_duplicates"] == 1
    assert sum(data["failures_by_reason"].values()) == 2
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == data["statements"] > 0
    assert "4 articles read" in result.stdout and "1 article was a copy of a story" in result.stdout


def test_the_repost_example_joins_its_story_cluster(tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    assert invoke(str(EXAMPLES), "--no-store", "--out", str(out)).exit_code == 0
    clusters = {}
    for line in out.read_text().splitlines():
        record = json.loads(line)
        clusters[record["article_id"]] = record["cluster_id"]
    assert len(clusters) == 4 and len(set(clusters.values())) == 3
    assert not list(tmp_path.glob("*.db"))


def test_running_again_changes_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "q.db")
    assert invoke(str(EXAMPLES), "--db", db).exit_code == 0
    again = invoke(str(EXAMPLES), "--db", db, "--report", str(tmp_path / "r.json"))
    assert again.exit_code == 0
    data = json.loads((tmp_path / "r.json").read_text())
    assert (data["already_ingested"], data["statements"]) == (4, 0)


def test_no_store_without_out_is_a_usage_error() -> None:
    result = invoke(str(EXAMPLES), "--no-store")
    assert result.exit_code == 2 and "--out" in result.stderr


def test_unwritable_report_fails_before_reading_anything(tmp_path: Path) -> None:
    result = invoke(str(EXAMPLES), "--db", str(tmp_path / "q.db"), "--report", str(tmp_path / "no" / "r.json"))
    assert result.exit_code == 1 and "r.json" in result.stderr
    assert not (tmp_path / "q.db").exists()


def test_reanalyse_redoes_stored_articles(tmp_path: Path) -> None:
    db, report = str(tmp_path / "q.db"), tmp_path / "r.json"
    assert invoke(str(EXAMPLES), "--db", db).exit_code == 0
    assert invoke(str(EXAMPLES), "--db", db, "--reanalyse", "--report", str(report)).exit_code == 0
    data = json.loads(report.read_text())
    assert (data["already_ingested"], data["analysed"]) == (4, 4) and data["statements"] > 0


def test_interrupted_run_says_how_to_continue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(articles, batch_size):
        raise KeyboardInterrupt

    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda limits: interrupted)
    result = invoke(str(EXAMPLES), "--db", str(tmp_path / "q.db"))
    assert result.exit_code == 130 and "run the same command again" in result.stderr
    assert "Traceback" not in result.output
