"""The JSON API (FastAPI; OpenAPI at /docs) and the app that also serves the web UI.

Reads are public. Writes (ingest an article, merge or split speakers) need the operator's token
(``$QUOTEWIRE_TOKEN``, sent as ``Authorization: Bearer ...``): with no token configured the
server is read-only (403), a missing or wrong token is 401. Request bodies over
``$QUOTEWIRE_MAX_BODY`` bytes (default 2 MB) are refused with 413 before they are read whole.
Every error is JSON: ``{"error": "one line"}``.
"""

from __future__ import annotations

import hmac
import os
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from quotewire.models import Article, Failure, stable_hash
from quotewire.store import QuoteQuery, Store

DEFAULT_MAX_BODY = 2 * 1024 * 1024


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class BodyLimit:
    """ASGI middleware: 413 for a body over ``limit`` bytes, declared or streamed (chunked).

    A streamed body is counted as the app reads it; past the limit the client gets 413 at once,
    the app is told the client left, and whatever it answers is dropped.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(send)
        seen, refused = 0, False

        async def counted() -> dict[str, Any]:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                refused = True
                await self._refuse(send)
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted, guarded_send)

    async def _refuse(self, send: Any) -> None:
        response = JSONResponse({"error": f"request body larger than {self.limit} bytes"}, status_code=413)
        await response({"type": "http"}, None, send)


class ArticleIn(BaseModel):
    """One article to ingest: exactly one of text, html or url, plus optional metadata."""

    text: str | None = None
    html: str | None = None
    url: str | None = Field(None, pattern=r"^https?://")
    title: str | None = None
    source: str | None = None
    published: str | None = None

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        given = [k for k in ("text", "html", "url") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


class MergeIn(BaseModel):
    keep: str
    other: str


class SplitIn(BaseModel):
    names: list[str] = []
    article_ids: list[str] = []
    new_name: str | None = None


def _token_check(token: str | None) -> Any:
    def require_token(request: Request) -> None:
        if not token:
            raise HTTPError(403, "writes are disabled: the operator has not set QUOTEWIRE_TOKEN")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPError(401, "missing or wrong token (send: Authorization: Bearer TOKEN)",
                            {"WWW-Authenticate": "Bearer"})
    return require_token


def _found(value: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    if value is None:
        raise HTTPError(404, f"no {what} with id {key!r}")
    return value


def quote_query(
    q: Annotated[str | None, Query(description="Words the statement contains (all of them, stemmed).")] = None,
    speaker: Annotated[str | None, Query(description="Speaker id or part of a name.")] = None,
    since: Annotated[str | None, Query(description="First seen on/after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, Query(description="First seen on/before (YYYY-MM-DD).")] = None,
    source: Annotated[str | None, Query(description="Site of an article carrying it.")] = None,
    type: Annotated[str | None, Query(description="direct, mixed or indirect.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> QuoteQuery:
    """The search filters, shared by /api/quotes and the search page; blank fields mean no filter."""
    try:
        return QuoteQuery(q=q or None, speaker=speaker or None, since=since or None, until=until or None,
                          source=source or None, type=type or None, limit=limit, offset=offset)
    except ValueError as e:
        raise HTTPError(400, str(e)) from None


def _ingest(store: Store, body: ArticleIn) -> dict[str, Any]:
    articles, failures = _articles_from(body)
    if not articles:
        raise HTTPError(422, failures[0].message if failures else f"{body.url}: nothing to ingest")
    from quotewire.pipeline import ingest_analysed_first
    from quotewire.workers import Limits

    report = ingest_analysed_first(articles, store, inputs=[a.input or a.id for a in articles],
                                   limits=Limits.from_env())
    guarded = [f for f in report.failures if f.reason in ("timeout", "worker_died", "memory")]
    if guarded and not report.analysed:  # nothing stored: the one line of why, not a 201
        raise HTTPError(422, guarded[0].message)
    return {"articles": [a.id for a in articles], "report": report.to_dict()}


def _articles_from(body: ArticleIn) -> tuple[list[Article], list[Failure]]:
    if body.url:
        from quotewire.sources import read_inputs

        items = list(read_inputs([body.url]))
        return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]
    content = body.text or body.html or ""
    article = Article(id=stable_hash(content), text=body.text or "", html=body.html, title=body.title,
                      source=body.source, published=body.published, input="api")
    return [article], []


def create_app(store: Store, token: str | None = None, max_body: int | None = None) -> Any:
    """The ASGI app: /api (JSON), / (web UI), /docs; ``token`` defaults to $QUOTEWIRE_TOKEN."""
    token = token if token is not None else os.environ.get("QUOTEWIRE_TOKEN") or None
    limit = max_body or int(os.environ.get("QUOTEWIRE_MAX_BODY", DEFAULT_MAX_BODY))
    app = FastAPI(title="quotewire", version="0.1.0",
                  description="Who said what in the news: search statements, speakers, articles, stories.")
    app.state.store = store
    writes = [Depends(_token_check(token))]

    @app.exception_handler(HTTPError)
    async def _http_error(request: Request, e: HTTPError) -> Any:
        if not request.url.path.startswith("/api/"):
            from quotewire.web.routes import error_page

            return error_page(request, e.status, e.message)
        return JSONResponse({"error": e.message}, status_code=e.status, headers=e.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request: Request, e: StarletteHTTPException) -> Any:
        return await _http_error(request, HTTPError(e.status_code, str(e.detail), getattr(e, "headers", None)))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, e: RequestValidationError) -> JSONResponse:
        first = e.errors()[0] if e.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        return JSONResponse({"error": f"{where}: {first.get('msg', 'invalid')}".strip(": "),
                             "details": [{"loc": err.get("loc"), "msg": err.get("msg")} for err in e.errors()]},
                            status_code=422)

    @app.get("/api/quotes", tags=["read"])
    def api_quotes(query: Annotated[QuoteQuery, Depends(quote_query)]) -> dict[str, Any]:
        """Statements matching the words and filters, with speaker, dates and occurrence count."""
        return store.search_quotes(query)

    @app.get("/api/speakers", tags=["read"])
    def api_speakers(q: str | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                     offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        """Speakers, most quoted first; ``q`` filters by part of a name."""
        return store.speakers(q or None, limit, offset)

    @app.get("/api/speakers/{speaker_id}", tags=["read"])
    def api_speaker(speaker_id: str, top: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
        """One speaker with names, roles over time, weekly timeline and top statements."""
        return _found(store.speaker(speaker_id, top), "speaker", speaker_id)

    @app.get("/api/articles/{article_id}", tags=["read"])
    def api_article(article_id: str) -> dict[str, Any]:
        """An article's cleaned text and every statement in it, with offsets into that text."""
        return _found(store.article(article_id), "article", article_id)

    @app.get("/api/clusters/{cluster_id}", tags=["read"])
    def api_cluster(cluster_id: str) -> dict[str, Any]:
        """A story and all its copies."""
        return _found(store.cluster(cluster_id), "story cluster", cluster_id)

    @app.get("/api/stats", tags=["read"])
    def api_stats() -> dict[str, int]:
        return store.stats()

    @app.post("/api/articles", tags=["write"], dependencies=writes, status_code=201)
    def api_ingest(body: ArticleIn) -> dict[str, Any]:
        """Ingest one article given as text, HTML or a URL to fetch (token required)."""
        return _ingest(store, body)

    @app.post("/api/speakers/merge", tags=["write"], dependencies=writes)
    def api_merge(body: MergeIn) -> dict[str, Any]:
        """Merge ``other`` into ``keep``; kept across re-ingest (token required)."""
        return _corrected(lambda: store.merge_speakers(body.keep, body.other))

    @app.post("/api/speakers/{speaker_id}/split", tags=["write"], dependencies=writes)
    def api_split(speaker_id: str, body: SplitIn) -> dict[str, Any]:
        """Move statements under ``names`` or in ``article_ids`` to a new speaker (token required)."""
        return _corrected(lambda: store.split_speaker(speaker_id, body.names, body.article_ids, body.new_name))

    from quotewire.web.routes import add_web_routes

    add_web_routes(app, store)
    return BodyLimit(app, limit)


def _corrected(action: Any) -> dict[str, Any]:
    try:
        return {"speaker_id": action()}
    except LookupError as e:
        raise HTTPError(404, str(e.args[0])) from None
    except ValueError as e:
        raise HTTPError(400, str(e)) from None


def app_from_env() -> Any:
    """The app for ``$QUOTEWIRE_DB``: what each worker process imports when serving with --workers."""
    from quotewire.store import open_store

    return create_app(open_store(None))
