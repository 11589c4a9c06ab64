"""read_inputs over every kind of input, served and written by the tests themselves (loopback only)."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import PAGES

from quotewire.models import Article, Failure
from quotewire.sources import read_inputs


FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Courier</title><link>{base}/</link><description>News</description>
<item><title>Library opening hours extended</title><link>{base}/library.html</link>
<guid>library-1</guid><pubDate>Mon, 02 Feb 2026 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The city library will open until nine in the evening from March, the culture office said on Monday.</p>
<p>&#8220;Students asked for this for years,&#8221; said head librarian Oona Marsh. &#8220;Now they have it.&#8221;</p>
<p>The change costs 80,000 crowns a year, paid from the culture budget, and will be reviewed after twelve months of use.</p>]]></content:encoded>
</item>
<item><title>Riverton council approves new tram line</title><link>{base}/council-vote.html</link>
<guid>tram-1</guid><pubDate>Tue, 03 Feb 2026 09:30:00 GMT</pubDate><description>Councillors voted 31 to 12.</description>
</item>
</channel></rss>
"""


def articles(items: list) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def failures(items: list) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """A local HTTP server on 127.0.0.1 serving our pages and a feed; yields its base URL."""
    root = tmp_path_factory.mktemp("site")
    for page in PAGES.glob("*.html"):
        shutil.copy(page, root / page.name)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_port}"
    (root / "feed.xml").write_text(FEED.format(base=base), "utf-8")
    (root / "broken.xml").write_text(FEED.format(base=base)[:900] + "<item><title>cut", "utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".xml": "application/rss+xml"}

    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/council-vote.html")
            self.end_headers()
        elif self.path == "/cp1252":  # charset only in the HTTP header
            body = "<html><body><p>The caf\u00e9 owner said the \u201cnew rules\u201d were unfair to everyone.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=windows-1252")
            self.end_headers()
            self.wfile.write(body.encode("cp1252"))
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(60 * 1024 * 1024))
            self.end_headers()
        else:
            super().do_GET()

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


@contextmanager
def raw_server(handle: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A loopback TCP server calling ``handle(conn, stop)`` for each connection; yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn = listener.accept()[0]
            except OSError:
                continue
            held.append(conn)
            handle(conn, stop)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    listener.close()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never answers."""
    with raw_server(lambda conn, stop: None) as port:
        yield port


def test_html_page_over_http(site):
    [article] = read_inputs([f"{site}/council-vote.html"])
    assert article.url == f"{site}/council-vote.html"
    assert "Tomasz Brenner" in article.html and article.input == article.url


def test_redirect_header_charset_and_size_limit(site):
    moved, cp1252, huge = read_inputs([f"{site}/moved", f"{site}/cp1252", f"{site}/huge"])
    assert moved.url == f"{site}/council-vote.html" and moved.input == f"{site}/moved"
    assert "caf\u00e9 owner said the \u201cnew rules\u201d" in cp1252.html
    assert huge.reason == "too_big" and huge.message.startswith(f"{site}/huge: too big")


def test_atom_feed_with_text_and_html_content(tmp_path):
    path = tmp_path / "feed.atom"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Log</title>'
        '<entry><id>urn:a</id><title>Ferries resume</title><link href="https://harbour.example/a"/>'
        '<updated>2026-03-01T10:00:00Z</updated><content type="text">The ferry company said crossings resume on Friday.</content></entry>'
        '<entry><id>urn:b</id><title>Port fees</title><link href="https://harbour.example/b"/><updated>2026-03-02T10:00:00Z</updated>'
        '<content type="html">&lt;p&gt;The port authority said fees would rise by two per cent next year.&lt;/p&gt;</content></entry></feed>',
        "utf-8",
    )
    text, html = read_inputs([str(path)], fetch_links=False)
    assert (text.text, text.html, text.url) == ("The ferry company said crossings resume on Friday.", None, "https://harbour.example/a")
    assert "fees would rise" in html.html and html.source == "Harbour Log" and html.input == f"{path}#urn:b"
    assert text.id != html.id and text.published.startswith("2026-03-01")


def test_feed_uses_full_content_and_fetches_linked_page_for_summary_entries(site):
    items = list(read_inputs([f"{site}/feed.xml"]))
    library, tram = articles(items)
    assert failures(items) == []
    assert library.title == "Library opening hours extended" and library.source == "Valley Courier"
    assert library.published.startswith("2026-02-02") and "Oona Marsh" in library.html
    assert tram.url == f"{site}/council-vote.html" and "Hanna Ekberg" in tram.html
    assert tram.input.startswith(f"{site}/feed.xml#")


def test_feed_file_without_fetching_reports_summary_only_entries(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(FEED.format(base="http://127.0.0.1:9"), "utf-8")
    items = list(read_inputs([str(path)], fetch_links=False))
    assert [a.title for a in articles(items)] == ["Library opening hours extended"]
    assert [f.reason for f in failures(items)] == ["no_content"]


def test_malformed_feed_keeps_recovered_entries_and_is_reported(site):
    items = list(read_inputs([f"{site}/broken.xml"], fetch_links=False))
    assert articles(items)[0].title == "Library opening hours extended"
    [failure] = [f for f in failures(items) if f.reason == "bad_feed"]
    assert failure.message.startswith(f"{site}/broken.xml: malformed feed")


def test_file_that_is_not_a_feed_at_all(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    [failure] = read_inputs([str(path)])
    assert failure.reason == "bad_feed" and str(path) in failure.message


def test_url_that_never_answers_times_out(silent_port):
    started = time.monotonic()
    [failure] = read_inputs([f"http://127.0.0.1:{silent_port}/story"], timeout=0.3)
    assert failure.reason == "timeout" and str(silent_port) in failure.message
    assert time.monotonic() - started < 5


def test_unreachable_and_missing_urls(site):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    unreachable, missing, page = read_inputs(
        [f"http://127.0.0.1:{port}/x", f"{site}/no-such-page.html", f"{site}/council-vote.html"], timeout=2
    )
    assert unreachable.reason == "unreachable" and missing.reason == "http_error" and "404" in missing.message
    assert isinstance(page, Article)


def write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    """Response records, except a "resource" record (a stored file, no HTTP headers) for .htm URLs."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for url, body, media in pages:
            if url.endswith(".htm"):
                record = writer.create_warc_record(url, "resource", payload=io.BytesIO(body), warc_content_type=media)
            else:
                headers = StatusAndHeaders("200 OK", [("Content-Type", media)], protocol="HTTP/1.1")
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_become_articles(tmp_path, warc_pages, name):
    path = tmp_path / name
    write_warc(path, warc_pages)
    items = list(read_inputs([str(path)]))
    assert failures(items) == []
    tram, terrace, again = articles(items)
    assert tram.url == "https://valley-courier.example/tram" and tram.input == str(path)
    data = path.read_bytes()
    for article in (tram, terrace, again):  # the offset is where the record starts, as a CDX index says
        record = data[article.input_offset:]
        head = gzip.GzipFile(fileobj=io.BytesIO(record)).read(400) if name.endswith(".gz") else record[:400]
        assert head.startswith(b"WARC/") and article.url.encode() in head
    assert tram.input_offset < terrace.input_offset < again.input_offset
    assert "Vall\u00e9e-Verte" in terrace.html  # Latin-1 page decoded by its meta charset
    assert "Wednesday" in again.html  # body stored gzip'd (HTTP Content-Encoding)
    assert len({tram.id, terrace.id, again.id}) == 3


def test_truncated_warc_keeps_records_before_the_cut(tmp_path, warc_pages):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, warc_pages)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 400])
    items = list(read_inputs([str(cut)]))
    assert [a.url.rsplit("/", 1)[1] for a in articles(items)] == ["tram", "terrace.htm"]
    [failure] = failures(items)
    assert failure.reason == "truncated" and str(cut) in failure.message


def test_jsonl_lines_with_failures_named_by_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"text": "The mayor said the bridge will reopen in May.", "url": "https://x.example/1", "title": "Bridge"}),
        "{not json",
        json.dumps({"title": "no body"}),
        "",
        json.dumps({"html": "<html><body><p>The minister said the plan would work.</p></body></html>", "source": "Wire"}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = list(read_inputs([str(path)]))
    first, second = articles(items)
    assert first.title == "Bridge" and first.input == f"{path}:1" and first.text.startswith("The mayor")
    assert second.html and second.source == "Wire" and second.input == f"{path}:5"
    assert [(f.input, f.reason) for f in failures(items)] == [
        (f"{path}:2", "bad_json"), (f"{path}:3", "empty"), (f"{path}:6", "bad_json"),
    ]


def test_jsonl_records_keep_their_own_ids_and_unstorable_characters_are_replaced(tmp_path):
    path = tmp_path / "corpus.jsonl"
    same = "The mayor said the bridge will reopen in May."
    lines = [json.dumps({"doc_id": "a-1", "text": same}), json.dumps({"doc_id": "a-2", "text": same}),
             json.dumps({"text": "The mayor\u0000 said \ud800 it was fine."}),
             json.dumps({"id": 7, "text": same, "url": "https://x.example/7"})]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    first, second, odd, with_url = articles(list(read_inputs([str(path)])))
    assert first.id != second.id, "two records under two ids are two documents, whatever their text"
    assert [a.id for a in articles(list(read_inputs([str(path)])))][:2] == [first.id, second.id]
    assert odd.text == "The mayor  said \ufffd it was fine."
    assert len(odd.text) == len(json.loads(lines[2])["text"]), "replacements keep offsets"
    [by_url] = [a for a in articles(list(read_inputs([str(path)]))) if a.url]
    assert by_url.id == with_url.id != first.id


def test_directories_globs_and_bad_files_go_on(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(PAGES / "council-vote.html", tmp_path / "a" / "b" / "council.html")
    (tmp_path / "a" / "note.txt").write_text("The harbour master said the port would stay open all winter.\n")
    (tmp_path / "a" / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    (tmp_path / "a" / "junk.html").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "a" / "empty.txt").write_bytes(b"")
    items = list(read_inputs([str(tmp_path / "a"), str(tmp_path / "a" / "*.txt"), str(tmp_path / "none*.txt")]))
    names = [Path(i.input).name for i in items]
    assert names == ["empty.txt", "junk.html", "note.txt", "council.html", "empty.txt", "note.txt", "none*.txt"]
    assert [i.reason for i in failures(items)] == ["empty", "binary", "empty", "no_match"]


def test_stdin_and_stable_ids(monkeypatch, tmp_path):
    text = "The harbour master said the port would stay open all winter.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    [from_stdin] = read_inputs(["-"])
    path = tmp_path / "note.txt"
    path.write_text(text)
    [once], [twice] = read_inputs([str(path)]), read_inputs([str(path)])
    assert from_stdin.input == "-" and from_stdin.text == text
    assert from_stdin.id == once.id == twice.id


def test_gzipped_html_file(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((PAGES / "council-vote.html").read_bytes()))
    [article] = read_inputs([str(path)])
    assert "Tomasz Brenner" in article.html


def test_fifty_megabyte_file_fails_and_the_run_goes_on(tmp_path):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    failure, page = read_inputs([str(huge), str(PAGES / "council-vote.html")])
    assert failure.reason == "too_big" and failure.message.startswith(f"{huge}: too big (50.0 MB")
    assert isinstance(page, Article)
