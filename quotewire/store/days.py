"""Days as the store keeps them (``YYYY-MM-DD`` strings), read defensively and bucketed for charts.

Stored days come from articles' own metadata, so anything may be there ("2024-99-99", year 0001):
readers show a day that is not a real date as unknown instead of failing on it. Filters take only
real ISO dates (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``): ``20240101`` is refused rather than
compared as a string, where it would sort before every real date.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from quotewire.errors import BadInput

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
BOUND_PATTERN = r"^(\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?)?$"
"""The shape ``day_bound`` takes (or blank), for documentation: the real check is ``day_bound``."""
MAX_BARS = 160
"""Most buckets a timeline has, whatever its span: the finest unit that fits is chosen."""


def known_day(value: str | None) -> str | None:
    """``value`` when it is a real calendar day in ``YYYY-MM-DD`` form, else None (unknown)."""
    if not value or not _DAY.fullmatch(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def published_day(published: str | None, day: str | None) -> str | None:
    """An article's stored day when it is its publication day, None when the store fell back to
    the ingest day (no usable ``published``): an ingest day must not pass for a publication date."""
    day = known_day(day)
    return day if day and (published or "").strip().startswith(day) else None


def bound_period(query: Any) -> None:
    """Make a frozen query's ``since`` and ``until`` the first and last day they cover
    (``day_bound``), in place: what every query with a period does after it is made."""
    for name in ("since", "until"):
        if getattr(query, name):
            object.__setattr__(query, name, day_bound(getattr(query, name), name, end=name == "until"))


def day_bound(value: str, name: str, *, end: bool) -> str:
    """The first (``end``: last) day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as ``YYYY-MM-DD``."""
    match = _BOUND.fullmatch(value.strip())
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else None for g in match.groups())
        month = month or (12 if end else 1)
        day = day or (calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day).isoformat()
    except ValueError:
        raise BadInput(f"{name}: expected a date like 2024-05-31, 2024-05 or 2024, got {value!r}") from None


@dataclass(frozen=True)
class _Unit:
    name: str
    index: Callable[[date], int]  # consecutive buckets have consecutive indexes
    start: Callable[[int], date]


def _year_start(year: int) -> date:
    return date(max(year, 1), 1, 1)  # there is no year 0: the first decade and century start in year 1


UNITS = (
    _Unit("week", lambda d: (d.toordinal() - 1) // 7, lambda i: date.fromordinal(i * 7 + 1)),  # 0001-01-01 is a Monday
    _Unit("month", lambda d: d.year * 12 + d.month - 1, lambda i: date(i // 12, i % 12 + 1, 1)),
    _Unit("year", lambda d: d.year, _year_start),
    _Unit("decade", lambda d: d.year // 10, lambda i: _year_start(i * 10)),
    _Unit("century", lambda d: d.year // 100, lambda i: _year_start(i * 100)),
)


def timeline(day_counts: Iterable[tuple[str | None, int]]) -> tuple[str, list[dict[str, Any]]]:
    """A unit and the counts per bucket of it (``start`` day, ``count``), empty buckets included.

    The unit is the finest that keeps ``MAX_BARS`` or fewer buckets: statements per ISO week for a
    speaker quoted over a year or two, per month, year, decade or century as the span grows, so
    the chart (and the page that draws it) is bounded whatever dates the articles carried. Days
    that are not real dates are left out.
    """
    counts: dict[date, int] = {}
    for value, n in day_counts:
        day = known_day(value)
        if day is not None:
            d = date.fromisoformat(day)
            counts[d] = counts.get(d, 0) + n
    if not counts:
        return UNITS[0].name, []
    first, last = min(counts), max(counts)
    unit = next(u for u in UNITS if u.index(last) - u.index(first) < MAX_BARS)
    buckets = dict.fromkeys(range(unit.index(first), unit.index(last) + 1), 0)
    for d, n in counts.items():
        buckets[unit.index(d)] += n
    return unit.name, [{"start": unit.start(i).isoformat(), "count": n} for i, n in buckets.items()]
