"""The story index kept in the store: same clusters as in memory, names independent of arrival order."""

from __future__ import annotations

from dataclasses import replace

from conftest import analyzed
from test_dedup import BODY, SAME_TOPIC, _article, _variants

from quotewire.dedup import Deduplicator
from quotewire.models import AnalyzedArticle, Quote, Span
from quotewire.store import open_store
from quotewire.store.story_index import cluster_names


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
