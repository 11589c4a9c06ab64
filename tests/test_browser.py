"""The web UI in a real browser (Debian's chromium through Playwright), served by uvicorn.

Search for a speaker, open their page, open an article and see its statements highlighted; a
screenshot of each page goes to test-artifacts/. Runs on both backends like the rest.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import analyzed
from quotewire.display import display_text
from quotewire.server.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TEXT = ('The city council met on Thursday.\n\n'
        'Councillor Nadia Farouk said "the river park will be finished before the summer" to residents. '
        'Her rival, Councillor Bram de Wit, said "the budget does not allow it".\n\n'
        'Farouk added that "every neighbourhood deserves green space".')


HOSTILE = ('<script>alert(1)</script>"><img src=x onerror=alert(2)>\'; DROP TABLE articles; -- '
           "' OR '1'='1")
HOSTILE_TEXT = f'Mallory Vance said "{HOSTILE}" at the meeting.'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(TEXT, [("the river park will be finished before the summer", "Nadia Farouk"),
                                      ("the budget does not allow it", "Bram de Wit"),
                                      ("every neighbourhood deserves green space", "Nadia Farouk")],
                               id="council", title="Council splits over river park", source="town.example",
                               published="2024-05-16", role="Councillor")])
    store.save_batch([analyzed(HOSTILE_TEXT, [(HOSTILE, "Mallory Vance")], id="hostile",
                               title='<img src=x onerror="alert(3)">Hostile', published="2024-05-17")])
    yield from serving(store)


def serving(store) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The app over ``store`` served by uvicorn on a free port until the generator is closed."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium missing: run `make browser`")
        pytest.skip("chromium missing: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_search_speaker_then_article_with_highlighted_statements(server: str, browser, request) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = request.node.callspec.id
    page = browser.new_page()
    page.goto(server + "/")
    page.fill("input[name=speaker]", "Farouk")
    page.click("button[type=submit]")
    page.wait_for_url("**/?**speaker=Farouk**")
    assert page.locator("li.quote").count() == 2
    page.screenshot(path=str(ARTIFACTS / f"search-{shot}.png"), full_page=True)

    page.locator("a.speaker").first.click()
    page.wait_for_url("**/speakers/**")
    assert page.locator("h1").inner_text() == "Nadia Farouk"
    assert page.locator("svg.timeline rect").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"speaker-{shot}.png"), full_page=True)

    page.locator("a.article").first.click()
    page.wait_for_url("**/articles/council")
    marks = page.locator("mark.statement")
    assert marks.count() == 3
    assert marks.nth(1).inner_text() == "the budget does not allow it"
    assert marks.nth(1).get_attribute("title") == "direct · cue: – · speaker: Bram de Wit"
    colours = [marks.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(3)]
    assert colours[0] == colours[2] != colours[1]  # coloured by speaker
    page.screenshot(path=str(ARTIFACTS / f"article-{shot}.png"), full_page=True)
    page.close()


def test_hostile_article_is_shown_verbatim_and_runs_nothing(server: str, browser, request) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "/articles/hostile")
    assert page.locator("article.text").inner_text() == HOSTILE_TEXT
    assert page.locator("mark.statement").inner_text() == HOSTILE
    assert page.locator("h1").inner_text() == '<img src=x onerror="alert(3)">Hostile'
    assert page.locator("main img, main script").count() == 0
    page.goto(server + "/?q=" + "DROP TABLE articles")
    assert page.locator("li.quote blockquote").inner_text() == display_text(HOSTILE)  # its stray mark balanced
    page.screenshot(path=str(ARTIFACTS / f"hostile-{request.node.callspec.id}.png"), full_page=True)
    assert dialogs == []
    page.close()


def test_a_permalink_copies_its_citation(server: str, browser, request) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "/?speaker=de+Wit")
    page.locator("a.permalink").first.click()
    page.wait_for_url("**/quotes/**")
    assert page.locator("blockquote").inner_text() == "the budget does not allow it"
    citation = page.locator("#citation").input_value()
    assert citation == ("Bram de Wit (Councillor): “the budget does not allow it”. town.example, "
                        "“Council splits over river park”, 2024-05-16.")
    page.click("#copy-citation")
    page.wait_for_function("document.getElementById('copy-status').textContent === 'Copied.'")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    page.screenshot(path=str(ARTIFACTS / f"permalink-{request.node.callspec.id}.png"), full_page=True)
    context.close()


def test_the_search_downloads_as_csv(server: str, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv

    from quotewire.spreadsheet import BOM

    page = browser.new_page(accept_downloads=True)
    page.goto(server + "/?q=river+park")
    with page.expect_download() as info:
        page.click("a.download")
    path = tmp_path / "search.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    rows = list(csv.DictReader(text.removeprefix(BOM).splitlines()))
    assert [(r["speaker"], r["quotation"], r["outlet"], r["role"]) for r in rows] == [
        ("Nadia Farouk", "the river park will be finished before the summer", "town.example", "Councillor")]
    page.close()


def test_the_api_docs_render_with_no_network(server: str, browser, request) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context()
    outside: list[str] = []

    def only_the_server(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    page = context.new_page()
    page.goto(server + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock-summary-path", has_text="/api/quotes/{quote_id}").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"docs-{request.node.callspec.id}.png"))
    assert outside == []
    context.close()
