"""The pages: search (/), speakers, one speaker, one article, one story cluster.

They read through the same ``Store`` queries as the JSON API and take the same search
parameters as /api/quotes, so a page URL and an API URL select the same statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from quotewire.api import quote_query
from quotewire.models import QUOTE_TYPES
from quotewire.store import QuoteQuery, Store
from quotewire.web.highlight import article_hues, segments, speaker_hue, timeline_bars

_HERE = Path(__file__).parent
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True)
_env.globals["hue"] = speaker_hue
templates = Jinja2Templates(env=_env)


# Defence in depth behind autoescaping: the pages need no script at all, so none may run, and
# the only styles are ours (the stylesheet and the colour attributes we compute).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status, headers=SECURITY_HEADERS)


def _not_found(request: Request, what: str) -> HTMLResponse:
    return _page(request, "not_found.html", 404, what=what)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A bad search filter on a page gets a page saying what was wrong, not JSON."""
    return _page(request, "not_found.html", status, message=message)


def add_web_routes(app: FastAPI, store: Store) -> None:
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, query: Annotated[QuoteQuery, Depends(quote_query)]) -> HTMLResponse:
        result = store.search_quotes(query)
        params = {k: v for k, v in request.query_params.items() if k != "offset" and v}
        pages = {name: f"/?{urlencode(params | {'offset': off})}" for name, off in
                 (("prev", query.offset - query.limit), ("next", query.offset + query.limit))
                 if 0 <= off < result["total"]}
        return _page(request, "search.html", result=result, query=query, types=QUOTE_TYPES, pages=pages)

    @app.get("/speakers", response_class=HTMLResponse, include_in_schema=False)
    def speakers_page(request: Request, q: str | None = None) -> HTMLResponse:
        return _page(request, "speakers.html", result=store.speakers(q or None, limit=200), q=q or "")

    @app.get("/speakers/{speaker_id}", response_class=HTMLResponse, include_in_schema=False)
    def speaker_page(request: Request, speaker_id: str) -> HTMLResponse:
        detail = store.speaker(speaker_id, top=20)
        if detail is None:
            return _not_found(request, "speaker")
        return _page(request, "speaker.html", s=detail, chart=timeline_bars(detail["timeline"]))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        article = store.article(article_id)
        if article is None:
            return _not_found(request, "article")
        who = {st["speaker"]["id"]: st["speaker"]["name"] for st in article["statements"] if st["speaker"]}
        hues = article_hues(list(who))
        return _page(request, "article.html", a=article, who=who, hues=hues,
                     pieces=segments(article["text"], article["statements"], hues))

    @app.get("/clusters/{cluster_id}", response_class=HTMLResponse, include_in_schema=False)
    def cluster_page(request: Request, cluster_id: str) -> HTMLResponse:
        cluster = store.cluster(cluster_id)
        if cluster is None:
            return _not_found(request, "story")
        return _page(request, "cluster.html", c=cluster)
