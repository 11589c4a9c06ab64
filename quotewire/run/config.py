"""One run's settings, whatever schedules it (this process, supervised workers, a Dask cluster) and
wherever it writes (the store, statements JSONL or CSV, gold-format predictions, the terminal)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quotewire.run.workers import Limits
from quotewire.vocabulary import DEFAULT_EXTRACTOR, DEFAULT_SCOPE, SCOPES, Extractor, Scope, known_extractor

STORE_BATCH = 64
"""Articles per store transaction (and per analysis call) in an ingest: big enough for few commits
and for spaCy's batching, small enough that an interruption loses little."""

SPACY_BATCH = 32
"""Texts per spaCy ``nlp.pipe`` batch inside the analysis."""


@dataclass(frozen=True)
class RunConfig:
    """What to extract and keep, and the batch sizes and worker limits of one run.

    ``extractor``: rules or accurate (``vocabulary.Extractor``); ``scope``: which statements
    are kept (``extract.scope``); ``limits``: the analysis workers' number, per-article time budget
    and memory cap (``run.workers.Limits``); ``store_batch``: articles per store transaction;
    ``spacy_batch``: texts per spaCy batch."""

    extractor: Extractor = DEFAULT_EXTRACTOR
    scope: Scope = DEFAULT_SCOPE
    limits: Limits = field(default_factory=Limits)
    store_batch: int = STORE_BATCH
    spacy_batch: int = SPACY_BATCH

    def __post_init__(self) -> None:
        known_extractor(self.extractor)
        if self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r} (expected one of {', '.join(SCOPES)})")
        if self.store_batch < 1 or self.spacy_batch < 1:
            raise ValueError("store_batch and spacy_batch must be at least 1")
