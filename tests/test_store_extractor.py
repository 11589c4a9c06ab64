"""Which extractor found an article's statements is stored with the article (issue 24): every
ingest records it, the API and the article page show it, and articles stored before the column
existed keep NULL (not recorded) rather than a guess."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from quotewire.cli import app
from quotewire.server.app import create_app
from quotewire.store import open_store

ARTICLE = ("Ferry timetable changes\n\n"
           "Councillor Ines Bauer told reporters that the ferry timetable would change next week.\n")
GERMAN = ("Fahrplan\n\nDer Fahrplan der Fähre wird sich in der nächsten Woche ändern, und die "
          "Stadt hat das am Montag mitgeteilt, wie die Zeitung berichtet.\n")


def _extractors(db_url: str) -> dict[str, str | None]:
    with open_store(db_url) as store, store.engine.connect() as conn:
        return dict(conn.execute(sa.text("SELECT title, statement_extractor FROM articles")).all())


def test_each_ingest_records_its_extractor_and_a_reanalysis_updates_it(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "fahrplan.txt").write_text(GERMAN, encoding="utf-8")
    first = CliRunner().invoke(app, ["ingest", str(tmp_path / "ferry.txt"), str(tmp_path / "fahrplan.txt"),
                                     "--db", db_url])
    assert first.exit_code == 0, first.output
    assert _extractors(db_url) == {"Ferry timetable changes": "rules", "Fahrplan": None}  # German: not analysed
    again = CliRunner().invoke(app, ["ingest", str(tmp_path / "ferry.txt"), "--db", db_url,
                                     "--extractor", "accurate", "--reanalyse"])
    assert again.exit_code == 0, again.output
    assert _extractors(db_url)["Ferry timetable changes"] == "accurate"


def test_the_api_and_the_article_page_say_which_extractor(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    assert CliRunner().invoke(app, ["ingest", str(tmp_path / "ferry.txt"), "--db", db_url]).exit_code == 0
    with open_store(db_url) as store:
        with store.engine.connect() as conn:
            article = conn.execute(sa.text("SELECT id FROM articles")).scalar_one()
        client = TestClient(create_app(store))
        assert client.get(f"/api/articles/{article}").json()["statement_extractor"] == "rules"
        assert "statements found by the rules extractor" in client.get(f"/articles/{article}").text


def test_articles_stored_before_the_column_keep_null(db_url: str) -> None:
    from alembic import command

    from quotewire.store.engine import _alembic_config, create_engine, database_url, migrate

    engine = create_engine(database_url(db_url))
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0010")
        conn.execute(sa.text("INSERT INTO articles (id, text, ingested_at) VALUES ('old', 'text', '2026-03-01T09:00:00')"))
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT statement_extractor FROM articles WHERE id = 'old'")).scalar_one() is None
    engine.dispose()
