"""Run the analysis over documents in the gold format, producing predictions in that same format.

This is what ``quotewire annotate`` and ``quotewire eval`` stand on, and what ``bench/accuracy.py``
measures. A bad line or a document the extractor chokes on is reported through ``on_error`` and
skipped: one broken document must not cost the other nine hundred their predictions.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from quotewire.errors import InputError
from quotewire.models import AnalyzedArticle, Article, Failure
from quotewire.scope import DEFAULT_SCOPE, Scope, scoped
from quotewire.scoring import iter_doc_lines, parse_doc
from quotewire.workers import Limits, analyze_supervised, failed

ErrorSink = Callable[[Failure], None]

MAX_ANALYSIS_CHARS = 1_000_000
"""A longer text is refused before parsing: spaCy's own ``max_length`` default, and some 50 times the
longest news feature. Such a text is a log, a dump or a book: at the 3,600-7,000 words per second
measured by ``bench/throughput.py``, 10 MB (1.7 million words) would hold its batch up for 4-8
minutes, for noise."""

DEFAULT_BATCH_SIZE = 32


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


def analyze_guarded(articles: Iterable[Article], batch_size: int = DEFAULT_BATCH_SIZE,
                    limits: Limits | None = None) -> Iterator[AnalyzedArticle]:
    """Every article's analysis, in order, never raising: a text over ``MAX_ANALYSIS_CHARS`` is
    refused unparsed, the rest run under ``workers.analyze_supervised`` (a failed one comes back
    with ``error`` and ``error_reason`` set). What ingest, annotate, eval and extract run."""
    order: deque[Article | AnalyzedArticle] = deque()  # input order: an article sent, or a refusal

    def fitting() -> Iterator[Article]:
        for article in articles:
            if len(article.text) > MAX_ANALYSIS_CHARS:
                order.append(_too_long(article))
            else:
                order.append(article)
                yield article

    for result in analyze_supervised(fitting(), limits, batch_size=batch_size):
        while isinstance(head := order.popleft(), AnalyzedArticle):
            yield head
        yield result
    yield from order  # type: ignore[misc]  # only refusals are left


def _too_long(article: Article) -> AnalyzedArticle:
    return failed(article, f"too long to analyse ({len(article.text) / 1e6:.1f} million characters; "
                           f"the limit is {MAX_ANALYSIS_CHARS / 1e6:.1f} million)")


def analyze_safely(articles: Iterable[Article], on_error: ErrorSink, batch_size: int = DEFAULT_BATCH_SIZE,
                   limits: Limits | None = None, scope: Scope = DEFAULT_SCOPE) -> Iterator[AnalyzedArticle]:
    """The articles that were analysed, with their statements in ``scope`` (``quotewire.scope``);
    each failed one is reported through ``on_error`` instead."""
    for result in analyze_guarded(articles, batch_size, limits):
        if result.error:
            on_error(Failure(input=result.article.input or result.article.id,
                             reason=result.error_reason or "analysis", message=result.error))
        else:
            yield scoped(result, scope)


def annotate_file(path: str | Path, on_error: ErrorSink, batch_size: int = DEFAULT_BATCH_SIZE,
                  limits: Limits | None = None, scope: Scope = DEFAULT_SCOPE) -> Iterator[dict[str, Any]]:
    """Predictions, in the gold format, for every readable document of a gold-format file."""
    for result in analyze_safely(gold_articles(path, on_error), on_error, batch_size, limits, scope):
        yield prediction(result)
