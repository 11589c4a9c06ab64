"""How many items reading some inputs will give, when that is cheap to know: for a progress bar.

A JSONL file gives one item per line (an article or the line's failure) and any other
document file one; feeds, WARC files, compressed JSONL, URLs and stdin hold an unknown number, and
then so does the whole run (``None``). Counting reads JSONL bytes and walks directories, no parsing.
"""

from __future__ import annotations

from collections.abc import Iterable

from quotewire.models import Failure
from quotewire.sources.dispatch import expand_input
from quotewire.sources.http import is_url
from quotewire.sources.registry import stream_reader_for

_CHUNK = 1 << 20
_MANY = (".rss", ".atom", ".xml")  # a feed's entries: how many is known only once parsed


def expected_items(inputs: Iterable[str]) -> int | None:
    """The number of items ``read_inputs(inputs)`` will yield, or None when it cannot be told cheaply."""
    total = 0
    for input in inputs:
        if input == "-" or is_url(input):
            return None
        for path in expand_input(input):
            if isinstance(path, Failure):
                total += 1
                continue
            count = _items_in(path)
            if count is None:
                return None
            total += count
    return total


def _items_in(path: str) -> int | None:
    stream = stream_reader_for(path)
    if stream is None:
        return None if path.lower().endswith(_MANY) else 1
    if stream.name != "jsonl" or path.lower().endswith(".gz"):
        return None
    try:
        return _jsonl_lines(path)
    except OSError:
        return 1  # unreadable: its one failure


def _jsonl_lines(path: str) -> int:
    """Lines, counted in binary chunks (a blank line is counted too: the total is an estimate)."""
    count, last = 0, b"\n"
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
