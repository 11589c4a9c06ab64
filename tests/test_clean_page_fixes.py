"""Page fixes and deep nesting: no text lost, and work linear in the page (counted, not timed)."""

from __future__ import annotations

import lxml.html
import pytest

from quotewire.clean import clean_article
from quotewire.clean.main_text import extract_html
from quotewire.clean.nesting import MAX_NESTING, flatten_nesting
from quotewire.clean.page_fixes import mark_inline_quotes, unwrap_embedded_posts
from quotewire.models import Article

LEAD = "<p>Maria Okafor said the strike at the harbour would go on for as long as it takes.</p>"
LAST = "<p>The union meets again on Friday to decide on the next steps of the strike.</p>"


def page(body: str) -> str:
    return f"<html><head><title>Harbour strike</title></head><body><article>{body}</article></body></html>"


def cleaned_text(html: str) -> str:
    return clean_article(Article(id="p", text="", html=html, input="p.html")).text


def depth(tree) -> int:  # type: ignore[no-untyped-def]
    deepest, stack = 0, [(tree, 1)]
    while stack:
        element, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((child, d + 1) for child in element)
    return deepest


@pytest.mark.parametrize("opening, closing", [("<div>", "</div>"), ("<div><span>", ""), ("<section><b>", "</b></section>")])
def test_a_page_nested_past_the_parsers_limit_keeps_all_its_text(opening: str, closing: str) -> None:
    inner = "<p>Deep inside the page, the mayor said the harbour would reopen on Monday morning.</p>"
    text = cleaned_text(page(LEAD + opening * 2000 + inner + closing * 2000 + LAST))
    for words in ("strike at the harbour would go on", "the harbour would reopen on Monday", "union meets again on Friday"):
        assert words in text


def test_flattening_keeps_every_word_and_bounds_the_depth() -> None:
    html = page(LEAD + "".join(f"<div>level {i} " for i in range(1000)) + LAST)
    flat = flatten_nesting(html)
    tree = lxml.html.fromstring(flat)
    assert depth(tree) <= MAX_NESTING + 3
    words = tree.text_content().split()
    assert [w for w in words if w.isdigit()] == [str(i) for i in range(1000)]
    assert "level 999" in " ".join(words) and "Friday" in words


def test_flattening_leaves_shallow_markup_comments_and_scripts_alone() -> None:
    html = page("<p>one<p>two" * 300 + "<!-- <div><div> --><script>if (a<b) { x = '<div>'; }</script>" + "<li>item" * 300)
    assert flatten_nesting(html) == html


def test_many_embedded_posts_in_one_container_are_all_kept() -> None:
    posts = "".join(
        f'<div class="social-embed"><blockquote class="twitter-tweet"><p>Post {i}: the ferry runs all winter.</p>'
        f"&mdash; Harbour Authority (@harbour) March {i % 28 + 1}, 2026</blockquote></div>" for i in range(300)
    )
    doc = extract_html(page(f'<div class="embed-area">{LEAD}{posts}</div>{LAST}'))
    assert doc is not None
    assert all(f"Post {i}: the ferry runs all winter." in doc.text for i in range(300))


def test_unwrapping_embedded_posts_reads_each_container_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The wrapper-size test must not re-read a big container for every post in it (quadratic)."""
    posts = "".join(
        f'<blockquote class="twitter-tweet"><p>Post {i} on the ferry.</p>&mdash; Harbour (@h)</blockquote>' for i in range(400)
    )
    tree = lxml.html.fromstring(page(f'<div class="social-area">{LEAD}{posts}</div>'))
    page_chars = len(tree.text_content())
    read = 0
    original = lxml.html.HtmlMixin.text_content

    def counting(self):  # type: ignore[no-untyped-def]
        nonlocal read
        out = original(self)
        read += len(out)
        return out

    monkeypatch.setattr(lxml.html.HtmlMixin, "text_content", counting)
    unwrap_embedded_posts(tree)
    assert read <= 2 * page_chars


def test_many_inline_quotes_in_one_paragraph_all_get_their_marks() -> None:
    tree = lxml.html.fromstring(page("<p>" + "".join(f"She said <q>point {i} <b>stands</b></q> and " for i in range(500)) + "left.</p>"))
    mark_inline_quotes(tree)
    text = tree.text_content()
    assert all(f"\u201cpoint {i} stands\u201d" in text for i in range(500))
    assert not list(tree.iter("q"))
