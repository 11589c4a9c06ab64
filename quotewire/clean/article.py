"""clean_article: an Article's main text, metadata, republisher and language, junk removed."""

from __future__ import annotations

import dataclasses

from quotewire.clean.boilerplate import find_republisher, mask_boilerplate, strip_boilerplate
from quotewire.clean.language import detect_language
from quotewire.clean.main_text import extract_html
from quotewire.clean.prose import is_prose
from quotewire.errors import InputError
from quotewire.models import Article, normalize_text

MAX_HEADLINE_CHARS = 200
"""A plain text's first line is taken as its title only when it is this short (a headline)."""


def _headline(text: str) -> str | None:
    first = text.lstrip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= MAX_HEADLINE_CHARS and "\n" in text.strip() else None


def _with_headline(title: str | None, body: str) -> str:
    """The headline above the body, as a reader (and the plain-text inputs) have it."""
    if not title or normalize_text(body[: len(title) + 10]).startswith(normalize_text(title)):
        return body
    return f"{title}\n\n{body}"


def _from_html(article: Article, with_headline: bool) -> Article:
    where = article.input or article.id
    try:
        doc = extract_html(article.html or "", article.url)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:  # lxml/trafilatura on broken markup
        raise InputError(where, "bad_html", f"HTML could not be processed ({type(exc).__name__}: {exc})") from None
    if doc is None or not any(is_prose(line) for line in doc.text.splitlines()):
        raise InputError(where, "no_text", "no article text found in the HTML")
    title = article.title or doc.title
    return dataclasses.replace(
        article,
        text=_with_headline(title, doc.text) if with_headline else doc.text,
        title=title,
        author=article.author or doc.author,
        published=article.published or doc.date,
        source=article.source or doc.sitename or doc.hostname,
        url=article.url or doc.url,
        extractor=doc.extractor,
    )


def clean_article(article: Article, with_headline: bool = True) -> Article:
    """The article with its main text (HTML: extracted; text: as given) and no syndication junk.

    ``with_headline``: for HTML, the headline is put above the extracted body, as a reader and
    a plain-text input have it, so that statements in headlines are analysed; ``quotewire clean``
    turns it off and prints the main text alone (the headline is ``title``), which is what a
    main-text benchmark scores: the headline on top cost 0.012 F1 on the development pages
    (docs/ingest-sources.md).

    Junk is cut from text we produced from HTML, and blanked out (spaces) in text the user gave,
    so that offsets into a plain-text input stay offsets into the cleaned text. Metadata the input
    already carried (a feed's title and date, a fetched or JSONL ``url``) wins over what the page
    says, so ids and links stay those of the input. The republisher comes from the "appeared
    first on <site>" footer, read before the footer is removed. ``html`` is dropped: the text is
    what later stages use. Raises ``InputError`` when nothing is left.
    """
    from_html = bool(article.html)
    if from_html:
        article = _from_html(article, with_headline)
    republisher = find_republisher(article.text) or article.republisher
    text = strip_boilerplate(article.text) if from_html else mask_boilerplate(article.text)
    if not text.strip():
        raise InputError(article.input or article.id, "no_text", "no article text left after cleaning")
    return dataclasses.replace(
        article,
        text=text,
        html=None,
        title=article.title or _headline(text),
        republisher=republisher,
        language=article.language or detect_language(text),
    )
