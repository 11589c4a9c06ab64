"""Input formats as registered readers: adding a format is one module under ``readers/`` and one decorator.

Like datasette's own features, which are registered through the same hooks as third-party plugins,
every reader here says, where it is defined, what it reads::

    @reader("jsonl", suffixes=(".jsonl", ".ndjson"), gz=True, stream=True)
    def read_jsonl(source: Source) -> Iterator[Article | Failure]: ...

and ``dispatch`` picks one for each input from those declarations alone:

1. a *stream* reader whose suffix the file (or URL path) carries: containers of many records
   (JSONL, WARC) are read incrementally, so they are chosen before any byte is read;
2. else the first bytes: the first reader whose ``sniff`` recognises them (WARC magic, a feed's
   root element, an HTML start tag);
3. else the media type the transport declared (HTTP ``Content-Type``), or the one a document
   reader's suffix implies (``.html`` for a fragment that opens with ``<div>``);
4. else the ``fallback`` reader (plain text).

Every module in ``quotewire.sources.readers`` is imported on first use, so a new module is found
without being listed anywhere.
"""

from __future__ import annotations

import importlib
import pkgutil
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from quotewire.models import Article, Failure
from quotewire.sources.source import Source

ReadFunction = Callable[[Source], Iterator[Article | Failure]]

PARSER_ERRORS: tuple[type[Exception], ...] = (
    ValueError, UnicodeError, LookupError, OverflowError, RecursionError, EOFError, OSError, zlib.error,
)
"""What third-party parsers (json, feedparser, fastwarc, zlib, codecs) raise on hostile bytes.

A reader lets a record-level one become that record's Failure; ``dispatch`` turns any that escapes
a reader into one Failure naming the input, so no parser error reaches the user as a traceback.
"""


@dataclass(frozen=True)
class Reader:
    """One input format: its name, how it is recognised, and the function that reads it."""

    name: str
    read: ReadFunction
    suffixes: tuple[str, ...] = ()
    gz: bool = False  # the same suffixes with ".gz" are this format too, gunzipped
    media: tuple[str, ...] = ()  # HTTP content types that mean this format
    sniff: Callable[[bytes], bool] | None = None  # recognises the format from its first bytes
    stream: bool = False  # reads its source incrementally; chosen by suffix before any byte is read
    fallback: bool = False  # the reader for anything no other reader claims

    @property
    def all_suffixes(self) -> tuple[str, ...]:
        """Suffixes with their gzip'd forms: what a directory walk picks up for this format."""
        return self.suffixes + tuple(s + ".gz" for s in self.suffixes if self.gz)

    def claims_name(self, name: str) -> bool:
        return name.lower().endswith(self.all_suffixes) if self.all_suffixes else False


_READERS: dict[str, Reader] = {}
_loaded = False


def reader(
    name: str, *, suffixes: tuple[str, ...] = (), gz: bool = False, media: tuple[str, ...] = (),
    sniff: Callable[[bytes], bool] | None = None, stream: bool = False, fallback: bool = False,
) -> Callable[[ReadFunction], ReadFunction]:
    """Register the decorated function as the reader of format ``name`` (see the module docstring)."""

    def register(read: ReadFunction) -> ReadFunction:
        if name in _READERS:
            raise ValueError(f"reader {name!r} is registered twice")
        _READERS[name] = Reader(name, read, tuple(suffixes), gz, tuple(media), sniff, stream, fallback)
        return read

    return register


def readers() -> tuple[Reader, ...]:
    """Every registered reader, in name order (so the choice never depends on import order)."""
    global _loaded
    if not _loaded:
        from quotewire.sources import readers as package

        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
        _loaded = True
    return tuple(_READERS[name] for name in sorted(_READERS))


def article_suffixes() -> tuple[str, ...]:
    """File names a directory walk reads (images, scripts and such are not articles)."""
    return tuple(s for r in readers() for s in r.all_suffixes)


def stream_reader_for(name: str) -> Reader | None:
    """The stream reader a file (or URL path) name settles, if any (step 1)."""
    return next((r for r in readers() if r.stream and r.claims_name(name)), None)


def document_reader_for(head: bytes, media: str = "", name: str = "") -> Reader:
    """The reader for a document whose first bytes are ``head`` (steps 2-4)."""
    found = readers()
    for r in found:
        if r.sniff is not None and r.sniff(head):
            return r
    for r in found:
        if media and media in r.media:
            return r
    for r in found:
        if not r.stream and not r.fallback and r.claims_name(name):
            return r
    return next(r for r in found if r.fallback)
