"""Finding quotations: full text plus filters, the same semantics on SQLite and PostgreSQL.

Every word of the query must occur (stemmed: "warns" finds "warned"; ``russia*`` is a prefix);
results are ranked by relevance when there is a query, else newest first. SQLite uses its FTS5
table, PostgreSQL the tsvector column, both over the tokens ``fulltext.search_text`` derives
(migration 0009), so both find the same statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from quotewire.display import display_text, outlet_name
from quotewire.errors import BadInput
from quotewire.models import clean_name, normalize_text
from quotewire.store import fulltext
from quotewire.store.days import bound_period, known_day, published_day
from quotewire.store.outlets import outlet_sources
from quotewire.store.paging import MAX_LIMIT, MAX_OFFSET
from quotewire.store.schema import articles, quotation_sites, quotations, speaker_aliases, speakers
from quotewire.vocabulary import CUE_CLASSES, GENDERS, QUOTE_TYPES, SPEAKER_KINDS

COUNT_CAP = 100_000
"""Totals are exact up to here, then "more than 100,000": an exact count of a very broad search
costs more than the page (a page can still be reached up to ``MAX_OFFSET``)."""
PROVENANCE = tuple(f for f in ("input", "input_offset") if f in articles.c)
"""Where an article came from, given with every statement: ``input`` (a path, URL, "path#line")
and, for a record inside a file (a WARC record), ``input_offset``, once the store has that column."""


@dataclass(frozen=True)
class QuoteQuery:
    """The filters shared by ``quotewire quotes``, ``GET /api/quotes`` and the search page.

    ``since``/``until`` take ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` and are kept as the first
    (last) day they cover; a bad value is ``BadInput`` naming the field.
    """

    q: str | None = None
    speaker: str | None = None  # a speaker id, or part of any of their names
    since: str | None = None  # inclusive, on the quotation's first-seen day
    until: str | None = None
    source: str | None = None  # an outlet carrying the quotation, by any of its names (store/outlets.py)
    gender: str | None = None  # the speaker's: female, male or unknown
    kind: str | None = None  # the speaker's: person, organisation, ...
    type: str | None = None
    cue_class: str | None = None  # what the cue attributes: speech, stance, belief, evidence
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        bound_period(self)
        if self.type and self.type not in QUOTE_TYPES:
            raise BadInput(f"type: expected one of {', '.join(QUOTE_TYPES)}, got {self.type!r}")
        check_speaker_filters(self.gender, self.kind)
        if self.cue_class and self.cue_class not in CUE_CLASSES:
            raise BadInput(f"cue_class: expected one of {', '.join(CUE_CLASSES)}, got {self.cue_class!r}")
        if not 1 <= self.limit <= MAX_LIMIT:
            raise BadInput(f"limit: expected 1..{MAX_LIMIT}, got {self.limit}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise BadInput(f"offset: expected 0..{MAX_OFFSET}, got {self.offset}")


def check_speaker_filters(gender: str | None, kind: str | None) -> None:
    """``BadInput`` naming the field for a gender or speaker kind outside the vocabulary."""
    if gender and gender not in GENDERS:
        raise BadInput(f"gender: expected one of {', '.join(GENDERS)}, got {gender!r}")
    if kind and kind not in SPEAKER_KINDS:
        raise BadInput(f"kind: expected one of {', '.join(SPEAKER_KINDS)}, got {kind!r}")


def speaker_conditions(gender: str | None, kind: str | None) -> list[sa.ColumnElement[bool]]:
    """Conditions on ``speakers`` for the gender and kind filters."""
    return ([speakers.c.gender == gender] if gender else []) + ([speakers.c.kind == kind] if kind else [])


def fulltext_ids(conn: sa.Connection, text: str) -> sa.Subquery:
    """The quotations matching every word of ``text`` (``fulltext``), with a rank (lower is better)."""
    terms = fulltext.query_terms(text)
    if conn.dialect.name == "postgresql":
        query = sa.func.to_tsquery("simple", fulltext.tsquery(terms))
        tsv = sa.literal_column("quotations.tsv")
        return (sa.select(quotations.c.id.label("quotation_id"), (-sa.func.ts_rank(tsv, query)).label("rank"))
                .where(tsv.op("@@")(query)).subquery("hits"))
    fts = sa.table("quotations_fts", sa.column("quotation_id"), sa.column("rank"))
    return (sa.select(fts.c.quotation_id, fts.c.rank).select_from(fts)
            .where(sa.text("quotations_fts MATCH :match").bindparams(match=fulltext.fts5_match(terms)))
            .subquery("hits"))


def speaker_ids_matching(name: str) -> sa.Select[Any]:
    """Speakers whose id is ``name`` or any of whose names contains it (case-insensitive; cleaned
    as stored names are: ``models.clean_name``)."""
    key = normalize_text(clean_name(name))
    return sa.union(
        sa.select(speakers.c.id).where(speakers.c.id == name),
        sa.select(speakers.c.id).where(speakers.c.name_key.contains(key, autoescape=True)),
        sa.select(speaker_aliases.c.speaker_id).where(speaker_aliases.c.alias_key.contains(key, autoescape=True)),
    )


def _conditions(query: QuoteQuery, dialect: str) -> list[sa.ColumnElement[bool]]:
    q = quotations.c
    where: list[sa.ColumnElement[bool]] = []
    if query.speaker:
        where.append(q.speaker_id.in_(speaker_ids_matching(query.speaker)))
    if query.since:
        where.append(q.first_seen >= query.since)
    if query.until:
        where.append(q.first_seen <= query.until)
    if query.gender or query.kind:
        where.append(q.speaker_id.in_(sa.select(speakers.c.id).where(*speaker_conditions(query.gender, query.kind))))
    if query.type:
        # Three values: the type index never narrows enough, but SQLite (no statistics) would pick it
        # over the date order; comparing through lower() keeps its planner off it. PostgreSQL has
        # statistics and would misjudge lower() instead, so it gets the plain comparison.
        where.append((sa.func.lower(q.type) if dialect == "sqlite" else q.type) == query.type)
    if query.cue_class:  # four values, most rows speech: as with type, SQLite is kept off its index
        where.append((sa.func.lower(q.cue_class) if dialect == "sqlite" else q.cue_class) == query.cue_class)
    return where


@dataclass(frozen=True)
class _Plan:
    """Which table drives a search, and the column it orders by (its own index order)."""

    source: sa.FromClause
    key: Any
    ident: Any
    newest_first: bool
    where: list[sa.ColumnElement[bool]]
    tiebreak: bool


def _outlet_sites(conn: sa.Connection, outlet: str | None) -> tuple[Any, list[sa.ColumnElement[bool]]]:
    """The site rows of an outlet and the condition choosing them: an outlet of one stored name is
    ``quotation_sites`` itself; of several ("Fox News", "foxnews.com"), one row per quotation, its
    earliest, so that a quotation carried under two of the names is found once."""
    if not outlet:
        return quotation_sites, []
    names = sorted({s.casefold() for s in outlet_sources(conn, outlet)})
    if len(names) == 1:
        return quotation_sites, [quotation_sites.c.site == names[0]]
    qs = quotation_sites.c
    return (sa.select(qs.quotation_id, sa.func.min(qs.first_seen).label("first_seen")).where(qs.site.in_(names))
            .group_by(qs.quotation_id).subquery("outlet_sites"), [])


def _plan(conn: sa.Connection, query: QuoteQuery) -> _Plan:
    """Words drive through the full-text index (by rank), a site through ``quotation_sites`` (by
    day), anything else through ``quotations`` (by day); quotations is joined only when a filter
    needs its columns, so the driving index can order and stop at the limit by itself."""
    filters = _conditions(query, conn.dialect.name)  # on quotations' own columns
    if not query.q and not query.source:
        return _Plan(quotations, quotations.c.first_seen, quotations.c.id, True, filters, True)
    sites, site = _outlet_sites(conn, query.source)
    if query.q:
        hits = fulltext_ids(conn, query.q)
        source: sa.FromClause = hits.join(sites, sites.c.quotation_id == hits.c.quotation_id) if query.source else hits
        key, ident, newest_first = hits.c.rank, hits.c.quotation_id, False
    else:
        source, key, ident, newest_first = sites, sites.c.first_seen, sites.c.quotation_id, True
    if filters:
        source = source.join(quotations, quotations.c.id == ident)
    # FTS5 orders by rank and stops at the limit only when rank is the whole ORDER BY.
    tiebreak = not (query.q and not filters and not site and conn.dialect.name == "sqlite")
    return _Plan(source, key, ident, newest_first, filters + site, tiebreak)


def _ranked(plan: _Plan) -> sa.Select[Any]:
    """Ids (``qid``) and sort keys of every match, in result order."""
    order = plan.key.desc() if plan.newest_first else plan.key
    return (sa.select(plan.ident.label("qid"), plan.key.label("sort_key")).select_from(plan.source)
            .where(*plan.where).order_by(order, *([plan.ident] if plan.tiebreak else [])))


def matching_ids(conn: sa.Connection, query: QuoteQuery, most: int = COUNT_CAP) -> list[str]:
    """The ids of the first ``most`` matches of ``query`` (its limit and offset ignored), in
    result order: what a download of a whole search holds."""
    return list(conn.execute(_ranked(_plan(conn, query)).limit(most)).scalars())


def search_quotes(conn: sa.Connection, query: QuoteQuery) -> dict[str, Any]:
    """One page of matching quotations with their speaker and first article, and the total.

    The page is chosen first (ids and sort key only, see ``_plan``), then joined to speakers and
    articles: a broad search sorts tens of thousands of hits, and joining them all before the
    limit costs several times more than the sort.
    """
    q = quotations.c
    plan = _plan(conn, query)
    page = _ranked(plan).limit(query.limit).offset(query.offset).subquery("page")
    stmt = (quote_select(page.join(quotations, q.id == page.c.qid))
            .order_by(page.c.sort_key.desc() if plan.newest_first else page.c.sort_key, q.id))
    counted = sa.select(sa.literal(1)).select_from(plan.source).where(*plan.where).limit(COUNT_CAP + 1).subquery()
    total = conn.execute(sa.select(sa.func.count()).select_from(counted)).scalar_one()
    return {"total": min(total, COUNT_CAP), "total_capped": total > COUNT_CAP, "total_text": total_text(total),
            "limit": query.limit, "offset": query.offset,
            "items": [quotation_dict(r) for r in conn.execute(stmt)]}


def total_text(total: int) -> str:
    """How many matched, in words: "1,717 statements", or "more than 100,000 statements" past the cap."""
    if total > COUNT_CAP:
        return f"more than {COUNT_CAP:,} statements"
    return f"{total:,} statement" + ("" if total == 1 else "s")


def quote_select(source: sa.FromClause) -> sa.Select[Any]:
    """Quotations of ``source`` (which joins ``quotations``) with their speaker and first article."""
    q = quotations.c
    return (sa.select(q.id, q.text, q.type, q.cue_class, q.first_seen, q.last_seen, q.num_occurrences,
                      speakers.c.id.label("speaker_id"), speakers.c.name.label("speaker_name"),
                      speakers.c.role.label("speaker_role"), speakers.c.organisation.label("speaker_organisation"),
                      speakers.c.gender.label("speaker_gender"),
                      articles.c.id.label("article_id"), articles.c.title.label("article_title"),
                      articles.c.url.label("article_url"), articles.c.source.label("article_source"),
                      *(articles.c[f].label(f"article_{f}") for f in PROVENANCE),
                      articles.c.published.label("article_published"), articles.c.date.label("article_date"))
            .select_from(source.outerjoin(speakers, speakers.c.id == q.speaker_id)
                         .outerjoin(articles, articles.c.id == q.first_article_id)))


def quotation_dict(r: sa.Row) -> dict[str, Any]:
    """A quotation for output, with the article it was first seen in and where that came from.

    ``text`` is the exact stored span; ``display`` is how it is shown and cited (``display.py``:
    balanced quotation marks, no trailing comma). ``first_seen`` is None (shown as "date unknown")
    when it is the ingest day the store gave an article without a publication date, not a day
    anyone published the statement. ``article.outlet`` names the outlet (its site, else the URL's host).
    """
    first_seen = known_day(r.first_seen)
    if first_seen == r.article_date and not published_day(r.article_published, r.article_date):
        first_seen = None
    return {
        "id": r.id, "text": r.text, "display": display_text(r.text), "type": r.type, "cue_class": r.cue_class,
        "first_seen": first_seen, "last_seen": known_day(r.last_seen) if first_seen else None,
        "num_occurrences": r.num_occurrences,
        "speaker": {"id": r.speaker_id, "name": r.speaker_name, "role": r.speaker_role,
                    "organisation": r.speaker_organisation, "gender": r.speaker_gender} if r.speaker_id else None,
        "article": {"id": r.article_id, "title": r.article_title, "url": r.article_url,
                    "source": r.article_source, "outlet": outlet_name(r.article_source, r.article_url),
                    **{f: r._mapping[f"article_{f}"] for f in PROVENANCE}}
        if r.article_id else None,
    }
