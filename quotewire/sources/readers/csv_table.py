"""CSV tables: a header row naming the columns, then one article a row, with the fields a JSONL
record has (``text`` or ``html``, ``id``, and the metadata of ``jsonl.METADATA``; other columns
are ignored). A bad row is one Failure (``input:line``) and reading goes on."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from quotewire.errors import DETAIL, InputError, one_line
from quotewire.models import Article, Failure
from quotewire.sources.readers.jsonl import record_article
from quotewire.sources.registry import reader
from quotewire.sources.source import Source
from quotewire.sources.text import MAX_DOCUMENT_BYTES


@reader("csv", suffixes=(".csv",), gz=True, stream=True)
def read_csv(source: Source) -> Iterator[Article | Failure]:
    csv.field_size_limit(MAX_DOCUMENT_BYTES)  # the module's default (128 KiB) is shorter than a long article
    with source.open() as stream:
        rows = csv.DictReader(io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline=""))
        try:
            rows.fieldnames  # reads the header
            while True:
                where = f"{source.input}:{rows.line_num + 1}"  # the line the row starts on
                row = next(rows, None)
                if row is None:
                    return
                try:
                    yield record_article({k: v for k, v in row.items() if k}, where)
                except InputError as exc:
                    yield exc.failure()
        except csv.Error as exc:  # a NUL byte, an over-long field: the rest of the table cannot be read
            yield Failure(where, "unreadable", f"{where}: cannot be read as CSV ({one_line(str(exc), DETAIL)})")
