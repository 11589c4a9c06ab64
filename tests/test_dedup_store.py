"""The story index kept in the store: same clusters as in memory, names independent of arrival order."""

from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import analyzed
from test_dedup import BODY, HEADLINE, PARAGRAPHS, SAME_TOPIC, _article, _variants

from quotewire.dedup import REDUNDANT, Deduplicator
from quotewire.models import AnalyzedArticle, Quote, Span
from quotewire.store import open_store
from quotewire.run.config import RunConfig
from quotewire.store.writer import cluster_names


def _clusters(dedup: Deduplicator, texts: list[str], ids: list[str]) -> list[str]:
    articles = [replace(_article(0, t), id=i) for t, i in zip(texts, ids, strict=True)]
    return [p.article.cluster_id for p in dedup.place_many(articles)]


def _partition(names: list[str]) -> list[set[int]]:
    groups: dict[str, set[int]] = {}
    for i, name in enumerate(names):
        groups.setdefault(name, set()).add(i)
    return sorted(groups.values(), key=min)


def test_the_store_index_groups_articles_as_the_memory_index_does(store) -> None:  # type: ignore[no-untyped-def]
    texts = [BODY, *_variants(), *SAME_TOPIC]
    ids = [f"x{i:02d}" for i in range(len(texts))]
    in_memory = _clusters(Deduplicator(), texts, ids)
    in_store = _clusters(Deduplicator(index=store.story_index()), texts, ids)
    assert _partition(in_store) == _partition(in_memory)
    assert len(set(in_store)) == 1 + len(SAME_TOPIC)


def test_a_cluster_is_named_after_its_smallest_article_id_whatever_the_order(db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    copies = [BODY, *_variants()[:4]]
    ids = ["m3", "b7", "q1", "a5", "k0"]
    with open_store(db_url) as store:
        forward = _clusters(Deduplicator(index=store.story_index()), copies, ids)
    assert set(forward) == {"a5"}  # one batch: every member gets the name the batch ends with
    with open_store(str(tmp_path / "other.db")) as other:
        dedup = Deduplicator(index=other.story_index())
        hashes = [p.article.content_hash for t, i in reversed(list(zip(copies, ids)))
                  for p in dedup.place_many([replace(_article(0, t), id=i)])]
        with other.engine.connect() as conn:
            assert set(cluster_names(conn, hashes).values()) == {"a5"}  # one at a time, in reverse order


def test_a_smaller_id_joining_later_renames_the_stored_cluster_and_its_short_quotations(store) -> None:  # type: ignore[no-untyped-def]
    dedup = Deduplicator(index=store.story_index())
    late = _variants()[1] + '\n\nAsked about the cost, Varnam said "Not now."'
    first = dedup.place(replace(_article(0, late), id="zz-first")).article
    text = first.text
    start = text.index("Not now.")
    short = Quote("direct", Span.of(text, start, start + len("Not now.")))
    store.save_batch([AnalyzedArticle(first, [short])])
    before = store.article("zz-first")
    assert before is not None and before["cluster_id"] == "zz-first"

    joined = dedup.place(replace(_article(0, BODY), id="aa-later")).article
    assert joined.cluster_id == "aa-later"
    after = store.article("zz-first")
    assert after is not None and after["cluster_id"] == "aa-later"
    assert store.cluster("zz-first") is None and store.cluster("aa-later") is not None
    [quotation] = list(store.iter_quotations())
    assert quotation["id"] == after["statements"][0]["quotation_id"] != before["statements"][0]["quotation_id"]


def test_a_later_run_continues_the_index_and_articles_are_stored_under_the_current_name(db_url) -> None:  # type: ignore[no-untyped-def]
    with open_store(db_url) as store:
        placed = Deduplicator(index=store.story_index()).place(replace(_article(0, BODY), id="n5")).article
    with open_store(db_url) as again:  # a new process: nothing loaded, the index is in the database
        dedup = Deduplicator(index=again.story_index())
        copy = dedup.place(replace(_article(0, _variants()[0]), id="n2"))
        assert copy.kind == "near" and copy.article.cluster_id == "n2"
        again.save_batch([analyzed(placed.text, id="n5", content_hash=placed.content_hash, cluster_id="n5")])
        stored = again.article("n5")
        assert stored is not None and stored["cluster_id"] == "n2"  # renamed by the copy placed before it was saved
        assert dedup.place(placed).kind == "known"


def test_migrating_an_older_database_indexes_its_stored_signatures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa
    from alembic import command

    from rensa import RMinHash

    from quotewire.dedup import content_hash
    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    before = RMinHash(128, 1)  # what articles carried before 0006: rensa's own serialisation
    before.update(["millbrook approves tram line"])

    engine = create_engine(database_url(str(tmp_path / "old.db")))
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0003")
        conn.execute(sa.text("INSERT INTO clusters (id, title, first_seen) VALUES ('old-cluster', 't', '2026-01-05')"))
        conn.execute(sa.text(
            "INSERT INTO articles (id, cluster_id, published, date, text, content_hash, minhash, ingested_at) "
            "VALUES ('zz-old', 'old-cluster', NULL, '2026-01-05', :text, :chash, :minhash, '2026-01-05T10:00:00')"),
            {"text": BODY, "chash": content_hash(BODY), "minhash": before.__getstate__()})
    migrate(engine)
    engine.dispose()
    with open_store(str(tmp_path / "old.db")) as store:
        copy = Deduplicator(index=store.story_index()).place(replace(_article(0, _variants()[2]), id="zz-new"))
        assert (copy.kind, copy.article.cluster_id) == ("near", "old-cluster")  # old names are kept
        old = store.article("zz-old")
        assert old is not None and old["date"] is None  # its date was the ingest day, not a publication day
        assert store.cluster("old-cluster")["first_seen"] is None


def test_migration_0006_fingerprints_an_indexed_database_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa
    from alembic import command

    from quotewire.dedup import content_hash, signature_id
    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    engine = create_engine(database_url(str(tmp_path / "at-0004.db")))
    config = _alembic_config()
    sid = signature_id(content_hash(BODY))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(sa.text("INSERT INTO clusters (id) VALUES ('b1')"))
        conn.execute(sa.text("INSERT INTO articles (id, cluster_id, text, content_hash, ingested_at) "
                             "VALUES ('b1', 'b1', :text, :chash, '2026-01-05T10:00:00')"),
                     {"text": BODY, "chash": content_hash(BODY)})
        conn.execute(sa.text("INSERT INTO story_clusters (key, name) VALUES (:k, 'b1')"), {"k": sid})
        conn.execute(sa.text("INSERT INTO story_signatures (id, cluster_key, digest) VALUES (:k, :k, :d)"),
                     {"k": sid, "d": bytes(512)})  # a digest and bands from the old hashing
        conn.execute(sa.text("INSERT INTO story_bands (band, signature_id) VALUES (12345, :k)"), {"k": sid})
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM story_bands WHERE band = 12345")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM story_bands")).scalar() == 32
    engine.dispose()
    with open_store(str(tmp_path / "at-0004.db")) as store:
        copy = Deduplicator(index=store.story_index()).place(replace(_article(0, _variants()[0]), id="c9"))
        assert (copy.kind, copy.article.cluster_id) == ("near", "b1")


def _mixed() -> tuple[list[str], list[str]]:
    """Copies of one story, same-topic stories and an exact copy, under ids out of order."""
    texts = [SAME_TOPIC[0], *_variants()[:5], BODY, SAME_TOPIC[1], _variants()[5], BODY, *SAME_TOPIC[2:5]]
    ids = [f"p{(7 * i) % len(texts):02d}" for i in range(len(texts))]
    return texts, ids


def _index_rows(store) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        return tuple(conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()  # type: ignore[return-value]
                     for t in ("story_clusters", "story_signatures", "story_bands"))


def test_placing_a_batch_gives_the_clusters_of_placing_one_article_at_a_time(db_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    texts, ids = _mixed()
    articles = [replace(_article(0, t), id=i) for t, i in zip(texts, ids, strict=True)]
    with open_store(db_url) as store:
        batched = Deduplicator(index=store.story_index())
        together = batched.place_many(articles)
    with open_store(str(tmp_path / "one-by-one.db")) as other:
        single = Deduplicator(index=other.story_index())
        alone = [single.place(a) for a in articles]
        with other.engine.connect() as conn:  # names now, after every rename
            names = cluster_names(conn, [p.article.content_hash for p in alone])
    assert [p.kind for p in together] == [p.kind for p in alone]
    assert [p.kind for p in alone].count("exact") == 3 and [p.kind for p in alone].count("new") == 6
    assert [p.article.cluster_id for p in together] == [names[p.article.content_hash] for p in alone]
    assert batched.stats == single.stats
    in_memory = Deduplicator().place_many(articles)
    assert _partition([p.article.cluster_id for p in together]) == _partition([p.article.cluster_id for p in in_memory])


def test_placing_the_same_batch_again_adds_nothing_and_keeps_the_names(store) -> None:  # type: ignore[no-untyped-def]
    texts, ids = _mixed()
    articles = [replace(_article(0, t), id=i) for t, i in zip(texts, ids, strict=True)]
    dedup = Deduplicator(index=store.story_index())
    first = [p.article.cluster_id for p in dedup.place_many(articles)]
    rows = _index_rows(store)
    again = dedup.place_many(articles)
    assert [p.article.cluster_id for p in again] == first
    assert {p.kind for p in again} == {"exact"}  # not saved, so not known: but already indexed
    assert _index_rows(store) == rows
    store.save_batch([AnalyzedArticle(p.article) for p in again], None)
    assert {p.kind for p in dedup.place_many(articles)} == {"known"}
    assert _index_rows(store) == rows


def test_an_ingest_clusters_alike_whatever_its_batch_size(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from quotewire.run.ingest import ingest_articles

    texts, ids = _mixed()
    articles = [replace(_article(0, t), id=i) for t, i in zip(texts, ids, strict=True)]
    stored = []
    for size in (1, 4, 64):
        with open_store(str(tmp_path / f"b{size}.db")) as store:
            report = ingest_articles(list(articles), store, config=RunConfig(store_batch=size),
                                     analyze=lambda batch, batch_size: [AnalyzedArticle(a) for a in batch])
            assert report.duplicates_merged == 7 and report.new_clusters == 6
            stored.append({i: store.article(i)["cluster_id"] for i in ids})
    assert stored[0] == stored[1] == stored[2]


def test_recent_band_rows_merged_into_the_band_table_find_the_same_clusters(db_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from quotewire.store import story_index

    monkeypatch.setattr(story_index, "MERGE_ROWS", 100)  # a merge every third or fourth text
    texts, ids = _mixed()
    articles = [replace(_article(0, t), id=i) for t, i in zip(texts, ids, strict=True)]
    with open_store(db_url) as store:
        dedup = Deduplicator(index=store.story_index())
        hashes = [p.article.content_hash for a in articles for p in dedup.place_many([a])]
        with store.engine.connect() as conn:
            names = cluster_names(conn, hashes)
            merged = [names[h] for h in hashes]
            recent = conn.execute(sa.text("SELECT count(*) FROM story_bands_recent")).scalar()
            main = conn.execute(sa.text("SELECT count(*) FROM story_bands")).scalar()
    assert 0 < main and recent < 100 and (main + recent) % 32 == 0
    in_memory = Deduplicator().place_many(articles)
    assert _partition(merged) == _partition([p.article.cluster_id for p in in_memory])


UPDATES = [  # what the tram story adds as it develops
    "On Wednesday the council published the route map, which moves two stops closer to the "
    "market hall after complaints from traders that the first plan ignored the town centre.",
    "The transport committee will meet again in March to choose the company that builds the "
    "depot, and Varnam said the tender would be open to firms from the whole region.",
    "By Friday more than 2,000 people had commented on the map online, most of them asking for "
    "a stop at the swimming baths, which the council said it would consider.",
]
DRIFT = [  # each version keeps part of the one before and adds to it
    "\n\n".join(PARAGRAPHS),
    "\n\n".join(PARAGRAPHS[1:] + UPDATES[:2]),
    "\n\n".join(PARAGRAPHS[4:] + UPDATES),
]


def _band_rows(store) -> int:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from quotewire.store.schema import story_bands, story_bands_recent

    with store.engine.connect() as conn:
        return sum(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar() for t in (story_bands, story_bands_recent))


def test_a_near_identical_copy_adds_no_band_rows_and_its_copies_still_join(store) -> None:  # type: ignore[no-untyped-def]
    dedup = Deduplicator(index=store.story_index())
    original = dedup.place_many([_article(0, BODY)])[0].article
    indexed = _band_rows(store)
    copy = dedup.place_many([_article(1, f"{BODY}\n\nThe post {HEADLINE} appeared first on Valley Wire.")])[0]
    assert copy.kind == "near" and copy.similarity >= REDUNDANT
    assert _band_rows(store) == indexed  # its signature is kept, its bands are its match's
    again = dedup.place_many([_article(2, f"{BODY}\n\nThe post {HEADLINE} appeared first on Valley Wire.")])[0]
    assert again.kind == "exact" and again.article.cluster_id == copy.article.cluster_id == original.cluster_id


@pytest.mark.parametrize("batch", [1, 3])
def test_a_developing_story_joins_through_its_drifted_versions(store, batch: int) -> None:  # type: ignore[no-untyped-def]
    """The third version shares too little with the first to meet it, but meets the second, which
    drifted far enough from the first to keep its own band rows."""
    from quotewire.dedup import fingerprint

    first, _, last = (fingerprint(t) for t in DRIFT)
    assert (first == last).mean() < 0.3  # the last version alone would open its own cluster
    dedup = Deduplicator(index=store.story_index())
    articles = [_article(i, t) for i, t in enumerate(DRIFT)]
    placed = [p for i in range(0, 3, batch) for p in dedup.place_many(articles[i:i + batch])]
    assert [p.kind for p in placed] == ["new", "near", "near"]
    assert placed[1].similarity < REDUNDANT
    assert len({p.article.cluster_id for p in placed}) == 1
