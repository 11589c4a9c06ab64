"""Hostile inputs through the sources, by category (issue 11): each is made here, on loopback or in tmp.

hangs · memory · tracebacks · silent loss · record identity · private addresses · provenance ·
registered readers. Every test states the behaviour it guards; none needs the spaCy model.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import sqlite3
import threading
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_sources_inputs import PAGES, articles, failures, raw_server, write_warc

import quotewire.sources.readers.warc as warc_reader
from quotewire.evaluate.annotate import gold_articles
from quotewire.models import Article, Failure
from quotewire.sources import decode_bytes, read_inputs
from quotewire.sources import registry
from quotewire.sources.http import is_public

NOTE = "The harbour master said the port would stay open all winter.\n"


def in_thread(work, seconds: float = 20.0, release=None):
    """Run ``work()`` in a daemon thread; fail (instead of hanging the suite) when it does not end,
    after calling ``release()`` to unblock it."""
    result: list = []
    thread = threading.Thread(target=lambda: result.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        if release is not None:
            release()
        pytest.fail(f"still running after {seconds}s")
    return result[0]


# -- hangs ----------------------------------------------------------------------------------------

def trickle(conn: socket.socket, stop: threading.Event) -> None:
    """Answer with a status line, then one header byte every 50 ms (for up to 10 s)."""
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(200):
        if stop.wait(0.05):
            return
        try:
            conn.sendall(b"a")
        except OSError:
            return


@pytest.fixture
def trickling_port() -> Iterator[int]:
    with raw_server(trickle) as port:
        yield port


def test_headers_that_trickle_in_are_cut_off_at_the_total_timeout(trickling_port):
    started = time.monotonic()
    [failure] = read_inputs([f"http://127.0.0.1:{trickling_port}/story"], timeout=0.5)
    assert failure.reason == "timeout" and failure.message.startswith(f"http://127.0.0.1:{trickling_port}/story: ")
    assert time.monotonic() - started < 3, "the deadline covers the whole fetch, not each read"


def test_a_slow_dns_lookup_counts_towards_the_timeout(monkeypatch):
    import quotewire.sources.http as http

    monkeypatch.setattr(http.socket, "getaddrinfo", lambda *args, **kwargs: time.sleep(3) or [])
    started = time.monotonic()
    [failure] = read_inputs(["http://slow-dns.example/story"], timeout=0.3)
    assert failure.reason == "timeout" and failure.input == "http://slow-dns.example/story"
    assert time.monotonic() - started < 2


def test_a_fifo_inside_a_directory_is_skipped_unopened(tmp_path):
    (tmp_path / "note.txt").write_text(NOTE)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def release() -> None:  # a reader blocked in open() gets EOF once a writer comes and goes
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))

    items = in_thread(lambda: list(read_inputs([str(tmp_path), str(tmp_path / "*.txt")])), 10, release)
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article", "Failure"]
    for failure in failures(items):
        assert (failure.input, failure.reason) == (str(fifo), "not_a_file")
        assert failure.message == f"{fifo}: not a regular file (a FIFO); skipped"


def test_symlinks_to_ancestors_do_not_make_walks_or_globs_loop(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "a" / "b" / "note.txt").write_text(NOTE)
    (tmp_path / "other" / "linked.txt").write_text("The ferry captain said the crossing was calm today.\n")
    for name in ("up", "up2", "up3"):  # three links to ancestors: Python's glob walks 3^depth paths
        (tmp_path / "a" / "b" / name).symlink_to("../..")
    (tmp_path / "a" / "self").symlink_to(".")
    (tmp_path / "a" / "elsewhere").symlink_to("../other")  # a linked-in directory is still read
    for input in (str(tmp_path / "a"), str(tmp_path / "a" / "**" / "*.txt")):
        items = in_thread(lambda input=input: list(read_inputs([input])), seconds=10)
        assert failures(items) == []
        assert sorted(a.text for a in articles(items)) == sorted([NOTE, "The ferry captain said the crossing was calm today.\n"])


# -- memory ---------------------------------------------------------------------------------------

def test_a_jsonl_gz_line_that_inflates_past_the_limit_is_skipped_without_being_held(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(b'{"text": "')
        block = b"a" * (1 << 20)
        for _ in range(120):  # one 120 MB line
            out.write(block)
        out.write(b'"}\n' + json.dumps({"text": NOTE}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_inputs([str(path)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    big, good = items
    assert (big.input, big.reason) == (f"{path}:1", "too_big") and good.text == NOTE
    assert peak < 60 * 2**20, f"peak {peak / 2**20:.0f} MB: the line was held in memory"


def test_an_oversized_warc_record_is_refused_and_the_next_one_read(tmp_path, monkeypatch):
    monkeypatch.setattr(warc_reader, "MAX_DOCUMENT_BYTES", 4096)
    path = tmp_path / "crawl.warc.gz"
    small = b"<html><body><p>The mayor said the tram would run on Sunday.</p></body></html>"
    big_page = b"<html><body>" + b"<p>The mayor said the tram would run.</p>" * 200 + b"</body></html>"
    write_warc(path, [("https://valley-courier.example/big", big_page, "text/html"),
                      ("https://valley-courier.example/small", small, "text/html")])
    big, article = read_inputs([str(path)])
    assert big.reason == "too_big" and big.input == f"{path}@0" and "record too big" in big.message
    assert article.url == "https://valley-courier.example/small"


# -- tracebacks -----------------------------------------------------------------------------------

RSS_ITEM = "<item><title>{title}</title><guid>{guid}</guid><pubDate>{date}</pubDate><description>{text}</description></item>"


def rss(*items: str, prolog: str = "", full: bool = False) -> bytes:
    """A feed of ``items``; ``full``: their descriptions as full content (entries become articles)."""
    body = "".join(items)
    if full:
        body = body.replace("<description>", "<content:encoded>").replace("</description>", "</content:encoded>")
    return (f'<?xml version="1.0"?>{prolog}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Valley Courier</title>{body}</channel></rss>").encode()


def test_a_feed_date_past_year_9999_is_unknown_and_no_entry_is_lost(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(
        RSS_ITEM.format(title="Ferries", guid="1", date="Mon, 02 Feb 2026 08:00:00 GMT", text="<![CDATA[<p>Ferries resume.</p>]]>"),
        RSS_ITEM.format(title="Far", guid="2", date="9999-12-31T23:59:59-12:00", text="The port said fees rise."),
        RSS_ITEM.format(title="After", guid="3", date="Tue, 03 Feb 2026 08:00:00 GMT", text="The tram runs."),
        full=True))
    first, far, after = read_inputs([str(path)], fetch_links=False)
    assert first.published.startswith("2026-02-02") and after.published.startswith("2026-02-03")
    assert far.title == "Far" and far.published is None


def test_an_entity_bomb_feed_is_refused_quickly_in_one_line(tmp_path):
    entities = '<!ENTITY a "laugh">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    path = tmp_path / "lol.xml"
    path.write_bytes(rss(RSS_ITEM.format(title="&j;", guid="1", date="", text="&j;"), prolog=f"<!DOCTYPE rss [{entities}]>"))
    started = time.monotonic()
    [failure] = read_inputs([str(path)])
    assert failure.reason == "bad_feed" and failure.message.startswith(f"{path}: refused: the feed declares XML entities")
    assert time.monotonic() - started < 1


def test_character_references_no_text_can_hold_do_not_cost_the_feed(tmp_path):
    refs = ["&#xD800;", "&#0;", "&#x110000;", "&#" + "9" * 5000 + ";"]
    path = tmp_path / "feed.xml"
    day = "Mon, 02 Feb 2026 08:00:00 GMT"
    path.write_bytes(rss(*(RSS_ITEM.format(title=f"Ferries{ref}", guid=n, date=day, text=f"The port said{ref} yes.")
                           for n, ref in enumerate(refs)),
                         RSS_ITEM.format(title="After", guid="last", date=day, text="The tram runs."), full=True))
    items = list(read_inputs([str(path)], fetch_links=False))
    assert [a.title for a in items] == ["Ferries\ufffd"] * 4 + ["After"]
    assert all("said\ufffd yes" in a.html for a in items[:4])


def test_a_raw_nul_in_a_feed_is_stored_as_a_space(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(RSS_ITEM.format(title="Ferries\x00resume", guid="1", date="Mon, 02 Feb 2026 08:00:00 GMT",
                                         text="The port\x00said yes."), full=True))
    article, damaged = read_inputs([str(path)], fetch_links=False)
    assert article.title == "Ferries resume" and "The port said yes." in article.html
    assert damaged.reason == "bad_feed", "the feed is malformed XML, and says so"


def deep(n: int) -> str:
    return "[" * n + "]" * n


def hostile_json_lines() -> list[bytes]:
    return [
        ('{"text": "x", "extra": %s}' % deep(100_000)).encode(),  # RecursionError in json
        b'{"text": "x", "id": ' + b"7" * 5000 + b"}",  # over the 4,300-digit int limit
    ]


def test_jsonl_lines_nested_deep_or_with_huge_integers_fail_alone(tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_bytes(b"\n".join([*hostile_json_lines(), json.dumps({"text": NOTE}).encode()]) + b"\n")
    nested, digits, good = read_inputs([str(path)])
    assert (nested.input, nested.reason) == (f"{path}:1", "bad_json") and "nested too deeply" in nested.message
    assert (digits.input, digits.reason) == (f"{path}:2", "bad_json") and "\n" not in digits.message
    assert good.text == NOTE


def test_gold_lines_nested_deep_or_with_huge_integers_fail_alone(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [line.replace(b'"text": "x"', b'"doc_id": "d", "text": "x"') for line in hostile_json_lines()]
    path.write_bytes(b"\n".join([*lines, json.dumps({"doc_id": "ok", "text": NOTE}).encode()]) + b"\n")
    errors: list[Failure] = []
    [doc] = gold_articles(path, errors.append)
    assert doc.id == "ok"
    assert [e.input for e in errors] == [f"{path}:1", f"{path}:2"]
    assert all("\n" not in e.message and e.message.startswith(f"{path}:") for e in errors)


def test_a_gold_line_over_the_limit_is_read_past_and_the_next_one_read(tmp_path, monkeypatch):
    import quotewire.evaluate.scoring

    monkeypatch.setattr(quotewire.evaluate.scoring, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc_id": "big", "text": "x" * 5000}) + "\n" + json.dumps({"doc_id": "ok", "text": NOTE}) + "\n")
    errors: list[Failure] = []
    [doc] = gold_articles(path, errors.append)
    assert doc.id == "ok" and [(e.input, e.reason) for e in errors] == [(f"{path}:1", "too_big")]


def test_any_parser_error_is_one_failure_naming_the_input(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress(b"\n".join(json.dumps({"text": f"{NOTE} {i}"}).encode() for i in range(2000)))
    path.write_bytes(data[: len(data) // 2])  # a truncated gzip stream: EOFError inside gzip
    items = list(read_inputs([str(path)]))
    [failure] = failures(items)
    assert failure.input == str(path) and failure.reason == "unreadable" and "\n" not in failure.message
    assert len(articles(items)) > 100, "the lines before the damage are kept"


def test_a_warc_named_explicitly_that_is_a_pipe_is_one_failure_not_a_panic(tmp_path, warc_pages):
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole, warc_pages)
    pipe = tmp_path / "piped.warc.gz"
    os.mkfifo(pipe)

    def feed() -> None:
        try:
            with open(pipe, "wb") as out:
                out.write(whole.read_bytes())
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    [failure] = in_thread(lambda: list(read_inputs([str(pipe)])), 10)
    assert (failure.input, failure.reason) == (str(pipe), "unreadable") and "not a pipe" in failure.message
    writer.join(5)


# -- silent loss ----------------------------------------------------------------------------------

def cuts(data: bytes, offsets: list[int]) -> list[int]:
    """Cut points inside each record and at the very end (the trailer of the last gzip member)."""
    ends = [*offsets[1:], len(data)]
    return [o + (e - o) // k for o, e in zip(offsets, ends, strict=True) for k in (2, 5)] + [len(data) - 3]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_warc_cut_anywhere_is_a_failure_naming_the_offset_and_keeps_what_came_before(tmp_path, warc_pages, name):
    whole = tmp_path / name
    write_warc(whole, warc_pages)
    data = whole.read_bytes()
    full = articles(list(read_inputs([str(whole)])))
    offsets = sorted({0, *[a.input_offset for a in full], *_record_offsets(data, name)})
    for cut in cuts(data, offsets):
        path = tmp_path / f"cut{cut}-{name}"
        path.write_bytes(data[:cut])
        items = list(read_inputs([str(path)]))
        [failure] = failures(items)
        assert failure.reason == "truncated" and failure.message.startswith(f"{path}: archive "), cut
        at = int(failure.message.split(" at byte ")[1].split()[0])
        assert at <= cut and at in offsets, (cut, failure.message)
        kept = articles(items)
        assert [a.url for a in kept] == [a.url for a in full[: len(kept)]], "complete records before the cut stay"
        assert all(a.input_offset < at or a.input_offset == at for a in kept)


def _record_offsets(data: bytes, name: str) -> list[int]:
    """Offsets of every record (images too), from warcio, as the reference."""
    from warcio.archiveiterator import ArchiveIterator

    stream = ArchiveIterator(io.BytesIO(data))
    return [stream.get_record_offset() for _ in stream]


def test_utf8_with_a_few_bad_bytes_stays_utf8_and_keeps_its_quotes():
    data = "The caf\u00e9 owner said \u201cwe will reopen\u201d next week.\n".encode() + b"Price: 12\xff euros.\n"
    text = decode_bytes(data, "menu.txt")
    assert "said \u201cwe will reopen\u201d" in text and "12\ufffd euros" in text
    assert decode_bytes(b"The caf\xe9 owner said \x93we will reopen\x94.\n", "cp.txt") == (
        "The caf\u00e9 owner said \u201cwe will reopen\u201d.\n"), "Windows-1252 text is still Windows-1252"


# -- identity -------------------------------------------------------------------------------------

def test_records_sharing_an_id_across_files_stay_different_articles(tmp_path):
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text(json.dumps({"id": 1, "text": "The mayor said the bridge will reopen in May."}) + "\n"
                     + json.dumps({"id": 2, "text": "The minister said the plan would work."}) + "\n")
    second.write_text(json.dumps({"id": "1", "text": "The coach said the team played well."}) + "\n"
                      + json.dumps({"id": 2, "text": "The judge said the case was closed."}) + "\n")
    ids = [a.id for a in read_inputs([str(first), str(second)])]
    assert len(set(ids)) == 4
    assert ids == [a.id for a in read_inputs([str(first), str(second)])], "re-reading gives the same ids"


def test_ingest_of_two_files_sharing_ids_stores_every_article_and_is_idempotent(tmp_path, monkeypatch):
    import quotewire.run.ingest
    from test_cli_ingest import invoke
    from test_pipeline import fake_analyze

    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda limits: fake_analyze)
    paths = []
    for n, words in enumerate([("bridge", "tram"), ("harbour", "school")]):
        path = tmp_path / f"part{n}.jsonl"
        path.write_text("".join(json.dumps({"id": i, "text": f'The {w} officer said "the {w} work is finished".'}) + "\n"
                                for i, w in zip((1, "1"), words, strict=True)))
        paths.append(str(path))
    db = tmp_path / "q.db"
    for _ in range(2):
        assert invoke(*paths, "--db", str(db)).exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 4


# -- private addresses ----------------------------------------------------------------------------

@pytest.mark.parametrize("address,public", [
    ("8.8.8.8", True), ("2606:4700:4700::1111", True), ("127.0.0.1", False), ("::1", False),
    ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("169.254.169.254", False),
    ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False), ("fe80::1", False),
    ("fd00::1", False), ("::ffff:127.0.0.1", False), ("240.0.0.1", False),
])
def test_which_addresses_are_public(address, public):
    assert is_public(address) is public


class RedirectingHandler(BaseHTTPRequestHandler):
    """``/page`` is a page; ``/to?HOST`` redirects to ``http://HOST:<this port>/page``."""

    def do_GET(self) -> None:
        if self.path.startswith("/to?"):
            self.send_response(302)
            self.send_header("Location", f"http://{self.path[4:]}:{self.server.server_port}/page")
            self.end_headers()
            return
        body = b"<html><body><p>The mayor said the bridge will reopen in May.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), RedirectingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_port}"
    server.shutdown()


def test_private_addresses_are_refused_when_asked_after_dns_and_allowed_by_default(loopback):
    port = loopback.split(":")[1]
    urls = [f"http://{loopback}/page", f"http://localhost:{port}/page"]
    refused = list(read_inputs(urls, allow_private=False))
    assert [f.reason for f in refused] == ["private_address", "private_address"]
    assert refused[0].message.startswith(f"http://{loopback}/page: refused: ") and "127.0.0.1" in refused[0].message
    assert "localhost" in refused[1].message, "a name is checked by the addresses it resolves to"
    assert all(isinstance(a, Article) for a in read_inputs(urls)), "the CLI's default: allowed"


def test_every_redirect_hop_is_checked(loopback, monkeypatch):
    """127.0.0.1 plays a public host here; the redirect to 127.0.0.2 is to a private one."""
    import quotewire.sources.http as http

    monkeypatch.setattr(http, "is_public", lambda address: address == "127.0.0.1")
    [page] = read_inputs([f"http://{loopback}/page"], allow_private=False)
    assert isinstance(page, Article)
    [failure] = read_inputs([f"http://{loopback}/to?127.0.0.2"], allow_private=False)
    assert failure.reason == "private_address" and "127.0.0.2" in failure.message


def test_a_feed_entry_link_to_a_private_address_is_refused_too(loopback, tmp_path):
    path = tmp_path / "feed.xml"
    item = f"<item><title>Bridge</title><link>http://{loopback}/page</link><guid>b</guid></item>"
    path.write_bytes(rss(item))
    [failure] = read_inputs([str(path)], allow_private=False)
    assert failure.reason == "private_address" and failure.input == f"{path}#b"
    [article] = read_inputs([str(path)])
    assert article.url == f"http://{loopback}/page"


# -- provenance -----------------------------------------------------------------------------------

def test_every_article_says_where_it_came_from(tmp_path, loopback, warc_pages):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "note.txt").write_text(NOTE)
    (tmp_path / "dir" / "page.html").write_bytes((PAGES / "council-vote.html").read_bytes())
    (tmp_path / "batch.jsonl").write_text(json.dumps({"text": NOTE}) + "\n")
    write_warc(tmp_path / "crawl.warc", warc_pages[:1])
    items = list(read_inputs([str(tmp_path / "dir"), str(tmp_path / "batch.jsonl"), str(tmp_path / "crawl.warc"),
                              f"http://{loopback}/page"]))
    assert [(a.input, a.input_offset) for a in items] == [
        (str(tmp_path / "dir" / "note.txt"), None), (str(tmp_path / "dir" / "page.html"), None),
        (f"{tmp_path / 'batch.jsonl'}:1", None), (str(tmp_path / "crawl.warc"), 0), (f"http://{loopback}/page", None),
    ]
    assert items[3].url == warc_pages[0][0]


# -- readers are registered -----------------------------------------------------------------------

@pytest.fixture
def scratch_registry(monkeypatch) -> None:
    """Readers a test registers are gone after it (the built-in ones are loaded first, then copied)."""
    registry.readers()
    monkeypatch.setattr(registry, "_READERS", dict(registry._READERS))


def test_a_new_format_is_one_registered_function(tmp_path, scratch_registry):
    """A ``.tsv`` reader (one article per row) added the way every built-in reader is."""

    @registry.reader("tsv", suffixes=(".tsv",), gz=True, stream=True)
    def read_tsv(source):
        with source.open() as stream:
            for n, row in enumerate(stream, 1):
                title, text = row.decode().split("\t")
                yield Article(id=f"tsv-{n}", text=text, title=title, input=f"{source.input}:{n}")

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "rows.tsv.gz").write_bytes(gzip.compress(f"Port\t{NOTE}".encode()))
    [article] = read_inputs([str(tmp_path / "d")])
    assert (article.title, article.text, article.input) == ("Port", NOTE, f"{tmp_path / 'd' / 'rows.tsv.gz'}:1")


def test_a_reader_that_raises_costs_only_its_input(tmp_path, scratch_registry):

    @registry.reader("broken", suffixes=(".broken",), stream=True)
    def read_broken(source):
        yield Article(id="first", text=NOTE, input=source.input)
        raise ValueError("bad\nbytes")

    (tmp_path / "a.broken").write_text("x")
    (tmp_path / "b.txt").write_text(NOTE)
    first, failure, after = read_inputs([str(tmp_path / "a.broken"), str(tmp_path / "b.txt")])
    assert first.id == "first" and after.text == NOTE
    assert failure.message == f"{tmp_path / 'a.broken'}: cannot be read as broken (ValueError: bad bytes)"


def test_every_registered_reader_is_documented():
    doc = (Path(__file__).parent.parent / "docs" / "ingest-sources.md").read_text("utf-8")
    for found in registry.readers():
        assert f"| `{found.name}` |" in doc, f"reader {found.name!r} has no row in docs/ingest-sources.md"
