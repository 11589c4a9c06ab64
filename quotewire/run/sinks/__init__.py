"""Where a run writes what it found besides the store: output formats as registered sinks.

Adding a format is one module in this package and one decorator, as for the input readers
(``sources.registry``)::

    @sink("csv", suffixes=(".csv",))
    class StatementsCsv: ...

A sink class is built on an open text stream and gets each analysed article in input order
(``write``), then ``close`` once (the stream itself is the caller's). ``open_sink`` picks the sink
for an output path by its suffix, statements JSONL when none claims it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import IO, Any, Protocol

from quotewire.models import AnalyzedArticle, Article, Quote, Span, quotation_key


class Sink(Protocol):
    def write(self, result: AnalyzedArticle) -> None: ...

    def close(self) -> None: ...


SinkClass = Callable[[IO[str]], Sink]

_SINKS: dict[str, tuple[SinkClass, tuple[str, ...]]] = {}
_loaded = False


def sink(name: str, *, suffixes: tuple[str, ...] = ()) -> Callable[[SinkClass], SinkClass]:
    """Register the decorated class as the sink of format ``name``, chosen for paths ending in ``suffixes``."""

    def register(cls: SinkClass) -> SinkClass:
        if name in _SINKS:
            raise ValueError(f"sink {name!r} is registered twice")
        _SINKS[name] = (cls, tuple(suffixes))
        return cls

    return register


def sinks() -> dict[str, tuple[SinkClass, tuple[str, ...]]]:
    """Every registered sink by name; the modules of this package are imported on first use."""
    global _loaded
    if not _loaded:
        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return dict(_SINKS)


class Collected(list):
    """A sink that keeps the results in memory, in order: for a caller that needs them all (eval's
    scoring, a benchmark)."""

    def write(self, result: AnalyzedArticle) -> None:
        self.append(result)

    def close(self) -> None:
        pass


def sink_for(path: str, stream: IO[str], default: str = "statements") -> Sink:
    """The sink for an output at ``path`` (its suffix decides; ``default`` otherwise), writing to ``stream``."""
    found = sinks()
    for cls, suffixes in found.values():
        if suffixes and path.lower().endswith(suffixes):
            return cls(stream)
    return found[default][0](stream)


STATEMENT_FIELDS = ("article_id", "title", "url", "source", "published", "republisher", "cluster_id", "quotation_id",
                    "type", "content", "content_span", "cue", "cue_span", "cue_lemma", "cue_class", "speaker",
                    "speaker_kind", "speaker_role", "speaker_organisation", "speaker_gender", "mention", "mention_span", "confidence")
"""The keys of ``statement_record``, in order: the columns of a statements table."""


def statement_record(article: Article, quote: Quote) -> dict[str, Any]:
    """One statement with everything a downstream pipeline filters or joins on: a line of
    ``ingest --out``, a row of its CSV."""
    speaker = quote.speaker
    return {
        "article_id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published,
        "republisher": article.republisher,
        "cluster_id": article.cluster_id,
        "quotation_id": quotation_key(quote, article.cluster_id),
        "type": quote.type,
        "content": quote.content.text,
        "content_span": quote.content.as_list(),
        "cue": _text(quote.cue),
        "cue_span": _span(quote.cue),
        "cue_lemma": quote.cue_lemma,
        "cue_class": quote.cue_class,
        "speaker": quote.speaker_name,
        "speaker_kind": speaker.kind if speaker else None,
        "speaker_role": speaker.role if speaker else None,
        "speaker_organisation": speaker.organisation if speaker else None,
        "speaker_gender": quote.speaker_gender,
        "mention": _text(quote.speaker_mention),
        "mention_span": _span(quote.speaker_mention),
        "confidence": quote.confidence,
    }


def _text(span: Span | None) -> str | None:
    return span.text if span else None


def _span(span: Span | None) -> list[int] | None:
    return span.as_list() if span else None
