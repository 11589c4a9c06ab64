"""Standard input (``-``), read as it arrives.

A JSON-lines stream on stdin is read line by line with the same per-line limit as a file, so a
dump of any size can be piped in (``zcat dump.jsonl.gz | quotewire ingest -``) and each batch is
stored while the rest is still arriving: Ctrl-C keeps what was committed. Anything else on stdin
is one document (text, HTML, a feed, a WARC), read whole within the document size limit like a
file. The first bytes decide, sniffed (through gzip when stdin is gzip'd) and then replayed.
"""

from __future__ import annotations

import io
import sys
import zlib
from typing import BinaryIO

from quotewire.sources.readers.jsonl import looks_like_jsonl
from quotewire.sources.text import GZIP_MAGIC

_SNIFF_BYTES = 4096


class _Replayed(io.RawIOBase):
    """``head`` followed by the rest of ``rest``: the bytes sniffed are read again, none lost.
    Closing it leaves ``rest`` (stdin) open."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def open_stdin(stream: BinaryIO | None = None) -> tuple[io.BufferedReader, bool]:
    """Standard input (or ``stream``) as a buffered stream, and whether it holds JSON lines."""
    raw = stream if stream is not None else sys.stdin.buffer
    head = b""
    while len(head) < _SNIFF_BYTES:
        more = raw.read1(_SNIFF_BYTES - len(head)) if hasattr(raw, "read1") else raw.read(_SNIFF_BYTES - len(head))
        if not more:
            break
        head += more
        if b"\n" in _plain(head):  # a whole first line is enough to tell
            break
    return io.BufferedReader(_Replayed(head, raw)), looks_like_jsonl(_plain(head))


def _plain(head: bytes) -> bytes:
    """The first bytes as text: inflated when gzip'd (a partial member inflates as far as it goes)."""
    if not head.startswith(GZIP_MAGIC):
        return head
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
    except zlib.error:
        return b""
