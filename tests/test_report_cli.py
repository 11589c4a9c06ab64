"""The outlets, report and gender commands through the CLI (both backends)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from quotewire.cli import app
from quotewire.store import open_store
from test_report import _said


@pytest.fixture
def db(db_url: str) -> str:
    with open_store(db_url) as store:
        store.save_batch([
            _said("f1", "the budget is balanced at last", "Ines Duarte", "female", "foxnews.com", "2024-01-10"),
            _said("f2", "the tram will open in spring", "Omar Reyes", "male", "Fox News", "2024-02-20"),
            _said("t1", "schools reopen next week for all", "Lena Park", "female", "nyt", "2024-02-07"),
        ])
    return db_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_sources_lists_outlets_with_their_names(db: str) -> None:
    code, out, _ = run("sources", "--db", db, "--format", "csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.lstrip("\ufeff")))}
    assert code == 0 and set(rows) == {"Fox News", "The New York Times"}
    assert rows["Fox News"]["articles"] == "2" and "foxnews.com" in rows["Fox News"]["aliases"].split("; ")
    code, out, _ = run("sources", "--db", db)
    assert code == 0 and "Fox News" in out


def test_speakers_and_quotes_by_outlet_period_gender_and_kind(db: str) -> None:
    code, out, _ = run("speakers", "--db", db, "--source", "fox", "--gender", "female", "--format", "json")
    assert code == 0 and [json.loads(line)["name"] for line in out.splitlines()] == ["Ines Duarte"]
    code, out, _ = run("quotes", "--db", db, "--since", "2024-02", "--kind", "person", "--gender", "female",
                       "--format", "json")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == ["schools reopen next week for all"]
    code, _, err = run("quotes", "--db", db, "--source", "cnn")
    assert code == 2 and err.startswith("error: source: no stored outlet is called 'cnn'")


def test_report_tables_as_csv_json_and_a_table(db: str) -> None:
    code, out, _ = run("report", "--db", db, "--table", "top", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert code == 0 and ("all", "female", "1") in {(r["period"], r["gender"], r["rank"]) for r in rows}
    code, out, _ = run("report", "--db", db, "--format", "json")
    report = json.loads(out)
    assert code == 0 and {x["outlet"]: x["women_share_people"] for x in report["outlets"]} == {
        "Fox News": 0.5, "The New York Times": 1.0}
    code, out, _ = run("report", "--db", db, "--source", "Fox News", "--table", "outlets")
    assert code == 0 and "Fox" in out and "York" not in out and "50%" in out
    code, _, err = run("report", "--db", db, "--table", "pie")
    assert code == 2 and "--table" in err


def test_set_gender_corrects_and_clears(db: str) -> None:
    code, out, _ = run("set-gender", "Omar Reyes", "female", "--db", db)
    assert code == 0 and out.strip().endswith("female (user)")
    code, out, _ = run("speaker", "Omar Reyes", "--db", db)
    assert "gender: female (user" in out
    assert run("set-gender", "Omar Reyes", "--clear", "--db", db)[1].strip().endswith("male (text)")
    assert run("set-gender", "Omar Reyes", "--db", db)[0] == 2  # neither a gender nor --clear
    assert run("set-gender", "Omar Reyes", "woman", "--db", db)[0] == 2
