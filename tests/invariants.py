"""What must hold for any input, checked by the property tests and by bench/fuzz.py alike.

For an article text: analysis raises nothing, finishes within a time bound, reports every span
inside the text with exactly ``text[s:e]`` as its text, and gives the same result for the same
input (alone or in a batch). For a file read through the sources: each article or a one-line
failure naming the input, never a traceback.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

from quotewire.errors import InputError
from quotewire.models import AnalyzedArticle, Article, Failure, Quote

SPAN_FIELDS = ("content", "cue", "speaker_mention", "sentence", "addressee")

SECONDS_PER_ARTICLE = 5.0
"""A short generated article takes milliseconds; this bound only catches hangs and blow-ups."""


class CaseTimeout(Exception):
    """A case ran past its time bound (raised inside it by a timer signal)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise ``CaseTimeout`` inside the block once ``seconds`` of wall time have passed.

    A hang detector that works on an endless Python loop (the signal is handled between
    bytecodes), so a hanging case fails instead of stalling the whole run. Main thread only.
    """
    def expire(signum: int, frame: object) -> None:
        raise CaseTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def span_problems(text: str, quotes: list[Quote]) -> list[str]:
    """Every span of every quote that is out of ``text`` or does not carry ``text[s:e]``."""
    problems = []
    for n, quote in enumerate(quotes):
        for name in SPAN_FIELDS:
            span = getattr(quote, name)
            if span is None:
                continue
            if not 0 <= span.start <= span.end <= len(text):
                problems.append(f"quote {n} {name} [{span.start}, {span.end}) outside a text of {len(text)}")
            elif span.text != text[span.start:span.end]:
                problems.append(f"quote {n} {name} text {span.text!r} != text[s:e] {text[span.start:span.end]!r}")
        if quote.content.start == quote.content.end:
            problems.append(f"quote {n} has empty content")
    return problems


def assert_spans_inside(text: str, quotes: list[Quote]) -> None:
    problems = span_problems(text, quotes)
    assert not problems, "; ".join(problems)


def as_data(quotes: list[Quote]) -> list[dict]:
    """Quotes as plain data, for comparing two runs."""
    return [asdict(q) for q in quotes]


def analyze_texts(texts: list[str]) -> list[AnalyzedArticle]:
    """The texts analysed in one batch through the public API, checked as they come back."""
    import quotewire

    articles = [Article(id=str(n), text=text, input=f"generated#{n}") for n, text in enumerate(texts)]
    with time_limit(SECONDS_PER_ARTICLE * len(texts)):
        done = list(quotewire.analyze_many(articles))
    assert len(done) == len(texts)
    for text, result in zip(texts, done):
        assert result.error is None, result.error
        assert_spans_inside(text, result.quotes)
    return done


def analyze_text(text: str, seconds: float = SECONDS_PER_ARTICLE) -> list[Quote]:
    """One text through ``quotewire.extract_statements`` within ``seconds``, its spans checked."""
    import quotewire

    with time_limit(seconds):
        quotes = quotewire.extract_statements(text)
    assert_spans_inside(text, quotes)
    return quotes


def read_and_analyze(path: Path) -> tuple[list[AnalyzedArticle], list[Failure]]:
    """A file through sources, cleaning and analysis, as ingest takes it: results and failures.

    Raises (a traceback) only where the pipeline would; asserts the failures are one line
    naming the input, and the spans of every result lie in its cleaned text.
    """
    import quotewire
    from quotewire.clean import clean_article

    cleaned: list[Article] = []
    failures: list[Failure] = []
    with time_limit(SECONDS_PER_ARTICLE * 4):
        for item in quotewire.read_inputs([str(path)], fetch_links=False):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            try:
                cleaned.append(clean_article(item))
            except InputError as exc:
                failures.append(exc.failure())
        done = list(quotewire.analyze_many(cleaned))
    for failure in failures:
        assert "\n" not in failure.message and str(path) in failure.message, failure.message
    for result in done:
        if result.error is not None:
            failures.append(Failure(str(path), "analysis", result.error))
        assert_spans_inside(result.article.text, result.quotes)
    return done, failures
