"""The run's options, one definition for ``ingest``, ``annotate`` and ``eval`` (``--extractor`` and
``--scope`` for ``extract`` too), and the ``RunConfig`` they make."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from quotewire.run.config import RunConfig
from quotewire.run.workers import DEFAULT_ARTICLE_TIMEOUT, DEFAULT_WORKER_MEMORY, Limits, default_workers
from quotewire.vocabulary import EXTRACTORS, Extractor, Scope, known_extractor

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_memory(text: str) -> int | None:
    """``2G``, ``1500M``, ``2GiB`` or plain bytes; ``0`` or ``none``: no cap."""
    if text.strip().lower() in ("0", "none"):
        return None
    m = _SIZE.fullmatch(text.strip())
    if m is None:
        raise typer.BadParameter(f"expected a size like 2G or 1500M, got {text!r}")
    return int(float(m[1]) * _UNITS[m[2].upper()])


Workers = Annotated[int | None, typer.Option(
    "--workers", min=1, show_default=False,
    help=f"Analysis worker processes (default: one per CPU, here {default_workers()}; a second starts "
         "only when there is enough text for it).")]
ArticleTimeout = Annotated[float, typer.Option(
    "--article-timeout", min=0.001, metavar="SECONDS",
    help="Seconds one article may take; an article over it fails alone ('timeout') and the run goes on.")]
WorkerMemory = Annotated[str, typer.Option(
    "--worker-memory", metavar="SIZE",
    help="Address-space cap per worker (e.g. 2G; 0: none); an article over it fails alone ('memory').")]


def parse_extractor(text: str) -> str:
    """An extractor's name, any case; a retired or unknown one is a usage error saying why."""
    try:
        return known_extractor(text.lower())
    except ValueError as e:
        raise typer.BadParameter(str(e)) from None


ExtractorChoice = Annotated[Extractor, typer.Option(
    "--extractor", parser=parse_extractor, metavar="[" + "|".join(EXTRACTORS) + "]",
    help="`rules` (hand-written, fast) or `accurate` (the rules with a fine-tuned transformer: "
         "slower, more exact); see docs/extraction.md.")]

DEFAULT_MEMORY_OPTION = f"{DEFAULT_WORKER_MEMORY // 1024**3}G"
DEFAULT_TIMEOUT_OPTION = DEFAULT_ARTICLE_TIMEOUT


def run_config(extractor: Extractor, scope: Scope, workers: int | None = None,
               article_timeout: float = DEFAULT_ARTICLE_TIMEOUT, worker_memory: str = DEFAULT_MEMORY_OPTION,
               **batches: int) -> RunConfig:
    """The options as one ``RunConfig`` (``batches``: ``store_batch``, ``spacy_batch``)."""
    limits = Limits(workers=workers or default_workers(), article_timeout=article_timeout,
                    worker_memory=parse_memory(worker_memory))
    return RunConfig(extractor=extractor, scope=scope, limits=limits, **batches)
