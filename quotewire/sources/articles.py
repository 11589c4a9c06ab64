"""Bytes to Articles, and the one rule for an Article's id.

Identity is what makes re-reading idempotent (the same input gives the same ids) and what the store
deduplicates on, so it must never merge two different texts:

* a page known by its URL (fetched, or a feed entry) is ``hash(url)``: a URL names one article,
  and its markup (ads, timestamps) changes on every fetch, so its content cannot be in its id;
* a record inside a container (a JSONL line, a WARC record) is ``hash(own id, url, content)``:
  a user-given id names a record *within its source*, so two files that both number their records
  from 1 (or carry ``1`` and ``"1"``) hold different articles, and two captures of one URL with
  different content are two articles; the same record read again gets the same id;
* anything else (a file of text or HTML) is ``hash(content)``.
"""

from __future__ import annotations

import json
import re

from quotewire.models import Article, stable_hash
from quotewire.sources.text import decode_bytes

# JSON escapes and feed parsers can hand over what no text file can: NUL (PostgreSQL refuses it)
# and lone surrogates (no database can encode them). One character each, so offsets stay valid.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE)


def storable(text: str) -> str:
    """``text`` with NUL as a space and lone surrogates as U+FFFD, so any store can hold it."""
    return _UNSTORABLE.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` (or http-equiv content-type charset) of a page, if any."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def article_id(url: str | None, content: str) -> str:
    """A page's id: its URL when known (a re-fetched page is the same article), else its content."""
    return stable_hash(url) if url else stable_hash(content)


def record_id(content: str, *, own_id: str | int | None = None, url: str | None = None) -> str:
    """A container record's id: its own id (typed, so ``1`` is not ``"1"``), URL and content together."""
    if own_id is None and url is None:
        return stable_hash(content)
    return stable_hash("record", json.dumps(own_id), url or "", content)


def html_article(
    data: bytes, input: str, url: str | None = None, declared: str | None = None, *, page: bool = True,
    **metadata: str | int | None,
) -> Article:
    """An Article holding the decoded page; ``clean_article`` turns it into text and metadata.

    ``declared`` is the transport's charset (HTTP header), which outranks the page's own meta tag.
    ``page=False`` gives the id of a container record rather than of a page.
    """
    html = decode_bytes(data, input, declared=declared or declared_charset(data))
    id = article_id(url, html) if page else record_id(html, url=url)
    return Article(id=id, text="", html=html, url=url, input=input, **metadata)


def text_article(data: bytes, input: str, url: str | None = None, declared: str | None = None) -> Article:
    """An Article from a plain-text document."""
    text = decode_bytes(data, input, declared=declared)
    return Article(id=article_id(url, text), text=text, url=url, input=input)
