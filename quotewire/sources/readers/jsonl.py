"""JSON Lines: one article per line, ``text`` or ``html`` plus optional metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from quotewire.errors import DETAIL, InputError, one_line
from quotewire.models import Article, Failure
from quotewire.sources.articles import record_id, storable
from quotewire.sources.lines import bounded_lines
from quotewire.sources.registry import reader
from quotewire.sources.source import Source
from quotewire.sources.text import MAX_DOCUMENT_BYTES

METADATA = ("title", "url", "published", "source", "author", "language")
ID_FIELDS = ("id", "doc_id")
_JSONL_START = re.compile(rb'\s*\{\s*"')


def looks_like_jsonl(head: bytes) -> bool:
    """A stream that opens with a JSON object with a key (stdin, or a file not named .jsonl)."""
    return bool(_JSONL_START.match(head))


def parse_json_line(line: bytes | str, where: str) -> object:
    """``json.loads`` with every way a hostile line fails it as one ``InputError(bad_json)``:
    syntax, bad UTF-8, integers over Python's 4,300-digit limit, nesting deeper than the stack."""
    try:
        return json.loads(line)
    except RecursionError:
        raise InputError(where, "bad_json", "not read: JSON nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, the integer-digits limit
        raise InputError(where, "bad_json", f"not valid JSON ({one_line(str(exc), DETAIL)})") from None


def _own_id(record: dict) -> str | int | None:
    return next((record[k] for k in ID_FIELDS if isinstance(record.get(k), (str, int))), None)


def _article(line: bytes, where: str) -> Article:
    record = parse_json_line(line, where)
    if not isinstance(record, dict):
        raise InputError(where, "bad_json", "a line must be a JSON object")
    return record_article(record, where)


def record_article(record: dict, where: str) -> Article:
    """One record of a container (a JSON object, a CSV row) as an Article: ``text`` or ``html``,
    the ``METADATA`` fields, and an id from its own ``id``/``doc_id``, URL and content."""
    text, html = record.get("text"), record.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(where, "empty", 'no "text" or "html" field with content')
    meta = {k: storable(str(record[k])) for k in METADATA if isinstance(record.get(k), (str, int, float))
            and record[k] != ""}
    is_html = isinstance(html, str) and bool(html.strip())
    content = storable(html if is_html else text)
    return Article(
        id=record_id(content, own_id=_own_id(record), url=meta.get("url")),
        text="" if is_html else content,
        html=content if is_html else None,
        input=where,
        **meta,
    )


@reader("jsonl", suffixes=(".jsonl", ".ndjson"), gz=True, sniff=looks_like_jsonl, stream=True)
def read_jsonl(source: Source) -> Iterator[Article | Failure]:
    """Articles of a JSONL stream; a bad line is one Failure (``input:line``) and reading goes on.

    Lines are read with a bound: a line over ``MAX_DOCUMENT_BYTES`` is skipped without being held.
    """
    with source.open() as stream:
        for n, line in bounded_lines(stream, MAX_DOCUMENT_BYTES):
            where = f"{source.input}:{n}"
            if line is None:
                yield Failure(where, "too_big", f"{where}: line too big (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
            elif line.strip():
                try:
                    yield _article(line, where)
                except InputError as exc:
                    yield exc.failure()
