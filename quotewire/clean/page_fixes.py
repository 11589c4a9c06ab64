"""Fixes to a parsed page before trafilatura reads it, each for statements it would lose.

Each is general (no site is named); bench/extraction.py measures them (docs/ingest-sources.md).
"""

from __future__ import annotations

import re

EMBEDDED_POSTS = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'bluesky-embed') "
    "or contains(@class, 'mastodon-embed') or contains(@class, 'text-post-media')]"
)
MAX_EMBED_WRAPPERS = 3
_EMBED_WRAPPER = re.compile(r"social|embed|tweet|twitter|bluesky|mastodon|threads", re.IGNORECASE)
_WRAPPER_TAGS = frozenset({"div", "figure", "aside", "span"})
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"


def unwrap_embedded_posts(tree) -> None:
    """Keep embedded social posts (tweets and the like) in the text: they are statements.

    Embeds sit in wrappers whose class says "social" or "embed", which trafilatura discards as
    share widgets; dropping those wrappers (keeping their content) leaves the post's quote and
    its "— Name (@handle) date" attribution in the article body. Only a small box around the
    post is a wrapper, never the article's own container. Each element's text is measured once
    (a page with thousands of posts in one container stays linear).
    """
    sizes: dict = {}

    def size(element) -> int:
        if element not in sizes:
            sizes[element] = len(element.text_content())
        return sizes[element]

    for post in tree.xpath(EMBEDDED_POSTS):
        for wrapper in list(post.iterancestors())[:MAX_EMBED_WRAPPERS]:
            label = f"{wrapper.get('class', '')} {wrapper.get('id', '')}"
            if wrapper.tag in _WRAPPER_TAGS and _EMBED_WRAPPER.search(label) and wrapper.getparent() is not None:
                if size(wrapper) <= 2 * size(post) + 200:
                    wrapper.drop_tag()


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
        q.drop_tag()
