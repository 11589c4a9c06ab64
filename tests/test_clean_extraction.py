"""Main-text extraction quality on the shared article-extraction benchmark pages (read at run time)."""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
from pathlib import Path

import pytest

from quotewire.clean.main_text import main_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
AEB = SHARED / "data" / "aeb"
MIN_F1 = 0.970  # docs/ingest-sources.md: 0.977 measured; the target is 0.970


@pytest.mark.slow
def test_f1_on_the_development_pages():
    if not (AEB / "ground-truth.json").exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing at {AEB}")
        pytest.skip("shared data not available")
    spec = importlib.util.spec_from_file_location("score_extraction", SHARED / "tools" / "score_extraction.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    truth = json.loads((AEB / "ground-truth.json").read_text("utf-8"))
    pred = {
        k: {"articleBody": main_text(gzip.decompress((AEB / "html" / f"{k}.html.gz").read_bytes()), v.get("url"))}
        for k, v in truth.items()
    }
    assert scorer.score(truth, pred)["f1"] >= MIN_F1
