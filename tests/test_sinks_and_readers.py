"""Outputs and inputs as registered modules: the statements CSV sink (``ingest --out FILE.csv``)
and the CSV table reader, each one module and one decorator."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from test_pipeline import OTHER, STORY, article, fake_analyze
from typer.testing import CliRunner

import quotewire.run.ingest
from quotewire.cli import app
from quotewire.run.ingest import ingest_articles
from quotewire.run.sinks import STATEMENT_FIELDS, sink_for, sinks, statement_record
from quotewire.run.sinks.statements_csv import StatementsCsv
from quotewire.run.sinks.statements_jsonl import StatementsJsonl
from quotewire.sources import read_inputs
from quotewire.spreadsheet import BOM


def test_every_sink_module_is_registered_and_the_suffix_picks_one() -> None:
    assert {"statements", "statements-csv", "predictions"} <= set(sinks())
    assert isinstance(sink_for("out/quotes.CSV", io.StringIO()), StatementsCsv)
    assert isinstance(sink_for("quotes.jsonl", io.StringIO()), StatementsJsonl)
    assert isinstance(sink_for("-", io.StringIO()), StatementsJsonl)  # no suffix: statements JSONL


def test_the_csv_sink_writes_what_the_jsonl_sink_writes() -> None:
    as_csv, as_jsonl = io.StringIO(), io.StringIO()
    items = [article("a", STORY), article("b", OTHER), article("c", "No quotes here at all.")]
    ingest_articles(items, sinks=[StatementsCsv(as_csv), StatementsJsonl(as_jsonl)], analyze=fake_analyze)
    assert as_csv.getvalue().startswith(BOM)  # for spreadsheets, as every CSV quotewire writes
    rows = list(csv.DictReader(io.StringIO(as_csv.getvalue().removeprefix(BOM))))
    lines = [json.loads(line) for line in as_jsonl.getvalue().splitlines()]
    assert len(rows) == len(lines) == 2 and tuple(rows[0]) == STATEMENT_FIELDS
    for row, line in zip(rows, lines, strict=True):
        assert row["content"] == line["content"] and row["cluster_id"] == line["cluster_id"]
        assert row["content_span"] == "{}:{}".format(*line["content_span"])


def test_an_empty_run_still_writes_the_csv_header() -> None:
    out = io.StringIO()
    ingest_articles([], sinks=[StatementsCsv(out)], analyze=fake_analyze)
    assert out.getvalue().removeprefix(BOM).rstrip("\r\n").split(",") == list(STATEMENT_FIELDS)


def test_ingest_out_csv_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda config: fake_analyze)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    out = tmp_path / "quotes.csv"
    result = CliRunner().invoke(app, ["ingest", str(story), "--no-store", "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["content"] for r in rows] == ["We have been asking for this for three years and it finally happened,"]


def test_a_csv_table_is_read_as_articles_and_a_bad_row_fails_alone(tmp_path: Path) -> None:
    table = tmp_path / "articles.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "title", "published", "text", "notes"])
        writer.writerow(["p1", "Pilots", "2026-03-01", STORY, "ignored"])
        writer.writerow(["p2", "Nothing", "", "  ", ""])
        writer.writerow(["p3", "Library", "", OTHER, ""])
    items = list(read_inputs([str(table)]))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]
    first, failure, last = items
    assert (first.title, first.published, first.text) == ("Pilots", "2026-03-01", STORY)
    assert failure.input.endswith(f"articles.csv:{STORY.count(chr(10)) + 3}") and failure.reason == "empty"  # its first line
    assert last.input.endswith(f":{STORY.count(chr(10)) + 4}") and first.id != last.id


def test_a_directory_walk_picks_up_csv_tables(tmp_path: Path) -> None:
    with (tmp_path / "t.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["text"], [OTHER]])
    (item,) = read_inputs([str(tmp_path)])
    assert item.text == OTHER


def test_statement_record_keys_are_the_csv_columns() -> None:
    a = article("x", 'He said "yes indeed".')
    from quotewire.models import Quote, Span

    assert tuple(statement_record(a, Quote("direct", Span.of(a.text, 9, 19)))) == STATEMENT_FIELDS
