"""Statements JSONL: one statement a line (``sinks.statement_record``), the default of ``ingest --out``."""

from __future__ import annotations

import json
from typing import IO

from quotewire.models import AnalyzedArticle
from quotewire.run.sinks import sink, statement_record


@sink("statements", suffixes=(".jsonl", ".ndjson"))
class StatementsJsonl:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, result: AnalyzedArticle) -> None:
        self.stream.writelines(json_line(statement_record(result.article, q)) for q in result.quotes)

    def close(self) -> None:
        self.stream.flush()


def json_line(record: dict) -> str:
    """One JSON line, readable UTF-8; a lone surrogate (JSON input may carry one) becomes its
    ``\\udXXX`` escape instead of failing the write and the run."""
    line = json.dumps(record, ensure_ascii=False) + "\n"
    return line.encode("utf-8", "backslashreplace").decode("utf-8")
