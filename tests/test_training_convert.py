"""PolNeAR's gold spans as the accurate extractor's training labels them (training/convert.py,
training/accurate.py's ``piece_labels``): the same labels in every run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TRAINING = Path(__file__).parent.parent / "training"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TRAINING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


convert = _load("convert")
training = _load("accurate")  # imports no torch at module level

TEXT = "The report said taxes would rise. Officials released the report on Monday."
WORDS = [(0, 3), (4, 10), (11, 15), (16, 21), (22, 27), (28, 32)]  # "The report said taxes would rise"


@pytest.mark.parametrize("source_first", [True, False])
def test_of_two_equal_spans_with_different_labels_the_first_annotated_is_kept(source_first: bool) -> None:
    """"The report" is one attribution's source and another's content: which label the model
    learns must not hang on a set's order (it moved with the string hash seed, and the trained
    model's bytes with it)."""
    as_source = {"speaker": [0, 10], "cue": [11, 15], "content": [16, 32]}
    as_content = {"speaker": [34, 43], "cue": [44, 52], "content": [0, 10]}
    row = {"text": TEXT, "quotes": [as_source, as_content] if source_first else [as_content, as_source]}
    spans = convert.gold_spans(row)
    report = [label for start, end, label in spans if (start, end) == (0, 10)]
    assert report == (["SOURCE", "CONTENT"] if source_first else ["CONTENT", "SOURCE"])
    labels = [training.LABELS[i] for i in training.piece_labels(WORDS, spans)]
    kept = "SOURCE" if source_first else "CONTENT"
    assert labels == [f"B-{kept}", f"I-{kept}", "B-CUE", "B-CONTENT", "I-CONTENT", "I-CONTENT"]


def test_spans_come_longest_first_and_empty_ones_are_left_out() -> None:
    row = {"text": TEXT, "quotes": [{"speaker": [0, 10], "cue": [11, 15], "content": [16, 32]},
                                    {"speaker": [34, 43], "cue": [44, 44], "content": [16, 21]}]}
    assert convert.gold_spans(row) == [(16, 32, "CONTENT"), (0, 10, "SOURCE"), (34, 43, "SOURCE"),
                                       (16, 21, "CONTENT"), (11, 15, "CUE")]
