"""Dates at the interfaces: filters take real ISO dates only, stored days that are not dates are
"unknown" instead of a 500, timelines stay small whatever the span, and an article with no
publication date is "date unknown" (its ingest time shown apart), never dated by its ingest day."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import analyzed
from quotewire.server.app import create_app
from quotewire.cli import app
from quotewire.errors import BadInput
from quotewire.store.days import MAX_BARS, day_bound, known_day, timeline


@pytest.mark.parametrize("value, start, end", [("2024-02-10", "2024-02-10", "2024-02-10"),
                                               ("2024-02", "2024-02-01", "2024-02-29"),
                                               ("2023", "2023-01-01", "2023-12-31")])
def test_filter_bounds_take_a_day_month_or_year(value: str, start: str, end: str) -> None:
    assert (day_bound(value, "since", end=False), day_bound(value, "until", end=True)) == (start, end)


@pytest.mark.parametrize("value", ["20240101", "2024-1-5", "2024-02-30", "2024-13", "0000", "24-01-01",
                                   "2024-01-01T00:00", "soon", ""])
def test_anything_else_is_bad_input_naming_the_filter(value: str) -> None:
    with pytest.raises(BadInput, match="^until: expected a date like"):
        day_bound(value, "until", end=True)


def test_stored_days_that_are_not_dates_are_unknown() -> None:
    assert [known_day(v) for v in ("2024-06-03", "2024-99-99", "20240603", "", None)] == [
        "2024-06-03", None, None, None, None]


@pytest.mark.parametrize("days, unit", [(["2024-06-03", "2024-06-05", "2024-08-01"], "week"),
                                        (["2020-01-15", "2029-06-01"], "month"),
                                        (["1900-01-01", "2024-01-01"], "year"),
                                        (["0500-01-01", "2024-01-01"], "decade"),
                                        (["0001-01-01", "9999-12-31"], "century")])
def test_timeline_unit_grows_with_the_span_and_keeps_every_statement(days: list[str], unit: str) -> None:
    got_unit, bars = timeline([(d, 2) for d in days] + [("2024-99-99", 5), (None, 1)])
    assert got_unit == unit and len(bars) <= MAX_BARS
    assert sum(b["count"] for b in bars) == 2 * len(days)  # the undated ones are not drawn
    assert bars[0]["start"] <= min(days) and bars[-1]["start"] <= max(days)


def test_weekly_timeline_counts_by_monday_with_empty_weeks_between() -> None:
    unit, bars = timeline([("2024-06-05", 1), ("2024-06-20", 3)])  # a Wednesday, then a Thursday 2 weeks on
    assert unit == "week"
    assert bars == [{"start": "2024-06-03", "count": 1}, {"start": "2024-06-10", "count": 0},
                    {"start": "2024-06-17", "count": 3}]


def _said(words: str, published: str | None, **article: object):  # type: ignore[no-untyped-def]
    text = f'Archivist Wendell Ash said "{words}" in the reading room.'
    return analyzed(text, [(words, "Wendell Ash")], published=published, **article)


@pytest.fixture
def client(store):  # type: ignore[no-untyped-def]
    store.save_batch([_said("the oldest map is from the first century", "0001-01-01", id="old"),
                      _said("the newest map is from far ahead", "9999-12-31", id="new"),
                      _said("this ledger page has a smudged date", "2024-99-99", id="smudged"),
                      _said("this pamphlet carries no date at all", None, id="undated", input="box/pamphlet.txt")])
    return TestClient(create_app(store))


def _speaker(client: TestClient) -> dict:  # type: ignore[type-arg]
    sid = client.get("/api/speakers", params={"q": "ash"}).json()["items"][0]["id"]
    return client.get(f"/api/speakers/{sid}").json()


def test_speaker_with_bad_dates_and_a_ten_thousand_year_span_is_a_small_page(client) -> None:  # type: ignore[no-untyped-def]
    detail = _speaker(client)
    assert detail["timeline_unit"] == "century" and len(detail["timeline"]) <= MAX_BARS
    assert detail["quotes_count"] == 4 and detail["first_seen"] == "0001-01-01"
    page = client.get(f"/speakers/{detail['id']}")
    assert page.status_code == 200 and "Statements per century" in page.text
    assert len(page.content) < 100_000  # was 61 MB of weekly bars for this span


def test_a_stored_day_that_is_not_a_date_is_shown_as_unknown(client) -> None:  # type: ignore[no-untyped-def]
    hit = client.get("/api/quotes", params={"q": "smudged"}).json()["items"][0]
    assert hit["first_seen"] is None
    assert client.get("/api/articles/smudged").json()["date"] is None
    assert "2024-99-99" not in client.get("/", params={"q": "smudged"}).text


def test_an_article_without_publication_date_is_date_unknown_with_its_ingest_time(client) -> None:  # type: ignore[no-untyped-def]
    article = client.get("/api/articles/undated").json()
    assert article["date"] is None and article["published"] is None and article["ingested_at"]
    hit = client.get("/api/quotes", params={"q": "pamphlet"}).json()["items"][0]
    assert hit["first_seen"] is None and hit["article"]["input"] == "box/pamphlet.txt"
    page = client.get("/articles/undated").text
    assert "date unknown" in page and f"ingested {article['ingested_at']}" in page
    assert article["ingested_at"][:10] not in page.replace(f"ingested {article['ingested_at']}", "")
    assert "date unknown" in client.get("/", params={"q": "pamphlet"}).text
    story = client.get("/api/clusters/undated").json()
    assert story["first_seen"] is None and story["articles"][0]["date"] is None
    assert "first published date unknown" in client.get("/clusters/undated").text


def test_a_dated_article_keeps_its_publication_day(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/articles/new").json()["date"] == "9999-12-31"
    assert client.get("/api/quotes", params={"q": "newest"}).json()["items"][0]["first_seen"] == "9999-12-31"


@pytest.mark.parametrize("params, found", [({"since": "9999"}, 1), ({"until": "0001-01"}, 1),
                                           ({"since": "0001", "until": "0001-12-31"}, 1)])
def test_month_and_year_filters_cover_the_whole_period(client, params: dict, found: int) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/quotes", params=params).json()["total"] == found


@pytest.mark.parametrize("value", ["20240101", "2024-1-1", "2024-02-30"])
def test_a_compact_or_impossible_date_is_refused_everywhere(client, db_url: str, value: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/quotes", params={"since": value})
    assert r.status_code == 422 and r.json()["error"].startswith("since: expected a date like")
    page = client.get("/", params={"until": value})
    assert page.status_code == 422 and "until: expected a date like" in page.text
    result = CliRunner().invoke(app, ["quotes", "--db", db_url, "--since", value])
    assert result.exit_code == 2 and "since: expected a date like" in result.stderr
