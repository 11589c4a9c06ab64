"""Outlets: the sites that published the stored articles, under every name a reader uses.

An article's ``source`` is whatever its input said ("foxnews.com", "Fox News", "nyt"). An outlet
gathers the sources that are one publisher: those ``data/outlets.txt`` lists together, and those
whose names differ only in case, a "www.", a leading "The" or a domain ending. A name a user gives
(``--source fox``) resolves to one outlet by any of its names, or by the start of one when only
one outlet's names start so; a name that resolves to none or to several is ``BadInput`` naming
it, never an empty answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from quotewire.errors import BadInput
from quotewire.outlet_names import known_outlets, site_key
from quotewire.store.schema import articles, occurrences

@dataclass
class Outlet:
    """One outlet: its display name, the stored sources it gathers, every name it answers to."""

    name: str
    sources: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    articles: int = 0
    statements: int = 0
    first_day: str | None = None
    last_day: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": self.aliases, "sources": self.sources, "articles": self.articles,
                "statements": self.statements, "first_day": self.first_day, "last_day": self.last_day}


def outlets(conn: sa.Connection) -> list[Outlet]:
    """Every outlet of the stored articles, most articles first, with counts and names."""
    a, o = articles.c, occurrences.c
    rows = conn.execute(sa.select(a.source, sa.func.count().label("n"), sa.func.min(a.date).label("first"),
                                  sa.func.max(a.date).label("last"))
                        .where(a.source.is_not(None)).group_by(a.source)).all()
    said = dict(conn.execute(sa.select(a.source, sa.func.count()).select_from(occurrences.join(articles, a.id == o.article_id))
                             .where(a.source.is_not(None)).group_by(a.source)).all())
    grouped: dict[str, list[sa.Row]] = defaultdict(list)
    for r in rows:
        grouped[_group_key(r.source)].append(r)
    found = []
    for key, members in grouped.items():
        members.sort(key=lambda r: (-r.n, r.source))
        known = known_outlets().get(key)
        name = known[0] if known else members[0].source
        sources = [r.source for r in members]
        days = [d for r in members for d in (r.first, r.last) if d]
        found.append(Outlet(name, sources, sorted({*sources, *(known[1] if known else ())} - {name}, key=str.casefold),
                            sum(r.n for r in members), sum(said.get(r.source, 0) for r in members),
                            min(days) if days else None, max(days) if days else None))
    return sorted(found, key=lambda x: (-x.articles, x.name))


def _group_key(source: str) -> str:
    """The key sources are grouped by: their listed outlet's, else their own."""
    key = site_key(source)
    known = known_outlets().get(key)
    return site_key(known[0]) if known else key


def resolve_outlet(conn: sa.Connection, name: str) -> Outlet:
    """The stored outlet ``name`` means: by any of its names exactly, else by the start of one."""
    every = outlets(conn)
    key = site_key(name)
    if not key:
        raise BadInput(f"source: {name!r} names no outlet")
    exact = [x for x in every if key in {site_key(n) for n in (x.name, *x.aliases)}]
    starts = [x for x in every if any(site_key(n).startswith(key) for n in (x.name, *x.aliases))]
    for found in (exact, starts):
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise BadInput(f"source: {name!r} could be any of {', '.join(x.name for x in found[:6])}; say which")
    raise BadInput(f"source: no stored outlet is called {name!r} (quotewire sources lists them)")


def outlet_sources(conn: sa.Connection, name: str) -> list[str]:
    """The stored ``articles.source`` values of the outlet ``name`` means."""
    return resolve_outlet(conn, name).sources


def outlet_names(conn: sa.Connection) -> dict[str, str]:
    """Stored source -> its outlet's display name, for grouping by outlet in SQL (``outlet_of``)."""
    return {source: x.name for x in outlets(conn) for source in x.sources}


def outlet_of(column: sa.ColumnElement[Any], names: dict[str, str]) -> sa.ColumnElement[Any]:
    """``column`` (a stored source) as its outlet's display name, in SQL."""
    renamed = {source: name for source, name in names.items() if source != name}
    return sa.case(renamed, value=column, else_=column) if renamed else column
