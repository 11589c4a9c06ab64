"""An HTTP message body as the server meant it: transfer coding removed, then content coding.

A WARC response record keeps the body as it went over the wire (RFC 9112 §6, RFC 9110 §8.4):
``Transfer-Encoding: chunked`` framing first, then ``Content-Encoding`` (gzip, deflate, br),
applied in the order listed, so they are removed in reverse. Every step is bounded by the
document size limit, so a decompression bomb is refused, never inflated.
"""

from __future__ import annotations

import zlib

from quotewire.errors import InputError
from quotewire.sources.text import MAX_DOCUMENT_BYTES, gunzip

_IDENTITY = {"", "identity", "none"}


def decoded_body(body: bytes, transfer_encoding: str | None, content_encoding: str | None, where: str) -> bytes:
    """``body`` with its transfer and content codings removed; ``InputError`` when a coding is
    unknown, damaged or inflates past the size limit."""
    for coding in reversed(_codings(transfer_encoding)):
        body = _dechunked(body, where) if coding == "chunked" else _decompressed(body, coding, where)
    for coding in reversed(_codings(content_encoding)):
        body = _decompressed(body, coding, where)
    return body


def _codings(header: str | None) -> list[str]:
    return [c.strip().lower() for c in (header or "").split(",") if c.strip().lower() not in _IDENTITY]


def _dechunked(body: bytes, where: str) -> bytes:
    """The chunked framing removed (chunk extensions and trailers ignored). A body that is not
    framed as chunks although the header says so (archivers sometimes store it already joined)
    is taken as it is."""
    out = bytearray()
    pos = 0
    while True:
        line_end = body.find(b"\r\n", pos)
        if line_end < 0:
            return body if pos == 0 else bytes(out)  # cut after whole chunks: keep what came
        size_field = body[pos:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError:
            if pos == 0:
                return body
            raise InputError(where, "corrupt", f"bad chunk size {size_field[:20]!r} in a chunked body") from None
        if size == 0:
            return bytes(out)
        start = line_end + 2
        out += body[start:start + size]
        if len(out) > MAX_DOCUMENT_BYTES:
            raise InputError(where, "too_big", f"body over {MAX_DOCUMENT_BYTES // 2**20} MB")
        pos = start + size + 2


def _decompressed(body: bytes, coding: str, where: str) -> bytes:
    if coding in ("gzip", "x-gzip"):
        return gunzip(body, where)
    if coding == "deflate":  # RFC 9110: zlib-wrapped; some servers send raw deflate
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
            inflater = zlib.decompressobj(wbits)
            try:
                out = inflater.decompress(body, MAX_DOCUMENT_BYTES + 1)
            except zlib.error:
                continue
            return _bounded(out, where)
        raise InputError(where, "corrupt", "corrupt deflate data")
    if coding == "br":
        import brotli

        decompressor = brotli.Decompressor()
        try:
            out = decompressor.process(body, output_buffer_limit=MAX_DOCUMENT_BYTES + 1)
        except brotli.error as exc:
            raise InputError(where, "corrupt", f"corrupt brotli data ({exc})") from None
        return _bounded(out, where)
    raise InputError(where, "encoding", f"unsupported content coding {coding!r}")


def _bounded(data: bytes, where: str) -> bytes:
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(where, "too_big", f"body over {MAX_DOCUMENT_BYTES // 2**20} MB when decompressed")
    return data
