"""Properties of reading generated files through the sources, cleaning and analysis.

Generated HTML pages, RSS/Atom feeds and JSONL files are written to a temporary folder and read
with ``quotewire.read_inputs`` as ingest reads them: every input ends as articles whose spans lie
in their cleaned text, or as failures of one line naming the input — never a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import strategies
from invariants import read_and_analyze

EXAMPLES = 60


def _written(name: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="qw-prop-"))
    path = folder / name
    path.write_bytes(data)
    return path


@settings(max_examples=EXAMPLES)
@given(page=strategies.html_page(), name=st.sampled_from(("page.html", "page.htm", "page.txt")),
       encoding=st.sampled_from(("utf-8", "utf-16", "cp1252")))
def test_any_html_page_is_articles_or_one_line_failures(page: str, name: str, encoding: str) -> None:
    read_and_analyze(_written(name, page.encode(encoding, "replace")))


@settings(max_examples=EXAMPLES)
@given(doc=strategies.feed(), name=st.sampled_from(("feed.xml", "feed.rss", "feed.atom")))
def test_any_feed_is_articles_or_one_line_failures(doc: str, name: str) -> None:
    done, failures = read_and_analyze(_written(name, doc.encode("utf-8")))
    assert done or failures


@settings(max_examples=EXAMPLES)
@given(lines=st.lists(strategies.jsonl_line(), min_size=1, max_size=6),
       ending=st.sampled_from((b"\n", b"\r\n")))
def test_any_jsonl_file_gives_one_outcome_per_line(lines: list[bytes], ending: bytes) -> None:
    path = _written("records.jsonl", ending.join(lines) + ending)
    done, failures = read_and_analyze(path)
    non_blank = sum(1 for line in lines if line.strip())
    assert len(done) + len(failures) >= non_blank
