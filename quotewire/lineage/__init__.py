"""Quote lineage: the wordings of one quote across articles, and how each differs from the first.

Pure logic on words, no database: ``words`` (the tokens compared), ``align`` (a claimed wording
against an attested one, with each change named), ``link`` (whether two stored wordings are one
quote), ``judge`` (a verdict for claimed words against the original) and ``fingerprints`` (the
winnowed word-shingle hashes the store indexes to find candidates). The store keeps lineages up
to date (``store/lineages.py``) and answers "did X say Y" (``store/lineage_views.verify``).
Thresholds and how they were chosen: docs/lineage.md.
"""

from quotewire.lineage.align import (ALTERED_MIN, LINK_MIN, MIN_SHARED, VERDICTS, Alignment, Change, align, judge,
                                     link, marked, words)
from quotewire.lineage.prints import MIN_WORDS, fingerprints, query_prints

__all__ = ["ALTERED_MIN", "LINK_MIN", "MIN_SHARED", "MIN_WORDS", "VERDICTS", "Alignment", "Change", "align",
           "fingerprints", "judge", "link", "marked", "query_prints", "words"]
