"""Run the analysis over documents in the gold format, producing predictions in that same format.

This is what ``quotewire annotate`` and ``quotewire eval`` stand on, and what ``bench/accuracy.py``
measures. A bad line or a document the extractor chokes on is reported through ``on_error`` and
skipped: one broken document must not cost the other nine hundred their predictions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from quotewire.errors import InputError
from quotewire.models import AnalyzedArticle, Article, Failure
from quotewire.scoring import iter_doc_lines, parse_doc

ErrorSink = Callable[[Failure], None]

MAX_DETAIL_CHARS = 200
MAX_ANALYSIS_CHARS = 1_000_000
"""A longer text is refused before parsing: spaCy's own ``max_length`` default, and some 50 times the
longest news feature. Such a text is a log, a dump or a book: at the 3,600-7,000 words per second
measured by ``bench/throughput.py``, 10 MB (1.7 million words) would hold its batch up for 4-8
minutes, for noise."""

DEFAULT_BATCH_SIZE = 32
CHUNK_BATCHES = 4
"""Articles are handed to ``analyze_many`` this many batches at a time, so that an unexpected crash
loses at most one chunk's batching, never the run (see ``_analyze_chunk``)."""


def gold_articles(path: str | Path, on_error: ErrorSink) -> Iterator[Article]:
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


def prediction(result: AnalyzedArticle) -> dict[str, Any]:
    """One analysed article as a line of the gold/prediction format."""
    return {
        "doc_id": result.article.id,
        "text": result.article.text,
        "quotes": [q.to_gold() for q in result.quotes],
    }


def _failed(article: Article, detail: str) -> AnalyzedArticle:
    """A failed result whose message is one short line, whatever the exception's text looked like."""
    detail = " ".join(detail.split())
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[: MAX_DETAIL_CHARS - 1] + "…"
    return AnalyzedArticle(article, error=f"{article.input or article.id}: {detail}")


def _analyze_one(article: Article) -> AnalyzedArticle:
    """The fallback for a chunk that crashed: find which article did it, keep the rest."""
    from quotewire.statements import analyze

    try:
        return analyze(article)
    except InputError as e:
        return _failed(article, e.detail)
    except Exception as e:  # noqa: BLE001 - an extractor bug must cost one document, not the batch
        return _failed(article, f"analysis failed ({type(e).__name__}: {e})")


def _analyze_chunk(chunk: list[Article], batch_size: int) -> list[AnalyzedArticle]:
    from quotewire.statements import analyze_many

    try:
        return list(analyze_many(chunk, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - retried one by one to isolate the document at fault
        return [_analyze_one(a) for a in chunk]


def analyze_guarded(articles: Iterable[Article], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[AnalyzedArticle]:
    """``analyze_many`` that never raises: every article comes back, a failed one with ``error`` set.

    This is what runs on Dask workers too (``quotewire.scale``), where an exception would cost a
    whole partition.
    """
    it = iter(articles)
    while chunk := list(islice(it, batch_size * CHUNK_BATCHES)):
        fits = [a for a in chunk if len(a.text) <= MAX_ANALYSIS_CHARS]
        results = iter(_analyze_chunk(fits, batch_size) if fits else [])
        for article in chunk:
            yield next(results) if len(article.text) <= MAX_ANALYSIS_CHARS else _too_long(article)


def _too_long(article: Article) -> AnalyzedArticle:
    return _failed(article, f"too long to analyse ({len(article.text) / 1e6:.1f} million characters; "
                            f"the limit is {MAX_ANALYSIS_CHARS / 1e6:.1f} million)")


def analyze_safely(articles: Iterable[Article], on_error: ErrorSink,
                   batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[AnalyzedArticle]:
    """The articles that were analysed; each failed one is reported through ``on_error`` instead."""
    for result in analyze_guarded(articles, batch_size):
        if result.error:
            on_error(Failure(input=result.article.input or result.article.id, reason="analysis",
                             message=result.error))
        else:
            yield result


def annotate_file(path: str | Path, on_error: ErrorSink,
                  batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[dict[str, Any]]:
    """Predictions, in the gold format, for every readable document of a gold-format file."""
    for result in analyze_safely(gold_articles(path, on_error), on_error, batch_size):
        yield prediction(result)
