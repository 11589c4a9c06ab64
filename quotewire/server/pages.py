"""The pages: search (/) and its CSV, one statement, speakers, one speaker, one article, one story cluster.

Each page takes its data from the same query function (a FastAPI dependency in ``quotewire.server.queries``)
as the JSON endpoint for the same thing, with the same parameters: a page URL and an API URL
select the same statements, and a bad parameter or unknown id fails the same way (as a page).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from quotewire.export import csv_stream
from quotewire.lineage import marked
from quotewire.server.docs import add_docs
from quotewire.server.highlight import article_hues, segments, speaker_hue, timeline_bars
from quotewire.server.links import safe_href
from quotewire.server import charts
from quotewire.server.queries import (StoreDep, found_article, found_cluster, found_quote, found_quotes, found_report,
                                      found_speaker, found_speakers, quote_query, report_query)
from quotewire.store import QuoteQuery
from quotewire.store.report import ReportQuery
from quotewire.vocabulary import CUE_CLASSES, GENDERS, QUOTE_TYPES, SPEAKER_KINDS

_HERE = Path(__file__).parent
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(_HERE / "templates"), autoescape=True)
_env.globals["hue"] = speaker_hue
_env.filters["safe_href"] = safe_href
templates = Jinja2Templates(env=_env)


# Defence in depth behind autoescaping: the pages need no script, so none may run, except our own
# file on a statement's page (static/cite.js, the "copy citation" button; never an inline one);
# the only styles are ours (the stylesheet and the colour attributes we compute).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

_OWN_SCRIPT = {**SECURITY_HEADERS, "Content-Security-Policy": "script-src 'self'; "
               + SECURITY_HEADERS["Content-Security-Policy"]}


def _page(request: Request, name: str, status: int = 200, own_script: bool = False, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status,
                                      headers=_OWN_SCRIPT if own_script else SECURITY_HEADERS)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """An unknown id, a bad search filter or a bug, on a page: a page saying so, not JSON."""
    return _page(request, "not_found.html", status, message=message)


def _pages(request: Request, offset: int, limit: int, total: int, more: bool = False) -> dict[str, str]:
    """Links to the previous and next page of a list, keeping the other parameters; ``more``: the
    total is a lower bound (a capped count), so there is a next page past it."""
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v}
    return {name: f"{request.url.path}?{urlencode(params | {'offset': off})}"
            for name, off in (("prev", max(offset - limit, 0)), ("next", offset + limit))
            if (off < offset if name == "prev" else off < total or more)}


router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def search_page(request: Request, query: Annotated[QuoteQuery, Depends(quote_query)],
                result: Annotated[dict[str, Any], Depends(found_quotes)]) -> HTMLResponse:
    search = urlencode({k: v for k, v in request.query_params.items() if k not in ("offset", "limit") and v})
    return _page(request, "search.html", result=result, query=query, types=QUOTE_TYPES, cue_classes=CUE_CLASSES,
                 pages=_pages(request, query.offset, query.limit, result["total"],
                              result["total_capped"] and len(result["items"]) == query.limit),
                 csv_href=f"/quotes.csv?{search}")


@router.get("/quotes.csv", response_class=StreamingResponse)
def search_csv(store: StoreDep, query: Annotated[QuoteQuery, Depends(quote_query)]) -> StreamingResponse:
    """Every statement of a search (up to ``COUNT_CAP``), as ``quotewire export --format csv`` writes them."""
    rows = csv_stream(store.iter_quotations(store.matching_ids(query)))
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="quotewire-statements.csv"'})


@router.get("/quotes/{quote_id}")
def quote_page(request: Request, store: StoreDep, quote: Annotated[dict[str, Any], Depends(found_quote)]) -> HTMLResponse:
    return _page(request, "quote.html", own_script=True, q=quote, **timeline(store.lineage(quote["id"])))


@router.get("/speakers")
def speakers_page(request: Request, result: Annotated[dict[str, Any], Depends(found_speakers)]) -> HTMLResponse:
    return _page(request, "speakers.html", result=result, params=request.query_params, genders=GENDERS,
                 kinds=SPEAKER_KINDS, pages=_pages(request, result["offset"], result["limit"], result["total"]))


@router.get("/speakers/{speaker_id}")
def speaker_page(request: Request, detail: Annotated[dict[str, Any], Depends(found_speaker)]) -> HTMLResponse:
    return _page(request, "speaker.html", s=detail, chart=timeline_bars(detail["timeline"]),
                 unit=detail["timeline_unit"])


@router.get("/articles/{article_id}")
def article_page(request: Request, article: Annotated[dict[str, Any], Depends(found_article)]) -> HTMLResponse:
    who = {st["speaker"]["id"]: st["speaker"]["name"] for st in article["statements"] if st["speaker"]}
    hues = article_hues(list(who))
    return _page(request, "article.html", a=article, who=who, hues=hues,
                 pieces=segments(article["text"], article["statements"], hues))


@router.get("/clusters/{cluster_id}")
def cluster_page(request: Request, cluster: Annotated[dict[str, Any], Depends(found_cluster)]) -> HTMLResponse:
    return _page(request, "cluster.html", c=cluster)


@router.get("/dashboard")
def dashboard_page(request: Request, query: Annotated[ReportQuery, Depends(report_query)],
                   report: Annotated[dict[str, Any], Depends(found_report)]) -> HTMLResponse:
    """Who is quoted, by outlet, month and gender: each chart drawn from one report table, which
    its "download data" link serves with the same parameters."""
    params = urlencode({k: v for k, v in request.query_params.items() if v and k in ("source", "since", "until", "top", "q")})
    return _page(request, "dashboard.html", query=query, report=report, params=params,
                 share=charts.share_over_time(report["outlet_month"]),
                 compared=charts.outlets_compared(report["outlets"]),
                 women=charts.top_quoted(report["top"], "female"), men=charts.top_quoted(report["top"], "male"),
                 attention=charts.attention_over_time(report["attention"]))


def add_web(app: FastAPI) -> None:
    add_docs(app)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    app.include_router(router)


def timeline(lineage: dict[str, Any] | None) -> dict[str, Any]:
    """What ``_timeline.html`` shows (the lineage page and a statement's page): the lineage, and
    each later wording in pieces with its changed words marked."""
    if lineage is None:
        return {"lin": None, "pieces": {}}
    original = lineage["wordings"][0]["quotation"]
    return {"lin": lineage, "pieces": {w["quotation_id"]: marked(w["quotation"], original)
                                       for w in lineage["wordings"][1:]}}
