"""Main-text extraction on pages we write: furniture lines, fallbacks and the extractor, rule switches.

Deep nesting and linear page fixes: tests/test_clean_page_fixes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotewire.clean.main_text import BALANCED, PLAIN_TEXT, PRECISION, Rules, extract_html, main_text
from quotewire.clean.prose import sentence_chars

PAGES = Path(__file__).parent / "fixtures" / "pages"
STORY = (
    "The harbour council voted on Monday to keep the night ferry running through the winter months.",
    "Councillor Ana Ribeiro said the vote showed that the islands had not been forgotten by the mainland.",
    "The service will cost about two million crowns a year, paid from the regional transport budget.",
    "Islanders had collected more than four thousand signatures over the summer to save the crossing.",
    "The ferry company said the first winter timetable would be published next week.",
)
FURNITURE = (
    "WATCH: Islanders celebrate the ferry vote at the pier",
    "READ MORE: Bridge plans shelved after funding row",
    "Listen: The Harbour Podcast, episode 12",
    "Related: Island school gets a new roof",
    "Comments",
    "Most read",
    "Follow the Valley Courier on Facebook, Twitter and Instagram.",
    "Tomas Lind and Mira Holm contributed to this report.",
    "Photo: Mira Holm / Valley Courier",
    "(Credit: Port Alder Ferry Company)",
)


def paragraphs(lines) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def page(inner: str) -> str:
    return f"<html><head><title>Night ferry saved</title></head><body>{inner}</body></html>"


def test_news_furniture_lines_are_dropped_and_the_story_kept():
    html = page(f"<article><h1>Night ferry saved</h1>{paragraphs(STORY[:2])}{paragraphs(FURNITURE)}{paragraphs(STORY[2:])}</article>")
    text = main_text(html)
    assert text.split("\n\n") == list(STORY)
    kept = main_text(html, rules=Rules(furniture_lines=()))  # this file's rule drops these (junk_patterns the rest)
    for line in ("WATCH:", "Listen:", "Comments", "Follow the", "contributed to this report", "Photo:", "(Credit:"):
        assert line in kept


@pytest.mark.parametrize(
    "line",
    [
        "Watch the council debate, which ran late into the night, on the harbour channel.",
        "More than four thousand islanders signed the petition.",
        "Follow-up talks with the ferry company are planned for March.",
        "The photo shows the ferry leaving Port Alder at night.",
        "Comments from the mayor were not available.",
    ],
)
def test_article_sentences_like_furniture_are_kept(line):
    html = page(f"<article>{paragraphs(STORY[:3])}<p>{line}</p>{paragraphs(STORY[3:])}</article>")
    assert line in main_text(html)


def test_the_extractor_is_recorded():
    precise = extract_html((PAGES / "council-vote.html").read_bytes())
    assert precise.extractor == PRECISION and precise.text.startswith("Riverton's city council approved")
    # precision mode drops a <nav> whole; balanced mode's rescues find the text there
    in_nav = extract_html(page(f"<nav>{paragraphs(STORY[:3])}</nav>"))
    assert in_nav.extractor == BALANCED and in_nav.text.split("\n\n")[0] == STORY[0]
    # trafilatura finds nothing in a comments box: the page's plain text, never an empty result
    in_comments = extract_html(page(f"<div class='comments'>{paragraphs(STORY[:3])}</div>"))
    assert in_comments.extractor == PLAIN_TEXT and STORY[1] in in_comments.text


def test_a_filter_never_empties_a_page():
    headline = "The harbour council voted on Monday to keep the night ferry running"
    html = f"<html><head><title>{headline}</title></head><body><article><p>{headline}</p></article></body></html>"
    assert main_text(html) == headline  # the headline filter would leave nothing: not applied
    assert main_text(page("<article><p>Comments</p></article>")) == "Comments"


def test_embed_wrapper_is_unwrapped_only_around_one_post():
    tweet = (
        '<div class="social-embed"><blockquote class="twitter-tweet"><p>We will keep the ferry running.</p>'
        "&mdash; Harbour Authority (@harbour_auth)</blockquote></div>"
    )
    html = page(f"<article>{paragraphs(STORY[:3])}{tweet}{paragraphs(STORY[3:])}</article>")
    assert "We will keep the ferry running." in main_text(html)
    assert "We will keep the ferry running." not in main_text(html, rules=Rules(embedded_posts=False))


def test_furniture_elements_are_dropped_by_the_extraction():
    """Captions, bylines, newsletter boxes and video titles as elements: precision mode drops them
    (measured: element rules of our own changed nothing more, docs/ingest-sources.md)."""
    furniture = (
        '<div class="byline">By Tomas Lind, Harbour Correspondent</div>'
        '<figure><img src="ferry.jpg"><figcaption>The night ferry leaves Port Alder at dusk.</figcaption></figure>'
        '<div class="newsletter-signup"><h3>Get the Harbour Brief</h3><p>Sign up for our free weekly newsletter about the islands.</p></div>'
        '<div class="video-player"><div class="video-title">Islanders celebrate the ferry vote at the pier</div></div>'
    )
    text = main_text(page(f"<article><h1>Night ferry saved</h1>{paragraphs(STORY[:2])}{furniture}{paragraphs(STORY[2:])}</article>"))
    assert text.split("\n\n") == list(STORY)


def test_headline_line_dropped_and_the_standfirst_after_it_kept():
    """The repeated headline goes; the standfirst under it stays, as pages often copy the lead
    paragraph into their description (dropping it helped one benchmark site and cut another's lead)."""
    lead = STORY[0]
    html = (
        f"<html><head><title>Night ferry saved</title><meta name='description' content='{lead}'></head><body>"
        f"<article><p>Night ferry saved</p>{paragraphs(STORY)}</article></body></html>"
    )
    assert main_text(html).split("\n\n") == list(STORY)
    assert main_text(html, rules=Rules(repeated_header=False)).split("\n\n") == ["Night ferry saved", *STORY]


BRIEF = "The harbour council met on Monday and agreed to keep the night ferry for one more winter."


@pytest.mark.parametrize(
    "around",
    [
        "<ul>" + "".join(f"<li><a href='/s/{i}'>Harbour story number {i}</a></li>" for i in range(12)) + "</ul>",
        "".join(f"<div><a href='/t/{i}'>Island ferry timetable changes for week {i}</a><span>3 min read</span></div>" for i in range(8)),
    ],
)
def test_a_short_article_keeps_its_text_without_the_links_around_it(around):
    """Precision mode finds a short article; balanced mode adds the link list or the teaser
    headlines next to it (words, no sentences), so its retry is not taken."""
    html = f"<html><head><title>Ferry kept</title></head><body><article><h1>Ferry kept</h1><p>{BRIEF}</p></article><div class='more'>{around}</div></body></html>"
    found = extract_html(html)
    assert (found.extractor, found.text) == (PRECISION, BRIEF)


def test_sentences_are_what_a_retry_must_add():
    assert sentence_chars(f"{STORY[0]}\nHarbour story number 4\nIsland ferry timetable changes for week 2") == len(STORY[0])
    assert sentence_chars("港口委员会周一投票决定整个冬季继续运营夜间渡轮。") > 0
    assert sentence_chars("Ana Ribeiro said: “We will keep the ferry running all winter.”") > 0


def test_an_unwrapped_embed_brings_its_post_and_not_its_labels():
    tweet = (
        '<div class="embed-wrapper"><div class="embed-header">Embedded post from X</div><blockquote class="twitter-tweet">'
        '<p>We will keep the ferry running.</p>&mdash; Harbour Authority (@harbour_auth) <a href="#">March 2, 2026</a></blockquote>'
        '<div class="embed-footer">View on X · Privacy notice · Report post</div></div>'
    )
    text = main_text(page(f"<article>{paragraphs(STORY[:3])}{tweet}{paragraphs(STORY[3:])}</article>"))
    assert text.split("\n\n") == [*STORY[:3], "We will keep the ferry running.", "— Harbour Authority (@harbour_auth) March 2, 2026", *STORY[3:]]
