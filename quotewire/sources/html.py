"""HTML documents: bytes to an Article carrying the page, decoded by its declared charset."""

from __future__ import annotations

import re

from quotewire.models import Article, stable_hash
from quotewire.sources.text import decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE)
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(head: bytes) -> bool:
    """Whether a document's first bytes open an HTML page (after a BOM and comments)."""
    return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf")[:4096]))


def declared_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` (or http-equiv content-type charset) of a page, if any."""
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def article_id(url: str | None, content: str) -> str:
    """Stable id: the URL when known (a re-fetched page is the same article), else the content."""
    return stable_hash(url) if url else stable_hash(content)


def html_article(
    data: bytes, input: str, url: str | None = None, declared: str | None = None, **metadata: str | None
) -> Article:
    """An Article holding the decoded page; ``clean_article`` turns it into text and metadata.

    ``declared`` is the transport's charset (HTTP header), which outranks the page's own meta tag.
    """
    html = decode_bytes(data, input, declared=declared or declared_charset(data))
    return Article(id=article_id(url, html), text="", html=html, url=url, input=input, **metadata)


def text_article(data: bytes, input: str, url: str | None = None, declared: str | None = None) -> Article:
    """An Article from a plain-text document."""
    text = decode_bytes(data, input, declared=declared)
    return Article(id=article_id(url, text), text=text, url=url, input=input)
