"""``GET /api/verify`` (did X say Y) and ``GET /api/lineages/{quotation_id}`` (a quote's wordings
through the news), with typed response models. The query functions are shared with the pages
``/check`` and ``/lineage/{quotation_id}`` (``lineage_pages.py``), as ``queries.py`` does for the
other resources. Semantics and thresholds: docs/lineage.md.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from quotewire.server.api import _errors
from quotewire.server.queries import NO_NUL, StoreDep, _found, id_param

Verdict = Literal["verbatim", "altered", "not_found"]
MAX_QUERY_CHARS = 5000


class ChangeOut(BaseModel):
    """One difference from the original: ``omitted`` (attested words left out), ``inserted``
    (claimed words the original lacks) or ``substituted``."""

    op: Literal["omitted", "inserted", "substituted"]
    attested: str
    claimed: str


class FirstSeenOut(BaseModel):
    published: str | None  # the publication day; null when unknown
    article_id: str | None
    url: str | None
    source: str | None


class VariantOut(BaseModel):
    """A later wording of the quote, against the original."""

    quotation_id: str
    quotation: str
    relation: Literal["verbatim", "excerpt", "altered"]
    changes: list[ChangeOut]
    speaker: str | None
    speaker_id: str | None
    first_seen: FirstSeenOut
    num_occurrences: int


class MatchOut(BaseModel):
    """The original (earliest attested wording) of a lineage the claim matches, judged against it."""

    quotation_id: str
    quotation: str
    lineage_id: str
    speaker: str | None
    speaker_id: str | None
    speaker_match: bool | None  # whether the named speaker is the one the original credits; null: none named or unknown
    score: float
    verdict: Verdict
    changes: list[ChangeOut]
    first_seen: FirstSeenOut
    num_occurrences: int
    variants: list[VariantOut]


class VerifyOut(BaseModel):
    query: str
    speaker: str | None
    verdict: Verdict  # matches[0]'s verdict; not_found when nothing matched
    matches: list[MatchOut]


class PrintingOut(BaseModel):
    article_id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    speaker: str | None
    speaker_id: str | None
    misattributed: bool  # credited to someone other than the original's speaker


class WordingOut(BaseModel):
    quotation_id: str
    quotation: str
    relation: Literal["original", "verbatim", "excerpt", "altered"]
    changes: list[ChangeOut]
    speaker: str | None
    speaker_id: str | None
    first_seen: FirstSeenOut
    num_occurrences: int
    printed: list[PrintingOut]


class LineageOut(BaseModel):
    lineage_id: str
    original_id: str
    speaker: str | None
    speaker_id: str | None
    wordings: list[WordingOut]  # the original first, then later wordings, earliest first


def verified(store: StoreDep,
             q: Annotated[str, Query(description="The words someone is claimed to have said.", min_length=1,
                                     max_length=MAX_QUERY_CHARS, pattern=NO_NUL)],
             speaker: Annotated[str | None, Query(description="Whom they are credited to: a name or speaker id.",
                                                  max_length=500, pattern=NO_NUL)] = None) -> dict[str, Any]:
    return store.verify(q, speaker or None)


def found_lineage(store: StoreDep, quotation_id: Annotated[str, id_param("quotation")]) -> dict[str, Any]:
    return _found(store.lineage(quotation_id), "quotation", quotation_id)


router = APIRouter(prefix="/api", tags=["read"], responses=_errors(404, 422, 503))


@router.get("/verify", response_model=VerifyOut)
def api_verify(answer: Annotated[dict[str, Any], Depends(verified)]) -> dict[str, Any]:
    """Did this person say these words? The verdict judges the claim against the original (the
    earliest attested wording) of the best matching lineage: verbatim (the words appear in it,
    whole or as an excerpt), altered (close, each change named) or not_found -- even when a later
    outlet printed the claimed wording (it is then among the variants)."""
    return answer


@router.get("/lineages/{quotation_id}", response_model=LineageOut)
def api_lineage(lineage: Annotated[dict[str, Any], Depends(found_lineage)]) -> dict[str, Any]:
    """Every wording of the quote a quotation belongs to, the original first, with each printing's
    outlet, day and speaker (``misattributed``: credited to someone other than the original's)."""
    return lineage
