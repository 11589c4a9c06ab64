"""WARC and WARC.gz archives: one Article per HTML response or resource record, up to any damage.

A response's body is decoded as HTTP says (``content_coding``: chunked transfer coding first, then
gzip, deflate or br content coding). A ``revisit`` record (a body stored elsewhere) and a response
that is not 200 OK (404, 301, 500) are no articles and no failures: each is a ``Skipped`` that the
report counts by reason.

Every Article from an archive carries its provenance: ``input`` is the archive, ``input_offset``
the record's byte offset in it (in the compressed file for ``.warc.gz``, as CDX indexes count) and
``url`` the record's target URI. fastwarc stops quietly where an archive is cut, so after the last
record this reader checks that the archive really ends there (the last gzip member is whole, or
the last record's block is all present); a cut or damaged archive is one Failure naming the file
and the offset, and the complete records before it are kept.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from quotewire.errors import InputError
from quotewire.models import Article, Failure, Skipped
from quotewire.sources.articles import html_article
from quotewire.sources.content_coding import decoded_body
from quotewire.sources.readers.html import HTML_TYPES
from quotewire.sources.registry import reader
from quotewire.sources.source import Source
from quotewire.sources.text import GZIP_MAGIC, MAX_DOCUMENT_BYTES

_CHUNK = 1 << 16
_MAX_HEADER = 1 << 16
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)")


def looks_like_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def _cut(source: Source, offset: int, count: int, what: str, detail: str = "") -> Failure:
    return Failure(source.input, "truncated",
                   f"{source.input}: archive {what} at byte {offset} ({detail}articles read: {count})")


def _gzip_member_end(stream: BinaryIO, offset: int) -> int | None:
    """Where the gzip member starting at ``offset`` ends; ``None`` if it is cut or corrupt.
    The output is inflated in bounded pieces and discarded."""
    stream.seek(offset)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    fed, data = 0, b""
    while not inflater.eof:
        if not data:
            data = stream.read(_CHUNK)
            if not data:
                return None
            fed += len(data)
        try:
            inflater.decompress(data, _CHUNK)
        except zlib.error:
            return None
        data = inflater.unconsumed_tail
    return offset + fed - len(inflater.unconsumed_tail) - len(inflater.unused_data)


def _plain_record_end(stream: BinaryIO, offset: int) -> int | None:
    """Where the uncompressed record at ``offset`` ends (block and closing CRLFs); ``None`` if cut."""
    stream.seek(offset)
    head = stream.read(_MAX_HEADER)
    end = head.find(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head, 0, max(end, 0))
    if end < 0 or length is None:
        return None
    block_end = offset + end + 4 + int(length.group(1))
    stream.seek(block_end)
    return block_end + 4 if stream.read(4) == b"\r\n\r\n" else None


def _record_end(stream: BinaryIO, offset: int) -> int | None:
    """Where the record at ``offset`` ends, or ``None`` when the archive is cut inside it."""
    stream.seek(offset)
    head = stream.read(_MAX_HEADER)
    if not head.strip():
        return offset  # nothing there: the archive (or what fastwarc read of it) is empty
    if head.startswith(GZIP_MAGIC):
        return _gzip_member_end(stream, offset)
    return _plain_record_end(stream, offset)


def _end_problem(stream: BinaryIO, last: int, count: int, source: Source, error: Exception | None) -> Failure | None:
    """The Failure for an archive that does not end, whole, after its last readable record."""
    end = _record_end(stream, last)
    if end is None:
        return _cut(source, last, count, "cut or damaged in the record")
    stream.seek(end)
    if error is None and not stream.read(_CHUNK).strip():
        return None
    detail = f"{type(error).__name__}: {' '.join(str(error).split())}; " if error else ""
    return _cut(source, end, count, "damaged in the record", detail)


def _record_article(record, source: Source, kinds) -> Article | Failure | Skipped | None:  # noqa: ANN001 - fastwarc types
    """The record as an Article, a Failure for a bad one, a Skipped for a revisit or a non-200
    response, ``None`` for one that is no article (a request, an image, metadata)."""
    offset = record.stream_pos
    where = f"{source.input}@{offset}"
    http = None
    if record.record_type == kinds.revisit:
        return Skipped(where, "revisit")
    if record.record_type == kinds.resource:  # a stored file: no HTTP headers
        media = (record.headers.get("Content-Type") or "").lower()
    elif record.record_type == kinds.response:
        try:
            record.parse_http()
        except OSError as exc:  # fastwarc: headers over its length limit, or malformed
            return Failure(where, "bad_record", f"{where}: unreadable HTTP headers ({exc})")
        http = record.http_headers
        if http is not None and http.status_code is not None and http.status_code != 200:
            return Skipped(where, f"http {http.status_code}")
        media = (http.get("Content-Type") or "").lower() if http else ""
    else:
        return None
    if not media.startswith(HTML_TYPES):
        return None
    if record.content_length > MAX_DOCUMENT_BYTES:
        return Failure(where, "too_big", f"{where}: record too big (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
    body = record.reader.read(MAX_DOCUMENT_BYTES + 1)
    if len(body) < record.content_length:
        return None  # cut short: the end-of-archive check names it
    if http is not None:
        body = decoded_body(body, http.get("Transfer-Encoding"), http.get("Content-Encoding"), where)
    if body.startswith(GZIP_MAGIC):  # gzip'd without saying so (a stored .html.gz, a lost header)
        body = decoded_body(body, None, "gzip", where)
    charset = media.partition("charset=")[2].strip(" \"'") or None
    url = record.headers.get("WARC-Target-URI")
    article = html_article(body, source.input, url=url, declared=charset, page=False)
    article.input_offset = offset
    return article


@reader("warc", suffixes=(".warc",), gz=True, sniff=looks_like_warc, stream=True)
def read_warc(source: Source) -> Iterator[Article | Failure | Skipped]:
    """HTML response (and resource) records of an archive; damage ends it with one Failure.

    Non-HTML records (images, scripts, requests, metadata) are passed over: they carry no article.
    Revisits and non-200 responses are yielded as ``Skipped`` to be counted.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count, skipped, last, error = 0, 0, 0, None
    with source.open_raw() as stream:
        if not stream.seekable():  # fastwarc panics (an uncatchable Rust panic) on a pipe
            raise InputError(source.input, "unreadable", "a WARC archive must be a file, not a pipe")
        try:
            for record in ArchiveIterator(stream, parse_http=False):
                last = record.stream_pos
                try:
                    item = _record_article(record, source, WarcRecordType)
                except InputError as exc:
                    item = exc.failure()
                if item is not None:
                    count += isinstance(item, Article)
                    skipped += isinstance(item, Skipped)
                    yield item
        except (OSError, ValueError) as exc:  # fastwarc on a damaged gzip member or header block
            error = exc
        problem = _end_problem(stream, last, count, source, error)
    if problem is not None:
        yield problem
    elif count == 0 and skipped == 0:
        yield Failure(source.input, "empty", f"{source.input}: no HTML records in the archive")
