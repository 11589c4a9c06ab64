"""The JSON API on both backends: reads public, writes need the token, errors are one-line JSON."""

from __future__ import annotations

import pytest
import sqlalchemy.exc
from fastapi.testclient import TestClient

from conftest import analyzed
from quotewire.server.app import create_app

TOKEN = "s3cret-token"
TEXT = ('Mayor Ines Duarte said "the new tram line opens in spring" at the depot. '
        'Transit chief Omar Reyes said "tickets will cost the same as buses".')


@pytest.fixture
def client(store):  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(TEXT, [("the new tram line opens in spring", "Ines Duarte"),
                                      ("tickets will cost the same as buses", "Omar Reyes")],
                               id="tram", source="city.example", published="2024-03-04", cluster_id="tram-story")])
    return TestClient(create_app(store, token=TOKEN, max_body=10_000))


def test_quotes_search_filters_and_pages(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/api/quotes", params={"q": "tram spring"}).json()
    assert body["total"] == 1 and body["items"][0]["speaker"]["name"] == "Ines Duarte"
    assert client.get("/api/quotes", params={"speaker": "reyes"}).json()["total"] == 1
    assert client.get("/api/quotes", params={"source": "city.example", "since": "2024-03-01",
                                             "until": "2024-03-31", "type": "direct"}).json()["total"] == 2
    assert len(client.get("/api/quotes", params={"limit": 1, "offset": 1}).json()["items"]) == 1


def test_speaker_article_and_cluster_endpoints(client) -> None:  # type: ignore[no-untyped-def]
    speakers = client.get("/api/speakers", params={"q": "duarte"}).json()["items"]
    assert [s["name"] for s in speakers] == ["Ines Duarte"]
    detail = client.get(f"/api/speakers/{speakers[0]['id']}").json()
    assert detail["quotes"][0]["text"] == "the new tram line opens in spring"
    article = client.get("/api/articles/tram").json()
    assert [TEXT[s["content"][0]:s["content"][1]] for s in article["statements"]] == [
        "the new tram line opens in spring", "tickets will cost the same as buses"]
    assert [a["id"] for a in client.get("/api/clusters/tram-story").json()["articles"]] == ["tram"]


@pytest.mark.parametrize("url", ["/api/speakers/nope", "/api/articles/nope", "/api/clusters/nope", "/api/nope"])
def test_unknown_ids_are_404_json(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url)
    assert r.status_code == 404 and r.json()["error"]


@pytest.mark.parametrize("params", [{"since": "last week"}, {"type": "rumour"}, {"limit": 0}, {"limit": "many"}])
def test_bad_parameters_are_4xx_with_a_message(client, params: dict) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/quotes", params=params)
    assert r.status_code in (400, 422) and next(iter(params)) in r.json()["error"]


@pytest.mark.parametrize("path, body", [("/api/articles", {"text": "Ana said hello."}),
                                        ("/api/speakers/merge", {"keep": "a", "other": "b"}),
                                        ("/api/speakers/x/split", {"names": ["X"]})])
def test_writes_need_the_token(client, path: str, body: dict) -> None:  # type: ignore[no-untyped-def]
    assert client.post(path, json=body).status_code == 401
    assert client.post(path, json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post(path, json=body, headers={"Authorization": TOKEN}).status_code == 401


def test_without_a_configured_token_writes_are_disabled(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("QUOTEWIRE_TOKEN", raising=False)
    client = TestClient(create_app(store))
    r = client.post("/api/speakers/merge", json={"keep": "a", "other": "b"}, headers={"Authorization": "Bearer "})
    assert r.status_code == 403 and "QUOTEWIRE_TOKEN" in r.json()["error"]


def test_oversized_bodies_are_413(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/articles", json={"text": "x" * 20_000}, headers=auth).status_code == 413

    def chunks():  # no Content-Length: the limit is counted while streaming
        for _ in range(20):
            yield b"x" * 1000

    assert client.post("/api/articles", content=chunks(), headers=auth).status_code == 413


def test_merge_and_split_through_the_api(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ids = {s["name"]: s["id"] for s in client.get("/api/speakers").json()["items"]}
    r = client.post("/api/speakers/merge", json={"keep": ids["Ines Duarte"], "other": ids["Omar Reyes"]},
                    headers=auth)
    assert r.status_code == 200 and client.get("/api/speakers").json()["total"] == 1
    r = client.post(f"/api/speakers/{ids['Ines Duarte']}/split", json={"names": ["Omar Reyes"]}, headers=auth)
    assert r.status_code == 200
    assert client.get("/api/quotes", params={"speaker": r.json()["speaker_id"]}).json()["total"] == 1
    assert client.post("/api/speakers/merge", json={"keep": "nope", "other": ids["Ines Duarte"]},
                       headers=auth).status_code == 404


def test_ingest_validates_its_body(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for body in ({}, {"text": "a", "html": "<p>b</p>"}, {"url": "file:///etc/passwd"}):
        r = client.post("/api/articles", json=body, headers=auth)
        assert r.status_code == 422 and r.json()["error"]


def test_openapi_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/docs").status_code == 200
    assert "/api/quotes" in client.get("/openapi.json").json()["paths"]


@pytest.mark.slow
def test_posting_an_article_ingests_it_through_the_pipeline(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = ('The library reopened on Monday after a year of repairs.\n\n'
            '"Every reading room now has daylight again," said head librarian Marta Quell.')
    r = client.post("/api/articles", json={"text": text, "title": "Library reopens", "source": "books.example",
                                           "published": "2024-09-02"}, headers=auth)
    assert r.status_code == 201, r.text
    article_id = r.json()["articles"][0]
    stored = client.get(f"/api/articles/{article_id}").json()
    assert stored["title"] == "Library reopens" and stored["statements"]
    hits = client.get("/api/quotes", params={"q": "reading rooms daylight"}).json()["items"]
    assert hits and hits[0]["speaker"]["name"] == "Marta Quell"
    again = client.post("/api/articles", json={"text": text, "title": "Library reopens"}, headers=auth)
    assert again.status_code == 201 and client.get("/api/stats").json()["articles"] == 2  # idempotent


def test_worker_processes_build_the_app_from_the_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quotewire.server.app import app_from_env

    monkeypatch.setenv("QUOTEWIRE_DB", str(tmp_path / "served.db"))
    monkeypatch.setenv("QUOTEWIRE_TOKEN", "t")  # a writable server creates its database
    stats = TestClient(app_from_env()).get("/api/stats").json()
    assert stats["articles"] == 0 and (tmp_path / "served.db").exists()
    monkeypatch.delenv("QUOTEWIRE_TOKEN")  # a read-only one opens it read-only
    app = app_from_env()
    assert TestClient(app).get("/api/stats").json()["articles"] == 0
    with pytest.raises(sqlalchemy.exc.OperationalError, match="readonly"), app.app.state.store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM articles")


PAGE = b"""<!doctype html><html><head><title>Bridge reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge reopens</h1>
<p>The old river bridge reopened to traffic on Friday after eight months of repairs by the county.</p>
<p>"The bridge will carry buses again from next week, and cyclists get their own lane," said county engineer Tove Lindahl.</p>
<p>Repairs cost less than planned, the county said in a statement published on its website on Friday.</p>
</article><footer>Contact us</footer></body></html>"""


@pytest.fixture
def page_url():  # type: ignore[no-untyped-def]
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/bridge.html"
    server.shutdown()


@pytest.fixture
def local_client(store):  # type: ignore[no-untyped-def]
    """A server whose operator lets it fetch loopback URLs (our test pages are served there)."""
    return TestClient(create_app(store, token=TOKEN, allow_private_urls=True))


@pytest.mark.slow
def test_posting_a_url_fetches_and_ingests_the_page(local_client, page_url: str) -> None:  # type: ignore[no-untyped-def]
    client = local_client
    r = client.post("/api/articles", json={"url": page_url}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    hits = client.get("/api/quotes", params={"q": "cyclists lane"}).json()["items"]
    assert hits and hits[0]["speaker"]["name"] == "Tove Lindahl"


def test_an_unreachable_url_is_a_clear_4xx(local_client) -> None:  # type: ignore[no-untyped-def]
    import socket

    client = local_client
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = client.post("/api/articles", json={"url": f"http://127.0.0.1:{port}/gone"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and f"127.0.0.1:{port}" in r.json()["error"]


@pytest.mark.slow
def test_posted_articles_keep_the_statements_of_the_scope_asked_for(client) -> None:  # type: ignore[no-untyped-def]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    text = "The harbour master believes the new pier will open in {}."
    ids = {}
    for scope, month in (("speech", "May"), ("all", "June")):  # two texts: one text is one article
        r = client.post("/api/articles", json={"text": text.format(month), "scope": scope}, headers=auth)
        assert r.status_code == 201, r.text
        ids[scope] = r.json()["articles"][0]
    kept = {scope: [s["cue_class"] for s in client.get(f"/api/articles/{i}").json()["statements"]]
            for scope, i in ids.items()}
    assert kept == {"speech": [], "all": ["belief"]}
    bad = client.post("/api/articles", json={"text": text.format("July"), "scope": "beliefs"}, headers=auth)
    assert bad.status_code == 422 and "scope" in bad.json()["error"]
