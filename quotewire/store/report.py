"""Who is quoted, by outlet, month and gender: the counts behind ``quotewire report``,
``GET /api/report`` and the dashboard.

Everything counts statements as published: an occurrence (a statement in one article) credited to
a person, in an article with a known publication day. "People" are distinct persons quoted;
women's share is of the people (or statements) whose gender is known, women / (women + men), the
Gender Gap Tracker's measure, and the unknown are counted beside it, never folded in. An outlet
is every stored source that is one publisher (``store/outlets.py``); a month is ``YYYY-MM`` of
the publication day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa

from quotewire.errors import BadInput
from quotewire.extract.gender import FEMALE, MALE, UNKNOWN
from quotewire.store.days import day_bound
from quotewire.store.outlets import outlet_names, outlet_of
from quotewire.store.schema import articles, occurrences, quotations, speakers
from quotewire.store.search import fulltext_ids
from quotewire.store.speaker_views import article_conditions

MAX_TOP = 100
TABLES = ("outlet_month", "outlets", "months", "top", "repeated", "attention")
"""The report's tables, each one CSV or a JSON list on its own (``report_table``)."""
COLUMNS: dict[str, tuple[str, ...]] = {
    **{t: (*keys, "people", "women", "men", "people_unknown", "women_share_people", "statements",
           "statements_women", "statements_men", "statements_unknown", "women_share_statements")
       for t, keys in (("outlet_month", ("outlet", "month")), ("outlets", ("outlet",)), ("months", ("month",)))},
    "top": ("period", "gender", "rank", "speaker_id", "name", "statements"),
    "repeated": ("quotation_id", "text", "speaker", "outlets", "outlet_names", "statements", "first_seen"),
    "attention": ("month", "outlet", "statements"),
}


@dataclass(frozen=True)
class ReportQuery:
    """What a report covers: an outlet (any of its names), a period (``YYYY-MM-DD``, ``YYYY-MM`` or
    ``YYYY``), how many top people per gender and period, how many repeated statements, and the
    words whose attention over time is counted (none: every statement)."""

    source: str | None = None
    since: str | None = None
    until: str | None = None
    top: int = 5
    q: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            if getattr(self, name):
                object.__setattr__(self, name, day_bound(getattr(self, name), name, end=name == "until"))
        if not 1 <= self.top <= MAX_TOP:
            raise BadInput(f"top: expected 1..{MAX_TOP}, got {self.top}")


class _Scope:
    """The joins and conditions every table shares: persons' statements in the chosen articles."""

    def __init__(self, conn: sa.Connection, query: ReportQuery) -> None:
        a = articles.c
        self.outlet = outlet_of(a.source, outlet_names(conn)).label("outlet")
        self.month = sa.func.substr(a.date, 1, 7).label("month")
        self.joined = occurrences.join(articles, a.id == occurrences.c.article_id)
        self.where = [a.date.is_not(None), a.source.is_not(None),
                      *article_conditions(conn, query.source, query.since, query.until)]
        self.people = self.joined.join(speakers, speakers.c.id == occurrences.c.speaker_id)
        self.person = [*self.where, speakers.c.kind == "person"]


def gender_counts(conn: sa.Connection, scope: _Scope, keys: list[Any]) -> list[dict[str, Any]]:
    """People and statements by gender, grouped by ``keys`` (outlet, month or both)."""
    gender = sa.func.coalesce(speakers.c.gender, UNKNOWN)
    stmt = (sa.select(*keys, gender.label("gender"), sa.func.count(occurrences.c.speaker_id.distinct()).label("people"),
                      sa.func.count().label("statements"))
            .select_from(scope.people).where(*scope.person).group_by(*keys, gender))
    names = [k.name for k in keys]
    cells: dict[tuple[Any, ...], dict[str, int]] = defaultdict(dict)
    for r in conn.execute(stmt):
        cell = cells[tuple(r._mapping[n] for n in names)]
        cell[f"people_{r.gender}"] = r.people
        cell[f"statements_{r.gender}"] = r.statements
    return [dict(zip(names, key)) | _shares(cell) for key, cell in sorted(cells.items())]


def _shares(cell: dict[str, int]) -> dict[str, Any]:
    women, men, unknown = (cell.get(f"people_{g}", 0) for g in (FEMALE, MALE, UNKNOWN))
    said_w, said_m, said_u = (cell.get(f"statements_{g}", 0) for g in (FEMALE, MALE, UNKNOWN))
    return {"people": women + men + unknown, "women": women, "men": men, "people_unknown": unknown,
            "women_share_people": _share(women, men), "statements": said_w + said_m + said_u,
            "statements_women": said_w, "statements_men": said_m, "statements_unknown": said_u,
            "women_share_statements": _share(said_w, said_m)}


def _share(women: int, men: int) -> float | None:
    return round(women / (women + men), 4) if women + men else None


def top_people(conn: sa.Connection, scope: _Scope, top: int) -> list[dict[str, Any]]:
    """The ``top`` most quoted women and men of the whole period ("all") and of each month."""
    s = speakers.c
    found = []
    for period in (None, scope.month):
        keys = [period] if period is not None else []
        stmt = (sa.select(*keys, s.id, s.name, s.gender, sa.func.count().label("n")).select_from(scope.people)
                .where(*scope.person, s.gender.in_([FEMALE, MALE])).group_by(*keys, s.id, s.name, s.gender))
        ranked: dict[tuple[str, str], list[sa.Row]] = defaultdict(list)
        for r in conn.execute(stmt):
            ranked[(r.month if period is not None else "all", r.gender)].append(r)
        for (when, gender), rows in sorted(ranked.items()):
            rows.sort(key=lambda r: (-r.n, r.name, r.id))
            found += [{"period": when, "gender": gender, "rank": k + 1, "speaker_id": r.id, "name": r.name,
                       "statements": r.n} for k, r in enumerate(rows[:top])]
    return found


def repeated(conn: sa.Connection, scope: _Scope, limit: int) -> list[dict[str, Any]]:
    """Statements carried by the most outlets (at least two), most outlets first."""
    o, q = occurrences.c, quotations.c
    spread = (sa.select(o.quotation_id, sa.func.count(scope.outlet.element.distinct()).label("outlets"),
                        sa.func.count().label("n"))
              .select_from(scope.joined).where(*scope.where).group_by(o.quotation_id)
              .having(sa.func.count(scope.outlet.element.distinct()) > 1).subquery())
    rows = conn.execute(sa.select(q.id, q.text, q.first_seen, speakers.c.name, spread.c.outlets, spread.c.n)
                        .select_from(spread.join(quotations, q.id == spread.c.quotation_id)
                                     .outerjoin(speakers, speakers.c.id == q.speaker_id))
                        .order_by(spread.c.outlets.desc(), spread.c.n.desc(), q.id).limit(limit)).all()
    carriers: dict[str, set[str]] = defaultdict(set)
    if rows:
        for r in conn.execute(sa.select(o.quotation_id, scope.outlet).select_from(scope.joined)
                              .where(*scope.where, o.quotation_id.in_([r.id for r in rows]))):
            carriers[r.quotation_id].add(r.outlet)
    return [{"quotation_id": r.id, "text": r.text, "speaker": r.name, "outlets": r.outlets,
             "outlet_names": "; ".join(sorted(carriers[r.id])), "statements": r.n, "first_seen": r.first_seen}
            for r in rows]


def attention(conn: sa.Connection, scope: _Scope, words: str | None) -> list[dict[str, Any]]:
    """Statements per month and outlet (containing all of ``words``, when given): attention over time."""
    where = [*scope.where]
    if words:
        where.append(occurrences.c.quotation_id.in_(sa.select(fulltext_ids(conn, words).c.quotation_id)))
    stmt = (sa.select(scope.month, scope.outlet, sa.func.count().label("n")).select_from(scope.joined)
            .where(*where).group_by(scope.month, scope.outlet).order_by(scope.month, scope.outlet))
    return [{"month": r.month, "outlet": r.outlet, "statements": r.n} for r in conn.execute(stmt)]


def report(conn: sa.Connection, query: ReportQuery, tables: tuple[str, ...] = TABLES) -> dict[str, Any]:
    """The report's ``tables`` (all by default) for ``query``, with the query it answers."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise BadInput(f"table: expected one of {', '.join(TABLES)}, got {sorted(unknown)[0]!r}")
    scope = _Scope(conn, query)
    build = {
        "outlet_month": lambda: gender_counts(conn, scope, [scope.outlet, scope.month]),
        "outlets": lambda: gender_counts(conn, scope, [scope.outlet]),
        "months": lambda: gender_counts(conn, scope, [scope.month]),
        "top": lambda: top_people(conn, scope, query.top),
        "repeated": lambda: repeated(conn, scope, query.top * 4),
        "attention": lambda: attention(conn, scope, query.q),
    }
    return {"query": asdict(query)} | {t: build[t]() for t in tables}
