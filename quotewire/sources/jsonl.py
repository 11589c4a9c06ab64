"""JSON Lines: one article per line, ``text`` or ``html`` plus optional metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from quotewire.errors import InputError
from quotewire.models import Article, Failure, stable_hash
from quotewire.sources.html import article_id
from quotewire.sources.text import MAX_DOCUMENT_BYTES

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
METADATA = ("title", "url", "published", "source", "author", "language")
ID_FIELDS = ("id", "doc_id")
# JSON escapes can carry what no text file can: NUL (PostgreSQL refuses it) and lone surrogates
# (no database can encode them). One character each, so offsets into the text stay valid.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(text: str) -> str:
    return _UNSTORABLE.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)


def _record_id(record: dict, url: str | None, content: str) -> str:
    """The record's own id when it has one: two records with the same text are still two
    documents to the user (a corpus can hold the same wire story twice under two ids)."""
    own = next((record[k] for k in ID_FIELDS if isinstance(record.get(k), (str, int))), None)
    return stable_hash("record", str(own)) if own is not None and not url else article_id(url, content)


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
    meta = {k: _storable(str(record[k])) for k in METADATA if record.get(k) not in (None, "")}
    is_html = isinstance(html, str) and bool(html.strip())
    content = _storable(html if is_html else text)
    return Article(
        id=_record_id(record, meta.get("url"), content),
        text="" if is_html else content,
        html=content if is_html else None,
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
