"""quotewire: who said what in the news.

The library is the product; the CLI, the JSON API and the web UI are thin shells over these
functions. Imports are lazy so that ``import quotewire`` (and ``quotewire --help``) stays fast:
spaCy and trafilatura load only when a function that needs them is called.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from quotewire.models import AnalyzedArticle, Article, Failure, Quote, Span, Speaker

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "extract_statements": "quotewire.extract.statements",
    "analyze": "quotewire.extract.statements",
    "analyze_many": "quotewire.extract.statements",
    "read_inputs": "quotewire.sources",
    "clean_article": "quotewire.clean",
    "ingest": "quotewire.run.ingest",
    "ingest_articles": "quotewire.run.ingest",
    "RunConfig": "quotewire.run.config",
    "open_store": "quotewire.store",
    "score": "quotewire.evaluate.scoring",
    "analyze_on_dask": "quotewire.run.cluster",
    "in_scope": "quotewire.extract.scope",
    "scoped": "quotewire.extract.scope",
}

__all__ = ["AnalyzedArticle", "Article", "Failure", "Quote", "Span", "Speaker", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quotewire' has no attribute {name!r}")
