"""The hearsay adverb rule on hand-built parses of our own sentences (no model loaded)."""

from __future__ import annotations

from rule_docs import said, view_of

from quotewire.extract.rules.cue_clause import cue_clause
from quotewire.extract.rules.hearsay_adverb import hearsay_adverb

BAKERIES = """
The DT DET det 2
two CD NUM nummod 2
bakeries NNS NOUN nsubj 5
have VBP AUX aux 5
reportedly RB ADV advmod 5
looked VBN VERB ROOT 5
at IN ADP prep 5
the DT DET det 8
offer NN NOUN pobj 6
and CC CCONJ cc 5
passed VBD VERB conj 5
, , PUNCT punct 10
leaving VBG VERB advcl 5
it PRP PRON dobj 12
open JJ ADJ oprd 12
. . PUNCT punct 5
"""


def test_a_reportedly_clause_is_an_unattributed_statement_in_two_pieces() -> None:
    view = view_of("The two bakeries have reportedly looked at the offer and passed, leaving it open.", BAKERIES)
    found = hearsay_adverb(view)
    assert [said(view, c) for c in found] == [("The two bakeries have", None), ("looked at the offer and passed", None)]
    assert {c.type for c in found} == {"indirect"} and {c.cue_lemma for c in found} == {"reportedly"}


REPORTED = """
Ruiz NNP PROPN nsubj 1
said VBD VERB ROOT 1
the DT DET det 3
bakeries NNS NOUN nsubj 6
have VBP AUX aux 6
reportedly RB ADV advmod 6
passed VBN VERB ccomp 1
on IN ADP prep 6
the DT DET det 9
offer NN NOUN pobj 7
. . PUNCT punct 1
"""


def test_a_reportedly_inside_a_reported_clause_is_part_of_that_statement() -> None:
    view = view_of("Ruiz said the bakeries have reportedly passed on the offer.", REPORTED)
    view.found.extend(cue_clause(view))
    assert [said(view, c) for c in view.found] == [("the bakeries have reportedly passed on the offer", "Ruiz")]
    assert hearsay_adverb(view) == []


def test_without_the_adverb_nothing_is_found() -> None:
    table = BAKERIES.replace("reportedly RB ADV advmod 5", "recently RB ADV advmod 5")
    view = view_of("The two bakeries have recently looked at the offer and passed, leaving it open.", table)
    assert hearsay_adverb(view) == []
