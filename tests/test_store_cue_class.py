"""The cue class in the store: saved, searched by, exported, and filled in for databases made before it."""

from __future__ import annotations

import csv
import io
import json

import pytest
import sqlalchemy as sa

from conftest import analyzed
from quotewire import export
from quotewire.store import QuoteQuery, open_store

MARKET = ('Stall holders met on Friday. "The square must stay open on Sundays," said trader Eva Holm. '
          'The trader believes the rent will double next year.')


def market():  # type: ignore[no-untyped-def]
    item = analyzed(MARKET, [("The square must stay open on Sundays", "Eva Holm"),
                             ("the rent will double next year", None)], source="town.example")
    item.quotes[0].cue_class, item.quotes[1].cue_class = "speech", "belief"
    item.quotes[1].type = "indirect"
    return item


def test_statements_are_searched_by_cue_class_and_show_it(store) -> None:  # type: ignore[no-untyped-def]
    store.save_batch([market()])
    beliefs = store.search_quotes(QuoteQuery(cue_class="belief"))
    assert beliefs["total"] == 1 and beliefs["items"][0]["text"] == "the rent will double next year"
    assert beliefs["items"][0]["cue_class"] == "belief"
    assert store.search_quotes(QuoteQuery(cue_class="speech", q="square"))["total"] == 1
    assert store.search_quotes(QuoteQuery(cue_class="evidence"))["total"] == 0
    assert store.search_quotes(QuoteQuery(cue_class="belief", source="town.example"))["total"] == 1
    [article] = [store.article(market().article.id)]
    assert [s["cue_class"] for s in article["statements"]] == ["speech", "belief"]


def test_an_unknown_cue_class_is_rejected_with_the_field_named() -> None:
    with pytest.raises(ValueError, match="cue_class"):
        QuoteQuery(cue_class="rumour")


def test_exports_carry_the_cue_class(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow.parquet as pq

    store.save_batch([market()])
    records = sorted(store.iter_quotations(), key=lambda r: r["quotation"])
    assert [r["cue_class"] for r in records] == ["speech", "belief"]
    lines = io.StringIO()
    export.write_lines(iter(records), lines)
    assert [json.loads(line)["cue_class"] for line in lines.getvalue().splitlines()] == ["speech", "belief"]
    table = io.StringIO()
    export.write_csv(iter(records), table)
    assert [row["cue_class"] for row in csv.DictReader(io.StringIO(table.getvalue()))] == ["speech", "belief"]
    export.write_parquet(iter(records), str(tmp_path / "q.parquet"))
    assert pq.read_table(tmp_path / "q.parquet").column("cue_class").to_pylist() == ["speech", "belief"]


def test_migrating_a_database_from_before_cue_classes_fills_them_from_the_cue_lemma(db_url: str) -> None:
    from alembic import command

    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    engine = create_engine(database_url(db_url))
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(sa.text("INSERT INTO articles (id, text, date, ingested_at) VALUES "
                             "('a1', 'text', '2026-03-01', '2026-03-01T09:00:00')"))
        for qid, lemma in (("q-said", "say"), ("q-thinks", "think"), ("q-claim", "claim"), ("q-label", None)):
            conn.execute(sa.text("INSERT INTO quotations (id, text, type, num_occurrences) VALUES (:id, 'w', 'indirect', 1)"),
                         {"id": qid})
            conn.execute(sa.text("INSERT INTO occurrences (id, quotation_id, article_id, content_start, content_end, type, "
                                 "cue_lemma, confidence) VALUES (:id, :id, 'a1', 0, 1, 'indirect', :lemma, 1.0)"),
                         {"id": qid, "lemma": lemma})
    migrate(engine)
    with engine.connect() as conn:
        got = dict(conn.execute(sa.text("SELECT id, cue_class FROM quotations")).all())
        indexes = {ix["name"] for ix in sa.inspect(conn).get_indexes("quotations")}
    assert got == {"q-said": "speech", "q-thinks": "belief", "q-claim": "stance", "q-label": "speech"}
    assert "ix_quotations_cue_class" in indexes
    with open_store(db_url) as store:
        assert store.search_quotes(QuoteQuery(cue_class="belief"))["total"] == 1
        store.save_batch([market()])  # the full-text index still follows quotations
        assert store.search_quotes(QuoteQuery(q="square Sundays", cue_class="speech"))["total"] == 1
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    with engine.connect() as conn:
        assert "cue_class" not in {c["name"] for c in sa.inspect(conn).get_columns("occurrences")}
        assert conn.execute(sa.text("SELECT count(*) FROM quotations")).scalar_one() == 6  # the rows stay
    engine.dispose()


def test_the_cue_class_filter_is_the_same_in_the_api_the_web_page_and_the_cli(store, db_url: str) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from quotewire.server.app import create_app
    from quotewire.cli import app

    store.save_batch([market()])
    client = TestClient(create_app(store))
    body = client.get("/api/quotes", params={"cue_class": "belief"}).json()
    assert [i["text"] for i in body["items"]] == ["the rent will double next year"]
    bad = client.get("/api/quotes", params={"cue_class": "rumour"})
    assert bad.status_code in (400, 422) and "cue_class" in bad.json()["error"]
    page = client.get("/", params={"cue_class": "speech"}).text
    assert "The square must stay open on Sundays" in page and "the rent will double" not in page
    assert '<option value="belief">' in page and '<option value="speech" selected>' in page
    result = CliRunner().invoke(app, ["quotes", "--db", db_url, "--cue-class", "belief", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and [(r["quotation"], r["cue_class"]) for r in rows] == [
        ("the rent will double next year", "belief")]
