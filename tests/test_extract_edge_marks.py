"""Quotation marks in whole statements, on sentences written for these tests: an apostrophe after
an abbreviation or a name in -s is no quote ending, and a statement's content leaves out the marks
at its edges (issue 9)."""

from __future__ import annotations

import pytest

from quotewire.extract.parse import parse_many
from quotewire.extract.statements import extract_statements


def test_a_possessive_mark_after_an_abbreviation_is_part_of_the_reported_clause() -> None:
    quotes = extract_statements("Okafor said she’s confident in the U.S.’ nuclear security guarantee.")
    assert [(q.type, q.content.text) for q in quotes] == [
        ("indirect", "she’s confident in the U.S.’ nuclear security guarantee")]


@pytest.mark.parametrize("text", [
    "She said the Workers’ union will strike on Monday.",
    "He said Jesus’ words were a comfort to the family.",
    "They said the Joneses’ house was sold last week.",
    "Okafor said she’s confident in the U.S.’ nuclear security guarantee.",
])
def test_the_parser_reads_a_possessive_mark_as_the_possessive(text: str) -> None:
    (para,), = parse_many([(text, [(0, 0, len(text))])])
    mark = next(t for t in para.doc if t.text == "’")
    assert mark.tag_ == "POS" and mark.dep_ == "case" and mark.head.i == mark.i - 1


def test_a_mark_after_a_word_that_closes_a_single_quote_still_ends_it() -> None:
    text = "‘Nobody ever listens to the tenants’ says housing campaigner Mara Voss"
    quotes = extract_statements(text)
    assert [(q.type, q.content.text) for q in quotes] == [("direct", "Nobody ever listens to the tenants")]
    assert quotes[0].speaker.name == "Mara Voss"


def test_mixed_content_ending_in_a_quote_leaves_out_its_closing_mark() -> None:
    text = ("“The council has not moved an inch,” Okafor said, while the tenants “are very close to "
            "accepting the new rent offer.”")
    quotes = extract_statements(text)
    mixed = [q for q in quotes if q.type == "mixed"]
    assert [q.content.text for q in mixed] == ["the tenants “are very close to accepting the new rent offer."]
    assert mixed[0].speaker is not None and mixed[0].speaker.name == "Okafor"


def test_mixed_content_of_a_cue_clause_leaves_out_the_closing_mark_too() -> None:
    text = "The mayor said the harbour must “reopen before the summer.”"
    quotes = extract_statements(text)
    assert [(q.type, q.content.text) for q in quotes] == [("mixed", "the harbour must “reopen before the summer.")]
