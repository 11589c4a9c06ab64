"""WARC and WARC.gz archives: one Article per HTML response record, up to any truncation."""

from __future__ import annotations

from collections.abc import Iterator

from quotewire.errors import InputError
from quotewire.models import Article, Failure
from quotewire.sources.html import html_article
from quotewire.sources.text import GZIP_MAGIC, MAX_DOCUMENT_BYTES, gunzip

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")


def looks_like_warc(head: bytes) -> bool:
    return head.startswith(b"WARC/")


def _truncated(input: str, count: int, record: str) -> Failure:
    return Failure(
        input, "truncated", f"{input}: archive truncated or corrupt at record {record} ({count} records read before it)"
    )


def read_warc(path: str) -> Iterator[Article | Failure]:
    """HTML response (and resource) records of an archive; a truncated tail ends it with one Failure.

    Each record becomes an Article whose ``input`` is ``path#<WARC-Record-ID>`` and ``url`` its
    target URI; non-HTML records (images, scripts) are skipped, as they carry no article.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below; fastwarc reads it lazily
    except FileNotFoundError:
        raise InputError(path, "missing", "no such file") from None
    except OSError as exc:
        raise InputError(path, "unreadable", f"cannot read ({exc.strerror})") from None
    count, record_id = 0, "1"
    with stream:
        try:
            kinds = WarcRecordType.response | WarcRecordType.resource
            for record in ArchiveIterator(stream, record_types=kinds, parse_http=True):
                record_id = record.headers.get("WARC-Record-ID") or str(count + 1)
                if record.record_type == WarcRecordType.resource:  # a stored file: no HTTP headers
                    media = (record.headers.get("Content-Type") or "").lower()
                elif record.http_headers is None:
                    yield _truncated(path, count, record_id)
                    return
                else:
                    media = (record.http_headers.get("Content-Type") or "").lower()
                if not media.startswith(HTML_TYPES):
                    continue
                where = f"{path}#{record_id}"
                if record.content_length > MAX_DOCUMENT_BYTES:
                    yield Failure(where, "too_big", f"{where}: record too big (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
                    continue
                body = record.reader.read()
                if len(body) < record.content_length:
                    yield _truncated(path, count, record_id)
                    return
                count += 1
                charset = media.partition("charset=")[2].strip(" \"'") or None
                url = record.headers.get("WARC-Target-URI")
                try:
                    if body.startswith(GZIP_MAGIC):  # stored with its HTTP Content-Encoding: gzip
                        body = gunzip(body, where)
                    yield html_article(body, where, url=url, declared=charset)
                except InputError as exc:
                    yield exc.failure()
        except Exception as exc:  # fastwarc raises assorted errors on damaged archives
            yield _truncated(path, count, f"after {record_id} ({type(exc).__name__})")
            return
        if count == 0:
            yield Failure(path, "empty", f"{path}: no HTML records in the archive")
