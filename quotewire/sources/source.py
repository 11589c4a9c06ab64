"""What a reader is handed: one input's name, its bytes (or a way to stream them), and read settings.

One type for a local file, a fetched body and stdin, so a reader never needs to know which it got:
a WARC fetched over HTTP is read by the same code as one on disk.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from quotewire.errors import InputError
from quotewire.sources.text import GZIP_MAGIC, read_bytes

if TYPE_CHECKING:
    from quotewire.models import Article, Failure

FetchPage = Callable[[str, str], "Iterator[Article | Failure]"]


@dataclass(frozen=True)
class ReadOptions:
    """Settings every reader of one ``read_inputs`` call shares."""

    timeout: float
    fetch_links: bool = True
    allow_private: bool = True
    fetch_page: FetchPage | None = field(default=None, compare=False)
    """Reads a linked page (``url``, name to give it) the way ``read_inputs`` reads a URL; set by
    ``dispatch`` when ``fetch_links`` is on, so a feed can fetch its summary-only entries' pages."""


@dataclass(frozen=True)
class Source:
    """One document or container to read.

    Exactly one of ``path`` (a local file, opened lazily so a container can be streamed past the
    document size limit), ``data`` (bytes already in hand: an HTTP body, a document on stdin) and
    ``stream`` (a pipe read once as it arrives: JSON lines on stdin) is set.
    """

    input: str  # the name Articles and Failures carry
    options: ReadOptions
    path: str | None = None
    data: bytes | None = None
    url: str | None = None  # the final URL, when fetched
    charset: str | None = None  # what the transport declared
    media: str = ""  # the transport's content type, lowercased, without parameters
    stream: io.BufferedReader | None = field(default=None, compare=False)

    def read(self) -> bytes:
        """The whole document, gunzipped, within ``MAX_DOCUMENT_BYTES`` (``InputError`` otherwise)."""
        return read_bytes(self.path) if self.path is not None else self.data or b""

    def open_raw(self) -> io.BufferedReader:
        """The bytes as stored (a ``.warc.gz`` stays compressed: its reader inflates record by record)."""
        if self.stream is not None:
            return self.stream
        if self.path is None:
            return io.BufferedReader(io.BytesIO(self.data or b""))
        try:
            return open(self.path, "rb")  # noqa: SIM115 - the reader closes it
        except FileNotFoundError:
            raise InputError(self.input, "missing", "no such file") from None
        except OSError as exc:
            raise InputError(self.input, "unreadable", f"cannot read ({exc.strerror})") from None

    @contextmanager
    def open(self) -> Iterator[BinaryIO]:
        """A stream of the content, gunzipped when it starts with the gzip magic (peeked, so a
        pipe works too)."""
        with self.open_raw() as raw:
            if raw.peek(2)[:2] != GZIP_MAGIC:
                yield raw
            else:
                with gzip.GzipFile(fileobj=raw, mode="rb") as inflated:
                    yield inflated  # type: ignore[misc]
