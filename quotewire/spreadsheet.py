"""CSV for spreadsheets: a UTF-8 byte-order mark (so curly quotes are not garbled) and cells that
cannot start a formula. Every CSV quotewire writes (exports, report tables, ``ingest --out x.csv``)
goes through ``csv_writer``."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a string starting with = + - @ tab or CR gets a leading
    apostrophe (OWASP's advice against formula and DDE injection); numbers and None pass."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _SafeWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(v) for v in row])


def csv_writer(out: IO[str], header: Sequence[str], bom: bool = True) -> _SafeWriter:
    """A CSV writer for ``out`` with the header written (after a byte-order mark when ``bom``)."""
    if bom:
        out.write(BOM)
    writer = _SafeWriter(out)
    writer.writerow(header)
    return writer
