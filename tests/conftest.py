"""Shared fixtures: a fresh store on each backend, and analysed articles built from our own sentences.

Every test that takes ``store`` runs twice, on SQLite and on PostgreSQL (a fresh schema per test at
postgresql://postgres@127.0.0.1:5432/test). Without PostgreSQL the second run is skipped, except
under CI=true, where it fails: CI must test both.
"""

from __future__ import annotations

import gzip
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker, stable_hash

PG_URL = os.environ.get("QUOTEWIRE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


NEWS_SENTENCES = [
    'The harbour master said: "Ships will dock again on Monday."',
    "Councillor Ines Bauer told reporters that the ferry timetable would change next week.",
    '"We did not expect the storm to last this long," said Tom Reyes, a fisherman.',
    "Nothing was said at the meeting.",
    'The union called the offer "an insult to every worker", according to its spokeswoman.',
]
"""Five one-line articles of our own, four with a statement of a different shape: what the worker
and cluster tests send through real analysis."""


def _pg_engine():  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from quotewire.store.engine import database_url

    return sa.create_engine(database_url(PG_URL), poolclass=sa.pool.NullPool)


def _pg_available() -> bool:
    import sqlalchemy as sa

    try:
        with _pg_engine().connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody else uses: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "quotewire.db")
        return
    if not _pg_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL not reachable at {PG_URL} (required under CI=true)")
        pytest.skip(f"PostgreSQL not reachable at {PG_URL}")
    import sqlalchemy as sa

    schema = f"qw_test_{uuid.uuid4().hex[:12]}"
    engine = _pg_engine()
    with engine.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def store(db_url: str):  # type: ignore[no-untyped-def]
    from quotewire.store import open_store

    s = open_store(db_url)
    yield s
    s.close()


QuoteSpec = tuple[str, str | None]  # (the quoted words as they appear in the text, speaker name)


def analyzed(text: str, quotes: list[QuoteSpec] | None = None, *, kind: str = "person",
             role: str | None = None, organisation: str | None = None, qtype: str = "direct",
             **article: object) -> AnalyzedArticle:
    """An analysed article from our own text: each quote is found in the text by its words."""
    article.setdefault("id", stable_hash(text))
    a = Article(text=text, **article)  # type: ignore[arg-type]
    found = []
    for words, speaker in quotes or []:
        start = text.index(words)
        who = Speaker(name=speaker, kind=kind, role=role, organisation=organisation,  # type: ignore[arg-type]
                      aliases=[speaker.split()[-1]]) if speaker else None
        mention = Span.of(text, text.index(speaker), text.index(speaker) + len(speaker)) \
            if speaker and speaker in text else None
        found.append(Quote(type=qtype, content=Span.of(text, start, start + len(words)),  # type: ignore[arg-type]
                           speaker_mention=mention, speaker=who))
    return AnalyzedArticle(a, found)


@pytest.fixture
def make_analyzed() -> Callable[..., AnalyzedArticle]:
    return analyzed


PAGES = Path(__file__).parent / "fixtures" / "pages"
"""Our own HTML pages (fictional sites) for the source and cleaning tests."""


@pytest.fixture
def warc_pages() -> list[tuple[str, bytes, str]]:
    council = (PAGES / "council-vote.html").read_bytes()
    terrace = (PAGES / "terrace-latin1.html").read_bytes()
    return [
        ("https://valley-courier.example/tram", council, "text/html; charset=utf-8"),
        ("https://valley-courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"),
        ("https://valley-courier.example/terrace.htm", terrace, "text/html"),
        ("https://valley-courier.example/again", gzip.compress(council.replace(b"Tuesday", b"Wednesday")), "text/html"),
    ]


def stored_articles(store) -> list[tuple[str, str | None, str | None, bytes | None]]:  # type: ignore[no-untyped-def]
    """``(id, cluster_id, content_hash, minhash)`` of every stored article, by id: what a test checks
    was saved (the store has no such query of its own: the application never needs one)."""
    import sqlalchemy as sa

    from quotewire.store.schema import articles

    a = articles.c
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(a.id, a.cluster_id, a.content_hash, a.minhash).order_by(a.id))]
