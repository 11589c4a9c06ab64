"""Gold-format predictions: one line per document, ``{"doc_id", "text", "quotes"}``, what
``quotewire annotate`` writes and ``quotewire eval`` and shared/tools/score_quotes.py score."""

from __future__ import annotations

import json
from typing import IO, Any

from quotewire.models import AnalyzedArticle
from quotewire.run.sinks import sink


def prediction(result: AnalyzedArticle) -> dict[str, Any]:
    """One analysed article as a line of the gold/prediction format."""
    return {
        "doc_id": result.article.id,
        "text": result.article.text,
        "quotes": [q.to_gold() for q in result.quotes],
    }


@sink("predictions")
class Predictions:
    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, result: AnalyzedArticle) -> None:
        self.stream.write(json.dumps(prediction(result), ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.stream.flush()
