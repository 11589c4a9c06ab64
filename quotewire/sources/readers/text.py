"""Plain text: whatever no other reader claims, decoded by the rules of ``sources.text``."""

from __future__ import annotations

from collections.abc import Iterator

from quotewire.models import Article, Failure
from quotewire.sources.articles import text_article
from quotewire.sources.registry import reader
from quotewire.sources.source import Source


@reader("text", suffixes=(".txt", ".text"), gz=True, fallback=True)
def read_text_document(source: Source) -> Iterator[Article | Failure]:
    yield text_article(source.read(), source.input, url=source.url, declared=source.charset)
