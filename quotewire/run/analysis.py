"""The analysis step of every run: texts too long to parse are refused here, the rest are analysed
in supervised worker processes (``workers``), one result per article, in order, never raising."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from quotewire.models import AnalyzedArticle, Article
from quotewire.run.workers import Limits, analyze_supervised, failed

MAX_ANALYSIS_CHARS = 1_000_000
"""A longer text is refused before parsing: spaCy's own ``max_length`` default, and some 50 times the
longest news feature. Such a text is a log, a dump or a book: at the 3,600-7,000 words per second
measured by ``bench/throughput.py``, 10 MB (1.7 million words) would hold its batch up for 4-8
minutes, for noise."""

SPACY_BATCH = 32
"""Texts per spaCy ``nlp.pipe`` batch in ``annotate``, ``eval``, ``extract`` and on Dask (the ingest
hands the analysis its store batch instead)."""


def analyze_guarded(articles: Iterable[Article], batch_size: int = SPACY_BATCH,
                    limits: Limits | None = None) -> Iterator[AnalyzedArticle]:
    """Every article's analysis, in order, never raising: a text over ``MAX_ANALYSIS_CHARS`` is
    refused unparsed, the rest run under ``run.workers.analyze_supervised`` (a failed one comes back
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
