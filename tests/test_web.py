"""The server-rendered pages: search, speaker, article highlighting, story; hostile text stays inert."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from conftest import analyzed
from quotewire.server.app import create_app

HOSTILE = '<script>alert("x")</script>"><img src=x onerror=alert(1)>\'; DROP TABLE quotations; --'
TEXT = (f'Ferry captain Lena Voss said "{HOSTILE}" on deck.\n\n'
        'Harbour master Piet Gerritsen said "the ferries run on time again" on Tuesday.')


@pytest.fixture
def client(store):  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(TEXT, [(HOSTILE, "Lena Voss"), ("the ferries run on time again", "Piet Gerritsen")],
                               id="ferry", role="Harbour master", title='<b onmouseover="x()">Ferries</b>', source="port.example",
                               published="2024-06-03", cluster_id="ferry-story", input="harbour/ferry.html")])
    return TestClient(create_app(store))


def test_search_page_takes_the_api_filters(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", params={"q": "ferries time", "speaker": "gerritsen", "type": "direct"}).text
    assert "the ferries run on time again" in page and 'href="/speakers/' in page
    assert "1 statement," in page
    assert "No statements found" in client.get("/", params={"q": "submarine"}).text
    r = client.get("/", params={"since": "soon"})
    assert r.status_code == 422 and "since" in r.text


def test_hostile_text_is_escaped_on_every_page(client) -> None:  # type: ignore[no-untyped-def]
    speaker_id = client.get("/api/speakers", params={"q": "voss"}).json()["items"][0]["id"]
    quote_ids = [i["id"] for i in client.get("/api/quotes").json()["items"]]
    for url in ("/", "/?q=alert", "/articles/ferry", f"/speakers/{speaker_id}", "/clusters/ferry-story",
                *(f"/quotes/{i}" for i in quote_ids)):
        page = client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page and '<b onmouseover' not in page, url
    article = client.get("/articles/ferry").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in article


def test_article_page_highlights_each_statement_with_type_cue_and_speaker(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/articles/ferry").text
    marks = re.findall(r'<mark class="statement (\w+)" title="([^"]*)" style="background: hsl\((\d+)', page)
    assert len(marks) == 2
    assert marks[1][0] == "direct" and marks[1][1] == "direct · cue: – · speaker: Piet Gerritsen"
    assert marks[0][2] != marks[1][2]  # one colour per speaker
    assert ">the ferries run on time again</mark>" in page
    assert re.findall(r'<p class="legend">.*?>Lena Voss</a> .*?>Piet Gerritsen</a>', page)  # who is which colour


def test_speaker_page_has_roles_and_an_svg_timeline(client) -> None:  # type: ignore[no-untyped-def]
    speaker_id = client.get("/api/speakers", params={"q": "gerritsen"}).json()["items"][0]["id"]
    page = client.get(f"/speakers/{speaker_id}").text
    assert "<svg" in page and "week of 2024-06-03: 1" in page and "Statements per week" in page
    assert "Harbour master" in page and "the ferries run on time again" in page


def test_cluster_page_lists_copies_and_unknown_pages_are_404(client) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/articles/ferry"' in client.get("/clusters/ferry-story").text
    for url in ("/articles/nope", "/speakers/nope", "/clusters/nope", "/no/such/page"):
        assert client.get(url).status_code == 404


def test_pages_are_usable_without_javascript_and_forbid_scripts(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/", "/speakers", "/articles/ferry", "/articles/nope"):
        r = client.get(url)
        assert "<script" not in r.text.replace("&lt;script", "")
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert "script-src" not in r.headers["content-security-policy"]  # so none is allowed


def test_every_statement_shown_says_where_it_came_from(client) -> None:  # type: ignore[no-untyped-def]
    quote_id = client.get("/api/quotes").json()["items"][0]["id"]
    for url in ("/articles/ferry", "/clusters/ferry-story", f"/quotes/{quote_id}"):
        assert "from harbour/ferry.html" in client.get(url).text, url
    listing = client.get("/").text  # a list names the outlet, not a local path
    assert '<span class="outlet">port.example</span>' in listing and "harbour/ferry.html" not in listing
    assert client.get("/api/quotes").json()["items"][0]["article"]["input"] == "harbour/ferry.html"


def test_the_speakers_page_pages_like_the_api(client) -> None:  # type: ignore[no-untyped-def]
    api = client.get("/api/speakers", params={"limit": 1}).json()
    page = client.get("/speakers", params={"limit": 1}).text
    assert api["total"] == 2 and page.count('<tr><td><a href="/speakers/') == 1
    assert api["items"][0]["name"] in page and 'href="/speakers?limit=1&amp;offset=1"' in page
