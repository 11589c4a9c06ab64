"""Costs of extraction bounded by construction on hostile input shapes (issue 11).

Each test counts the work a fix bounds (characters handed to the tokenizer, tokens walked,
candidates scanned) rather than timing it, so it cannot flake on a loaded machine; the
before/after seconds are in docs/extraction.md's Speed section.
"""

from __future__ import annotations

import quotewire
from quotewire.extract import parse
from quotewire.extract.parse import MAX_RUN_CHARS, nlp


def _spans(quote):
    return [s for s in (quote.content, quote.cue, quote.speaker_mention) if s is not None]


def test_a_long_run_without_spaces_reaches_the_tokenizer_in_bounded_segments(monkeypatch):
    seen: list[str] = []
    tokenizer = nlp().tokenizer

    def recording(text):
        seen.append(text)
        return tokenizer(text)

    monkeypatch.setattr(nlp(), "tokenizer", recording)
    text = "The harbour reopened. " + ":" * (10 * MAX_RUN_CHARS + 7) + " Boats came back."
    doc = parse._make_doc(text)
    assert doc.text == text
    assert max(len(run) for segment in seen for run in segment.split()) <= MAX_RUN_CHARS
    assert all(doc.text[t.idx:t.idx + len(t.text)] == t.text for t in doc)


def test_text_without_long_runs_is_left_to_the_pipeline_whole():
    text = "Maria Okafor said the harbour would reopen in May."
    assert parse._make_doc(text) == text


def test_a_quote_after_a_long_run_keeps_exact_offsets():
    text = "=" * (5 * MAX_RUN_CHARS) + " Maria Okafor said: “The harbour will reopen in May.”"
    quotes = quotewire.extract_statements(text)
    assert [q.content.text for q in quotes] == ["The harbour will reopen in May."]
    assert all(s.text == text[s.start:s.end] for q in quotes for s in _spans(q))
