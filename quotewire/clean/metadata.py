"""Metadata of an HTML page — title, author, date, site, canonical URL — from its parsed tree.

trafilatura's ``extract_metadata`` without its full-page author search, categories, tags and
licence (which cost as much again and are unused here) and with htmldate's extensive search off:
meta tags and JSON-LD carry what news pages state about themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

DATE_OPTIONS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
"""htmldate without its slow full-page scan: meta tags, JSON-LD, URL and time elements only."""

TITLE_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " :: ")


def clean_title(title: str | None, site: str | None) -> str | None:
    """The headline without surrounding space or a trailing " | Site" / " - Site" suffix."""
    if not title:
        return None
    title = " ".join(title.split())
    if site:
        for separator in TITLE_SEPARATORS:
            if title.lower().endswith(f"{separator}{site}".lower()):
                return title[: -len(separator) - len(site)].strip() or title
    return title


@dataclass
class Page:
    """What cleaning reads from an HTML page: its metadata, its body ``text`` and the ``extractor``
    that produced the body (main_text's names). trafilatura's Document field names, so that
    code written against it reads the same."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    hostname: str | None = None
    url: str | None = None
    text: str = ""
    extractor: str | None = None


def page_metadata(tree, url: str | None) -> Page:
    """Title, author, date, site name and canonical URL of the page.

    ``url`` is where the page came from, the fallback when it names no canonical URL.
    """
    from htmldate import find_date
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url

    meta = examine_meta(tree)
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - trafilatura's JSON-LD reader fails on odd markup; meta tags remain
        pass
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.hostname = urlsplit(meta.url).hostname if meta.url else None
    meta.date = find_date(tree, url=meta.url, **DATE_OPTIONS)
    meta.sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@").strip() or None
    return Page(
        title=clean_title(meta.title, meta.sitename),
        author=meta.author,
        date=meta.date,
        sitename=meta.sitename,
        hostname=meta.hostname,
        url=meta.url,
    )
