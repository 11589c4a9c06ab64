"""The pages "Check a quote" (/check) and a quote's lineage (/lineage/{quotation_id}): the same
query functions as ``GET /api/verify`` and ``GET /api/lineages/{id}`` (``lineage_api``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from quotewire.server.queries import NO_NUL, StoreDep
from quotewire.server.lineage_api import MAX_QUERY_CHARS, found_lineage, verified
from quotewire.lineage import marked
from quotewire.server.pages import _page, timeline

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/check")
def check_page(request: Request, store: StoreDep,
               q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS, pattern=NO_NUL)] = None,
               speaker: Annotated[str | None, Query(max_length=500, pattern=NO_NUL)] = None) -> HTMLResponse:
    answer = verified(store, q, speaker) if q and q.strip() else None
    pieces = {}
    if answer:
        for m in answer["matches"]:
            pieces[m["quotation_id"]] = marked(q or "", m["quotation"])
    return _page(request, "check.html", q=q or "", speaker=speaker or "", answer=answer, pieces=pieces)


@router.get("/lineage/{quotation_id}")
def lineage_page(request: Request, lineage: Annotated[dict[str, Any], Depends(found_lineage)]) -> HTMLResponse:
    return _page(request, "lineage.html", **timeline(lineage))
