"""Where the shared corpora live, and the one rule for tests that need them.

Third-party text is never copied into the repository: tests read it from ../shared at run time.
Without it they skip on a developer's machine, but fail under CI=true, where CI must score them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_TEXT = SHARED / "examples" / "nato-rutte-syndicated.txt"
SEED_GOLD = SHARED / "examples" / "nato-rutte-syndicated.gold.jsonl"
POLNEAR = SHARED / "data" / "polnear" / "dev.jsonl"


def require(path: Path) -> Path:
    """``path`` if it exists; otherwise skip the test, or fail it under CI=true."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"shared data missing at {path} (required under CI=true)")
        pytest.skip(f"shared data not available: {path}")
    return path
