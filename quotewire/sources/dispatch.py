"""read_inputs: every kind of input (files, directories, globs, URLs, stdin) into Articles.

Kinds are told apart by extension first (``.warc.gz``, ``.jsonl``), then by sniffing the first
bytes (feed XML, HTML, WARC), and anything else readable is plain text. A bad input, or a bad
record inside one, becomes a ``Failure`` in the same stream and reading goes on.
"""

from __future__ import annotations

import glob
import gzip
import io
import os
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path

from quotewire.errors import InputError
from quotewire.models import Article, Failure
from quotewire.sources.feeds import looks_like_feed, read_feed
from quotewire.sources.html import html_article, looks_like_html, text_article
from quotewire.sources.http import DEFAULT_TIMEOUT, fetch, is_url
from quotewire.sources.jsonl import JSONL_SUFFIXES, read_jsonl
from quotewire.sources.text import read_bytes
from quotewire.sources.warc import WARC_SUFFIXES, looks_like_warc, read_warc

DIRECTORY_SUFFIXES = (
    ".txt", ".text", ".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".html.gz", ".htm.gz",
    ".txt.gz", *WARC_SUFFIXES, *JSONL_SUFFIXES,
)
"""Inside a directory only these are read (images, scripts and such are not articles);
a file named explicitly is always read, whatever its name."""

_GLOB_CHARS = frozenset("*?[")
_MEDIA_BY_SUFFIX = {
    ".html": "text/html", ".htm": "text/html", ".xhtml": "text/html",
    ".rss": "application/rss+xml", ".atom": "application/atom+xml",
}
"""Extensions that settle the kind when sniffing cannot (an HTML fragment opening with <div>)."""
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/xml", "text/xml")


def _has_suffix(name: str, suffixes: tuple[str, ...]) -> bool:
    return name.lower().endswith(suffixes)


def _document(
    data: bytes, input: str, *, url: str | None = None, charset: str | None = None,
    media: str = "", timeout: float, fetch_links: bool,
) -> Iterator[Article | Failure]:
    """One fetched or read document, whatever kind its bytes turn out to be."""
    head = data[:4096]
    if looks_like_warc(head):
        raise InputError(input, "unsupported", "a WARC archive must be read from a file ending .warc or .warc.gz")
    if media in FEED_TYPES or looks_like_feed(head):
        kind = "feed"
    elif media in HTML_TYPES or looks_like_html(head):
        kind = "html"
    else:  # XML that is neither feed nor page is read as a feed, to fail with a clear reason
        kind = "feed" if media in XML_TYPES else "text"
    if kind == "feed":
        fetch_page = partial(_read_url, timeout=timeout, fetch_links=False) if fetch_links else None
        yield from read_feed(data, input, fetch_page)
    elif kind == "html":
        yield html_article(data, input, url=url, declared=charset)
    else:
        yield text_article(data, input, url=url, declared=charset)


def _read_url(url: str, input: str | None = None, *, timeout: float, fetch_links: bool) -> Iterator[Article | Failure]:
    try:
        response = fetch(url, timeout=timeout)
        yield from _document(
            response.body, input or url, url=response.url, charset=response.charset,
            media=response.content_type, timeout=timeout, fetch_links=fetch_links,
        )
    except InputError as exc:
        yield exc.failure()


def _read_file(path: str, *, timeout: float, fetch_links: bool) -> Iterator[Article | Failure]:
    if _has_suffix(path, WARC_SUFFIXES):
        yield from read_warc(path)
    elif _has_suffix(path, JSONL_SUFFIXES):
        opener = gzip.open if path.lower().endswith(".gz") else open
        try:
            with opener(path, "rb") as lines:
                yield from read_jsonl(lines, path)
        except (OSError, EOFError) as exc:
            yield Failure(path, "unreadable", f"{path}: cannot read ({exc})")
    else:
        data = read_bytes(path)
        if looks_like_warc(data[:8]):
            yield from read_warc(path)
        else:
            media = _MEDIA_BY_SUFFIX.get(Path(path.lower().removesuffix(".gz")).suffix, "")
            yield from _document(data, path, media=media, timeout=timeout, fetch_links=fetch_links)


def _read_stdin(*, timeout: float, fetch_links: bool) -> Iterator[Article | Failure]:
    data = read_bytes("-")
    if data.lstrip()[:1] == b"{":
        yield from read_jsonl(iter(io.BytesIO(data)), "-")
    else:
        yield from _document(data, "-", timeout=timeout, fetch_links=fetch_links)


def _expand(input: str) -> Iterator[str]:
    """The files an input names: itself, a directory's article files (sorted), a glob's matches."""
    path = Path(input)
    if path.is_dir():
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith(".") and _has_suffix(name, DIRECTORY_SUFFIXES):
                    yield os.path.join(root, name)
    elif not path.exists() and _GLOB_CHARS & set(input):
        matches = sorted(glob.glob(input, recursive=True))
        if not matches:
            raise InputError(input, "no_match", "no files match this pattern")
        for match in matches:
            yield from _expand(match)
    else:
        yield input


def _read_one(input: str, *, timeout: float, fetch_links: bool) -> Iterator[Article | Failure]:
    if input == "-":
        yield from _read_stdin(timeout=timeout, fetch_links=fetch_links)
    elif is_url(input):
        yield from _read_url(input, timeout=timeout, fetch_links=fetch_links)
    else:
        for path in _expand(input):
            try:
                yield from _read_file(path, timeout=timeout, fetch_links=fetch_links)
            except InputError as exc:
                yield exc.failure()


def read_inputs(
    inputs: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT, fetch_links: bool = True
) -> Iterator[Article | Failure]:
    """Articles from every input, in order, with a ``Failure`` in the stream for each bad one.

    Inputs: text/HTML/feed/WARC(.gz)/JSONL files, directories (recursive), globs, http(s) URLs
    of pages or feeds, and ``-`` for stdin. Articles are raw: HTML ones carry ``html`` and an
    empty ``text`` until ``clean_article``. ``timeout`` bounds each URL fetch (seconds);
    ``fetch_links`` lets a feed's summary-only entries fetch their linked page.
    """
    for input in inputs:
        try:
            yield from _read_one(input, timeout=timeout, fetch_links=fetch_links)
        except InputError as exc:
            yield exc.failure()
