"""PolNeAR's gold spans as the accurate extractor's training labels them (``training/accurate.py``).

PolNeAR nests attributions (a content may hold another attribution's source, cue and content); a
word piece takes one label, so the spans are kept longest first and a span touching a piece already
taken is dropped. ``gold_spans`` gives that order, the same in every run. The data is read from
../shared at training time and never written into the repository: PolNeAR's texts may not be
redistributed.
"""

from __future__ import annotations

LABELS = {"speaker": "SOURCE", "cue": "CUE", "content": "CONTENT"}


def record_spans(record: dict) -> list[tuple[int, int, str]]:
    """The (start, end, label) spans of one gold quote record."""
    spans = []
    for key, label in LABELS.items():
        span = record.get(key)
        if span and span[1] > span[0]:
            spans.append((span[0], span[1], label))
    return spans


def gold_spans(row: dict) -> list[tuple[int, int, str]]:
    """The document's distinct gold spans, longest first (``(start, end, label)``): the order in
    which non-overlapping spans are kept, the longest winning."""
    # In annotation order, not a set's: the sort below is stable, so of two equal spans with
    # different labels the first annotated wins in every run (a set's order moved with the
    # string hash seed, and with it one kept span in 60,000 and the trained model's bytes).
    spans = list(dict.fromkeys(s for record in row["quotes"] for s in record_spans(record)))
    return sorted(spans, key=lambda s: (s[0] - s[1], s[0]))
