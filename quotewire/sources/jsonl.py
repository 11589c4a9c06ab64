"""JSON Lines: one article per line, ``text`` or ``html`` plus optional metadata."""

from __future__ import annotations

import json
from collections.abc import Iterator

from quotewire.errors import InputError
from quotewire.models import Article, Failure
from quotewire.sources.html import article_id
from quotewire.sources.text import MAX_DOCUMENT_BYTES

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
METADATA = ("title", "url", "published", "source", "author", "language")


def _article(line: bytes, where: str) -> Article:
    try:
        record = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(where, "bad_json", f"not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise InputError(where, "bad_json", "a line must be a JSON object")
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(where, "empty", 'no "text" or "html" field with content')
    meta = {k: str(record[k]) for k in METADATA if record.get(k) not in (None, "")}
    content = html if isinstance(html, str) and html.strip() else text
    is_html = content is html
    return Article(
        id=article_id(meta.get("url"), content),
        text="" if is_html else text,
        html=html if is_html else None,
        input=where,
        **meta,
    )


def read_jsonl(lines: Iterator[bytes], input: str) -> Iterator[Article | Failure]:
    """Articles of a JSONL stream; a bad line is one Failure (``input:line``) and reading goes on."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{input}:{n}"
        if len(line) > MAX_DOCUMENT_BYTES:
            yield Failure(where, "too_big", f"{where}: line too big (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
            continue
        try:
            yield _article(line, where)
        except InputError as exc:
            yield exc.failure()
