"""The article body of an HTML page: trafilatura between our page fixes and post-filters, with fallbacks.

Every rule here is measured by cross-validation on the benchmark pages (bench/extraction.py): the
filters are kept because they help pages from at least three sites in every fold, the safeguards
(embedded posts, ``<q>``, the balanced retry) because quotewire needs them whatever a benchmark
counts (docs/ingest-sources.md, docs/evaluation.md "Rules that transfer"). trafilatura runs in precision mode without comments, the setting that
transfers best to pages we never tuned on; when that finds less than trafilatura's own minimum
it is run again in its balanced mode (which has rescues that precision mode skips), kept only
when that adds sentences (not just the link lists around a short article), and when
neither finds anything the page's plain text is taken, so a page with text never comes back empty.
``extractor`` on the result says which one produced the text.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from quotewire.clean.boilerplate import strip_boilerplate
from quotewire.clean.furniture import drop_furniture_lines, furniture_lines
from quotewire.clean.metadata import Page, page_metadata
from quotewire.clean.nesting import flatten_nesting
from quotewire.clean.page_fixes import mark_inline_quotes, unwrap_embedded_posts
from quotewire.clean.prose import sentence_chars
from quotewire.models import normalize_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

PRECISION, BALANCED, PLAIN_TEXT = "trafilatura precision", "trafilatura balanced", "plain text"
"""The extractors, in the order they are tried (``Page.extractor`` names the one used)."""

TRAFILATURA_OPTIONS = {
    PRECISION: {"include_comments": False, "favor_precision": True},
    BALANCED: {"include_comments": False},
}
MIN_EXTRACTED_CHARS = 250
"""Precision-mode text shorter than this is retried in balanced mode (trafilatura's own
MIN_EXTRACTED_SIZE, below which its balanced mode rescues and precision mode does not); the retry
is kept when it adds this many characters of sentences."""

_PARAGRAPH_BREAK = re.compile(r"\n+")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
MIN_HEADLINE_SHARE = 0.6


@dataclasses.dataclass(frozen=True)
class Rules:
    """Our rules around trafilatura, all on by default; bench/extraction.py turns each off to measure it.

    ``junk_lines`` applies to ``main_text`` only: ``clean_article`` always strips junk lines, after
    reading the republisher from them.
    """

    embedded_posts: bool = True
    inline_quotes: bool = True
    balanced_retry: bool = True
    repeated_header: bool = True
    furniture_lines: tuple[str, ...] = dataclasses.field(default_factory=furniture_lines)
    junk_lines: bool = True


def _same_headline(line: str, title: str) -> bool:
    """Whether a body line is the headline: equal, or one the start or end of the other (site
    names, "Opinion |" kickers) covering most of it."""
    a, b = normalize_text(line), normalize_text(title)
    short, long = sorted((a, b), key=len)
    affix = long.startswith(short) or long.endswith(short)
    return bool(short) and affix and len(short) >= MIN_HEADLINE_SHARE * len(long)


def _drop_repeated_header(body: str, title: str | None) -> str:
    """Drop a leading line that repeats the headline (the title is metadata, not article text).

    The standfirst after it stays: on the benchmark pages dropping it helped one site and cut
    the lead paragraph of another (docs/ingest-sources.md).
    """
    lines = body.lstrip().split("\n")
    if title and lines and _same_headline(lines[0], title):
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


def _body(text: str, page: Page, rules: Rules) -> str:
    """The extracted ``text`` after our post-filters (repeated headline, furniture lines), one blank
    line between paragraphs. Filters that would leave nothing are not applied: a page's text is
    never lost to our own rules."""
    body = _drop_repeated_header(text, page.title) if rules.repeated_header else text
    body = drop_furniture_lines(body, rules.furniture_lines)
    return _PARAGRAPH_BREAK.sub("\n\n", body).strip() or _PARAGRAPH_BREAK.sub("\n\n", text).strip()


def _article_chars(body: str, rules: Rules) -> int:
    """How much article a body holds: its length without junk lines (what main_text returns)."""
    return len(strip_boilerplate(body) if rules.junk_lines else body)


def _adds_sentences(retry: str, found: str, rules: Rules) -> bool:
    """Whether a retry's body adds ``MIN_EXTRACTED_CHARS`` of sentences to the short body found.

    Balanced mode's rescues also take link lists and teaser headlines around a short article
    (words, no sentence stop): the retry replaces a short text only when it recovers prose.
    """
    def sentences(body: str) -> int:
        return sentence_chars(strip_boilerplate(body) if rules.junk_lines else body)

    return sentences(retry) >= sentences(found) + MIN_EXTRACTED_CHARS


def _extract_body(tree: HtmlElement, page: Page, rules: Rules) -> tuple[str, str]:
    """``(body, extractor)``: precision mode; balanced mode when that leaves under
    ``MIN_EXTRACTED_CHARS`` of article and balanced mode adds sentences (``_adds_sentences``);
    the page's plain text when neither finds any."""
    import trafilatura
    from trafilatura import html2txt

    best, chosen = "", PLAIN_TEXT
    for extractor in (PRECISION, BALANCED) if rules.balanced_retry else (PRECISION,):
        doc = trafilatura.bare_extraction(tree, url=page.url, **TRAFILATURA_OPTIONS[extractor])
        body = _body(doc.text if doc is not None and doc.text else "", page, rules)
        if not best or _adds_sentences(body, best, rules):
            best, chosen = body, extractor
        if _article_chars(best, rules) >= MIN_EXTRACTED_CHARS:
            break
    if best:
        return best, chosen
    plain = html2txt(tree)
    return _body(plain, page, rules), PLAIN_TEXT


def extract_html(html: str | bytes, url: str | None = None, rules: Rules | None = None) -> Page | None:
    """The page's metadata and body (``text``), and which extractor found it (``extractor``).

    The body excludes the headline (it is ``title``) and has one blank line between paragraphs,
    as plain-text articles do; junk lines are still in it (``clean_article`` reads the
    republisher from them). ``None`` only when the page has no text at all.
    """
    rules = rules or Rules()
    tree = _parse(html)
    if tree is None:
        return None
    page = page_metadata(tree, url)
    if rules.embedded_posts:
        unwrap_embedded_posts(tree)
    if rules.inline_quotes:
        mark_inline_quotes(tree)
    page.text, page.extractor = _extract_body(tree, page, rules)
    return page if page.text else None


def main_text(html: str | bytes, url: str | None = None, rules: Rules | None = None) -> str:
    """The article body of a page without junk lines: what the extraction benchmark scores."""
    rules = rules or Rules()
    page = extract_html(html, url, rules)
    if page is None:
        return ""
    return (strip_boilerplate(page.text) or page.text) if rules.junk_lines else page.text
