"""Statements CSV: the columns of ``sinks.statement_record``, one row a statement, spans as
``start:end``; chosen for an output path ending in ``.csv`` (``quotewire ingest --out quotes.csv``)."""

from __future__ import annotations

import csv
from typing import IO

from quotewire.models import AnalyzedArticle
from quotewire.run.sinks import STATEMENT_FIELDS, sink, statement_record


@sink("statements-csv", suffixes=(".csv",))
class StatementsCsv:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=STATEMENT_FIELDS, lineterminator="\n")
        self.writer.writeheader()

    def write(self, result: AnalyzedArticle) -> None:
        for quote in result.quotes:
            record = statement_record(result.article, quote)
            self.writer.writerow({k: f"{v[0]}:{v[1]}" if isinstance(v, list) else v for k, v in record.items()})

    def close(self) -> None:
        self.stream.flush()
