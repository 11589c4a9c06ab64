"""Shapes of input the property campaign found too costly or failing, each a reproducer of our own.

The nested JSONL line was a traceback (fixed in sources); many short quotes in one paragraph were
cubic and quotes without a word became statements (fixed in extract). Shapes still open are expected
failures (``strict``): each turns into an unexpected pass — a red test — once its cost is linear,
which is the signal to drop the marker. Each bound is several times what a linear pass over the text costs, and far below
what the current code takes (figures: docs/extraction.md, Speed; bench/soak.py ``--shapes``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import quotewire
from invariants import CaseTimeout, time_limit
from quotewire.models import Failure

REDESIGN = "extract/: measured cost superlinear (bench/soak.py --shapes)"


def _analysed_within(text: str, seconds: float) -> None:
    quotewire.extract_statements("Warm up: “Yes,” he said.")  # the model load is no part of the bound
    with time_limit(seconds):
        quotewire.extract_statements(text)


@pytest.mark.slow
def test_many_short_quotes_in_one_paragraph_cost_linear_time() -> None:
    # 39 s before "inside a quote?" became a bisection (bench/soak.py --shapes), ~2 s after
    _analysed_within("“Yes,” he said. " * 800, 15)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=CaseTimeout, reason=f"{REDESIGN}: 10 KB of ':' takes 17 s (spaCy suffix search)")
def test_a_long_punctuation_run_costs_linear_time() -> None:
    _analysed_within(":" * 10_000, 4)


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=CaseTimeout, reason=f"{REDESIGN}: 183 KB on one line takes over a minute (object-phrase walk per cue)")
def test_a_long_single_line_paragraph_costs_linear_time() -> None:
    _analysed_within(" ".join(["the council met on tuesday to discuss the new harbour budget"] * 3000), 20)


def test_a_deeply_nested_jsonl_line_is_one_failure_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "nested.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + '\n{"text": "Maria Okafor said the harbour would reopen on Monday."}\n')
    items = list(quotewire.read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["Failure", "Article"]
    assert isinstance(items[0], Failure) and items[0].message.startswith(f"{path}:1: ")


@pytest.mark.parametrize("text", ["“…,” said Smith.", "“—,” Maria Okafor said.", "“\u200b,” she said."])
def test_a_quote_without_a_word_is_no_statement(text: str) -> None:
    assert all(any(c.isalnum() for c in q.content.text) for q in quotewire.extract_statements(text))
