"""RSS and Atom feeds: one Article per entry, from its full content or else its linked page."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from quotewire.errors import InputError
from quotewire.models import Article, Failure
from quotewire.sources.articles import article_id, storable
from quotewire.sources.registry import PARSER_ERRORS, reader
from quotewire.sources.source import Source

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
XML_TYPES = ("application/xml", "text/xml")
"""XML that is neither feed nor page is read as a feed, to fail with a clear reason."""

_FEED_START = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b")
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
"""feedparser 'bozo' warnings that leave the feed fully read."""


def looks_like_feed(head: bytes) -> bool:
    """Whether a document's first bytes open an RSS, RDF or Atom feed."""
    return bool(_FEED_START.match(head.lstrip(b"\xef\xbb\xbf")[:4096]))


def _refuse_entities(data: bytes, input: str) -> None:
    """Entity declarations (only possible in the DTD, before the root element) are refused outright.

    "Billion laughs" feeds nest them to expand a kilobyte into gigabytes; expat stops at its
    amplification limit, but feedparser then retries with its own lenient parser. Real feeds do not
    declare entities (an external DTD reference, as in RSS 0.91, is still fine).
    """
    root = _ROOT.search(data)
    if _ENTITY_DECLARATION.search(data, 0, root.start() if root else len(data)):
        raise InputError(input, "bad_feed", "refused: the feed declares XML entities (<!ENTITY>), which can expand without bound")


def _char_ref(match: re.Match[bytes]) -> bytes:
    digits, base = (match.group(1), 16) if match.group(1) is not None else (match.group(2), 10)
    value = int(digits, base) if len(digits) <= 8 else -1
    storable = 0 < value < 0x110000 and not 0xD800 <= value <= 0xDFFF
    return match.group() if storable else b"&#xFFFD;"


def _safe_char_refs(data: bytes) -> bytes:
    """Character references no text can hold (NUL, surrogates, past U+10FFFF, thousands of digits)
    as U+FFFD: feedparser raises on them, losing the whole feed, and no database stores NUL."""
    return _CHAR_REF.sub(_char_ref, data)


def _iso(parsed) -> str | None:  # noqa: ANN001 - feedparser's time.struct_time
    """An entry date as ISO-8601 UTC; ``None`` for one Python cannot represent (past year 9999)."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (ValueError, OverflowError, OSError):
        return None


def _text(value: str | None) -> str | None:
    return storable(value) if value else value


def _entry_article(entry, input: str, site: str | None) -> Article | None:  # noqa: ANN001
    """The entry with its full content, or ``None`` when the feed only carries a summary."""
    content = entry.get("content") or []
    full = max(content, key=lambda c: len(c.get("value", "")), default=None)
    if not full or not full.get("value", "").strip():
        return None
    value, url = storable(full["value"]), entry.get("link")
    meta = dict(
        title=_text(entry.get("title")),
        url=url,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        author=_text(entry.get("author")),
        source=site,
        input=input,
    )
    if "html" in full.get("type", "text/html"):
        page = f"<html><body><article>{value}</article></body></html>"
        return Article(id=article_id(url, value), text="", html=page, **meta)
    return Article(id=article_id(url, value), text=value, **meta)


def _entry_items(entry, where: str, site: str | None, source: Source) -> Iterator[Article | Failure]:  # noqa: ANN001
    article = _entry_article(entry, where, site)
    fetch_page = source.options.fetch_page
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


@reader("feed", suffixes=(".rss", ".atom", ".xml"), media=FEED_TYPES + XML_TYPES, sniff=looks_like_feed)
def read_feed(source: Source) -> Iterator[Article | Failure]:
    """Entries of a feed; summary-only entries fetch their linked page when the options allow.

    feedparser recovers entries from malformed XML; those are kept, and the damage is reported
    as a Failure naming the feed, so nothing readable is lost and nothing is silently wrong.
    An entry that cannot be read is its own Failure; the entries after it are still read.
    """
    import feedparser

    data = source.read()
    _refuse_entities(data, source.input)
    feed = feedparser.parse(_safe_char_refs(data))
    problem = feed.get("bozo_exception") if feed.get("bozo") else None
    if problem is not None and type(problem).__name__ in _HARMLESS:
        problem = None
    if not feed.entries:
        reason = f"not a valid RSS/Atom feed ({problem})" if problem else "feed has no entries"
        raise InputError(source.input, "bad_feed", reason)
    site = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        where = f"{source.input}#{entry.get('id') or entry.get('link') or n}"
        try:
            yield from _entry_items(entry, where, site, source)
        except InputError as exc:
            yield exc.failure()
        except PARSER_ERRORS as exc:
            yield Failure(where, "bad_feed", f"{where}: entry not readable ({type(exc).__name__})")
    if problem is not None:
        message = f"{source.input}: malformed feed ({' '.join(str(problem).split())}); {len(feed.entries)} entries recovered"
        yield Failure(source.input, "bad_feed", message)
