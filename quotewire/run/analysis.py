"""The analysis step of every run: texts too long to parse are refused here, the rest are analysed
in supervised worker processes (``workers``), one result per article, in order, never raising."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

from quotewire.models import AnalyzedArticle, Article
from quotewire.run.config import RunConfig
from quotewire.run.workers import analyze_supervised, failed

MAX_ANALYSIS_CHARS = 1_000_000
"""A longer text is refused before parsing: spaCy's own ``max_length`` default, and some 50 times the
longest news feature (a log, a dump or a book: docs/evaluation.md, "Length limit")."""


def analyze_guarded(articles: Iterable[Article], config: RunConfig | None = None) -> Iterator[AnalyzedArticle]:
    """Every article's analysis by ``config.extractor``, in order, never raising: a text over
    ``MAX_ANALYSIS_CHARS`` is refused unparsed, the rest run under ``workers.analyze_supervised``
    with ``config.limits`` (a failed one comes back with ``error`` and ``error_reason`` set)."""
    config = config or RunConfig()
    order: deque[Article | AnalyzedArticle] = deque()  # input order: an article sent, or a refusal

    def fitting() -> Iterator[Article]:
        for article in articles:
            if len(article.text) > MAX_ANALYSIS_CHARS:
                order.append(_too_long(article))
            else:
                order.append(article)
                yield article

    for result in analyze_supervised(fitting(), config.limits, batch_size=config.spacy_batch,
                                     extractor=config.extractor):
        while isinstance(head := order.popleft(), AnalyzedArticle):
            yield head
        yield result
    yield from order  # type: ignore[misc]  # only refusals are left


def _too_long(article: Article) -> AnalyzedArticle:
    return failed(article, f"too long to analyse ({len(article.text) / 1e6:.1f} million characters; "
                           f"the limit is {MAX_ANALYSIS_CHARS / 1e6:.1f} million)")


def one_child(config: RunConfig | None) -> RunConfig:
    """``config`` with one analysis child: what a Dask worker runs (Dask's workers are the parallelism)."""
    config = config or RunConfig()
    return replace(config, limits=replace(config.limits, workers=1))


def analyze_partition(articles: list[Article], config: RunConfig | None = None) -> list[AnalyzedArticle]:
    """One partition, for a task on a Dask worker: the guarded analysis in the worker's one
    supervised child, kept between tasks (the idle list), so a hung article costs its budget, not
    the Dask worker. The Dask worker must be allowed children (``distributed.worker.daemon: False``)."""
    return list(analyze_guarded(articles, one_child(config)))


__all__ = ["MAX_ANALYSIS_CHARS", "analyze_guarded", "analyze_partition", "one_child"]
