"""Run the analysis over documents in the gold format, producing predictions in that same format.

This is what ``quotewire annotate`` and ``quotewire eval`` stand on, and what ``bench/accuracy.py``
measures. A bad line or a document the extractor chokes on is reported through ``on_error`` and
skipped: one broken document must not cost the other nine hundred their predictions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from quotewire.errors import InputError
from quotewire.evaluate.scoring import iter_doc_lines, parse_doc
from quotewire.models import Article
from quotewire.run.config import RunConfig
from quotewire.run.ingest import IngestReport, ingest_articles
from quotewire.run.sinks import Sink
from quotewire.run.stages import FailureSink


def gold_articles(path: str | Path, on_error: FailureSink) -> Iterator[Article]:
    """The documents of a gold-format JSONL file as Articles named ``file:line``.

    Only ``doc_id`` and ``text`` are read, so a gold file can be annotated without peeking at its answers.
    """
    seen: set[str] = set()
    for line, where in iter_doc_lines(path):
        try:
            doc = parse_doc(line, where)
            if doc["doc_id"] in seen:
                raise InputError(where, "duplicate", f"duplicate doc_id {doc['doc_id']!r}")
        except InputError as e:
            on_error(e.failure())
            continue
        seen.add(doc["doc_id"])
        yield Article(id=doc["doc_id"], text=doc["text"], input=where)


def annotate_file(path: str | Path, sinks: Sequence[Sink], on_error: FailureSink,
                  config: RunConfig | None = None) -> IngestReport:
    """Every readable document of a gold-format file through the one run, its texts as given (no
    cleaning, no clustering), each analysed one handed to ``sinks`` (``sinks.predictions.Predictions``
    writes the gold format); a bad line or a failed document is told to ``on_error`` and skipped."""
    return ingest_articles(gold_articles(path, on_error), None, config=config, sinks=sinks, clean_stage=None,
                           place=False, inputs=[str(path)], on_failure=on_error)
