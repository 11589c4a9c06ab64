"""Quotation-mark scanning: every style, nesting, apostrophes, multi-paragraph and stray marks."""

from __future__ import annotations

from quotewire.clean.analysis_text import paragraphs
from quotewire.extract.quotemarks import apostrophes, find_quotes


def contents(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quotes(text)]


def test_every_mark_style_is_a_quote() -> None:
    text = ("“Curly doubles work,” she said. \"Straight ones too,\" he said. « Guillemets aussi », dit-il. "
            "``Old typewriter style,'' the editor wrote. ''Doubled apostrophes,'' said the clerk.")
    assert contents(text) == ["Curly doubles work,", "Straight ones too,", " Guillemets aussi ",
                              "Old typewriter style,", "Doubled apostrophes,"]


def test_nested_single_quotes_stay_inside_the_double_quote() -> None:
    text = "“Stop asking, ‘Will the council pay?’ The council will pay,” the mayor said."
    assert contents(text) == ["Stop asking, ‘Will the council pay?’ The council will pay,"]


def test_apostrophes_are_not_closing_marks() -> None:
    text = "The harbour’s owners said the union’ demands and the U.S.’ offer “don’t add up at all.”"
    assert contents(text) == ["don’t add up at all."]


def test_single_quotes_quote_only_where_no_double_marks_are_used() -> None:
    text = "Minister says ‘we will not back down’ over rail fares"
    assert contents(text) == ["we will not back down"]


def test_quote_over_several_paragraphs_gives_one_piece_per_paragraph() -> None:
    text = ("The chairwoman said: “We have listened to every tenant.\n\n"
            "“We will publish the full review next month.\n\n"
            "“Nobody will be moved before then.”\n\nThe meeting ended at noon.")
    quotes = find_quotes(text)
    assert [text[q.start:q.end] for q in quotes] == [
        "We have listened to every tenant.", "We will publish the full review next month.",
        "Nobody will be moved before then."]
    assert [q.continues for q in quotes] == [True, True, False]


def test_stray_mark_does_not_shift_later_quotes() -> None:
    text = ("The report’s “summary was leaked on Monday.\n\n"
            "The author said: “We stand by every figure,” and left. ” Then a stray closer.\n\n"
            "“Second quote,” she added.")
    assert contents(text) == ["We stand by every figure,", "Second quote,"]


def test_hundreds_of_unbalanced_marks_finish_quickly_without_error() -> None:
    text = "“" * 500 + " word " + "”" * 3 + "\n" + '"' * 501
    quotes = find_quotes(text)
    assert all(0 <= q.start <= q.end <= len(text) for q in quotes)


def test_paragraphs_are_blank_line_separated_when_the_text_has_blank_lines() -> None:
    text = "Headline line\n\nFirst paragraph\nwrapped line.\n\nSecond."
    assert [text[s:e] for s, e in paragraphs(text)] == ["Headline line", "First paragraph\nwrapped line.", "Second."]
    lines = "one\ntwo"
    assert [lines[s:e] for s, e in paragraphs(lines)] == ["one", "two"]


def test_a_closing_mark_where_a_possessive_stands_is_an_apostrophe() -> None:
    text = "The Workers’ union, the U.S.’ offer, Jesus’ words and the Joneses’ house were all discussed."
    assert apostrophes(text) == [i for i, c in enumerate(text) if c == "’"]
    assert find_quotes(text) == []


def test_a_possessive_inside_a_single_quote_does_not_close_it() -> None:
    text = "Minister calls ‘the bosses’ plan a disgrace’ at rally"
    assert contents(text) == ["the bosses’ plan a disgrace"]
    assert apostrophes(text) == [text.index("’")]


def test_a_mark_after_a_word_in_s_closes_when_no_later_mark_could() -> None:
    text = "Minister praises ‘the bosses’ and ‘the Workers’ alike"
    assert contents(text) == ["the bosses", "the Workers"]
    assert apostrophes(text) == []
    assert contents("Voters backed ‘Yes’ by a wide margin") == ["Yes"]


def test_a_nested_single_quote_keeps_its_closing_mark_and_a_possessive_in_a_double_quote_is_one() -> None:
    nested = "“They told us ‘the Workers’ and left,” she said."
    assert apostrophes(nested) == []
    possessive = "“The Workers’ union is strong,” she said, “and the U.S.’ offer is weak.”"
    assert apostrophes(possessive) == [possessive.index("’"), possessive.index(".’") + 1]


def test_a_closing_mark_that_starts_a_line_before_a_word_opens_a_quote() -> None:
    # Reader comments pasted one a line, the first typed with the wrong mark: pairing it as a
    # closer would shift every quote of the paragraph onto its neighbour's words.
    text = ("”The budget is a disgrace.” ― Ana Ruiz\n"
            "“Nobody asked the workers.”― Tom Brandt\n"
            "“We will strike again.” ― Mara Voss")
    assert contents(text) == ["The budget is a disgrace.", "Nobody asked the workers.", "We will strike again."]
    assert contents("He called it ”final” and left.") == []  # inside a line it still closes
