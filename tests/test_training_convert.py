"""The PolNeAR conversion behind `make model` (training/convert.py): the same corpus in every run."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest
import spacy

_spec = importlib.util.spec_from_file_location("convert", Path(__file__).parent.parent / "training" / "convert.py")
convert = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(convert)  # type: ignore[union-attr]

TEXT = "The report said taxes would rise. Officials released the report on Monday."


@pytest.mark.parametrize("source_first", [True, False])
def test_of_two_equal_spans_with_different_labels_the_first_annotated_is_kept(source_first: bool) -> None:
    """"The report" is one attribution's source and another's content: which label the model
    learns must not hang on a set's order (it moved with the string hash seed, and the trained
    model's bytes with it)."""
    as_source = {"speaker": [0, 10], "cue": [11, 15], "content": [16, 32]}
    as_content = {"speaker": [34, 43], "cue": [44, 52], "content": [0, 10]}
    row = {"text": TEXT, "quotes": [as_source, as_content] if source_first else [as_content, as_source]}
    counts: Counter[str] = Counter()
    (doc,) = convert.to_docs(spacy.blank("en"), row, counts)
    first = [e.label_ for e in doc.ents if e.text == "The report" and e.start == 0]
    assert first == ["SOURCE" if source_first else "CONTENT"]
    assert counts["overlap_dropped_CONTENT" if source_first else "overlap_dropped_SOURCE"] == 1
