"""The one test for "may this stored URL be a link": http(s) with a host, nothing else.

Article URLs come from the articles themselves (feeds, JSONL, JSON-LD, POSTed bodies), so a
stored ``javascript:alert(1)`` or ``data:text/html,...`` is possible; escaping does not make such
an href inert, only refusing it does. The pages show a refused URL as plain text, if at all.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_href(url: str | None) -> str | None:
    """``url`` when a browser would fetch it over http(s) from a named host, else None."""
    if not url:
        return None
    cleaned = url.strip()
    if cleaned != url or any(ord(c) < 0x21 or c == "\\" for c in cleaned):
        return None  # browsers drop tabs/newlines and read "\" as "/": "java\tscript:" must not slip by
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # a malformed IPv6 host: "http://[x"
        return None
    return cleaned if parts.scheme.lower() in ("http", "https") and parts.hostname else None
