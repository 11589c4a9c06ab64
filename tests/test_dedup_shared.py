"""Dedup on real news from ../shared (read at run time, never copied): skipped when the shared data is
missing, except under CI=true where that is a failure."""

from __future__ import annotations

import json

from quotewire.dedup import Deduplicator
from quotewire.models import Article
from shared_data import POLNEAR, SEED_TEXT, require


def test_polnear_articles_never_merge_across_outlets() -> None:
    dedup = Deduplicator()
    outlet_of: dict[str, str] = {}
    merged = 0
    for line in require(POLNEAR).read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        outlet_of[doc["doc_id"]] = doc["doc_id"].split("_", 1)[0]
        placed = dedup.place(Article(id=doc["doc_id"], text=doc["text"]))
        if placed.kind != "new":
            merged += 1
            assert outlet_of[placed.article.cluster_id] == outlet_of[doc["doc_id"]]
    assert len(outlet_of) > 900
    assert merged < len(outlet_of) * 0.02  # updated versions of a story, not topic-mates


def test_a_repost_of_the_seed_article_joins_its_cluster() -> None:
    text = require(SEED_TEXT).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    repost = ("Menu | World | Politics\n\n" + "\n\n".join(paragraphs[:-2]).replace("\u201c", '"').replace("\u201d", '"')
              + "\n\nShare this story\nAll rights reserved.")
    dedup = Deduplicator()
    original = dedup.assign(Article(id="seed", text=text))
    placed = dedup.place(Article(id="repost", text=repost))
    assert placed.kind == "near" and placed.article.cluster_id == original.cluster_id
