"""Main-text extraction: quotewire's cleaner beside trafilatura's defaults, same pages, same scorer.

Reads the article-extraction benchmark pages shipped in ../shared/data/aeb (``html/<id>.html.gz``
and ``ground-truth.json``), extracts each page's body with ``quotewire.clean.main_text`` and with
``trafilatura.extract`` at its defaults, scores both with ../shared/tools/score_extraction.py and
prints precision, recall, F1 and pages per CPU-second side by side. CPU time of this process is
what is timed (one core), so other jobs on the machine disturb the ratio less than wall time.

    .venv/bin/python bench/extraction.py
    .venv/bin/python bench/extraction.py --repeat 3 --out /tmp/ours.json   # best of 3; our predictions
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(extract: Callable[[bytes, str | None], str], pages: dict, urls: dict, repeat: int) -> tuple[dict, float]:
    """Predictions and pages per CPU-second (best of ``repeat`` runs)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        pred = {k: {"articleBody": extract(html, urls[k]) or ""} for k, html in pages.items()}
        best = min(best, time.process_time() - started)
    return pred, len(pages) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aeb", type=Path, default=SHARED / "data" / "aeb")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write our predictions here (score_extraction.py format)")
    args = parser.parse_args()
    if not (args.aeb / "ground-truth.json").exists():
        print(f"benchmark data not found in {args.aeb}", file=sys.stderr)
        return 1
    logging.disable(logging.WARNING)  # trafilatura warns on every page it finds little in

    import trafilatura

    from quotewire.clean.main_text import main_text

    scorer = load_scorer(args.scorer)
    truth = json.loads((args.aeb / "ground-truth.json").read_text("utf-8"))
    pages = {k: gzip.decompress((args.aeb / "html" / f"{k}.html.gz").read_bytes()) for k in truth}
    urls = {k: v.get("url") for k, v in truth.items()}
    systems = {
        "quotewire main_text": main_text,
        "trafilatura 2.3.1 default": lambda html, url: trafilatura.extract(html, url=url),
    }
    print(f"{len(pages)} pages from {args.aeb}")
    print(f"{'system':28s} {'precision':>9s} {'recall':>7s} {'F1':>7s} {'pages/s':>8s}")
    rates = {}
    for name, extract in systems.items():
        pred, rates[name] = timed(extract, pages, urls, args.repeat)
        r = scorer.score(truth, pred)
        print(f"{name:28s} {r['precision']:9.3f} {r['recall']:7.3f} {r['f1']:7.4f} {rates[name]:8.1f}")
        if args.out and name.startswith("quotewire"):
            args.out.write_text(json.dumps(pred, ensure_ascii=False), "utf-8")
    ours, theirs = rates.values()
    print(f"speed ratio quotewire/trafilatura default: {ours / theirs:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
