"""HTML pages: an Article carrying the page, decoded by its declared charset, cleaned later."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quotewire.models import Article, Failure
from quotewire.sources.articles import html_article
from quotewire.sources.registry import reader
from quotewire.sources.source import Source

HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b", re.IGNORECASE | re.DOTALL)


def looks_like_html(head: bytes) -> bool:
    """Whether a document's first bytes open an HTML page (after a BOM and comments)."""
    return bool(_HTML_START.match(head.lstrip(b"\xef\xbb\xbf")[:4096]))


@reader("html", suffixes=(".html", ".htm", ".xhtml"), gz=True, media=HTML_TYPES, sniff=looks_like_html)
def read_html(source: Source) -> Iterator[Article | Failure]:
    yield html_article(source.read(), source.input, url=source.url, declared=source.charset)
