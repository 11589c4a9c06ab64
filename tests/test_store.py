"""The store's contract and queries, run on SQLite and PostgreSQL (see conftest.db_url)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from conftest import analyzed, stored_articles
from quotewire.errors import BadInput, InputError
from quotewire.models import Failure
from quotewire.spreadsheet import BOM
from quotewire.store import QuoteQuery, open_store

HARBOUR = ('Dock workers walked out on Monday. "We will not accept another year of frozen pay for the crews," '
           'said union leader Ana Lima. The port authority said "talks remain open to everyone".')


def harbour(**article: object):  # type: ignore[no-untyped-def]
    return analyzed(HARBOUR, [("We will not accept another year of frozen pay for the crews", "Ana Lima"),
                              ("talks remain open to everyone", None)], **article)


def test_saved_statements_are_found_by_words_speaker_and_filters(store) -> None:  # type: ignore[no-untyped-def]
    run = store.start_run(["harbour.txt"])
    store.save_batch([harbour(source="coast.example", published="2024-05-06T10:00:00Z")], run)
    store.finish_run(run, {"articles": 1})

    hit = store.search_quotes(QuoteQuery(q="frozen crews"))
    assert hit["total"] == 1 and hit["items"][0]["speaker"]["name"] == "Ana Lima"
    assert store.search_quotes(QuoteQuery(q="accepting"))["total"] == 1  # stemmed
    assert store.search_quotes(QuoteQuery(q="salary"))["total"] == 0
    assert store.search_quotes(QuoteQuery(speaker="lima"))["total"] == 1
    assert store.search_quotes(QuoteQuery(since="2024-05-06", until="2024-05-06"))["total"] == 2
    assert store.search_quotes(QuoteQuery(since="2024-05-07"))["total"] == 0
    assert store.search_quotes(QuoteQuery(source="COAST.example"))["total"] == 2
    with pytest.raises(BadInput, match="other.example"):  # no such outlet: said, not an empty answer
        store.search_quotes(QuoteQuery(source="other.example"))
    assert store.search_quotes(QuoteQuery(source="coast.example", q="frozen", type="direct"))["total"] == 1
    assert store.search_quotes(QuoteQuery(type="indirect"))["total"] == 0
    page = store.search_quotes(QuoteQuery(limit=1, offset=1))
    assert page["total"] == 2 and len(page["items"]) == 1


@pytest.mark.parametrize("field, value", [("since", "yesterday"), ("type", "rumour"), ("limit", 0), ("offset", -1)])
def test_bad_filters_are_rejected_with_the_field_named(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=field):
        QuoteQuery(**{field: value})


def test_query_without_words_or_with_sql_finds_nothing_and_breaks_nothing(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([harbour()])
    for q in ['"', "'; DROP TABLE quotations; --", "NEAR(", "*", "a OR b AND NOT"]:
        assert store.search_quotes(QuoteQuery(q=q))["total"] == 0
    assert store.stats()["quotations"] == 2


def test_resaving_an_article_changes_nothing(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([harbour()])
    before = (store.stats(), store.article(harbour().article.id))
    store.save_batch([harbour(), harbour()])
    after = (store.stats(), store.article(harbour().article.id))
    assert before[0] == after[0] and before[1]["statements"] == after[1]["statements"]
    assert after[0]["articles"] == 1 and after[0]["occurrences"] == 2


def test_copies_of_a_story_add_occurrences_not_quotations(store) -> None:  # type: ignore[no-untyped-def]
    copy = HARBOUR.replace("Dock workers", "Harbour crews") + " Source link"
    store.save_batch([harbour(cluster_id="story", published="2024-05-06"),
                      analyzed(copy, [("We will not accept another year of frozen pay for the crews", "Ana Lima"),
                                      ("talks remain open to everyone", None)],
                               cluster_id="story", published="2024-05-08", source="repost.example")])
    stats = store.stats()
    assert (stats["articles"], stats["clusters"], stats["quotations"], stats["occurrences"]) == (2, 1, 2, 4)
    long_quote = store.search_quotes(QuoteQuery(q="frozen"))["items"][0]
    assert long_quote["num_occurrences"] == 2
    assert (long_quote["first_seen"], long_quote["last_seen"]) == ("2024-05-06", "2024-05-08")
    assert len(store.cluster("story")["articles"]) == 2
    assert store.search_quotes(QuoteQuery(source="Repost.Example"))["total"] == 2  # any copy's site counts


def test_short_quotes_stay_apart_across_unrelated_stories(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([analyzed('The minister said "No comment." and left.', [("No comment.", None)], cluster_id="a"),
                      analyzed('The coach said "No comment." after the match.', [("No comment.", None)],
                               cluster_id="b")])
    assert store.stats()["quotations"] == 2


def test_failures_runs_and_signatures_are_kept(store) -> None:  # type: ignore[no-untyped-def]
    run = store.start_run(["a.txt", "b.bin"])
    store.save_batch([harbour(content_hash="h1", minhash=b"\x00\x01\xff", cluster_id="c1")], run)
    store.record_failures([Failure("b.bin", "binary", "b.bin: binary file, not text")], run)
    store.finish_run(run, {"read": 2})
    assert store.stats()["failed_inputs"] == 1
    assert list(stored_articles(store)) == [(harbour().article.id, "c1", "h1", b"\x00\x01\xff")]


def test_a_failing_batch_stores_nothing_and_earlier_batches_stay(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([harbour()])
    broken = analyzed("Someone said nothing of note.", [], id="broken")
    broken.article.text = None  # type: ignore[assignment]  # violates NOT NULL mid-batch
    good = analyzed('Ana Lima said "the crews stand together".', [("the crews stand together", "Ana Lima")])
    with pytest.raises(sa.exc.IntegrityError):
        store.save_batch([good, broken])
    assert store.stats()["articles"] == 1
    assert store.search_quotes(QuoteQuery(q="stand together"))["total"] == 0


def test_hostile_text_is_stored_verbatim(store) -> None:  # type: ignore[no-untyped-def]
    text = ('Mallory said "<script>alert(1)</script>\\"><img src=x onerror=alert(2)>\'; DROP TABLE articles; --" '
            'to the room.')
    words = text[text.index('"') + 1:text.rindex('"')]
    item = analyzed(text, [(words, "Mallory")], title="<b>Title</b>")
    store.save_batch([item])
    article = store.article(item.article.id)
    assert article["text"] == text and article["title"] == "<b>Title</b>"
    assert store.search_quotes(QuoteQuery(q="script alert"))["items"][0]["text"] == words


def test_article_page_data_lists_statements_in_text_order(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([harbour()])
    article = store.article(harbour().article.id)
    starts = [s["content"][0] for s in article["statements"]]
    assert starts == sorted(starts) and len(starts) == 2
    first = article["statements"][0]
    assert HARBOUR[first["content"][0]:first["content"][1]].startswith("We will not accept")
    assert store.article("nope") is None and store.cluster("nope") is None and store.speaker("nope") is None


def test_default_database_is_quotewire_db_or_env(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTEWIRE_DB", raising=False)
    open_store(None).close()
    assert (tmp_path / "quotewire.db").exists()
    monkeypatch.setenv("QUOTEWIRE_DB", str(tmp_path / "other.db"))
    open_store(None).close()
    assert (tmp_path / "other.db").exists()


@pytest.mark.parametrize("db", ["/no/such/dir/q.db", "postgresql://nobody@127.0.0.1:1/none"])
def test_unusable_database_is_one_clear_error(db: str) -> None:
    with pytest.raises(InputError) as e:
        open_store(db)
    assert "cannot" in e.value.message and "\n" not in e.value.message


def test_a_statement_dropped_on_resave_disappears_from_search(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([harbour()])
    fewer = analyzed(HARBOUR, [("We will not accept another year of frozen pay for the crews", "Ana Lima")])
    store.save_batch([fewer])
    assert store.search_quotes(QuoteQuery(q="talks remain open"))["total"] == 0
    assert (store.stats()["quotations"], store.stats()["occurrences"]) == (1, 1)


def test_totals_are_counted_up_to_a_cap(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from quotewire.store import search

    store.save_batch([harbour()])
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    result = store.search_quotes(QuoteQuery())
    assert (result["total"], result["total_capped"], len(result["items"])) == (1, True, 2)
    assert store.search_quotes(QuoteQuery(q="frozen"))["total_capped"] is False


def test_processes_and_threads_opening_a_new_database_at_once_all_work(db_url: str) -> None:
    import subprocess
    import sys
    import threading

    opener = "import sys; from quotewire.store import open_store; open_store(sys.argv[1]).close()"
    procs = [subprocess.Popen([sys.executable, "-c", opener, db_url], stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    failures: list[str] = []

    def open_in_thread() -> None:
        try:
            open_store(db_url).close()
        except Exception as e:  # noqa: BLE001  (collected and asserted below)
            failures.append(repr(e))

    threads = [threading.Thread(target=open_in_thread) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert failures == [] and all(p.returncode == 0 for p in procs), (failures, errors)
    with open_store(db_url) as store:
        store.save_batch([harbour()])
        assert store.stats()["quotations"] == 2


def test_every_exported_statement_says_where_it_came_from_and_unknown_dates_stay_unknown(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    import pyarrow.parquet as pq

    from quotewire import export

    text = 'The ferry captain said "the crossing will run every hour from June" on the quay.'
    item = analyzed(text, [("the crossing will run every hour from June", None)], id="ferry",
                    input="crawl/part-7.warc.gz", input_offset=48_213, url="https://ferry.example/june")
    item.quotes[0].rule = "said-quote"
    dated = analyzed(text.replace("captain", "pilot"), [("the crossing will run every hour from June", None)],
                     id="ferry-dated", input="news/a b.txt", published="2026-04-02T08:00:00Z")
    store.save_batch([item])
    [record] = list(store.iter_quotations())
    assert record["first_seen"] is None  # the only copy has no publication date: not its ingest day
    assert record["provenance"][0] | {"ingested_at": None} == {
        "article_id": "ferry", "cluster_id": "ferry", "input": "crawl/part-7.warc.gz", "input_offset": 48_213,
        "url": "https://ferry.example/june", "published": None, "ingested_at": None, "rule": "said-quote",
        "title": None, "outlet": "ferry.example", "type": "direct", "cue": None, "cue_class": None, "confidence": 1.0,
        "speaker": None, "speaker_id": None, "role": None, "organisation": None}
    assert record["provenance"][0]["ingested_at"]
    assert store.article("ferry")["date"] is None

    store.save_batch([dated])
    [record] = list(store.iter_quotations())
    assert (record["first_seen"], record["last_seen"]) == ("2026-04-02", "2026-04-02")
    assert [p["input"] for p in record["provenance"]] == ["news/a b.txt", "crawl/part-7.warc.gz"]  # dated first

    lines = io.StringIO()
    export.write_lines(iter([record]), lines)
    assert json.loads(lines.getvalue())["provenance"][1]["input_offset"] == 48_213
    table = io.StringIO()
    export.write_csv(iter([record]), table)
    rows = list(csv.DictReader(io.StringIO(table.getvalue().removeprefix(BOM))))
    assert [(r["input"], r["input_offset"]) for r in rows] == [("news/a b.txt", ""), ("crawl/part-7.warc.gz", "48213")]
    export.write_parquet(iter([record]), str(tmp_path / "q.parquet"))
    [back] = pq.read_table(tmp_path / "q.parquet").to_pylist()
    assert back["provenance"][1]["rule"] == "said-quote" and back["clusters"] == record["clusters"]


def test_a_nul_character_is_stored_as_a_space_on_every_backend(store) -> None:  # type: ignore[no-untyped-def]
    text = 'The mayor said "the bridge\x00 will reopen in May" on Friday.'
    store.save_batch([analyzed(text, [("the bridge\x00 will reopen in May", "The mayor")], id="nul",
                               title="Bridge\x00 news")])
    stored = store.article("nul")
    assert stored is not None and stored["text"] == text.replace("\x00", " ") and stored["title"] == "Bridge  news"
    [statement] = stored["statements"]
    assert stored["text"][statement["content"][0]:statement["content"][1]] == "the bridge  will reopen in May"


def test_switching_a_new_file_to_wal_is_tried_again_while_another_connection_holds_it() -> None:
    """SQLite refuses one of two connections switching a new file at once without waiting; the
    switch is tried again instead of failing the open (a real race: see the test above)."""
    import sqlite3

    from quotewire.store.engine import _switch_to_wal

    class Refusing:
        def __init__(self, refusals: int, message: str) -> None:
            self.refusals, self.message, self.calls = refusals, message, 0

        def execute(self, sql: str) -> None:
            self.calls += 1
            if self.calls <= self.refusals:
                raise sqlite3.OperationalError(self.message)

    held = Refusing(3, "database is locked")
    _switch_to_wal(held)
    assert held.calls == 4
    broken = Refusing(1, "disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _switch_to_wal(broken)
    assert broken.calls == 1
