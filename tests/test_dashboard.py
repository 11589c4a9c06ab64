"""The outlets, report and gender endpoints and the dashboard page, through the app (both backends)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from quotewire.server.app import create_app
from test_report import _said

TOKEN = "s3cret-token"


@pytest.fixture
def client(store):  # type: ignore[no-untyped-def]
    store.save_batch([
        _said("f1", "the budget is balanced at last", "Ines Duarte", "female", "foxnews.com", "2024-01-10"),
        _said("f2", "the tram will open in spring", "Omar Reyes", "male", "Fox News", "2024-02-20"),
        _said("t1", "the budget is balanced at last", "Ines Duarte", "female", "nyt", "2024-02-07"),
    ])
    return TestClient(create_app(store, token=TOKEN, max_body=10_000))


def test_sources_and_filters_by_any_outlet_name(client) -> None:  # type: ignore[no-untyped-def]
    outlets = client.get("/api/sources").json()
    assert [(x["name"], x["articles"]) for x in outlets] == [("Fox News", 2), ("The New York Times", 1)]
    for name in ("fox", "foxnews.com", "Fox News"):
        assert client.get("/api/quotes", params={"source": name}).json()["total"] == 2
    r = client.get("/api/speakers", params={"source": "fox", "gender": "male", "since": "2024-02"})
    assert [s["name"] for s in r.json()["items"]] == ["Omar Reyes"]
    assert client.get("/api/quotes", params={"source": "cnn"}).status_code == 422
    assert client.get("/api/speakers", params={"gender": "woman"}).status_code == 422


def test_report_json_and_each_table_as_csv(client) -> None:  # type: ignore[no-untyped-def]
    report = client.get("/api/report", params={"since": "2024-01"}).json()
    assert {x["outlet"]: x["women_share_people"] for x in report["outlets"]} == {"Fox News": 0.5, "The New York Times": 1.0}
    r = client.get("/api/report/top", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert ("all", "female", "Ines Duarte", "2") in {(x["period"], x["gender"], x["name"], x["statements"]) for x in rows}
    assert client.get("/api/report/outlets").json() == report["outlets"]
    assert client.get("/api/report/pie").status_code == 422


def test_correcting_a_gender_needs_the_token_and_holds(client) -> None:  # type: ignore[no-untyped-def]
    omar = client.get("/api/speakers", params={"q": "reyes"}).json()["items"][0]["id"]
    assert client.post(f"/api/speakers/{omar}/gender", json={"gender": "female"}).status_code == 401
    r = client.post(f"/api/speakers/{omar}/gender", json={"gender": "female"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and (r.json()["gender"], r.json()["gender_source"]) == ("female", "user")
    assert client.get(f"/api/speakers/{omar}").json()["gender"] == "female"
    r = client.post(f"/api/speakers/{omar}/gender", json={"gender": None}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.json()["gender"] == "male"


def test_dashboard_draws_each_chart_with_hover_text_and_its_data_link(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/dashboard", params={"q": "budget"}).text
    for section in ("share-over-time", "outlets-compared", "top-quoted", "attention", "repeated"):
        assert f'id="{section}"' in page
    assert "<title>Fox News, 2024-01: women are 100% of people quoted (1 women, 0 men; 0 of unknown gender)</title>" in page
    assert 'href="/api/report/outlet_month?q=budget&amp;format=csv"' in page
    assert "<script" not in page
    assert client.get("/dashboard", params={"since": "someday"}).status_code == 422
