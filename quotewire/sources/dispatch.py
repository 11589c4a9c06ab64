"""read_inputs: every kind of input (files, directories, globs, URLs, stdin) into Articles.

Which reader reads an input is decided by the registry (``sources.registry``) from what each
reader declared: its suffixes, its sniffing of the first bytes, its media types. A bad input, or a
bad record inside one, becomes a ``Failure`` in the same stream and reading goes on; an exception
a parser raises on hostile bytes becomes one Failure naming the input, never a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from urllib.parse import urlsplit

from quotewire.errors import DETAIL, InputError, one_line
from quotewire.models import Article, Failure
from quotewire.sources.http import DEFAULT_TIMEOUT, fetch, is_url
from quotewire.sources.registry import (
    PARSER_ERRORS, Reader, article_suffixes, document_reader_for, readers, stream_reader_for,
)
from quotewire.sources.source import ReadOptions, Source
from quotewire.sources.stdin import open_stdin
from quotewire.sources.text import read_bytes
from quotewire.sources.walk import glob_paths, is_glob, regular_file, walk_files

_SNIFF_BYTES = 4096


def _run(chosen: Reader, source: Source) -> Iterator[Article | Failure]:
    """The reader's output; what it raises ends this input with one Failure, records before it kept."""
    try:
        yield from chosen.read(source)
    except InputError as exc:
        yield exc.failure()
    except PARSER_ERRORS as exc:
        detail = f"cannot be read as {chosen.name} ({one_line(exc, DETAIL)})"
        yield Failure(source.input, "unreadable", f"{source.input}: {detail}")


def _read_source(source: Source, name: str) -> Iterator[Article | Failure]:
    """Pick the reader for ``source`` (``name``: the file name or URL path it goes by) and read it."""
    chosen = stream_reader_for(name)
    if chosen is None:
        try:
            data = source.read()
        except InputError as exc:
            yield exc.failure()
            return
        source = replace(source, data=data, path=None)
        chosen = document_reader_for(data[:_SNIFF_BYTES], source.media, name)
    yield from _run(chosen, source)


def _read_url(url: str, input: str | None = None, *, options: ReadOptions) -> Iterator[Article | Failure]:
    try:
        response = fetch(url, timeout=options.timeout, allow_private=options.allow_private)
    except InputError as exc:  # a feed's linked page is named by its entry, then by its URL
        yield exc.failure() if input is None else Failure(input, exc.reason, f"{input}: {exc.message}")
        return
    source = Source(input or url, options, data=response.body, url=response.url,
                    charset=response.charset, media=response.content_type)
    yield from _read_source(source, urlsplit(response.url).path)


def expand_input(input: str) -> Iterator[str | Failure]:
    """The files an input names: itself, a directory's article files (sorted), a glob's matches.

    Only inside directories and globs are non-regular files refused unopened; a file named
    explicitly is read as given, so ``<(zcat x.gz)`` and ``/dev/stdin`` work.
    """
    if os.path.isdir(input):
        yield from walk_files(input, article_suffixes())
    elif not os.path.lexists(input) and is_glob(input):
        matches = glob_paths(input)
        if not matches:
            raise InputError(input, "no_match", "no files match this pattern")
        seen: set[str] = set()
        for match in matches:  # "a/**" matches a directory and the files in it: each file once
            for item in walk_files(match, article_suffixes()) if os.path.isdir(match) else [regular_file(match)]:
                if isinstance(item, str):
                    if item in seen:
                        continue
                    seen.add(item)
                yield item
    else:
        yield input


def _read_one(input: str, options: ReadOptions) -> Iterator[Article | Failure]:
    if input == "-":
        stdin, jsonl = open_stdin()
        if jsonl:  # streamed: batches are stored while the rest is still arriving
            yield from _run(next(r for r in readers() if r.name == "jsonl"), Source("-", options, stream=stdin))
        else:
            yield from _read_source(Source("-", options, data=read_bytes("-", stdin)), "-")
    elif is_url(input):
        yield from _read_url(input, options=options)
    else:
        for path in expand_input(input):
            if isinstance(path, Failure):
                yield path
            else:
                yield from _read_source(Source(path, options, path=path), path)


def read_inputs(
    inputs: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT, fetch_links: bool = True,
    allow_private: bool = True,
) -> Iterator[Article | Failure]:
    """Articles from every input, in order, with a ``Failure`` in the stream for each bad one.

    Inputs: text/HTML/feed/WARC(.gz)/JSONL files, directories (recursive), globs, http(s) URLs
    of pages or feeds, and ``-`` for stdin. Articles are raw: HTML ones carry ``html`` and an
    empty ``text`` until ``clean_article``. ``timeout`` bounds each URL fetch as a whole (seconds);
    ``fetch_links`` lets a feed's summary-only entries fetch their linked page;
    ``allow_private=False`` refuses URLs (and redirects, and linked pages) on loopback, private,
    link-local or reserved addresses with a ``private_address`` Failure: what a server that fetches
    URLs its clients send must do.
    """
    linked = ReadOptions(timeout, fetch_links=False, allow_private=allow_private)
    options = replace(linked, fetch_links=fetch_links,
                      fetch_page=partial(_read_url, options=linked) if fetch_links else None)
    for input in inputs:
        try:
            yield from _read_one(input, options)
        except InputError as exc:
            yield exc.failure()
