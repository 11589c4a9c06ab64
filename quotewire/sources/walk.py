"""Directory walks and glob patterns that always end, and never open what is not a regular file.

A walk follows a directory symlink (a corpus may link in another disk) but never into a directory
it has already entered, so links to an ancestor or a sibling cost nothing, and it stops
``MAX_WALK_DEPTH`` levels down. Globs are matched by the same walk (Python's ``glob`` follows
``**`` through symlink loops until the path length runs out, in a number of steps exponential in the
number of links). Inside a directory, an entry that is not a regular file (a FIFO, a socket, a
device) is reported and never opened: opening a FIFO blocks until someone writes to it.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator

from quotewire.models import Failure

MAX_WALK_DEPTH = 64
"""Directories nested deeper than this are not entered (real corpora are a few levels deep)."""

_GLOB_CHARS = frozenset("*?[")
_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))

Visited = set[tuple[int, int]]


def is_glob(value: str) -> bool:
    return bool(_GLOB_CHARS & set(value))


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:  # a broken symlink: left to the reader, which says "no such file"
        return None


def _enter(path: str, st: os.stat_result, visited: Visited) -> bool:
    """Whether to walk into directory ``path``: not when it was entered before by any name."""
    key = (st.st_dev, st.st_ino)
    if key in visited:
        return False
    visited.add(key)
    return True


def _listing(directory: str) -> list[tuple[str, os.stat_result | None]] | Failure:
    """Non-hidden entries of a directory, sorted, with their (symlink-followed) status."""
    try:
        names = sorted(n for n in os.listdir(directory) if not n.startswith("."))
    except OSError as exc:
        return Failure(directory, "unreadable", f"{directory}: cannot list directory ({exc.strerror})")
    return [(os.path.join(directory, n), _stat(os.path.join(directory, n))) for n in names]


def _too_deep(directory: str) -> Failure:
    return Failure(directory, "too_deep", f"{directory}: not entered (over {MAX_WALK_DEPTH} directory levels deep)")


def not_a_file(path: str, st: os.stat_result) -> Failure | None:
    """A one-line Failure for a FIFO, socket or device; ``None`` for a regular file."""
    kind = next((name for test, name in _KINDS if test(st.st_mode)), None)
    return Failure(path, "not_a_file", f"{path}: not a regular file ({kind}); skipped") if kind else None


def regular_file(path: str) -> str | Failure:
    """``path``, or a Failure when it is a FIFO, socket or device (a missing file is the reader's)."""
    st = _stat(path)
    return (st is not None and not_a_file(path, st)) or path


def walk_files(root: str, suffixes: tuple[str, ...]) -> Iterator[str | Failure]:
    """Files below ``root`` named with one of ``suffixes``: each directory's files (sorted), then
    its subdirectories; a non-regular file or a directory that cannot be read is a Failure."""
    visited: Visited = set()
    root_st = _stat(root)
    if root_st is not None:
        _enter(root, root_st, visited)
    stack = [(root, 0)]
    while stack:
        directory, depth = stack.pop()
        listing = _listing(directory)
        if isinstance(listing, Failure):
            yield listing
            continue
        subdirs = []
        for path, st in listing:
            if st is not None and stat.S_ISDIR(st.st_mode):
                if depth + 1 > MAX_WALK_DEPTH:
                    yield _too_deep(path)
                elif _enter(path, st, visited):
                    subdirs.append((path, depth + 1))
            elif path.lower().endswith(suffixes):
                yield (st is not None and not_a_file(path, st)) or path
        stack.extend(reversed(subdirs))


def _glob_walk(directory: str, parts: list[str], visited: Visited, depth: int) -> Iterator[str]:
    """Paths under ``directory`` matching the pattern components ``parts`` (``**``: any depth)."""
    part, rest = parts[0], parts[1:]
    if part == "**":
        if not rest:  # "dir/**" is everything below dir: the directory itself, walked by the caller
            yield directory
            return
        yield from _glob_walk(directory, rest, visited, depth)
    listing = _listing(directory) if (part == "**" or is_glob(part)) else [
        (os.path.join(directory, part), _stat(os.path.join(directory, part)))
    ]
    if isinstance(listing, Failure) or depth >= MAX_WALK_DEPTH:
        return
    for path, st in listing:
        is_dir = st is not None and stat.S_ISDIR(st.st_mode)
        if part == "**":
            if is_dir and _enter(path, st, visited):
                yield from _glob_walk(path, parts, visited, depth + 1)
        elif fnmatch.fnmatchcase(os.path.basename(path), part) and (st is not None or os.path.lexists(path)):
            if not rest:
                yield path
            elif is_dir:
                yield from _glob_walk(path, rest, visited, depth + 1)


def glob_paths(pattern: str) -> list[str]:
    """Sorted matches of a glob pattern (``**`` recursive, hidden names only when spelled out),
    spelled as Python's ``glob`` spells them."""
    parts = [p for p in pattern.split("/") if p and p != "."]
    head = "/" if pattern.startswith("/") else ""
    while len(parts) > 1 and not is_glob(parts[0]) and parts[0] != "**":
        head, parts = os.path.join(head, parts[0]), parts[1:]
    if not parts:
        return [pattern]
    matches = _glob_walk(head or ".", parts, set(), 0)
    if not head:  # walked from "."; spelled relative, as the pattern was
        prefix = "./" if pattern.startswith("./") else ""
        matches = (prefix + m.removeprefix("./") for m in matches)
    return sorted(set(matches))
