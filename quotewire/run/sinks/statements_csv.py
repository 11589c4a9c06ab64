"""Statements CSV: the columns of ``sinks.statement_record``, one row a statement, spans as
``start:end``; chosen for an output path ending in ``.csv`` (``quotewire ingest --out quotes.csv``)."""

from __future__ import annotations

from typing import IO

from quotewire.spreadsheet import csv_writer
from quotewire.models import AnalyzedArticle
from quotewire.run.sinks import STATEMENT_FIELDS, sink, statement_record


@sink("statements-csv", suffixes=(".csv",))
class StatementsCsv:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv_writer(stream, STATEMENT_FIELDS)  # formula-safe cells, a byte-order mark

    def write(self, result: AnalyzedArticle) -> None:
        for quote in result.quotes:
            record = statement_record(result.article, quote)
            self.writer.writerow([f"{v[0]}:{v[1]}" if isinstance(v, list) else v
                                  for v in (record[k] for k in STATEMENT_FIELDS)])

    def close(self) -> None:
        self.stream.flush()
