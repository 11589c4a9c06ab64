"""find_boilerplate / find_republisher on our own sentences: what is junk and what is not."""

from __future__ import annotations

from quotewire.clean import find_boilerplate, find_republisher, strip_boilerplate

ARTICLE = (
    "Harbour workers walk out\n\n"
    "Share this:\n\n"
    "The union said on Monday that the strike would last a week.\n\n"
    "\u201cWe have more to say,\u201d its leader told reporters.\n\n\n"
    "More\n\n"
    "Source link\n\n"
    "The post Harbour workers walk out appeared first on Coast Wire.\n\n"
    "Scroll to Top"
)


def junk(text: str) -> list[str]:
    return [s.text.strip() for s in find_boilerplate(text)]


def test_footer_block_is_one_span_from_the_gap_after_the_article_to_the_end():
    spans = find_boilerplate(ARTICLE)
    footer = spans[-1]
    assert footer.end == len(ARTICLE)
    assert ARTICLE[: footer.start].endswith("told reporters.\n")
    assert footer.text.lstrip("\n").startswith("More\n")
    assert footer.text == ARTICLE[footer.start : footer.end]


def test_share_line_is_junk_but_sentences_that_mention_more_are_not():
    assert junk(ARTICLE)[0] == "Share this:"
    assert len(find_boilerplate(ARTICLE)) == 2
    assert junk("He said there is more.\nMore than 100 people came.\nRead more books, she said.") == []


def test_republisher_is_the_site_in_the_appeared_first_on_line():
    assert find_republisher(ARTICLE) == "Coast Wire"
    assert find_republisher("This article was originally published on The Conversation.") == "The Conversation"
    assert find_republisher("No footer here.") is None


def test_common_furniture_lines():
    lines = [
        "Advertisement", "Read more: Council votes on harbour plan", "Click to share on Twitter (Opens in new window)",
        "Subscribe to our daily newsletter", "We use cookies to improve your experience on our site.",
        "Facebook | Twitter | Email", "Story continues below advertisement", "Related Articles",
    ]
    text = "\n\nThe mayor spoke.\n\n".join(lines)
    assert junk(text) == lines


def test_list_after_a_related_heading_is_junk_up_to_the_next_paragraph():
    text = (
        "The council will vote again in June.\n\nRelated: Tram line approved after long debate\n\n"
        "- Bus fares to rise\n\n- Mill Street traders worried\n\nThe mayor said she was confident.\n\n"
        "Key dates:\n- June: vote\n- July: building starts"
    )
    assert junk(text) == ["Related: Tram line approved after long debate\n\n- Bus fares to rise\n\n- Mill Street traders worried"]
    assert "- June: vote" in strip_boilerplate(text)


def test_author_contact_lines():
    lines = ["Email Ada Reyes at areyes@courier.example or follow her on Twitter @adareyes.",
             "Ada's book about harbours is out now. Follow her on Twitter @adareyes."]
    assert junk("\n\nThe port reopened.\n\n".join(lines)) == lines


def test_datelines_credits_and_layout_tokens_but_not_sentences_with_dates():
    lines = [
        "November 19, 2026 / 12:21 AM / Updated 14 hours ago", "Updated : 19 November 2026, 09:01 AM",
        "Reporting by Ada Reyes; Editing by Tom Berg", "Post Comment (+)", "12 comments", "landscape-tablet-and-above",
    ]
    sentences = [
        "The report was published in March 2026 by the ministry.", "November 2026 was the wettest month on record.",
        "Call 02-751-1500 for tickets", "A well-known-to-everyone fact.",
    ]
    assert junk("\n\n".join(lines)) == ["\n\n".join(lines)]
    assert junk("\n\n".join(sentences)) == []


def test_strip_boilerplate_keeps_article_and_drops_junk():
    cleaned = strip_boilerplate(ARTICLE)
    assert cleaned.startswith("Harbour workers walk out\n\nThe union said")
    assert cleaned.endswith("told reporters.")


def test_near_miss_and_overlong_lines_are_not_junk():
    """Inputs shaped to make backtracking regexes blow up give plain answers (timing: bench/boilerplate.py)."""
    near_miss = "the post " + "x " * 280  # "The post … appeared first on" without its end
    overlong = "More " * 200  # a junk word repeated past MAX_JUNK_LINE
    text = "\n".join([near_miss] * 200 + [overlong, "a" * 100_000, "Source link"])
    [span] = find_boilerplate(text)
    assert span.text.strip() == "Source link"
