"""News furniture is never a statement: found by data/furniture_lines.txt in any text, masked for the
extractor (offsets kept), dropped from HTML bodies. Our own sentences."""

from __future__ import annotations

import pytest

from quotewire.clean.furniture import drop_furniture_lines, furniture_lines, furniture_spans, mask_furniture
from quotewire.extract.statements import extract_statements

FURNITURE = [
    "WATCH: ‘No magic pill’ – Toronto’s police chief on the crime wave",
    "READ MORE: Harbour council keeps the night ferry",
    "Related: “We were left behind,” islanders say",
    "Listen: The mayor on “the year of the pier”",
    "VIDEO: “It was like a wall of water,” says the ferry captain",
    "Mayor Jo Park at the pier on Monday. (Photo: Lee Kim/The Harbour Times)",
    "The night ferry leaves Port Alder. (AP Photo/Lee Kim)",
    "Photo by Lee Kim/Getty Images",
    "Lee Kim/Getty Images.",
    "By Lee Kim",
    "By Lee Kim and Ana Ruiz, The Harbour Times",
    "Sign up for our Morning Tide newsletter to get the news in your inbox.",
    "To read the full report, click here.",
]

PROSE = [
    "By Monday, the council said the pier would reopen in May.",
    "By the time the ferry docked, Park said, the storm had passed.",
    "Watch the tide, the harbour master told the crew.",
    "More than 200 islanders came to the meeting, Park said.",
    "The photographer said she had never seen the harbour so full.",
    "Park said the photo (taken on Monday) showed the damage to the pier.",
    "The newsletter said the ferry would run again in June.",
]


@pytest.mark.parametrize("line", FURNITURE)
def test_each_kind_of_furniture_line_is_found(line: str) -> None:
    text = f"The pier reopened on Monday.\n\n{line}\n\nThe ferry will run every hour."
    assert [text[s:e] for s, e in furniture_spans(text)] == [line]


@pytest.mark.parametrize("line", PROSE)
def test_article_sentences_that_look_like_furniture_are_prose(line: str) -> None:
    assert furniture_spans(line) == []


def test_masking_keeps_every_offset_and_blanks_only_furniture() -> None:
    text = "Park spoke.\n\nWATCH: ‘No magic pill’ – on the crime wave\n\nThe ferry runs."
    masked = mask_furniture(text)
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert "WATCH" not in masked and masked.startswith("Park spoke.") and masked.endswith("The ferry runs.")


def test_no_statement_comes_from_a_furniture_line_and_the_story_keeps_its_own() -> None:
    story = ("“We will rebuild the pier before the summer,” the mayor said.\n\n"
             "The harbour master said the night ferry would run again in June.")
    text = "\n\n".join([FURNITURE[0], FURNITURE[5], FURNITURE[10], story, FURNITURE[4], FURNITURE[11]])
    found = extract_statements(text)
    plain = extract_statements(story)
    offset = text.index(story)
    assert [(q.content.start - offset, q.content.text, q.speaker_name) for q in found] == [
        (q.content.start, q.content.text, q.speaker_name) for q in plain]
    assert len(found) == 2
    without_rule = extract_statements(FURNITURE[0].replace("WATCH: ", ""))  # the same words as prose ...
    assert [q.content.text for q in without_rule] == ["No magic pill"]  # ... would be a quote


def test_html_bodies_drop_the_same_lines() -> None:
    body = "\n".join(["The pier reopened.", *FURNITURE, "The ferry runs."])
    assert drop_furniture_lines(body, furniture_lines()) == "The pier reopened.\nThe ferry runs."
