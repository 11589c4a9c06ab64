"""Properties of reading generated files through the sources, cleaning and analysis.

Generated HTML pages, RSS/Atom feeds and JSONL files are written to a temporary folder and read
with ``quotewire.read_inputs`` as ingest reads them: every input ends as articles whose spans lie
in their cleaned text, or as failures of one line naming the input — never a traceback.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies
from invariants import read_and_analyze

pytestmark = pytest.mark.filterwarnings("ignore:To avoid breaking existing software:DeprecationWarning")

EXAMPLES = 60


@contextmanager
def _written(name: str, data: bytes) -> Iterator[Path]:
    """``data`` in a file called ``name`` (the name picks the reader), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="qw-prop-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


@settings(max_examples=EXAMPLES)
@given(page=strategies.html_page(), name=st.sampled_from(("page.html", "page.htm", "page.txt")),
       encoding=st.sampled_from(("utf-8", "utf-16", "cp1252")))
def test_any_html_page_is_articles_or_one_line_failures(page: str, name: str, encoding: str) -> None:
    with _written(name, page.encode(encoding, "replace")) as path:
        read_and_analyze(path)


@settings(max_examples=EXAMPLES)
@given(doc=strategies.feed(), name=st.sampled_from(("feed.xml", "feed.rss", "feed.atom")))
def test_any_feed_is_articles_or_one_line_failures(doc: str, name: str) -> None:
    with _written(name, doc.encode("utf-8")) as path:
        done, failures = read_and_analyze(path)
    assert done or failures


@settings(max_examples=EXAMPLES)
@given(data=strategies.jsonl_file())
def test_any_jsonl_file_gives_one_outcome_per_line(data: bytes) -> None:
    with _written("records.jsonl", data) as path:
        done, failures = read_and_analyze(path)
    assert len(done) + len(failures) >= sum(1 for line in data.splitlines() if line.strip())
