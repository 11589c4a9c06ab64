"""Outlets under every name, filters by outlet and period, and the report by outlet × month ×
gender, on both backends, from stored articles of our own."""

from __future__ import annotations

import pytest

from conftest import analyzed
from quotewire.errors import BadInput
from quotewire.models import GenderCall
from quotewire.outlet_names import outlet_named
from quotewire.store.outlets import site_key
from quotewire.store.report import ReportQuery


@pytest.mark.parametrize("a, b", [("foxnews.com", "Fox News"), ("www.FoxNews.com", "foxnews"),
                                  ("https://www.theguardian.com/uk", "The Guardian"), ("bbc.co.uk", "BBC")])
def test_site_names_that_differ_only_in_form_have_one_key(a: str, b: str) -> None:
    assert site_key(a) == site_key(b)


@pytest.mark.parametrize("a, b", [("cbc.ca", "CBC"), ("www.theglobeandmail.com", "Globe and Mail"),
                                  ("thecanadianpress.com", "Canadian Press"), ("afp.com", "AFP")])
def test_canadian_outlets_and_wire_services_are_one_outlet_under_each_name(a: str, b: str) -> None:
    assert outlet_named(a) == outlet_named(b) is not None


def _said(doc: str, words: str, who: str, gender: str, source: str, day: str):  # type: ignore[no-untyped-def]
    item = analyzed(f'{who} said "{words}" on the day.', [(words, who)], id=doc, source=source, published=day)
    item.quotes[0].speaker.gender = GenderCall(gender, "text", 1.0, ["test"])
    return item


@pytest.fixture
def newsroom(store):  # type: ignore[no-untyped-def]
    """Two outlets, each under two names; three months; two women and two men quoted."""
    store.save_batch([
        _said("f1", "the budget is balanced at last", "Ines Duarte", "female", "foxnews.com", "2024-01-10"),
        _said("f2", "the tram will open in spring", "Omar Reyes", "male", "Fox News", "2024-01-20"),
        _said("f3", "the budget is balanced at last", "Ines Duarte", "female", "Fox News", "2024-02-05"),
        _said("t1", "the budget is balanced at last", "Ines Duarte", "female", "nytimes.com", "2024-02-07"),
        _said("t2", "schools reopen next week for all", "Lena Park", "female", "nyt", "2024-03-01"),
        _said("t3", "the harbour needs dredging soon", "Tom Vance", "male", "nyt", "2024-03-02"),
    ])
    return store


def test_outlets_gather_their_names_and_count(newsroom) -> None:  # type: ignore[no-untyped-def]
    found = {x["name"]: x for x in newsroom.outlets()}
    assert set(found) == {"Fox News", "The New York Times"}
    fox = found["Fox News"]
    assert (fox["articles"], fox["statements"], fox["first_day"], fox["last_day"]) == (3, 3, "2024-01-10", "2024-02-05")
    assert {"foxnews.com", "fox"} <= set(fox["aliases"]) and sorted(fox["sources"]) == ["Fox News", "foxnews.com"]


@pytest.mark.parametrize("name", ["foxnews.com", "Fox News", "fox", "FOX", "www.foxnews.com"])
def test_any_name_of_an_outlet_selects_all_its_articles(newsroom, name: str) -> None:  # type: ignore[no-untyped-def]
    from quotewire.store import QuoteQuery

    assert newsroom.search_quotes(QuoteQuery(source=name))["total"] == 2  # two distinct quotations
    assert [s["name"] for s in newsroom.speakers(source=name)["items"]] == ["Ines Duarte", "Omar Reyes"]


def test_an_unknown_or_ambiguous_outlet_is_an_error_not_an_empty_answer(newsroom) -> None:  # type: ignore[no-untyped-def]
    from quotewire.store import QuoteQuery

    with pytest.raises(BadInput, match="cnn"):
        newsroom.search_quotes(QuoteQuery(source="cnn"))
    newsroom.save_batch([_said("x1", "a new fox appears", "Ana Ruiz", "female", "Foxtrot Daily", "2024-01-01")])
    with pytest.raises(BadInput, match="could be any of"):
        newsroom.speakers(source="fo")


def test_speakers_count_only_the_outlet_and_period_asked(newsroom) -> None:  # type: ignore[no-untyped-def]
    counted = {s["name"]: s["quotes"] for s in newsroom.speakers(since="2024-02", until="2024-02")["items"]}
    assert counted == {"Ines Duarte": 1}
    assert newsroom.speakers(source="nyt", gender="male")["items"][0]["name"] == "Tom Vance"


def test_report_by_outlet_month_and_gender(newsroom) -> None:  # type: ignore[no-untyped-def]
    r = newsroom.report(ReportQuery())
    cell = {(x["outlet"], x["month"]): x for x in r["outlet_month"]}
    jan = cell[("Fox News", "2024-01")]
    assert (jan["people"], jan["women"], jan["men"], jan["women_share_people"]) == (2, 1, 1, 0.5)
    march = cell[("The New York Times", "2024-03")]
    assert (march["statements_women"], march["women_share_statements"]) == (1, 0.5)
    fox = {x["outlet"]: x for x in r["outlets"]}["Fox News"]
    assert (fox["people"], fox["statements"], fox["women_share_people"], fox["women_share_statements"]) == (2, 3, 0.5, 0.6667)
    top = [(x["gender"], x["name"], x["statements"]) for x in r["top"] if x["period"] == "all" and x["rank"] == 1]
    assert top == [("female", "Ines Duarte", 3), ("male", "Omar Reyes", 1)]  # a tie goes by name
    assert [(x["text"], x["outlets"]) for x in r["repeated"]] == [("the budget is balanced at last", 2)]
    assert r["repeated"][0]["outlet_names"] == "Fox News; The New York Times"


def test_report_filters_and_attention(newsroom) -> None:  # type: ignore[no-untyped-def]
    r = newsroom.report(ReportQuery(source="fox", since="2024-02", q="budget"), ("months", "attention"))
    assert [(x["month"], x["people"]) for x in r["months"]] == [("2024-02", 1)]
    assert r["attention"] == [{"month": "2024-02", "outlet": "Fox News", "statements": 1}]
    with pytest.raises(BadInput, match="table"):
        newsroom.report(ReportQuery(), ("pie",))
    with pytest.raises(BadInput, match="since"):
        ReportQuery(since="last spring")
