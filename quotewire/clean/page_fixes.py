"""Fixes to a parsed page before trafilatura reads it, each for statements it would lose.

Each is general (no site is named); bench/extraction.py measures them (docs/ingest-sources.md).
Each is linear in the page: elements are unwrapped by marking them and stripping every marked tag
in one pass (``lxml.html``'s ``drop_tag`` looks the element up among its siblings, so dropping
thousands of siblings one by one is quadratic), and no element's text is read past what a test
needs (a page of thousands of embedded posts inside one container would otherwise re-read that
container for every post).
"""

from __future__ import annotations

import re
from itertools import islice

EMBEDDED_POSTS = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'bluesky-embed') "
    "or contains(@class, 'mastodon-embed') or contains(@class, 'text-post-media')]"
)
MAX_EMBED_WRAPPERS = 3
_EMBED_WRAPPER = re.compile(r"social|embed|tweet|twitter|bluesky|mastodon|threads", re.IGNORECASE)
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
_UNWRAP = "quotewire-unwrap"
"""The tag an element to unwrap is renamed to, until ``_unwrap_marked`` strips them all at once."""


def _unwrap_marked(tree) -> None:
    from lxml import etree

    etree.strip_tags(tree, _UNWRAP)


def _text_longer_than(element, limit: int) -> bool:
    """Whether ``element`` holds more than ``limit`` characters of text, reading no further."""
    total = 0
    for piece in element.itertext():
        total += len(piece)
        if total > limit:
            return True
    return False


def unwrap_embedded_posts(tree) -> None:
    """Keep embedded social posts (tweets and the like) in the text: they are statements.

    Embeds sit in wrappers whose class says "social" or "embed", which trafilatura discards as
    share widgets; dropping those wrappers (keeping their content) leaves the post's quote and
    its "— Name (@handle) date" attribution in the article body.
    """
    for post in tree.xpath(EMBEDDED_POSTS):
        size = len(post.text_content())
        for wrapper in islice(post.iterancestors(), MAX_EMBED_WRAPPERS):
            label = f"{wrapper.get('class', '')} {wrapper.get('id', '')}"
            # only a wrapper: a small box around the post, never the article's own container
            if wrapper.tag in ("div", "figure", "aside", "span") and _EMBED_WRAPPER.search(label):
                if not _text_longer_than(wrapper, 2 * size + 200):
                    wrapper.tag = _UNWRAP
    _unwrap_marked(tree)


def mark_inline_quotes(tree) -> None:
    """Turn ``<q>`` elements into quotation marks around their text.

    Browsers draw the marks for ``<q>``; the markup has none, and trafilatura drops the element
    (breaking the line there), so "She said <q>we will win</q>." would lose exactly what makes it
    a direct quote.
    """
    for q in list(tree.iter("q")):
        q.text = OPEN_QUOTE + (q.text or "")
        last = q[-1] if len(q) else None
        if last is not None:
            last.tail = (last.tail or "") + CLOSE_QUOTE
        else:
            q.text += CLOSE_QUOTE
        q.tag = _UNWRAP
    _unwrap_marked(tree)
