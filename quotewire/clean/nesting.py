"""Pages nested deeper than the HTML parser allows, flattened so that none of their text is lost.

libxml2 (lxml's parser) stops parsing at 256 open elements and drops everything after that
point without raising: a page of unclosed ``<div><span>``s, or a template that nests a wrapper per
comment, would lose its whole body. When the parser reports that limit, the page is parsed again
after ``flatten_nesting``: start and end tags beyond ``MAX_NESTING`` open elements are removed and
their text kept, so the article loses some structure deep down and none of its words.

The tags are read with a single forward scan (one regex search from each position, ending at the
last ``>``, and plain ``find`` for comments and raw-text elements), so the cost is linear in the
page whatever its markup.
"""

from __future__ import annotations

import re

MAX_NESTING = 180
"""Open elements kept by ``flatten_nesting``: below libxml2's 256, with room for the parser's
own implied elements (html, body, tbody, p) and for trafilatura's wrappers."""

_TAG = re.compile(r"<(?:!--|(/?)([A-Za-z][\w:.-]*)[^>]*>)")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen".split()
)
_RAW_TEXT = frozenset(("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"))
_SELF_CLOSING = frozenset(("p", "li", "dt", "dd", "tr", "td", "th", "option"))
"""Elements that an opening tag of the same name closes (``<p>a<p>b`` is two siblings), so that
unclosed paragraphs and list items are not counted as nesting."""
_BLOCK = frozenset("p div li ul ol dl dt dd tr td th table section article aside blockquote h1 h2 h3 h4 h5 h6 pre".split())
_BREAK = "<br>"
"""What a removed block tag leaves behind when text came before it, so that two paragraphs do not
run into one word (one break per run of removed tags: thousands of ``<br>`` cost trafilatura
more than the nesting did)."""


class _Open:
    """The stack of open elements while scanning: names, and whether each one's tags are kept."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.kept: list[bool] = []
        self.count: dict[str, int] = {}
        self.depth = 0  # kept entries on the stack

    def push(self, name: str) -> bool:
        keep = self.depth < MAX_NESTING
        self.names.append(name)
        self.kept.append(keep)
        self.count[name] = self.count.get(name, 0) + 1
        self.depth += keep
        return keep

    def close(self, name: str) -> bool | None:
        """Pop up to and including the innermost open ``name``: whether its tags were kept
        (``None`` when no such element is open, a stray end tag)."""
        if not self.count.get(name):
            return None
        while True:
            popped, keep = self.names.pop(), self.kept.pop()
            self.count[popped] -= 1
            self.depth -= keep
            if popped == name:
                return keep


def flatten_nesting(html: str) -> str:
    """``html`` with the tags beyond ``MAX_NESTING`` open elements removed, their text kept."""
    out: list[str] = []
    stack = _Open()
    text_since_break = False

    def removed(name: str) -> str:
        nonlocal text_since_break
        if name in _BLOCK and text_since_break:
            text_since_break = False
            return _BREAK
        return ""

    pos, end = 0, html.rfind(">") + 1
    while (match := _TAG.search(html, pos, end)) is not None:
        between = html[pos:match.start()]
        out.append(between)
        text_since_break = text_since_break or not between.isspace() and bool(between)
        pos = match.end()
        closing, name = match.group(1), match.group(2)
        if name is None:  # a comment: copied through to its end
            stop = html.find("-->", pos)
            pos = len(html) if stop < 0 else stop + 3
            out.append(html[match.start():pos])
            continue
        name = name.lower()
        if closing:
            keep = stack.close(name)
            out.append(match.group() if keep or keep is None else removed(name))
            continue
        if name in _VOID or match.group().endswith("/>"):
            out.append(match.group())
            continue
        if name in _SELF_CLOSING:
            stack.close(name)
        keep = stack.push(name)
        out.append(match.group() if keep else removed(name))
        if name in _RAW_TEXT:  # its content is text, not markup: copied through to its end tag
            stop = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, pos)
            out.append(html[pos: len(html) if stop is None else stop.start()])
            pos = len(html) if stop is None else stop.start()
    out.append(html[pos:])
    return "".join(out)
