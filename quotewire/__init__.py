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
    "extract_statements": "quotewire.statements",
    "analyze": "quotewire.statements",
    "analyze_many": "quotewire.statements",
    "read_inputs": "quotewire.sources",
    "clean_article": "quotewire.clean",
    "ingest": "quotewire.pipeline",
    "open_store": "quotewire.store",
    "score": "quotewire.scoring",
    "analyze_on_dask": "quotewire.scale",
    "in_scope": "quotewire.scope",
    "scoped": "quotewire.scope",
}

__all__ = ["AnalyzedArticle", "Article", "Failure", "Quote", "Span", "Speaker", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quotewire' has no attribute {name!r}")
