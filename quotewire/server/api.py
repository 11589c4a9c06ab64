"""The JSON API (FastAPI; OpenAPI at /docs): the read routes over ``queries`` and the write routes.

Reads are public. Writes (ingest an article, merge or split speakers) need the operator's token
(``$QUOTEWIRE_TOKEN``, sent as ``Authorization: Bearer ...``): with no token configured the
server is read-only (403), a missing or wrong token is 401. A URL to ingest on a loopback, private
or otherwise non-public address is refused unless the operator allows it (``quotewire serve
--allow-private-urls`` or ``$QUOTEWIRE_ALLOW_PRIVATE_URLS=1``). ``app`` builds the app and turns
every error into ``{"error": "one line"}``.
"""

from __future__ import annotations

import hmac
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from quotewire.errors import HTTPError
from quotewire.models import Article, Failure, stable_hash
from quotewire.run.workers import Limits
from quotewire.server.queries import (NO_NUL, StoreDep, found_article, found_cluster, found_quote, found_quotes,
                                      found_report, found_speaker, found_speakers, get_store, id_param, report_query)
from quotewire.store import Store
from quotewire.store.report import COLUMNS, ReportQuery
from quotewire.vocabulary import DEFAULT_SCOPE, Scope


class ErrorOut(BaseModel):
    """Every error response: one line, plus the individual problems for an invalid request."""

    error: str
    details: list[dict[str, Any]] | None = None


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    described = {400: "the body is not valid JSON", 401: "missing or wrong token", 403: "writes are disabled (no token configured)",
                 404: "no such item", 413: "request body too large", 422: "invalid parameter or body",
                 503: "the database is unavailable (gone or locked)"}
    return {s: {"model": ErrorOut, "description": described[s]} for s in statuses}


class ArticleIn(BaseModel):
    """One article to ingest: exactly one of text, html or url, plus optional metadata."""

    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, pattern=r"^https?://")
    title: str | None = None
    source: str | None = None
    published: str | None = None
    scope: Scope = Field(DEFAULT_SCOPE, description="Which statements to keep: speech (what was said, "
                         "the default) or all (also beliefs, findings, stance objects); see docs/extraction.md.")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        given = [k for k in ("text", "html", "url") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


Name = Annotated[str, Field(max_length=500, pattern=NO_NUL)]


class MergeIn(BaseModel):
    keep: Name
    other: Name


class SplitIn(BaseModel):
    names: list[Name] = []
    article_ids: list[Name] = []
    new_name: Name | None = None


# -- the JSON API --------------------------------------------------------------------------------

class GenderIn(BaseModel):
    gender: Literal["female", "male", "unknown"] | None = Field(
        description="The person's gender; null withdraws an earlier correction.")


class GenderOut(BaseModel):
    id: str
    gender: str | None
    gender_source: str | None
    gender_confidence: float | None
    gender_evidence: list[str]


class OutletOut(BaseModel):
    name: str
    aliases: list[str]
    sources: list[str] = Field(description="The stored article sources this outlet gathers.")
    articles: int
    statements: int
    first_day: str | None
    last_day: str | None


class GenderCountsOut(BaseModel):
    """People and statements by gender in one outlet, month or both; shares are women / (women + men)."""

    outlet: str | None = None
    month: str | None = None
    people: int
    women: int
    men: int
    people_unknown: int
    women_share_people: float | None
    statements: int
    statements_women: int
    statements_men: int
    statements_unknown: int
    women_share_statements: float | None


class TopOut(BaseModel):
    period: str = Field(description='"all" (the whole period asked) or a month, YYYY-MM.')
    gender: str
    rank: int
    speaker_id: str
    name: str
    statements: int


class RepeatedOut(BaseModel):
    quotation_id: str
    text: str
    speaker: str | None
    outlets: int
    outlet_names: str
    statements: int
    first_seen: str | None


class AttentionOut(BaseModel):
    month: str
    outlet: str
    statements: int


class ReportOut(BaseModel):
    query: dict[str, Any]
    outlet_month: list[GenderCountsOut]
    outlets: list[GenderCountsOut]
    months: list[GenderCountsOut]
    top: list[TopOut]
    repeated: list[RepeatedOut]
    attention: list[AttentionOut]


ReportTable = Literal["outlet_month", "outlets", "months", "top", "repeated", "attention"]


router = APIRouter(prefix="/api", tags=["read"], responses=_errors(404, 422, 503))


@router.get("/quotes")
def api_quotes(result: Annotated[dict[str, Any], Depends(found_quotes)]) -> dict[str, Any]:
    """Statements matching the words and filters, with speaker, dates, occurrence count and the
    article each was first seen in (``input``: where that article came from). ``text`` is the exact
    span, ``display`` the form to show and cite; ``total`` is exact up to 100,000
    (``total_capped`` past it, ``total_text`` says it in words)."""
    return result


@router.get("/quotes/{quote_id}")
def api_quote(quote: Annotated[dict[str, Any], Depends(found_quote)]) -> dict[str, Any]:
    """One statement (its page: /quotes/{quote_id}) with ``citation`` (speaker, quotation, outlet,
    title, date, URL) and every article carrying it (``occurrences``)."""
    return quote


@router.get("/speakers")
def api_speakers(result: Annotated[dict[str, Any], Depends(found_speakers)]) -> dict[str, Any]:
    """Speakers, most quoted first; ``q`` filters by part of a name."""
    return result


@router.get("/speakers/{speaker_id}")
def api_speaker(detail: Annotated[dict[str, Any], Depends(found_speaker)]) -> dict[str, Any]:
    """One speaker with names, roles over time, timeline (``timeline_unit``: week, month, year,
    decade or century, whichever keeps it short) and top statements."""
    return detail


@router.get("/articles/{article_id}")
def api_article(article: Annotated[dict[str, Any], Depends(found_article)]) -> dict[str, Any]:
    """An article's cleaned text and every statement in it, with offsets into that text;
    ``date`` is null when the article had no publication date (``ingested_at`` says when it was stored)."""
    return article


@router.get("/clusters/{cluster_id}")
def api_cluster(cluster: Annotated[dict[str, Any], Depends(found_cluster)]) -> dict[str, Any]:
    """A story and all its copies."""
    return cluster


@router.get("/sources")
def api_sources(store: StoreDep) -> list[OutletOut]:
    """Every outlet of the stored articles, most articles first, with every name it answers to
    (any of them works as ``source``) and its counts."""
    return [OutletOut(**x) for x in store.outlets()]


@router.get("/report", response_model_exclude_unset=True)
def api_report(result: Annotated[dict[str, Any], Depends(found_report)]) -> ReportOut:
    """Who is quoted by outlet × month × gender: people and statements, women's share of each (of
    those whose gender is known), top quoted women and men of the period and of each month,
    statements carried by most outlets, statements per month and outlet (``q``: containing those words)."""
    return ReportOut(**result)


@router.get("/report/{table}", response_model=None)
def api_report_table(table: Annotated[ReportTable, Path(description="Which table of the report.")],
                     store: StoreDep, query: Annotated[ReportQuery, Depends(report_query)],
                     format: Annotated[Literal["json", "csv"], Query(description="json (a list) or csv.")] = "json",
                     ) -> list[dict[str, Any]] | Response:
    """One table of the report, as a JSON list or a CSV file (what each dashboard chart's
    "download data" link gives)."""
    rows = store.report(query, (table,))[table]
    if format == "json":
        return rows
    return Response(table_csv(rows, COLUMNS[table]), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="quotewire-{table}.csv"'})


def table_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    """Rows as CSV text with a header row (``export.write_table``)."""
    from quotewire.export import write_table

    out = io.StringIO()
    write_table(rows, columns, out, "csv")
    return out.getvalue()


@router.get("/stats")
def api_stats(store: StoreDep) -> dict[str, int]:
    return store.stats()


def require_token(request: Request) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPError(403, "writes are disabled: the operator has not set QUOTEWIRE_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPError(401, "missing or wrong token (send: Authorization: Bearer TOKEN)",
                        {"WWW-Authenticate": "Bearer"})


writes = APIRouter(prefix="/api", tags=["write"], dependencies=[Depends(require_token)],
                   responses=_errors(400, 401, 403, 404, 413, 422, 503))


@writes.post("/articles", status_code=201)
def api_ingest(body: ArticleIn, request: Request) -> dict[str, Any]:
    """Ingest one article given as text, HTML or a URL to fetch (token required)."""
    return _ingest(get_store(request), body, allow_private=request.app.state.allow_private_urls,
                   limits=request.app.state.limits)


@writes.post("/speakers/merge")
def api_merge(body: MergeIn, store: StoreDep) -> dict[str, Any]:
    """Merge ``other`` into ``keep``; kept across re-ingest (token required)."""
    return {"speaker_id": store.merge_speakers(body.keep, body.other)}


@writes.post("/speakers/{speaker_id}/split")
def api_split(speaker_id: Annotated[str, id_param("speaker")], body: SplitIn, store: StoreDep) -> dict[str, Any]:
    """Move statements under ``names`` or in ``article_ids`` to a new speaker (token required)."""
    return {"speaker_id": store.split_speaker(speaker_id, body.names, body.article_ids, body.new_name)}


@writes.post("/speakers/{speaker_id}/gender")
def api_set_gender(speaker_id: Annotated[str, id_param("speaker")], body: GenderIn, store: StoreDep) -> GenderOut:
    """Correct a person's gender (``null`` withdraws the correction); it holds over every
    evidence and across re-ingest (token required)."""
    return GenderOut(**store.set_gender(speaker_id, body.gender))


# -- POST /api/articles: reading and ingesting one article (kept apart: the analysis guard wraps it) --

def _ingest(store: Store, body: ArticleIn, allow_private: bool, limits: Limits) -> dict[str, Any]:
    articles, failures = _articles_from(body, allow_private)
    if not articles:
        raise HTTPError(422, failures[0].message if failures else f"{body.url}: nothing to ingest")
    from quotewire.run.ingest import ingest_analysed_first

    report = ingest_analysed_first(articles, store, inputs=[a.input or a.id for a in articles], limits=limits,
                                   scope=body.scope)
    guarded = [f for f in report.failures if f.reason in ("timeout", "worker_died", "memory")]
    if guarded and not report.analysed:  # nothing stored: the one line of why, not a 201
        raise HTTPError(422, guarded[0].message)
    return {"articles": [a.id for a in articles], "report": report.to_dict()}


def _articles_from(body: ArticleIn, allow_private: bool) -> tuple[list[Article], list[Failure]]:
    if body.url:
        from quotewire.sources import read_inputs

        items = list(read_inputs([body.url], allow_private=allow_private))
        return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]
    content = body.text or body.html or ""
    article = Article(id=stable_hash(content), text=body.text or "", html=body.html, title=body.title,
                      source=body.source, published=body.published, input="api")
    return [article], []
