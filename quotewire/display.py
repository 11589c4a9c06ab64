"""How a stored statement is shown and cited: balanced quotation marks, no trailing comma.

A statement's stored text is its exact span in the article (offsets stay true to the source), so a
mixed statement often opens a quotation whose closing mark lies past the span (``prices remained
"the wild card.``) and a direct one often ends with the comma before "she said". ``display_text``
is the one display form derived from that text, used by the CLI, the API, the web pages and the
exports; ``citation`` is the line a reader copies. Only double marks are balanced: a lone single
mark is as often an apostrophe.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_OPENERS = {"“": "”", "„": "”", "«": "»", "``": "''", '"': '"', "''": "''"}
_EITHER = ('"', "''")  # marks that open or close: ``''`` closes ``````, and some texts open with it too
_CLOSERS = {"”": "“", "»": "«", "''": "``"}
_MARK = re.compile(r"``|''|[“”„«»\"]")
_TRAILING = re.compile(r"[\s,]+$")


def _straight_closes(text: str, start: int, end: int) -> bool:
    """Whether a straight mark (``text[start:end]``) with nothing open reads as a closing one: after
    a word or punctuation and before a space, punctuation or the end."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def unbalanced(text: str) -> tuple[list[str], list[str]]:
    """The double marks of ``text`` left open (in order) and the closing marks with no opening."""
    stack: list[str] = []
    stray: list[str] = []
    for m in _MARK.finditer(text):
        mark = m.group()
        if mark in _EITHER and stack and _OPENERS[stack[-1]] == mark:
            stack.pop()
        elif mark in _EITHER and not stack and _straight_closes(text, m.start(), m.end()):
            stray.append(mark)
        elif mark in _EITHER:
            stack.append(mark)
        elif mark == "“" and stack and stack[-1] == "„":  # German: „…“
            stack.pop()
        elif mark in _OPENERS:
            stack.append(mark)
        elif stack and _OPENERS[stack[-1]] == mark:
            stack.pop()
        else:
            stray.append(mark)
    return stack, stray


def display_text(text: str) -> str:
    """``text`` with every open double quotation closed at its end, every stray closing mark given
    its opening at its start, and a trailing comma (inside or outside the closing marks) removed."""
    body = text.strip()
    closing = re.search(r"(?:''|[”»\"])+$", body)
    tail = ""
    if closing and _TRAILING.search(body[:closing.start()]):
        tail, body = closing.group(), _TRAILING.sub("", body[:closing.start()])
    body = _TRAILING.sub("", body) + tail
    opened, stray = unbalanced(body)
    return ("".join(_CLOSERS.get(s, s) for s in reversed(stray)) + body
            + "".join(_OPENERS[o] for o in reversed(opened)))


def is_citable(text: str) -> bool:
    """Whether a displayed statement has balanced double marks and no trailing comma."""
    opened, stray = unbalanced(text)
    return not opened and not stray and not re.search(r",(?:''|[”»\"])*$", text.strip())


def citation(quote: dict[str, Any]) -> str:
    """One line to paste: speaker (role, organisation), the quotation, outlet, title, date, URL.

    ``quote`` is a statement as ``store`` gives it (``display``, ``speaker``, ``article``); parts the
    database does not know are left out rather than guessed.
    """
    speaker = quote.get("speaker") or {}
    article = quote.get("article") or {}
    about = ", ".join(x for x in (speaker.get("role"), speaker.get("organisation")) if x)
    who = (speaker.get("name") or "Unknown speaker") + (f" ({about})" if about else "")
    said = quote["display"]
    if quote.get("type") == "direct" and not said.startswith(tuple(_OPENERS)):  # mixed: marks of its own
        said = f"“{said}”"
    where = [article.get("outlet"), f"“{article['title']}”" if article.get("title") else None,
             quote.get("first_seen") or "date unknown", article.get("url")]
    return f"{who}: {said}. " + ", ".join(x for x in where if x) + "."


def outlet_name(source: str | None, url: str | None) -> str | None:
    """The outlet to name for an article: its source (site) as stored, else its URL's host."""
    if source:
        return source
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
