"""Run by tests as a separate process: ingest a JSONL file with a regex stand-in for the analyser.

    python tests/concurrent_ingest.py INPUT.jsonl DB_URL REPORT.json

The stand-in credits every ``"...," said First Last`` to First Last, so speakers, quotations and
occurrences are all written, without spaCy (the store's concurrency is what is under test).
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterable, Iterator

from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker
from quotewire.run.config import RunConfig
from quotewire.run.ingest import ingest

SAID = re.compile(r"\"([^\"]+),\" said ([A-Z]\w+ [A-Z]\w+)")
BELIEVES = re.compile(r"([A-Z]\w+ [A-Z]\w+) believes ([^.]+)\.")  # an unquoted belief: out of the speech scope


def analyze(articles: Iterable[Article], *, batch_size: int) -> Iterator[AnalyzedArticle]:
    """``$QUOTEWIRE_TEST_SLOW_ANALYSIS`` seconds per article, so that a test can act mid-run."""
    pause = float(os.environ.get("QUOTEWIRE_TEST_SLOW_ANALYSIS", "0"))
    for a in articles:
        time.sleep(pause)
        yield AnalyzedArticle(a, [
            Quote("direct", Span.of(a.text, m.start(1), m.end(1)), speaker=Speaker(m.group(2)),
                  speaker_mention=Span.of(a.text, m.start(2), m.end(2)), rule="test-said")
            for m in SAID.finditer(a.text)] + [
            Quote("indirect", Span.of(a.text, m.start(2), m.end(2)), speaker=Speaker(m.group(1)),
                  speaker_mention=Span.of(a.text, m.start(1), m.end(1)), cue_class="belief", rule="test-believes")
            for m in BELIEVES.finditer(a.text)])


if __name__ == "__main__":
    path, db, report = sys.argv[1:4]
    ingest([path], db=db, report=report, analyze=analyze, config=RunConfig(store_batch=16))
