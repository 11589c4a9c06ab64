"""Fault injection, streams: stdin read as it arrives, WARC bodies decoded as HTTP says.

Our own pages and sentences only. The WARC records are written with warcio exactly as a crawler
stores them: the body as it went over the wire (chunked, compressed), revisits without a body,
error pages and redirects with their status line.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import threading
import zlib
from pathlib import Path

import brotli
import pytest

from quotewire.models import AnalyzedArticle, Article, Failure, Skipped
from quotewire.run.ingest import ingest_articles
from quotewire.sources import read_inputs
from quotewire.sources.text import MAX_DOCUMENT_BYTES

PAGE = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        "<p>The harbour board met on Tuesday to discuss the {topic}. Board chair Nadia Voss said "
        "\"we will publish the full plan for the {topic} next month\" after the vote.</p>"
        "<p>Members asked for more time to study the costs of the {topic} before a final decision "
        "is taken by the council later this year.</p></article></body></html>")


def page(topic: str) -> bytes:
    return PAGE.format(title=f"Board debates the {topic}", topic=topic).encode()


def chunked(body: bytes, size: int = 100) -> bytes:
    parts = [b"%x;ext=1\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\nX-Trailer: t\r\n\r\n"


def deflate(body: bytes, raw: bool = False) -> bytes:
    c = zlib.compressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
    return c.compress(body) + c.flush()


def write_warc(path: Path, records: list[tuple]) -> None:  # type: ignore[type-arg]
    """(kind, url, status, headers, stored body) per record: kind "response" or "revisit"."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.suffix == ".gz")
        for kind, url, status, headers, body in records:
            http = StatusAndHeaders(status, [("Content-Type", "text/html; charset=utf-8"), *headers],
                                    protocol="HTTP/1.1")
            if kind == "revisit":
                record = writer.create_revisit_record(url, "sha1:AAAA", url, "2026-01-01T00:00:00Z", http_headers=http)
            else:
                record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_bodies_are_decoded_per_http_and_non_articles_are_counted_not_failed(tmp_path: Path, name: str) -> None:
    site = "https://harbour-news.example"
    records = [
        ("response", f"{site}/plain", "200 OK", [], page("ferry timetable")),
        ("response", f"{site}/chunked-gzip", "200 OK",
         [("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")], chunked(gzip.compress(page("dredging works")))),
        ("response", f"{site}/deflate", "200 OK", [("Content-Encoding", "deflate")], deflate(page("quay lights"))),
        ("response", f"{site}/raw-deflate", "200 OK", [("Content-Encoding", "deflate")], deflate(page("fish market"), raw=True)),
        ("response", f"{site}/br", "200 OK", [("Content-Encoding", "br")], brotli.compress(page("pilot boats"))),
        ("response", f"{site}/chunked", "200 OK", [("Transfer-Encoding", "chunked")], chunked(page("tide gauges"))),
        ("revisit", f"{site}/plain", "200 OK", [], b""),
        ("response", f"{site}/gone", "404 Not Found", [], page("missing page")),
        ("response", f"{site}/moved", "301 Moved Permanently", [("Location", f"{site}/plain")], page("moved page")),
    ]
    path = tmp_path / name
    write_warc(path, records)
    items = list(read_inputs([str(path)]))
    assert [i for i in items if isinstance(i, Failure)] == []
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.url.rsplit("/", 1)[1] for a in articles] == ["plain", "chunked-gzip", "deflate", "raw-deflate", "br", "chunked"]
    for article, topic in zip(articles, ("ferry timetable", "dredging works", "quay lights", "fish market",
                                          "pilot boats", "tide gauges"), strict=True):
        assert f"full plan for the {topic}" in article.html
    assert sorted(i.reason for i in items if isinstance(i, Skipped)) == ["http 301", "http 404", "revisit"]

    report = ingest_articles(read_inputs([str(path)]), None, analyze=lambda batch, batch_size: [AnalyzedArticle(a) for a in batch])
    assert report.articles_read == 6 and report.failures == []
    assert report.skipped == {"http 301": 1, "http 404": 1, "revisit": 1}
    assert "3 records skipped (1 http 301, 1 http 404, 1 revisit)" in report.summary()


def test_a_compression_bomb_in_a_warc_body_is_refused(tmp_path: Path) -> None:
    bomb = brotli.compress(b"<p>" + b"a" * (MAX_DOCUMENT_BYTES + 10))
    path = tmp_path / "bomb.warc"
    write_warc(path, [("response", "https://x.example/b", "200 OK", [("Content-Encoding", "br")], bomb),
                      ("response", "https://x.example/ok", "200 OK", [], page("ferry timetable"))])
    items = list(read_inputs([str(path)]))
    assert [i.reason for i in items if isinstance(i, Failure)] == ["too_big"]
    assert [i.url for i in items if isinstance(i, Article)] == ["https://x.example/ok"]


def _line(i: int, pad: int = 0) -> bytes:
    return json.dumps({"id": f"s{i}", "text": f"Skipper Ola Berg said \"line {i} is in\" today." + " x" * pad}).encode() + b"\n"


def test_jsonl_on_stdin_over_the_document_limit_streams_like_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [_line(i, pad=50_000) for i in range(int(MAX_DOCUMENT_BYTES / 100_000) + 20)]
    data = b"".join(lines)
    assert len(data) > MAX_DOCUMENT_BYTES
    for stdin in (data, gzip.compress(data, compresslevel=1)):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        items = list(read_inputs(["-"]))
        assert [i for i in items if isinstance(i, Failure)] == []
        assert [a.input for a in items] == [f"-:{n}" for n in range(1, len(lines) + 1)]
        assert all(f'"line {n - 1} is in"' in a.text for n, a in enumerate(items, 1))


def test_stdin_is_read_as_it_arrives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first article comes out while the writer is still holding the pipe open."""
    read_end, write_end = os.pipe()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(os.fdopen(read_end, "rb")))
    first_read = threading.Event()
    writer = os.fdopen(write_end, "wb")
    writer.write(_line(1))
    writer.flush()

    def finish() -> None:
        first_read.wait(20)
        writer.write(_line(2))
        writer.close()

    thread = threading.Thread(target=finish)
    thread.start()
    stream = read_inputs(["-"])
    first = next(stream)
    first_read.set()
    rest = list(stream)
    thread.join(5)
    assert isinstance(first, Article) and first.input == "-:1" and [a.input for a in rest] == ["-:2"]


def test_a_text_document_on_stdin_is_still_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'Skipper Ola Berg said "the nets are in" today.\n')))
    (article,) = read_inputs(["-"])
    assert isinstance(article, Article) and "nets are in" in article.text
