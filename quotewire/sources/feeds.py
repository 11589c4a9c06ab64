"""RSS and Atom feeds: one Article per entry, from its full content or else its linked page."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from quotewire.errors import InputError
from quotewire.models import Article, Failure
from quotewire.sources.html import article_id

_FEED_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
"""feedparser 'bozo' warnings that leave the feed fully read."""


def looks_like_feed(head: bytes) -> bool:
    """Whether a document's first bytes open an RSS, RDF or Atom feed."""
    return bool(_FEED_START.match(head.lstrip(b"\xef\xbb\xbf")[:4096]))


def _iso(parsed) -> str | None:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat() if parsed else None


def _entry_article(entry, input: str, site: str | None) -> Article | None:
    """The entry with its full content, or ``None`` when the feed only carries a summary."""
    content = entry.get("content") or []
    full = max(content, key=lambda c: len(c.get("value", "")), default=None)
    if not full or not full.get("value", "").strip():
        return None
    value, url = full["value"], entry.get("link")
    meta = dict(
        title=entry.get("title"),
        url=url,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=entry.get("author"),
        source=site,
        input=input,
    )
    if "html" in full.get("type", "text/html"):
        page = f"<html><body><article>{value}</article></body></html>"
        return Article(id=article_id(url, value), text="", html=page, **meta)
    return Article(id=article_id(url, value), text=value, **meta)


def read_feed(
    data: bytes, input: str, fetch_page: Callable[[str, str], Iterator[Article | Failure]] | None
) -> Iterator[Article | Failure]:
    """Entries of a feed. ``fetch_page(url, input)`` reads a linked page for summary-only entries
    (``None``: such entries are reported, not fetched).

    feedparser recovers entries from malformed XML; those are kept, and the damage is reported
    as a Failure naming the feed, so nothing readable is lost and nothing is silently wrong.
    """
    import feedparser

    feed = feedparser.parse(data)
    problem = feed.get("bozo_exception") if feed.get("bozo") else None
    if problem is not None and type(problem).__name__ in _HARMLESS:
        problem = None
    if not feed.entries:
        reason = f"not a valid RSS/Atom feed ({problem})" if problem else "feed has no entries"
        raise InputError(input, "bad_feed", reason)
    site = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        where = f"{input}#{entry.get('id') or entry.get('link') or n}"
        article = _entry_article(entry, where, site)
        if article is not None:
            yield article
        elif entry.get("link") and fetch_page is not None:
            for item in fetch_page(entry["link"], where):
                if isinstance(item, Article):
                    item.title = item.title or entry.get("title")
                    item.published = item.published or _iso(entry.get("published_parsed"))
                    item.source = item.source or site
                yield item
        else:
            yield Failure(where, "no_content", f"{where}: entry has no content and no page was fetched")
    if problem is not None:
        yield Failure(input, "bad_feed", f"{input}: malformed feed ({problem}); {len(feed.entries)} entries recovered")
