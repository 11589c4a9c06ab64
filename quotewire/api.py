"""The JSON API (FastAPI; OpenAPI at /docs) and the app that also serves the web UI.

Reads are public. Writes (ingest an article, merge or split speakers) need the operator's token
(``$QUOTEWIRE_TOKEN``, sent as ``Authorization: Bearer ...``): with no token configured the
server is read-only (403), a missing or wrong token is 401. Request bodies over
``$QUOTEWIRE_MAX_BODY`` bytes (default 2 MB) are refused with 413 before they are read whole.
A URL to ingest on a loopback, private or otherwise non-public address is refused unless the
operator allows it (``quotewire serve --allow-private-urls`` or ``$QUOTEWIRE_ALLOW_PRIVATE_URLS=1``).

Routes live on module-level routers; each resource has ONE query function (a dependency) that
serves both ``/api/x`` and the web page for x, so the two can never select different things.
Every error is JSON, ``{"error": "one line"}``: 404 for ``NotFound``, 422 for ``BadInput`` and
invalid parameters, and 500 for anything else, which is a bug and is never passed off as a 404.
"""

from __future__ import annotations

import hmac
import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from quotewire.environment import env_number
from quotewire.errors import NotFound, QuotewireError, database_line, internal_error_line, one_line
from quotewire.models import Article, Failure, stable_hash
from quotewire.scope import DEFAULT_SCOPE, Scope
from quotewire.store import QuoteQuery, Store
from quotewire.store.days import BOUND_PATTERN
from quotewire.store.search import MAX_LIMIT, MAX_OFFSET
from quotewire.workers import Limits

DEFAULT_MAX_BODY = 2 * 1024 * 1024
ALLOW_PRIVATE_ENV = "QUOTEWIRE_ALLOW_PRIVATE_URLS"
_NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused as bad input, not a database error


class HTTPError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


class ErrorOut(BaseModel):
    """Every error response: one line, plus the individual problems for an invalid request."""

    error: str
    details: list[dict[str, Any]] | None = None


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    described = {400: "the body is not valid JSON", 401: "missing or wrong token", 403: "writes are disabled (no token configured)",
                 404: "no such item", 413: "request body too large", 422: "invalid parameter or body",
                 503: "the database is unavailable (gone or locked)"}
    return {s: {"model": ErrorOut, "description": described[s]} for s in statuses}


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
    scope: Scope = Field(DEFAULT_SCOPE, description="Which statements to keep: speech (what was said, "
                         "the default) or all (also beliefs, findings, stance objects); see docs/extraction.md.")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        given = [k for k in ("text", "html", "url") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of text, html or url")
        return self


Name = Annotated[str, Field(max_length=500, pattern=_NO_NUL)]


class MergeIn(BaseModel):
    keep: Name
    other: Name


class SplitIn(BaseModel):
    names: list[Name] = []
    article_ids: list[Name] = []
    new_name: Name | None = None


# -- parameters and the query functions shared by the API and the pages -------------------------

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def _id(what: str) -> Any:
    return Path(description=f"The {what}'s id.", max_length=500, pattern=_NO_NUL)


def _text(description: str) -> Any:
    return Query(description=description, max_length=500, pattern=_NO_NUL)


def _day(description: str) -> Any:
    return Query(description=f"{description}: YYYY-MM-DD, YYYY-MM or YYYY.", max_length=10,
                 json_schema_extra={"pattern": BOUND_PATTERN})  # documented shape; day_bound checks


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def quote_query(
    q: Annotated[str | None, _text("Words the statement contains (all of them, stemmed).")] = None,
    speaker: Annotated[str | None, _text("Speaker id or part of a name.")] = None,
    since: Annotated[str | None, _day("First seen on/after")] = None,
    until: Annotated[str | None, _day("First seen on/before")] = None,
    source: Annotated[str | None, _text("Site of an article carrying it.")] = None,
    type: Annotated[str | None, Query(description="direct, mixed or indirect.", max_length=20)] = None,
    cue_class: Annotated[str | None, Query(description="What the cue attributes: speech, stance, belief or evidence.",
                                           max_length=20)] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> QuoteQuery:
    """The search filters of /api/quotes and the search page; blank fields mean no filter."""
    return QuoteQuery(q=q or None, speaker=speaker or None, since=since or None, until=until or None,
                      source=source or None, type=type or None, cue_class=cue_class or None, limit=limit, offset=offset)


def found_quotes(store: StoreDep, query: Annotated[QuoteQuery, Depends(quote_query)]) -> dict[str, Any]:
    return store.search_quotes(query)


def found_speakers(store: StoreDep, q: Annotated[str | None, _text("Part of a name.")] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return store.speakers(q or None, limit, offset) | {"limit": limit, "offset": offset}


def found_speaker(store: StoreDep, speaker_id: Annotated[str, _id("speaker")],
                  top: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20) -> dict[str, Any]:
    return _found(store.speaker(speaker_id, top), "speaker", speaker_id)


def found_article(store: StoreDep, article_id: Annotated[str, _id("article")]) -> dict[str, Any]:
    return _found(store.article(article_id), "article", article_id)


def found_cluster(store: StoreDep, cluster_id: Annotated[str, _id("story cluster")]) -> dict[str, Any]:
    return _found(store.cluster(cluster_id), "story cluster", cluster_id)


def _found(value: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    if value is None:
        raise NotFound(f"no {what} with id {key!r}")
    return value


# -- the JSON API --------------------------------------------------------------------------------

router = APIRouter(prefix="/api", tags=["read"], responses=_errors(404, 422, 503))


@router.get("/quotes")
def api_quotes(result: Annotated[dict[str, Any], Depends(found_quotes)]) -> dict[str, Any]:
    """Statements matching the words and filters, with speaker, dates, occurrence count and the
    article each was first seen in (``input``: where that article came from)."""
    return result


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
def api_split(speaker_id: Annotated[str, _id("speaker")], body: SplitIn, store: StoreDep) -> dict[str, Any]:
    """Move statements under ``names`` or in ``article_ids`` to a new speaker (token required)."""
    return {"speaker_id": store.split_speaker(speaker_id, body.names, body.article_ids, body.new_name)}


# -- POST /api/articles: reading and ingesting one article (kept apart: the analysis guard wraps it) --

def _ingest(store: Store, body: ArticleIn, allow_private: bool, limits: Limits) -> dict[str, Any]:
    articles, failures = _articles_from(body, allow_private)
    if not articles:
        raise HTTPError(422, failures[0].message if failures else f"{body.url}: nothing to ingest")
    from quotewire.pipeline import ingest_analysed_first

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


# -- the app ---------------------------------------------------------------------------------------

def _error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                    details: list[dict[str, Any]] | None = None) -> Any:
    """JSON under /api/, an HTML page anywhere else (a bad search filter on a page gets a page)."""
    if not request.url.path.startswith("/api/"):
        from quotewire.web.routes import error_page

        return error_page(request, status, message)
    body: dict[str, Any] = {"error": one_line(message)}
    if details is not None:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QuotewireError)
    async def _expected(request: Request, e: QuotewireError) -> Any:
        return _error_response(request, 404 if isinstance(e, NotFound) else 422, str(e))

    @app.exception_handler(HTTPError)
    async def _http_error(request: Request, e: HTTPError) -> Any:
        return _error_response(request, e.status, e.message, e.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _starlette_error(request: Request, e: StarletteHTTPException) -> Any:
        headers = getattr(e, "headers", None)
        if e.status_code == 405:  # Starlette names one route's methods; a path can match several
            headers = {"Allow": _allowed_methods(app, request.url.path)}
        return _error_response(request, e.status_code, str(e.detail), headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, e: RequestValidationError) -> Any:
        errors = e.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
        return _error_response(request, 422, f"{where}: {first.get('msg', 'invalid')}".strip(": "),
                               details=[{"loc": list(err.get("loc", ())), "msg": err.get("msg")} for err in errors])

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, e: OperationalError) -> Any:  # gone, locked: not a bug
        return _error_response(request, 503, f"database unavailable: {database_line(e)}")

    @app.exception_handler(Exception)
    async def _bug(request: Request, e: Exception) -> Any:  # the server still logs the traceback
        return _error_response(request, 500, internal_error_line(e))


def _allowed_methods(app: FastAPI, path: str) -> str:
    """Every method some route serves at ``path``: /api/speakers/merge is a POST route and also
    matches GET /api/speakers/{speaker_id}."""
    methods = {m for route in app.routes if getattr(route, "methods", None) and route.path_regex.match(path)
               for m in route.methods}
    return ", ".join(sorted(methods))


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def server_settings(max_body: int | None = None) -> tuple[Limits, int]:
    """The analysis guard's limits and the request body cap, from the environment unless given."""
    return Limits.from_env(), max_body or env_number("QUOTEWIRE_MAX_BODY", DEFAULT_MAX_BODY, int, 1)


def create_app(store: Store, token: str | None = None, max_body: int | None = None,
               allow_private_urls: bool | None = None) -> Any:
    """The ASGI app: /api (JSON), / (web UI), /docs.

    ``token`` defaults to $QUOTEWIRE_TOKEN, ``allow_private_urls`` to $QUOTEWIRE_ALLOW_PRIVATE_URLS.
    The numeric settings ($QUOTEWIRE_MAX_BODY and the analysis guard's, see ``Limits.from_env``) are
    read here, so a bad one stops the server at start with a ``ConfigError`` naming it.
    """
    from quotewire.web.routes import add_web

    app = FastAPI(title="quotewire", version="0.1.0",
                  description="Who said what in the news: search statements, speakers, articles, stories.")
    limits, body_limit = server_settings(max_body)
    app.state.store = store
    app.state.limits = limits
    app.state.token = token if token is not None else os.environ.get("QUOTEWIRE_TOKEN") or None
    app.state.allow_private_urls = (_env_flag(ALLOW_PRIVATE_ENV) if allow_private_urls is None
                                    else allow_private_urls)
    _add_error_handlers(app)
    app.include_router(router)
    app.include_router(writes)
    add_web(app)
    return BodyLimit(app, body_limit)


def app_from_env() -> Any:
    """The app for ``$QUOTEWIRE_DB``: what each worker process imports when serving with --workers."""
    from quotewire.store import open_store

    return create_app(open_store(None))
