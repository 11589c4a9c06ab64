"""The reads both the JSON API and the pages serve: one query function per resource (a FastAPI
dependency) and the parameters it takes, so ``/api/x`` and the page for x can never select
different things, and a bad parameter or unknown id fails the same way on both."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request

from quotewire.errors import NotFound
from quotewire.store import QuoteQuery, Store
from quotewire.store.days import BOUND_PATTERN
from quotewire.store.report import MAX_TOP, ReportQuery
from quotewire.store.paging import MAX_LIMIT, MAX_OFFSET

NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused as bad input, not a database error

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def id_param(what: str) -> Any:
    return Path(description=f"The {what}'s id.", max_length=500, pattern=NO_NUL)


def _text(description: str) -> Any:
    return Query(description=description, max_length=500, pattern=NO_NUL)


def _day(description: str) -> Any:
    return Query(description=f"{description}: YYYY-MM-DD, YYYY-MM or YYYY.", max_length=10,
                 json_schema_extra={"pattern": BOUND_PATTERN})  # documented shape; day_bound checks


def _gender() -> Any:
    return Query(description="The speaker's gender: female, male or unknown.", max_length=20)


def _kind() -> Any:
    return Query(description="The speaker's kind: person, organisation, country, document or unknown.", max_length=20)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def quote_query(
    q: Annotated[str | None, _text("Words the statement contains (all of them, stemmed).")] = None,
    speaker: Annotated[str | None, _text("Speaker id or part of a name.")] = None,
    since: Annotated[str | None, _day("First seen on/after")] = None,
    until: Annotated[str | None, _day("First seen on/before")] = None,
    source: Annotated[str | None, _text("Outlet of an article carrying it, by any of its names (see /api/sources).")] = None,
    gender: Annotated[str | None, _gender()] = None,
    kind: Annotated[str | None, _kind()] = None,
    type: Annotated[str | None, Query(description="direct, mixed or indirect.", max_length=20)] = None,
    cue_class: Annotated[str | None, Query(description="What the cue attributes: speech, stance, belief or evidence.",
                                           max_length=20)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> QuoteQuery:
    """The search filters of /api/quotes and the search page; blank fields mean no filter."""
    return QuoteQuery(q=q or None, speaker=speaker or None, since=since or None, until=until or None,
                      source=source or None, gender=gender or None, kind=kind or None, type=type or None,
                      cue_class=cue_class or None, limit=limit, offset=offset)


def found_quotes(store: StoreDep, query: Annotated[QuoteQuery, Depends(quote_query)]) -> dict[str, Any]:
    return store.search_quotes(query)


def found_quote(store: StoreDep, quote_id: Annotated[str, id_param("statement")]) -> dict[str, Any]:
    return _found(store.quote(quote_id), "statement", quote_id)


def found_speakers(store: StoreDep, q: Annotated[str | None, _text("Part of a name.")] = None,
                   source: Annotated[str | None, _text("Quoted by this outlet, by any of its names.")] = None,
                   since: Annotated[str | None, _day("Quoted in articles published on/after")] = None,
                   until: Annotated[str | None, _day("Quoted in articles published on/before")] = None,
                   gender: Annotated[str | None, _gender()] = None, kind: Annotated[str | None, _kind()] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return store.speakers(q or None, limit, offset, source=source or None, since=since or None, until=until or None,
                          gender=gender or None, kind=kind or None) | {"limit": limit, "offset": offset}


def report_query(
    source: Annotated[str | None, _text("Only this outlet, by any of its names.")] = None,
    since: Annotated[str | None, _day("Articles published on/after")] = None,
    until: Annotated[str | None, _day("Articles published on/before")] = None,
    top: Annotated[int, Query(ge=1, le=MAX_TOP, description="Top women and men per period.")] = 5,
    q: Annotated[str | None, _text("Words whose attention over time is counted.")] = None,
) -> ReportQuery:
    """The filters of /api/report and the dashboard; blank fields mean no filter."""
    return ReportQuery(source=source or None, since=since or None, until=until or None, top=top, q=q or None)


def found_report(store: StoreDep, query: Annotated[ReportQuery, Depends(report_query)]) -> dict[str, Any]:
    return store.report(query)


def found_speaker(store: StoreDep, speaker_id: Annotated[str, id_param("speaker")],
                  top: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> dict[str, Any]:
    return _found(store.speaker(speaker_id, top), "speaker", speaker_id)


def found_article(store: StoreDep, article_id: Annotated[str, id_param("article")]) -> dict[str, Any]:
    return _found(store.article(article_id), "article", article_id)


def found_cluster(store: StoreDep, cluster_id: Annotated[str, id_param("story cluster")]) -> dict[str, Any]:
    return _found(store.cluster(cluster_id), "story cluster", cluster_id)


def _found(value: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    if value is None:
        raise NotFound(f"no {what} with id {key!r}")
    return value
