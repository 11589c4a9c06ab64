"""Loads the analysis on import: the analysis workers' fork server imports this (``quotewire.run.workers``),
so every worker forked from that server starts with spaCy's model and the extractor's tables in
memory, shared copy-on-write, instead of loading its own, for each worker and each replacement."""

from quotewire.extract.statements import analyze
from quotewire.run.workers import WARM_UP

analyze(WARM_UP)  # the first analysis also reads the data files the rules use
