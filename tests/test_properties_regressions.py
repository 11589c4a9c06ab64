"""Shapes of input the property campaign found too costly or failing, each a reproducer of our own.

The nested JSONL line was a traceback (fixed in sources); many short quotes in one paragraph, a long
punctuation run and a long line without sentence ends were superlinear, and quotes without a word
became statements (fixed in extract). A shape found later that is not fixed yet goes here as a strict
expected failure (``xfail(strict=True)``): it turns red once fixed, the signal to drop the marker.
Each bound is several times what the linear code takes and far below what the old code took (figures:
docs/extraction.md, Speed; bench/soak.py ``--shapes``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import quotewire
from invariants import time_limit
from quotewire.models import Failure

def _analysed_within(text: str, seconds: float) -> None:
    quotewire.extract_statements("Warm up: “Yes,” he said.")  # the model load is no part of the bound
    with time_limit(seconds):
        quotewire.extract_statements(text)


@pytest.mark.slow
def test_many_short_quotes_in_one_paragraph_cost_linear_time() -> None:
    # 39 s before "inside a quote?" became a bisection (bench/soak.py --shapes), ~2 s after
    _analysed_within("“Yes,” he said. " * 800, 15)


@pytest.mark.slow
def test_a_long_punctuation_run_costs_linear_time() -> None:
    # 17 s before long runs were tokenized in segments (spaCy's suffix search is quadratic), ~2 s after
    _analysed_within(":" * 10_000, 10)


@pytest.mark.slow
def test_a_long_single_line_paragraph_costs_linear_time() -> None:
    # over a minute before the object-phrase walk stopped building a token list per cue, ~12 s after
    _analysed_within(" ".join(["the council met on tuesday to discuss the new harbour budget"] * 3000), 45)


def test_a_deeply_nested_jsonl_line_is_one_failure_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + '\n{"text": "Maria Okafor said the harbour would reopen on Monday."}\n')
    items = list(quotewire.read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Failure", "Article"]
    assert isinstance(items[0], Failure) and items[0].message.startswith(f"{path}:1: ")


@pytest.mark.parametrize("text", ["“…,” said Smith.", "“—,” Maria Okafor said.", "“\u200b,” she said."])
def test_a_quote_without_a_word_is_no_statement(text: str) -> None:
    assert all(any(c.isalnum() for c in q.content.text) for q in quotewire.extract_statements(text))
