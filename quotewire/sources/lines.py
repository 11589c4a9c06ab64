"""Lines of a stream with a bound on each: an oversized line is skipped without being held in memory.

``for line in file`` materialises a whole line however long it is: a 30 KB ``.jsonl.gz`` whose one
line inflates to 2 GiB took 4 GB of memory before its size could even be checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

_SKIP_CHUNK = 1 << 16


def bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` for each line (numbered from 1); ``line`` is ``None`` for one over ``limit``
    bytes, which is read past in chunks and never kept."""
    number = 0
    while line := stream.readline(limit + 1):
        number += 1
        if len(line) <= limit or line.endswith(b"\n"):
            yield number, line
            continue
        while (chunk := stream.readline(_SKIP_CHUNK)) and not chunk.endswith(b"\n"):
            pass
        yield number, None
