"""WARC and WARC.gz archives: one Article per HTML response or resource record, up to any damage.

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
from quotewire.models import Article, Failure
from quotewire.sources.articles import html_article
from quotewire.sources.readers.html import HTML_TYPES
from quotewire.sources.registry import reader
from quotewire.sources.source import Source
from quotewire.sources.text import GZIP_MAGIC, MAX_DOCUMENT_BYTES, gunzip

_CHUNK = 1 << 16
_MAX_HEADER = 1 << 16
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)")


def looks_like_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def _cut(source: Source, offset: int, count: int, what: str, detail: str = "") -> Failure:
    return Failure(source.input, "truncated",
                   f"{source.input}: archive {what} at byte {offset} ({detail}{count} articles read before it)")


def _gzip_members_whole(stream: BinaryIO) -> bool:
    """Whether the stream, from where it stands, is whole gzip members to its end (output discarded)."""
    data = stream.read(_CHUNK)
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        while not inflater.eof:
            if not data and not (data := stream.read(_CHUNK)):
                return False
            try:
                inflater.decompress(data, _CHUNK)
            except zlib.error:
                return False
            data = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        data = data or stream.read(_CHUNK)
    return True


def _plain_record_whole(stream: BinaryIO, offset: int) -> bool:
    """Whether the uncompressed record at ``offset`` has its whole block and nothing but blank after it."""
    head = stream.read(_MAX_HEADER)
    if not head.strip():
        return True  # nothing there: an empty archive
    end = head.find(b"\r\n\r\n")
    length = _CONTENT_LENGTH.search(head, 0, max(end, 0))
    if end < 0 or length is None:
        return False
    block_end = offset + end + 4 + int(length.group(1))
    size = stream.seek(0, 2)
    stream.seek(block_end)
    return block_end <= size and not stream.read(_CHUNK).strip()


def _ends_whole(stream: BinaryIO, offset: int) -> bool:
    """Whether the archive ends with the record that starts at ``offset``, complete."""
    stream.seek(offset)
    if stream.read(2) == GZIP_MAGIC:
        stream.seek(offset)
        return _gzip_members_whole(stream)
    stream.seek(offset)
    return _plain_record_whole(stream, offset)


def _record_article(record, source: Source, kinds) -> Article | Failure | None:  # noqa: ANN001 - fastwarc types
    """The record as an Article, a Failure for a bad one, ``None`` for one that is no article."""
    offset = record.stream_pos
    where = f"{source.input}@{offset}"
    if record.record_type == kinds.resource:  # a stored file: no HTTP headers
        media = (record.headers.get("Content-Type") or "").lower()
    else:
        try:
            record.parse_http()
        except OSError as exc:  # fastwarc: headers over its length limit, or malformed
            return Failure(where, "bad_record", f"{where}: unreadable HTTP headers ({exc})")
        media = (record.http_headers.get("Content-Type") or "").lower() if record.http_headers else ""
    if not media.startswith(HTML_TYPES):
        return None
    if record.content_length > MAX_DOCUMENT_BYTES:
        return Failure(where, "too_big", f"{where}: record too big (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
    body = record.reader.read(MAX_DOCUMENT_BYTES + 1)
    if len(body) < record.content_length:
        return None  # cut short: the end-of-archive check names it
    if body.startswith(GZIP_MAGIC):  # stored with its HTTP Content-Encoding: gzip
        body = gunzip(body, where)
    charset = media.partition("charset=")[2].strip(" \"'") or None
    url = record.headers.get("WARC-Target-URI")
    article = html_article(body, source.input, url=url, declared=charset, page=False)
    article.input_offset = offset
    return article


@reader("warc", suffixes=(".warc",), gz=True, sniff=looks_like_warc, stream=True)
def read_warc(source: Source) -> Iterator[Article | Failure]:
    """HTML response (and resource) records of an archive; damage ends it with one Failure.

    Non-HTML records (images, scripts, requests, metadata) are skipped: they carry no article.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count, last = 0, 0
    with source.open_raw() as stream:
        try:
            for record in ArchiveIterator(stream, parse_http=False):
                last = record.stream_pos
                try:
                    item = _record_article(record, source, WarcRecordType)
                except InputError as exc:
                    item = exc.failure()
                if item is not None:
                    count += isinstance(item, Article)
                    yield item
        except (OSError, ValueError) as exc:  # fastwarc on a damaged gzip member or header block
            yield _cut(source, last, count, "damaged after the record", f"{type(exc).__name__}: {exc}; ")
            return
        if not _ends_whole(stream, last):
            yield _cut(source, last, count, "cut or damaged in the record")
        elif count == 0:
            yield Failure(source.input, "empty", f"{source.input}: no HTML records in the archive")
