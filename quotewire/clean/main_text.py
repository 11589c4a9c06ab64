"""Main text and metadata of an HTML page, with trafilatura plus our post-filters.

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
from urllib.parse import urlsplit

from quotewire.clean.boilerplate import strip_boilerplate
from quotewire.models import normalize_text

if TYPE_CHECKING:
    from trafilatura.settings import Document

TRAFILATURA_OPTIONS = {"fast": True, "include_comments": False, "favor_recall": True}
_PARAGRAPH_BREAK = re.compile(r"\n+")
_DOCUMENT_TAG = re.compile(r"<(?:html|body)\b", re.IGNORECASE)
MIN_HEADLINE_SHARE = 0.6
MIN_PARAGRAPH_SHARE = 0.5
"""Extracted text under this share of the page's <p> text triggers the split-body check."""
EMBEDDED_POSTS = (
    "//blockquote[contains(@class, 'twitter-tweet') or contains(@class, 'bluesky-embed') "
    "or contains(@class, 'mastodon-embed') or contains(@class, 'text-post-media')]"
)
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"
MAX_EMBED_WRAPPERS = 3
_EMBED_WRAPPER = re.compile(r"social|embed|tweet|twitter|bluesky|mastodon|threads", re.IGNORECASE)
DATE_OPTIONS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
"""htmldate without its slow full-page scan: meta tags, JSON-LD, URL and time elements only."""


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


def _clean_title(title: str | None, site: str | None) -> str | None:
    """The headline without surrounding space or a trailing " | Site" / " - Site" suffix."""
    if not title:
        return None
    title = " ".join(title.split())
    if site:
        for separator in (" | ", " - ", " – ", " — ", " :: "):
            if title.lower().endswith(f"{separator}{site}".lower()):
                return title[: -len(separator) - len(site)].strip() or title
    return title


def _merge_split_body(tree) -> bool:
    """Join an article body that the page splits into several same-class containers.

    Some templates (Condé Nast's among them) cut the body into sibling blocks around ads, each
    with the body's class; trafilatura keeps the first block only. The later blocks' children
    are moved into the first, so the whole body is extracted. Blocks nested in one another are
    left alone. Returns whether anything was moved.
    """
    from trafilatura.xpaths import BODY_XPATH

    for expr in BODY_XPATH:
        found = expr(tree)
        if not found:
            continue
        first, moved = found[0], False
        for other in found[1:]:
            if other.tag == first.tag and other.get("class") == first.get("class"):
                if first not in other.iterancestors() and other not in first.iterancestors():
                    first.extend(list(other))
                    moved = True
        return moved
    return False


def _unwrap_embedded_posts(tree) -> None:
    """Keep embedded social posts (tweets and the like) in the text: they are statements.

    Embeds sit in wrappers whose class says "social" or "embed", which trafilatura discards as
    share widgets; dropping those wrappers (keeping their content) leaves the post's quote and
    its "— Name (@handle) date" attribution in the article body.
    """
    for post in tree.xpath(EMBEDDED_POSTS):
        size = len(post.text_content())
        for wrapper in list(post.iterancestors())[:MAX_EMBED_WRAPPERS]:
            label = f"{wrapper.get('class', '')} {wrapper.get('id', '')}"
            # only a wrapper: a small box around the post, never the article's own container
            if wrapper.tag in ("div", "figure", "aside", "span") and _EMBED_WRAPPER.search(label):
                if len(wrapper.text_content()) <= 2 * size + 200:
                    wrapper.drop_tag()


def _mark_inline_quotes(tree) -> None:
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


def _paragraph_chars(tree) -> int:
    return sum(len(p.text_content()) for p in tree.iter("p"))


def _metadata(tree, url: str | None) -> Document:
    """Title, author, date, site, canonical URL and description, without trafilatura's slow parts.

    Like ``trafilatura.metadata.extract_metadata`` minus the full-page author search,
    categories, tags and licence: meta tags and JSON-LD carry the author on news sites, and the
    rest is unused here. This is a third of trafilatura's time per page (docs/ingest-sources.md).
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
    meta.title = _clean_title(meta.title, meta.sitename)
    return meta


def _as_document(html: str | bytes) -> str | bytes:
    """A fragment ("<div><p>…") wrapped in html/body: trafilatura finds nothing in a bare fragment."""
    head = html[:4096]
    if isinstance(head, bytes):
        head = head.decode("latin-1")
    if _DOCUMENT_TAG.search(head):
        return html
    return f"<html><body>{html}</body></html>" if isinstance(html, str) else b"<html><body>" + html + b"</body></html>"


def extract_html(html: str | bytes, url: str | None = None) -> Document | None:
    """trafilatura's document for ``html``, its ``text`` being the article body alone.

    The body excludes the headline (it is ``title``) and has one blank line between paragraphs,
    as plain-text articles do; junk lines are still in it (``clean_article`` reads the
    republisher from them). ``None`` when no main text is found.
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(_as_document(html))
    if tree is None:
        return None
    meta = _metadata(tree, url)
    _unwrap_embedded_posts(tree)
    _mark_inline_quotes(tree)
    doc = trafilatura.bare_extraction(tree, url=meta.url or url, **TRAFILATURA_OPTIONS)
    if doc is None or not doc.text:
        return None
    # Much less text than the page's paragraphs hold: the body may be split (see above).
    if len(doc.text) < MIN_PARAGRAPH_SHARE * _paragraph_chars(tree) and _merge_split_body(tree):
        doc = trafilatura.bare_extraction(tree, url=meta.url or url, **TRAFILATURA_OPTIONS) or doc
    body = _drop_repeated_header(doc.text, meta.title, meta.description)
    meta.text = _PARAGRAPH_BREAK.sub("\n\n", body).strip()
    return meta if meta.text else None


def main_text(html: str | bytes, url: str | None = None) -> str:
    """The article body of a page without junk lines: what the extraction benchmark scores."""
    doc = extract_html(html, url)
    return strip_boilerplate(doc.text) if doc else ""
