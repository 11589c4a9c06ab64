"""`quotewire clean`: text and JSON output, bad inputs on stderr with exit status 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quotewire.cli import app

PAGES = Path(__file__).parent / "fixtures" / "pages"
runner = CliRunner()

NOTE = "Harbour to stay open\n\nThe harbour master said the port would stay open all winter.\n\nSource link\n"


def test_single_input_prints_just_its_text(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(NOTE)
    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "Harbour to stay open\n\nThe harbour master said the port would stay open all winter.\n"


def test_json_lines_and_failures(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["clean", "--format", "json", str(PAGES / "council-vote.html"), str(empty), str(note)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(r) for r in records] == [{"input", "title", "published", "site", "url", "extractor", "text"}] * 2
    page, text = records
    assert page["site"] == "The Valley Courier" and page["published"] == "2026-02-03"
    assert page["extractor"] == "trafilatura precision" and text["extractor"] is None  # plain text is not extracted
    assert text["input"] == str(note) and text["title"] == "Harbour to stay open"
    assert result.stderr.strip().splitlines() == [f"error: {empty}: empty input (no text)"]


def test_several_inputs_get_headers(tmp_path):
    result = runner.invoke(app, ["clean", str(PAGES)])
    assert result.exit_code == 0
    headers = [line for line in result.stdout.splitlines() if line.startswith("==> ")]
    assert headers == [f"==> {PAGES / 'council-vote.html'} <==", f"==> {PAGES / 'terrace-latin1.html'} <=="]


def test_a_page_prints_its_main_text_without_the_headline():
    """The headline is the page's title, not its text: what a main-text benchmark scores
    (ingest still analyses it above the body: tests/test_clean_article.py)."""
    page = str(PAGES / "council-vote.html")
    text = runner.invoke(app, ["clean", page])
    assert text.exit_code == 0 and text.stdout.startswith("Riverton's city council approved")
    [record] = [json.loads(line) for line in runner.invoke(app, ["clean", "--format", "json", page]).stdout.splitlines()]
    assert record["title"] == "Riverton council approves new tram line after long debate"
    assert record["text"] == text.stdout.rstrip("\n")
