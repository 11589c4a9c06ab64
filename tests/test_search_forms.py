"""Search finds word forms: stems, prefixes and places' adjectives, the same on SQLite and PostgreSQL.

Both databases index the tokens ``store.fulltext`` derives, so each query below must select the
same statements on either; the expected ids are written out, so a backend that differs fails.
"""

from __future__ import annotations

import pytest

from conftest import analyzed
from quotewire.store import QuoteQuery
from quotewire.store.fulltext import query_terms, search_text

SENTENCES = {
    "russian": ('The envoy said "Russian ships left the harbour before dawn" at the briefing.',
                "Russian ships left the harbour before dawn"),
    "russia": ('The minister said "Russia will answer the letter within a week" on Monday.',
               "Russia will answer the letter within a week"),
    "warned": ('The mayor said "we warned the council about the flooding twice" to residents.',
               "we warned the council about the flooding twice"),
    "warnings": ('The engineer said "the warnings about the dam were ignored" after the vote.',
                 "the warnings about the dam were ignored"),
    "cafe": ('The owner said "the café on Quay Street will reopen in spring" to the paper.',
             "the café on Quay Street will reopen in spring"),
    "running": ('The coach said "she is running the marathon again this year" on the radio.',
                "she is running the marathon again this year"),
}


@pytest.fixture
def forms(store):  # type: ignore[no-untyped-def]
    store.save_batch([analyzed(text, [(words, "Dana Kerr")], id=key, published="2024-03-01")
                      for key, (text, words) in SENTENCES.items()])
    ids = {i["article"]["id"]: i["id"] for i in store.search_quotes(QuoteQuery(limit=50))["items"]}

    def found(q: str) -> set[str]:
        hits = store.search_quotes(QuoteQuery(q=q, limit=50))
        assert hits["total"] == len(hits["items"])
        return {key for key, qid in ids.items() if qid in {i["id"] for i in hits["items"]}}
    return found


@pytest.mark.parametrize(("query", "expected"), [
    ("Russia", {"russia", "russian"}),           # a place finds its people's adjective
    ("Russian", {"russian"}),
    ("russia*", {"russia", "russian"}),          # a prefix of the words as written
    ("russ*", {"russia", "russian"}),
    ("warn", {"warned", "warnings"}),            # stems: warned, warnings -> warn
    ("warning", {"warned", "warnings"}),
    ("warn*", {"warned", "warnings"}),
    ("run", {"running"}),
    ("runn*", {"running"}),
    ("cafe", {"cafe"}),                          # accents folded
    ("CAFÉ", {"cafe"}),
    ("dam ignored", {"warnings"}),               # every word must match
    ("dam harbour", set()),
    ("the", set(SENTENCES)),                     # no stop words dropped on either backend
    ("***", set()),
])
def test_a_query_finds_the_same_statements_on_both_backends(forms, query: str, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    assert forms(query) == expected


def test_the_index_tokens_are_the_words_their_stems_and_places() -> None:
    assert search_text("Russians warned, café") == "russians russian russia warned warn cafe"
    assert query_terms("Russia warn* x_y") == [("russia", False), ("warn", True), ("x", False), ("y", False)]


def test_migrating_an_older_database_indexes_its_statements_anew_and_back(db_url: str) -> None:
    import sqlalchemy as sa
    from alembic import command

    from quotewire.store import open_store
    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    engine = create_engine(database_url(db_url))
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0006")
        conn.execute(sa.text("INSERT INTO quotations (id, text, type, num_occurrences) VALUES "
                             "('q1', 'Russian ships were warned twice', 'direct', 1)"))
    migrate(engine)
    with open_store(db_url) as store:
        for q in ("Russia", "warn", "russ*"):
            assert [i["id"] for i in store.search_quotes(QuoteQuery(q=q))["items"]] == ["q1"], q
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    with engine.connect() as conn:
        assert "search_text" not in {c["name"] for c in sa.inspect(conn).get_columns("quotations")}
        if conn.dialect.name == "sqlite":  # the Porter index of before, rebuilt
            hits = conn.execute(sa.text("SELECT quotation_id FROM quotations_fts WHERE quotations_fts MATCH 'warn'"))
        else:
            hits = conn.execute(sa.text("SELECT id FROM quotations WHERE tsv @@ plainto_tsquery('english', 'warn')"))
        assert hits.scalars().all() == ["q1"]
    engine.dispose()
