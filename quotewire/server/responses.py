"""The JSON API's response models: what each read endpoint returns, typed, for the OpenAPI schema
at /docs and for clients. Each mirrors the store's dict for that resource field by field
(``store/search.py``, ``store/speaker_views.py``, ``store/article_views.py``);
``tests/test_api_responses.py`` checks that each declares every field the store gives. A field the
store adds before its model does still reaches the client (``extra="allow"``), never a 500."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from quotewire.vocabulary import QuoteType


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class SpeakerRef(_Model):
    id: str
    name: str | None


class QuotedSpeaker(SpeakerRef):
    """A quotation's speaker in a list of quotations."""

    role: str | None
    organisation: str | None
    gender: str | None


class ArticleRef(_Model):
    """The article a quotation was first seen in, and where it came from: ``input`` (a path, URL,
    "path#line") and, for a record inside a file (a WARC record), ``input_offset``."""

    id: str
    title: str | None
    url: str | None
    source: str | None
    outlet: str | None = None
    input: str | None
    input_offset: int | None


class Quotation(_Model):
    """``text`` is the exact stored span, ``display`` the form shown and cited (balanced marks)."""

    id: str
    text: str
    display: str
    type: QuoteType
    cue_class: str | None
    first_seen: str | None
    last_seen: str | None
    num_occurrences: int
    speaker: QuotedSpeaker | None
    article: ArticleRef | None


class QuotationPage(_Model):
    total: int
    total_capped: bool
    total_text: str
    limit: int
    offset: int
    items: list[Quotation]


class Speaker(_Model):
    id: str
    name: str
    kind: str | None
    role: str | None
    organisation: str | None
    external_id: str | None = None  # a known person's id from a people file (a Wikidata QID)
    gender: str | None = None
    gender_source: str | None = None
    gender_confidence: float | None = None


class IdentityEvidence(_Model):
    """Why statements are this speaker's: a linking decision, its features, how many statements
    it decided and the lowest score among them (docs/identity.md)."""

    decision: str
    features: list[str]
    statements: int
    lowest_score: float | None


class SpeakerListed(Speaker):
    quotes: int


class SpeakerPage(_Model):
    total: int
    items: list[SpeakerListed]
    limit: int
    offset: int


class Role(_Model):
    role: str | None
    organisation: str | None
    first_seen: str | None
    last_seen: str | None
    mentions: int


class TimelineBar(_Model):
    start: str
    count: int


class SpeakerDetail(Speaker):
    description: str | None = None
    identity: list[IdentityEvidence] = []
    gender_evidence: list[str] = []
    aliases: list[str]
    roles: list[Role]
    quotes_count: int
    occurrences: int
    first_seen: str | None
    last_seen: str | None
    timeline_unit: str
    timeline: list[TimelineBar]
    quotes: list[Quotation]


class Statement(_Model):
    quotation_id: str
    type: QuoteType
    content: list[int]
    cue: str | None
    cue_span: list[int] | None
    cue_lemma: str | None
    cue_class: str | None
    mention: str | None
    mention_span: list[int] | None
    speaker: SpeakerRef | None
    speaker_name: str | None
    role: str | None
    organisation: str | None
    addressee: str | None
    confidence: float | None


class ArticleDetail(_Model):
    id: str
    cluster_id: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    author: str | None
    language: str | None
    republisher: str | None
    input: str | None
    input_offset: int | None
    statement_extractor: str | None
    error: str | None
    ingested_at: str | None
    date: str | None
    text: str
    cluster_size: int
    statements: list[Statement]


class ClusterCopy(_Model):
    id: str
    title: str | None
    source: str | None
    url: str | None
    date: str | None
    published: str | None
    republisher: str | None
    input: str | None
    input_offset: int | None
    ingested_at: str | None
    statements: int


class Cluster(_Model):
    id: str
    title: str | None
    first_seen: str | None
    articles: list[ClusterCopy]


class Stats(_Model):
    articles: int
    clusters: int
    quotations: int
    occurrences: int
    speakers: int
    failed_inputs: int
    runs: int


class Ingested(_Model):
    """``POST /api/articles``: the ids of the articles read, and the run's report (``IngestReport``)."""

    articles: list[str]
    report: dict[str, Any]


class SpeakerId(_Model):
    """A merge or split: the speaker the statements now belong to."""

    speaker_id: str
