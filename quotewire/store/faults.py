"""Storage faults a user can cause, as the named errors of ``quotewire.errors``.

A driver or the OS reports a full disk, a read-only filesystem or a damaged file in its own words
and types (``sqlite3.DatabaseError``, psycopg's SQLSTATE, ``OSError``); ``storage_fault`` turns each
into one line naming the location and what to do, so no interface shows them as internal errors.
"""

from __future__ import annotations

import errno

from quotewire.errors import DatabaseDamaged, ReadOnlyLocation, StorageError, StorageFull, one_line

_DAMAGED = ("file is not a database", "database disk image is malformed", "malformed database schema")
_FULL = ("database or disk is full", "no space left on device", "could not extend file", "disk full")
_READ_ONLY = ("attempt to write a readonly database", "read-only file system", "readonly database",
              "read-only transaction")
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_fault(error: BaseException, where: str) -> StorageError | None:
    """The named error for ``error`` at ``where`` (a database or an output file), or ``None`` when
    it is no storage fault a user can cause (then it is reported as what it is)."""
    if isinstance(error, OSError) and error.errno is not None:
        detail = error.strerror or str(error)
        if error.errno in _FULL_ERRNOS:
            return full(where, detail)
        if error.errno in _READ_ONLY_ERRNOS:
            return ReadOnlyLocation(f"{where}: cannot write here ({detail}): write to a writable location")
        return None
    orig = getattr(error, "orig", None) or error
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    low = text.lower()
    if any(m in low for m in _DAMAGED):
        return damaged(where, text)
    if any(m in low for m in _FULL) or getattr(orig, "sqlstate", None) == "53100":
        return full(where, text)
    if any(m in low for m in _READ_ONLY) or getattr(orig, "sqlstate", None) == "25006":
        return ReadOnlyLocation(
            f"{where}: read-only location ({one_line(text)}): quotes, speakers, stats, export and serve "
            "(without a token) read it as it is; to ingest, copy the database somewhere writable")
    return None


def damaged(where: str, detail: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"{where}: damaged database ({one_line(detail)}): recover what it holds with "
        f"`sqlite3 {where} .recover | sqlite3 recovered.db` and use recovered.db, or move it aside "
        "and ingest the inputs again")


def full(where: str, detail: str) -> StorageFull:
    return StorageFull(f"{where}: disk full ({one_line(detail)}): free some space and run the same command "
                       "again (what was committed is kept)")
