"""The article body of an HTML page, with trafilatura between our page fixes and post-filters.

Settings were chosen by measurement on the article-extraction benchmark (docs/ingest-sources.md):
fast mode (no readability/jusText comparison) without comments, in recall mode (which also skips
trafilatura's whole-page re-scan of short results), is faster and more accurate than trafilatura's
default. What it lets through is page furniture that is the same everywhere — the headline and
standfirst repeated at the top, datelines, "READ MORE", newsletter and credit lines — which the
post-filters here and the junk patterns remove in general, not per site.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quotewire.clean.boilerplate import strip_boilerplate
from quotewire.clean.metadata import page_metadata
from quotewire.clean.nesting import flatten_nesting
from quotewire.clean.page_fixes import (
    mark_inline_quotes,
    merge_split_body,
    paragraph_chars,
    unwrap_embedded_posts,
)
from quotewire.models import normalize_text

if TYPE_CHECKING:
    from trafilatura.settings import Document

TRAFILATURA_OPTIONS = {"fast": True, "include_comments": False, "favor_recall": True}
_PARAGRAPH_BREAK = re.compile(r"\n+")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
MIN_HEADLINE_SHARE = 0.6
MIN_PARAGRAPH_SHARE = 0.5
"""Extracted text under this share of the page's <p> text triggers the split-body check."""


def _same_headline(line: str, title: str) -> bool:
    """Whether a body line is the headline: equal, or one the start or end of the other (site
    names, "Opinion |" kickers) covering most of it."""
    a, b = normalize_text(line), normalize_text(title)
    short, long = sorted((a, b), key=len)
    affix = long.startswith(short) or long.endswith(short)
    return bool(short) and affix and len(short) >= MIN_HEADLINE_SHARE * len(long)


def _drop_repeated_header(body: str, title: str | None, standfirst: str | None) -> str:
    """Drop a leading headline line, and the standfirst when it directly follows it.

    A standfirst that opens the body without a headline before it is usually the lead
    paragraph itself (pages copy it into their description), so it stays.
    """
    lines = body.lstrip().split("\n")
    if title and lines and _same_headline(lines[0], title):
        lines.pop(0)
        while lines and not lines[0].strip():
            lines.pop(0)
        if standfirst and lines and normalize_text(lines[0]) == normalize_text(standfirst):
            lines.pop(0)
    return "\n".join(lines)


def _as_document(html: str | bytes) -> str | bytes:
    """A fragment ("<div><p>…") wrapped in html/body: trafilatura finds nothing in a bare fragment."""
    head = html[:4096]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    if _DOCUMENT_TAG.search(head):
        return html
    return f"<html><body>{html}</body></html>" if isinstance(html, str) else b"<html><body>" + html + b"</body></html>"


def _too_deep() -> bool:
    """Whether trafilatura's parser stopped at libxml2's nesting limit on the last page it read."""
    from trafilatura.utils import HTML_PARSER

    return any(e.type_name == "ERR_RESOURCE_LIMIT" for e in HTML_PARSER.error_log)


def _parse(html: str | bytes):  # type: ignore[no-untyped-def]
    """The page's tree; a page nested past the parser's limit is flattened first (clean/nesting.py),
    as the parser would otherwise drop everything after the limit without an error."""
    from trafilatura.utils import decode_file, load_html

    document = _as_document(html)
    tree = load_html(document)
    if _too_deep():
        tree = load_html(flatten_nesting(decode_file(document)))
    return tree


def extract_html(html: str | bytes, url: str | None = None) -> Document | None:
    """trafilatura's document for ``html``, its ``text`` being the article body alone.

    The body excludes the headline (it is ``title``) and has one blank line between paragraphs,
    as plain-text articles do; junk lines are still in it (``clean_article`` reads the
    republisher from them). ``None`` when no main text is found.
    """
    import trafilatura

    tree = _parse(html)
    if tree is None:
        return None
    meta = page_metadata(tree, url)
    unwrap_embedded_posts(tree)
    mark_inline_quotes(tree)
    doc = trafilatura.bare_extraction(tree, url=meta.url or url, **TRAFILATURA_OPTIONS)
    if doc is None or not doc.text:
        return None
    # Much less text than the page's paragraphs hold: the body may be split (see merge_split_body).
    if len(doc.text) < MIN_PARAGRAPH_SHARE * paragraph_chars(tree) and merge_split_body(tree):
        doc = trafilatura.bare_extraction(tree, url=meta.url or url, **TRAFILATURA_OPTIONS) or doc
    body = _drop_repeated_header(doc.text, meta.title, meta.description)
    meta.text = _PARAGRAPH_BREAK.sub("\n\n", body).strip()
    return meta if meta.text else None


def main_text(html: str | bytes, url: str | None = None) -> str:
    """The article body of a page without junk lines: what the extraction benchmark scores."""
    doc = extract_html(html, url)
    return strip_boilerplate(doc.text) if doc else ""
