"""The database commands through the CLI: quotes, speakers, speaker, stats, export, merge/split."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import analyzed
from quotewire.cli import app
from quotewire.store import open_store

TEXT = ('Coach Rosa Iqbal said "we trained hard all winter for this" after the final. '
        'Captain Theo Marsh said "the fans carried us through the second half".')


@pytest.fixture
def db(db_url: str) -> str:
    with open_store(db_url) as store:
        store.save_batch([analyzed(TEXT, [("we trained hard all winter for this", "Rosa Iqbal"),
                                          ("the fans carried us through the second half", "Theo Marsh")],
                                   id="final", url="https://sport.example/final", source="sport.example",
                                   published="2024-04-14")])
    return db_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_quotes_in_each_format(db: str) -> None:
    code, out, _ = run("quotes", "--db", db, "--query", "winter", "--format", "json")
    assert code == 0 and json.loads(out)["speaker"]["name"] == "Rosa Iqbal"
    code, out, _ = run("quotes", "--db", db, "--speaker", "marsh", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["speaker"] for r in rows] == ["Theo Marsh"]
    code, out, _ = run("quotes", "--db", db, "--since", "2024-04-01", "--type", "direct", "--source", "sport.example")
    assert code == 0 and "Rosa Iqbal" in out and "Theo Marsh" in out


def test_quotes_says_how_many_and_pages_to_the_last(db: str) -> None:
    total = len(run("quotes", "--db", db, "--format", "json")[1].splitlines())
    assert total > 1
    code, _, err = run("quotes", "--db", db, "--limit", "1")
    assert code == 0 and f"1–1 of {total} statements; next page: --offset 1" in err
    _, out, err = run("quotes", "--db", db, "--limit", "1", "--offset", str(total - 1))
    assert f"{total}–{total} of {total} statements" in err and "next page" not in err and "│" in out
    speakers = len(run("speakers", "--db", db, "--format", "json")[1].splitlines())
    _, _, err = run("speakers", "--db", db, "--limit", "1", "--offset", "1")
    assert f"2–2 of {speakers} speakers" in err and ("next page: --offset 2" in err) == (speakers > 2)


def test_bad_values_are_one_line_errors(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for args, code in ((("quotes", "--db", db, "--since", "spring"), 2),
                       (("quotes", "--db", db, "--format", "xml"), 2),
                       (("speaker", "Nobody", "--db", db), 1),
                       (("quotes", "--db", str(tmp_path / "missing" / "q.db")), 1),
                       (("export", "--db", db, "--format", "parquet"), 2),
                       (("split-speaker", "Rosa Iqbal", "--db", db), 2)):
        exit_code, _, err = run(*args)
        assert exit_code == code and err.count("\n") == 1 and err.startswith("error:"), args


def test_speakers_speaker_and_stats(db: str) -> None:
    code, out, _ = run("speakers", "--db", db, "--query", "iqbal", "--format", "json")
    assert code == 0 and json.loads(out)["name"] == "Rosa Iqbal"
    code, out, _ = run("speaker", "Iqbal", "--db", db, "--format", "json")
    detail = json.loads(out)
    assert code == 0 and detail["quotes_count"] == 1 and detail["first_seen"] == "2024-04-14"
    code, out, _ = run("stats", "--db", db, "--format", "json")
    assert json.loads(out) | {"runs": 0} == {"articles": 1, "clusters": 1, "quotations": 2, "occurrences": 2,
                                             "speakers": 2, "failed_inputs": 0, "runs": 0}


def test_export_formats(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run("export", "--db", db, "--format", "quotebank")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 2
    assert set(lines[0]) == {"quoteID", "quotation", "speaker", "qids", "date", "numOccurrences", "probas",
                             "urls", "phase"}
    rosa = next(line for line in lines if line["speaker"] == "Rosa Iqbal")
    assert rosa["date"] == "2024-04-14 00:00:00" and rosa["urls"] == ["https://sport.example/final"]
    assert rosa["probas"] == [["Rosa Iqbal", "1.0000"]] and rosa["numOccurrences"] == 1
    assert run("export", "--db", db, "--format", "parquet", "-o", str(tmp_path / "q.parquet"))[0] == 0
    table = pq.read_table(tmp_path / "q.parquet")
    assert table.num_rows == 2 and table.column("urls").to_pylist()[0] == ["https://sport.example/final"]
    assert run("export", "--db", db, "--format", "csv", "-o", str(tmp_path / "q.csv"))[0] == 0
    assert len(list(csv.DictReader(open(tmp_path / "q.csv", encoding="utf-8")))) == 2
    code, out, _ = run("export", "--db", db)
    assert {json.loads(line)["speaker"] for line in out.splitlines()} == {"Rosa Iqbal", "Theo Marsh"}


def test_merge_and_split_by_name(db: str) -> None:
    code, out, _ = run("merge-speakers", "Rosa Iqbal", "Theo Marsh", "--db", db)
    assert code == 0 and "merged" in out
    assert json.loads(run("stats", "--db", db, "--format", "json")[1])["speakers"] == 1
    code, out, _ = run("split-speaker", "Rosa Iqbal", "--name", "Theo Marsh", "--db", db)
    assert code == 0 and out.startswith("new speaker")
    code, out, _ = run("quotes", "--db", db, "--speaker", "Theo Marsh", "--format", "json")
    assert json.loads(out)["text"] == "the fans carried us through the second half"


def test_an_ambiguous_speaker_name_says_so(db: str) -> None:
    with open_store(db) as store:
        store.save_batch([analyzed('Rosa Marsh said "the pitch was wet all day".',
                                   [("the pitch was wet all day", "Rosa Marsh")], id="wet")])
    code, out, err = run("speaker", "Marsh", "--db", db, "--format", "json")
    assert code == 0 and json.loads(out)["name"] in {"Theo Marsh", "Rosa Marsh"}
    assert "1 other speaker(s) match 'Marsh'" in err


def test_relink_with_a_people_file_reports_and_exports_the_id(db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    people = tmp_path / "people.jsonl"
    people.write_text('{"name": "Rosa Iqbal", "qid": "Q990002", "aliases": ["Coach Iqbal"]}\n', encoding="utf-8")
    code, out, err = run("relink", "--db", db, "--people", str(people), "--format", "json")
    assert code == 0 and "1 known people loaded" in err
    assert json.loads(out)["statements"] == 2
    code, out, _ = run("speaker", "Rosa Iqbal", "--db", db)
    assert code == 0 and "known person: Q990002" in out and "why: a known person" in out
    export = tmp_path / "qb.jsonl"
    assert run("export", "--db", db, "--format", "quotebank", "-o", str(export))[0] == 0
    qids = {json.loads(line)["speaker"]: json.loads(line)["qids"] for line in export.read_text().splitlines()}
    assert qids == {"Rosa Iqbal": ["Q990002"], "Theo Marsh": []}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,id\nIqbal,Q1\n", encoding="utf-8")
    code, _, err = run("relink", "--db", db, "--people", str(bad))
    assert code == 1 and "bad.csv:2" in err
