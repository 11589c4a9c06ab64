"""Metadata of an HTML page — title, author, date, site, canonical URL — from its parsed tree.

trafilatura's ``extract_metadata`` without its full-page author search, categories, tags and
licence (which cost as much again and are unused here) and with htmldate's extensive search off:
meta tags and JSON-LD carry what news pages state about themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from trafilatura.settings import Document

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


def page_metadata(tree, url: str | None) -> Document:
    """Title, author, date, site name, canonical URL and description (trafilatura's Document).

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
    meta.title = clean_title(meta.title, meta.sitename)
    return meta
