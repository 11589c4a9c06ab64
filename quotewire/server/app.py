"""The one ASGI app: the JSON API (``api``), the pages (``pages``) and /docs, with one error path
(every error is JSON under /api/, a page elsewhere: 404 for ``NotFound``, 422 for ``BadInput`` and
invalid parameters, 503 when the database is unavailable, and 500 for anything else, which is a
bug and is never passed off as a 404). Request bodies over ``$QUOTEWIRE_MAX_BODY`` bytes (default
2 MB) are refused with 413 before they are read whole.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from quotewire.environment import env_number
from quotewire.errors import HTTPError, NotFound, QuotewireError, database_line, internal_error_line, one_line
from quotewire.run.workers import Limits
from quotewire.server import api, lineage_api, lineage_pages, pages
from quotewire.server.guards import HeadAsGet
from quotewire.store import Store

DEFAULT_MAX_BODY = 2 * 1024 * 1024
ALLOW_PRIVATE_ENV = "QUOTEWIRE_ALLOW_PRIVATE_URLS"


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


def _error_response(request: Request, status: int, message: str, headers: dict[str, str] | None = None,
                    details: list[dict[str, Any]] | None = None) -> Any:
    """JSON under /api/, an HTML page anywhere else (a bad search filter on a page gets a page)."""
    if not request.url.path.startswith("/api/"):
        return pages.error_page(request, status, message)
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
    app = FastAPI(title="quotewire", version="0.1.0", docs_url=None, redoc_url=None,  # served offline: docs.py
                  description="Who said what in the news: search statements, speakers, articles, stories.")
    limits, body_limit = server_settings(max_body)
    app.state.store = store
    app.state.limits = limits
    app.state.token = token if token is not None else os.environ.get("QUOTEWIRE_TOKEN") or None
    app.state.allow_private_urls = (_env_flag(ALLOW_PRIVATE_ENV) if allow_private_urls is None
                                    else allow_private_urls)
    _add_error_handlers(app)
    app.include_router(api.router)
    app.include_router(lineage_api.router)
    app.include_router(api.writes)
    pages.add_web(app)
    app.include_router(lineage_pages.router)
    app.add_middleware(HeadAsGet)
    return BodyLimit(app, body_limit)


def app_from_env() -> Any:
    """The app for ``$QUOTEWIRE_DB``: what each worker process imports when serving with --workers."""
    from quotewire.store import open_store

    return create_app(open_store(None, write=bool(os.environ.get("QUOTEWIRE_TOKEN"))))
