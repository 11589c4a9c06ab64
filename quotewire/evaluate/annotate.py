"""Run the analysis over documents in the gold format, producing predictions in that same format.

This is what ``quotewire annotate`` and ``quotewire eval`` stand on, and what ``bench/accuracy.py``
measures. A bad line or a document the extractor chokes on is reported through ``on_error`` and
skipped: one broken document must not cost the other nine hundred their predictions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from quotewire.errors import InputError
from quotewire.evaluate.scoring import iter_doc_lines, parse_doc
from quotewire.extract.scope import scoped
from quotewire.models import AnalyzedArticle, Article, Failure
from quotewire.run.analysis import SPACY_BATCH, analyze_guarded
from quotewire.run.workers import Limits
from quotewire.vocabulary import DEFAULT_SCOPE, Scope

ErrorSink = Callable[[Failure], None]



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


def analyze_safely(articles: Iterable[Article], on_error: ErrorSink, batch_size: int = SPACY_BATCH,
                   limits: Limits | None = None, scope: Scope = DEFAULT_SCOPE) -> Iterator[AnalyzedArticle]:
    """The articles that were analysed, with their statements in ``scope`` (``quotewire.extract.scope``);
    each failed one is reported through ``on_error`` instead."""
    for result in analyze_guarded(articles, batch_size, limits):
        if result.error:
            on_error(Failure(input=result.article.input or result.article.id,
                             reason=result.error_reason or "analysis", message=result.error))
        else:
            yield scoped(result, scope)


def annotate_file(path: str | Path, on_error: ErrorSink, batch_size: int = SPACY_BATCH,
                  limits: Limits | None = None, scope: Scope = DEFAULT_SCOPE) -> Iterator[dict[str, Any]]:
    """Predictions, in the gold format, for every readable document of a gold-format file."""
    for result in analyze_safely(gold_articles(path, on_error), on_error, batch_size, limits, scope):
        yield prediction(result)
