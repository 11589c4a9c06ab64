"""Output files that cannot destroy: written beside their target and renamed into place.

An export (``-o``), ``ingest --out`` or ``--report`` is written to a temporary file in the target's
directory and renamed over the target only once complete, so a failure (a full disk, Ctrl-C, a
damaged database under an export) leaves the old file or none, never a partial one. A target that
is the database (the same file by any path or link, or its -wal, -shm or -journal file) is refused,
and an existing file is replaced only with ``force`` (``--force``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from quotewire.errors import OutputRefused, StorageError

_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def check_target(path: str | Path, *, force: bool = False, databases: Sequence[str | None] = ()) -> Path:
    """``path`` as an output target, or ``OutputRefused`` saying why it may not be written.

    ``databases``: the ``--db`` values in play (paths, URLs, ``None`` for the default), so that an
    output can never be one of their files."""
    target = Path(path).expanduser()
    for db in databases:
        sqlite = _sqlite_file(db)
        if sqlite is not None and _is_database_file(target, sqlite):
            raise OutputRefused(f"{path}: that is the database {sqlite} (or one of its files): "
                                "writing there would destroy it; choose another output file")
    if target.is_dir():
        raise OutputRefused(f"{path}: is a directory; give a file name")
    if target.exists() and not force:
        raise OutputRefused(f"{path}: already exists; add --force to replace it")
    if not target.parent.is_dir():
        raise StorageError(f"{path}: cannot write: no directory {target.parent}")
    return target


@contextmanager
def replacing(path: str | Path, *, force: bool = False, databases: Sequence[str | None] = ()) -> Iterator[Path]:
    """A temporary path to write in full; renamed to ``path`` when the block ends without error,
    removed when it raises. Write errors (full disk, read-only place) are named ``StorageError`` exceptions."""
    from quotewire.store.faults import storage_fault

    target = check_target(path, force=force, databases=databases)
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise storage_fault(e, str(path)) or StorageError(f"{path}: cannot write ({e.strerror})") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _settle(temp, target)
        os.replace(temp, target)
    except OSError as e:
        temp.unlink(missing_ok=True)
        raise storage_fault(e, str(path)) or StorageError(f"{path}: cannot write ({e.strerror or e})") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextmanager
def replacing_text(path: str | Path, *, force: bool = False,
                   databases: Sequence[str | None] = ()) -> Iterator[IO[str]]:
    """``replacing`` as an open UTF-8 text file (no newline translation: CSV writes its own)."""
    with replacing(path, force=force, databases=databases) as temp, \
            temp.open("w", encoding="utf-8", newline="") as f:
        yield f


def _settle(temp: Path, target: Path) -> None:
    """On disk before the rename (so a crash leaves the old file or the new one), with the
    permissions an ordinary write would give: the replaced file's, else 0666 less the umask."""
    with temp.open("rb") as f:
        os.fsync(f.fileno())
    if target.exists():
        mode = target.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temp, mode)


def _sqlite_file(db: str | None) -> Path | None:
    from quotewire.store.engine import database_url

    try:
        url = database_url(db)
    except StorageError:
        return None
    if not url.startswith("sqlite:///"):
        return None
    return Path(url[len("sqlite:///"):]).expanduser()


def _is_database_file(target: Path, database: Path) -> bool:
    resolved = target.resolve()
    base = database.resolve()
    if any(resolved == Path(f"{base}{side}") for side in _SIDE_FILES):
        return True
    try:
        return target.exists() and database.exists() and os.path.samefile(target, database)
    except OSError:
        return False
