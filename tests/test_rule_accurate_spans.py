"""``accurate_spans``: the fine-tuned model's extents for the statements the rules found
(``extract/rules/model_spans.py``), on a sentence of our own with spans given by hand, so the
rule is tested apart from the model."""

from __future__ import annotations

from quotewire.extract.accurate import Tagged
from quotewire.extract.candidate import Candidate
from quotewire.extract.rules.model_spans import adjust
from tests.rule_docs import view_of

TEXT = "Ruiz called the plan “a disaster” for the harbour."
PARSE = """
Ruiz NNP PROPN nsubj 1
called VBD VERB ROOT 1
the DT DET det 3
plan NN NOUN dobj 1
“ `` PUNCT punct 6
a DT DET det 6
disaster NN NOUN oprd 1
” '' PUNCT punct 6
for IN ADP prep 6
the DT DET det 10
harbour NN NOUN pobj 8
. . PUNCT punct 1
"""


def _statement(kind: str, words: str) -> Candidate:
    start = TEXT.index(words)
    return Candidate(type=kind, content=(start, start + len(words)), speaker=(0, 4), rule="cue_clause")


def test_a_quote_inside_a_longer_model_statement_becomes_that_mixed_statement() -> None:
    view = view_of(TEXT, PARSE)
    quote = _statement("direct", "a disaster")
    view.found.append(quote)
    assert adjust(view, [Tagged("CONTENT", 4, 11, 0.93)]) == []
    assert TEXT[slice(*quote.content)] == "“a disaster” for the harbour"
    assert (quote.type, quote.confidence, quote.rule, quote.speaker) == ("mixed", 0.93, "cue_clause", (0, 4))


def test_a_model_span_far_longer_than_the_quote_is_not_taken_for_it() -> None:
    view = view_of(TEXT, PARSE)
    quote = _statement("direct", "a disaster")
    view.found.append(quote)
    adjust(view, [Tagged("CONTENT", 2, 11, 0.93)])  # 37 characters around a 10-character quote
    assert quote.type == "direct" and TEXT[slice(*quote.content)] == "a disaster"


def test_a_model_span_that_is_the_quote_keeps_it_direct() -> None:
    view = view_of(TEXT, PARSE)
    quote = _statement("direct", "a disaster")
    view.found.append(quote)
    adjust(view, [Tagged("CONTENT", 4, 8, 0.9)])  # the quote with its marks
    assert quote.type == "direct" and TEXT[slice(*quote.content)] == "“a disaster”"


def test_an_indirect_statement_is_redrawn_only_where_the_model_agrees_enough() -> None:
    model = [Tagged("CONTENT", 3, 8, 0.8)]  # "plan “a disaster”"
    for words, drawn in (("the plan “a disaster”", "plan “a disaster”"),  # 0.81 of the union
                         ("a disaster” for the harbour", "a disaster” for the harbour"),  # 0.39: stays
                         ("the plan", "the plan")):  # 0.19 of the union: the rules' extent stays
        view = view_of(TEXT, PARSE)
        statement = _statement("indirect", words)
        view.found.append(statement)
        adjust(view, model)
        assert TEXT[slice(*statement.content)] == drawn


def test_one_model_span_over_two_statements_redraws_neither() -> None:
    view = view_of(TEXT, PARSE)
    first, second = _statement("indirect", "the plan"), _statement("direct", "a disaster")
    view.found.extend([first, second])
    adjust(view, [Tagged("CONTENT", 2, 9, 0.9)])  # the model ran the two together
    assert [TEXT[slice(*c.content)] for c in (first, second)] == ["the plan", "a disaster"]


def test_two_model_spans_over_one_statement_leave_it_as_the_rules_drew_it() -> None:
    view = view_of(TEXT, PARSE)
    quote = _statement("direct", "a disaster")
    view.found.append(quote)
    adjust(view, [Tagged("CONTENT", 2, 6, 0.9), Tagged("CONTENT", 6, 11, 0.9)])
    assert quote.type == "direct" and TEXT[slice(*quote.content)] == "a disaster"
