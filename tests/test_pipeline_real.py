"""The whole ingest with the real extractor (spaCy) over the bundled examples, which we wrote:
the aggregator repost joins its story's cluster, and a quote carried by both copies is one quotation
with two occurrences in the store and one ``quotation_id`` in the statements file."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

import quotewire
from quotewire.run.ingest import ingest
from quotewire.store import open_store

EXAMPLES = Path(quotewire.__file__).parent / "examples"


@pytest.mark.slow  # loads the spaCy model when no earlier test did
def test_bundled_examples_end_to_end(tmp_path: Path) -> None:
    db, out = str(tmp_path / "q.db"), tmp_path / "s.jsonl"
    report = ingest([str(EXAMPLES)], db=db, out=str(out))
    assert (report.articles_read, report.near_duplicates, report.new_clusters) == (4, 1, 3)
    assert not report.failures and report.statements > 20

    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == report.statements
    articles_of: dict[str, set[str]] = defaultdict(set)
    cluster_of = {}
    for line in lines:
        articles_of[line["quotation_id"]].add(line["article_id"])
        cluster_of[line["article_id"]] = line["cluster_id"]
    shared = [q for q, ids in articles_of.items() if len(ids) == 2]
    assert len(shared) >= 5  # the strike story's quotes, carried by the original and the repost
    pair = next(ids for ids in articles_of.values() if len(ids) == 2)
    assert len({cluster_of[a] for a in pair}) == 1

    with open_store(db) as store:
        counts = {q["id"]: q["num_occurrences"] for q in store.iter_quotations()}
    assert all(counts[q] == 2 for q in shared)

    again = ingest([str(EXAMPLES)], db=db)
    assert (again.already_ingested, again.statements) == (4, 0)
