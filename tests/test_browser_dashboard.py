"""The dashboard in a real browser (Debian's chromium through Playwright, no network): every chart
drawn, each mark's hover text, the search for attention over time, and a chart's "download data"
link giving the table it draws. A screenshot goes to test-artifacts/."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from test_browser import ARTIFACTS, browser, serving  # noqa: F401  (the browser fixture)
from test_report import _said

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def server(store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    store.save_batch([
        _said("f1", "the budget is balanced at last", "Ines Duarte", "female", "foxnews.com", "2024-01-10"),
        _said("f2", "the tram will open in spring", "Omar Reyes", "male", "Fox News", "2024-02-20"),
        _said("f3", "the harbour needs dredging soon", "Tom Vance", "male", "Fox News", "2024-03-02"),
        _said("t1", "the budget is balanced at last", "Ines Duarte", "female", "nyt", "2024-02-07"),
        _said("t2", "schools reopen next week for all", "Lena Park", "female", "nyt", "2024-03-01"),
    ])
    yield from serving(store)


def test_dashboard_charts_hover_text_search_and_data_download(server: str, browser, request) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(accept_downloads=True)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/")
    page.click("header a[href='/dashboard']")
    page.wait_for_url("**/dashboard")

    lines = page.locator("#share-over-time svg g.series")
    assert lines.count() == 2  # one line per outlet
    hover = page.locator("#share-over-time svg circle title").all_text_contents()
    assert "Fox News, 2024-02: women are 0% of people quoted (0 women, 1 men; 0 of unknown gender)" in hover
    page.locator("#share-over-time svg circle").first.hover()
    assert page.locator("#outlets-compared svg rect").count() == 4  # two bars per outlet
    assert page.locator("#top-quoted svg text a").all_text_contents()[:1] == ["Ines Duarte"]
    assert page.locator("#repeated td").nth(1).inner_text() == "the budget is balanced at last"

    page.fill("input[name=q]", "budget")
    page.click("form.search button")
    page.wait_for_url("**/dashboard?**q=budget**")
    assert page.locator("#attention h2").inner_text() == "Attention over time: “budget”"
    points = page.locator("#attention svg circle title").all_text_contents()
    assert sorted(points) == ["Fox News, 2024-01: 1 statements", "Fox News, 2024-02: 0 statements",  # a month
                              "The New York Times, 2024-01: 0 statements",  # with none is a 0, not a gap
                              "The New York Times, 2024-02: 1 statements"]
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{request.node.callspec.id}.png"), full_page=True)

    with page.expect_download() as download:
        page.locator("#attention a", has_text="CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert [(r["month"], r["outlet"], r["statements"]) for r in rows] == [
        ("2024-01", "Fox News", "1"), ("2024-02", "The New York Times", "1")]
    assert all(u.startswith(server) for u in requests), "the dashboard reached outside the server"
    page.close()
