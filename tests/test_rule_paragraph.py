"""Each paragraph rule on hand-built parses of our own sentences (no model loaded)."""

from __future__ import annotations

from rule_docs import RUIZ_SAID_PARSE, said, view_of

from quotewire.extract.rules.colon_before_quote import colon_before_quote
from quotewire.extract.rules.colon_lead import colon_lead
from quotewire.extract.rules.cue_clause import cue_clause
from quotewire.extract.rules.cue_lead import cue_lead
from quotewire.extract.rules.dash_attribution import dash_attribution
from quotewire.extract.rules.framed_quote import framed_quote
from quotewire.extract.rules.headline_label import headline_label
from quotewire.extract.rules.interrupted_rest import interrupted_rest
from quotewire.extract.rules.labelled_quote import labelled_quote
from quotewire.extract.rules.named_thing import named_thing
from quotewire.extract.rules.quoted_fragment import quoted_fragment
from quotewire.extract.rules.said_right_after import said_right_after
from quotewire.extract.rules.standalone_sentence import standalone_sentence
from quotewire.extract.rules.transcript_turn import transcript_turn
from quotewire.extract.rules.verb_after_comma import verb_after_comma
from quotewire.extract.rules.wordless_quote import wordless_quote

TURN = """
RUIZ NNP PROPN ROOT 0
: : PUNCT punct 0
We PRP PRON nsubj 4
will MD AUX aux 4
rebuild VB VERB ROOT 4
it PRP PRON dobj 4
. . PUNCT punct 4
"""


def test_transcript_turn_gives_the_paragraph_to_the_label() -> None:
    view = view_of("RUIZ: We will rebuild it.", TURN)
    [cand] = transcript_turn(view)
    assert said(view, cand) == ("We will rebuild it.", "RUIZ") and cand.type == "direct"


def test_transcript_turn_needs_words_after_the_label() -> None:
    view = view_of("RUIZ: Yes.", "RUIZ NNP PROPN ROOT 0\n: : PUNCT punct 0\nYes UH INTJ ROOT 2\n. . PUNCT punct 2")
    assert transcript_turn(view) == []


LABELLED = """
Ruiz NN NOUN nsubj 5
to TO PART aux 2
council NN NOUN xcomp 0
: : PUNCT punct 5
“ `` PUNCT punct 5
Rebuild VB VERB ROOT 5
the DT DET det 7
harbour NN NOUN dobj 5
now RB ADV advmod 5
. . PUNCT punct 5
” '' PUNCT punct 5
"""


def test_labelled_quote_gives_the_quote_to_the_first_name_of_the_lead_in() -> None:
    view = view_of("Ruiz to council: “Rebuild the harbour now.”", LABELLED)
    [cand] = labelled_quote(view)
    assert said(view, cand) == ("Rebuild the harbour now.", "Ruiz")


def test_labelled_quote_leaves_a_transcript_label_alone() -> None:
    view = view_of("RUIZ: “Rebuild the harbour now.”", LABELLED.replace("Ruiz NN NOUN nsubj 5\nto TO PART aux 2\n"
                                                                       "council NN NOUN xcomp 0", "RUIZ NNP PROPN ROOT 0")
                   .replace(" 5\n", " 3\n").replace("dobj 5", "dobj 3").replace("ROOT 5", "ROOT 3")
                   .replace("det 7", "det 5").replace("advmod 5", "advmod 3"))
    assert labelled_quote(view) == []


HEADLINE = """
Ruiz NNP PROPN dep 6
: : PUNCT punct 6
The DT DET det 3
harbour NN NOUN nsubjpass 6
will MD AUX aux 6
be VB VERB auxpass 6
rebuilt VBN VERB ROOT 6
by IN ADP agent 6
spring NN NOUN pobj 7
"""


def test_headline_label_makes_the_rest_of_the_first_paragraph_the_label_s_statement() -> None:
    view = view_of("Ruiz: The harbour will be rebuilt by spring", HEADLINE)
    [cand] = headline_label(view)
    assert said(view, cand) == ("The harbour will be rebuilt by spring", "Ruiz") and cand.type == "indirect"


def test_headline_label_only_reads_the_first_paragraph() -> None:
    assert headline_label(view_of("Ruiz: The harbour will be rebuilt by spring", HEADLINE, index=3)) == []


STATEMENT_END = """
The DT DET det 1
mayor NN NOUN nsubj 2
said VBD VERB ROOT 2
in IN ADP prep 2
a DT DET det 5
statement NN NOUN pobj 3
. . PUNCT punct 2
"""


def test_cue_lead_hands_a_cue_ending_the_paragraph_on() -> None:
    view = view_of("The mayor said in a statement.", STATEMENT_END)
    [cand] = cue_lead(view)
    assert cand.type == "lead" and said(view, cand) == ("said", "The mayor")


INTERRUPTED = """
Back RB ADV advmod 1
then RB ADV advmod 8
, , PUNCT punct 4
Ruiz NNP PROPN nsubj 4
said VBD VERB parataxis 8
, , PUNCT punct 4
the DT DET det 7
harbour NN NOUN nsubj 8
employed VBD VERB ROOT 8
900 CD NUM nummod 10
people NNS NOUN dobj 8
. . PUNCT punct 8
"""


def test_a_cue_that_interrupts_its_clause_gives_two_pieces() -> None:
    view = view_of("Back then, Ruiz said, the harbour employed 900 people.", INTERRUPTED)
    assert [said(view, c) for c in cue_clause(view)] == [("the harbour employed 900 people", "Ruiz")]
    assert [said(view, c) for c in interrupted_rest(view)] == [("Back then", "Ruiz")]


REPORTED = RUIZ_SAID_PARSE


def test_cue_clause_reports_the_clause_of_the_cue() -> None:
    view = view_of("Ruiz said the harbour will reopen in May.", REPORTED)
    [cand] = cue_clause(view)
    assert said(view, cand) == ("the harbour will reopen in May", "Ruiz") and cand.type == "indirect"


def test_cue_clause_makes_a_quoted_clause_direct_and_claims_it() -> None:
    table = REPORTED.replace("said VBD VERB ROOT 1", "said VBD VERB ROOT 1\n“ `` PUNCT punct 6") \
        .replace("the DT DET det 3", "the DT DET det 4").replace("harbour NN NOUN nsubj 5", "harbour NN NOUN nsubj 6") \
        .replace("will MD AUX aux 5", "will MD AUX aux 6").replace("reopen VB VERB ccomp 1", "reopen VB VERB ccomp 1") \
        .replace("in IN ADP prep 5", "in IN ADP prep 6").replace("May NNP PROPN pobj 6", "May NNP PROPN pobj 7") \
        .replace(". . PUNCT punct 1", ". . PUNCT punct 6\n” '' PUNCT punct 6")
    view = view_of("Ruiz said “the harbour will reopen in May.”", table)
    [cand] = cue_clause(view)
    assert said(view, cand) == ("the harbour will reopen in May.", "Ruiz") and cand.type == "direct"
    assert view.claimed == {0}


SAFETY = """
“ `` PUNCT punct 1
Safety NNP PROPN dep 4
, , PUNCT punct 4
” '' PUNCT punct 4
said VBD VERB ROOT 4
Ruiz NNP PROPN nsubj 4
. . PUNCT punct 4
"""


def test_said_right_after_keeps_a_one_word_quote_before_said_x() -> None:
    view = view_of("“Safety,” said Ruiz.", SAFETY)
    [cand] = said_right_after(view)
    assert said(view, cand) == ("Safety,", "Ruiz") and view.claimed == {0}


SHOW = """
Ruiz NNP PROPN nsubj 1
appeared VBD VERB ROOT 1
on IN ADP prep 1
“ `` PUNCT punct 2
Morning NNP PROPN compound 6
Harbour NNP PROPN compound 6
Hour NNP PROPN pobj 2
” '' PUNCT punct 1
on IN ADP prep 1
Monday NNP PROPN pobj 8
. . PUNCT punct 1
"""


def test_named_thing_claims_a_title_so_nothing_else_takes_it() -> None:
    view = view_of("Ruiz appeared on “Morning Harbour Hour” on Monday.", SHOW)
    assert named_thing(view) == [] and view.claimed == {0}
    assert standalone_sentence(view) == [] and quoted_fragment(view) == []


BARE = """
“ `` PUNCT punct 3
We PRP PRON nsubj 3
will MD AUX aux 3
rebuild VB VERB ROOT 3
. . PUNCT punct 3
” '' PUNCT punct 3
Ruiz NNP PROPN nsubj 7
said VBD VERB ROOT 7
on IN ADP prep 7
Monday NNP PROPN pobj 8
. . PUNCT punct 7
"""


def test_framed_quote_takes_the_bare_attribution_after_its_full_stop() -> None:
    view = view_of("“We will rebuild.” Ruiz said on Monday.", BARE)
    assert cue_clause(view) == []
    [cand] = framed_quote(view)
    assert said(view, cand) == ("We will rebuild.", "Ruiz")


EDITORIAL = """
“ `` PUNCT punct 10
We PRP PRON nsubj 4
are VBP VERB aux 4
not RB ADV neg 4
going VBG VERB ccomp 10
anywhere RB ADV advmod 4
, , PUNCT punct 10
” '' PUNCT punct 10
the DT DET det 9
editorial NN NOUN nsubj 10
read VBD VERB ROOT 10
. . PUNCT punct 10
"""


def test_verb_after_comma_makes_any_verb_after_an_open_quote_its_cue() -> None:
    view = view_of("“We are not going anywhere,” the editorial read.", EDITORIAL)
    [cand] = verb_after_comma(view)
    assert said(view, cand) == ("We are not going anywhere,", "the editorial") and cand.cue_lemma == "read"


DASHED = """
“ `` PUNCT punct 4
The DT DET det 3
new JJ ADJ amod 3
rules NNS NOUN nsubj 4
came VBD VERB ROOT 4
too RB ADV advmod 6
late JJ ADJ advmod 4
for IN ADP prep 6
us PRP PRON pobj 7
. . PUNCT punct 4
” '' PUNCT punct 4
― NFP PUNCT punct 13
Carla NNP PROPN compound 13
Sanchez NNP PROPN ROOT 13
"""


def test_dash_attribution_gives_the_quote_to_the_name_after_the_dash() -> None:
    view = view_of("“The new rules came too late for us.” ― Carla Sanchez", DASHED)
    [cand] = dash_attribution(view)
    assert said(view, cand) == ("The new rules came too late for us.", "Carla Sanchez")


ALONE = """
“ `` PUNCT punct 2
We PRP PRON nsubj 2
are VBP AUX ROOT 2
ready JJ ADJ acomp 2
to TO PART aux 5
help VB VERB xcomp 3
the DT DET det 7
families NNS NOUN dobj 5
. . PUNCT punct 2
” '' PUNCT punct 2
"""


def test_standalone_sentence_inherits() -> None:
    view = view_of("“We are ready to help the families.”", ALONE)
    [cand] = standalone_sentence(view)
    assert said(view, cand) == ("We are ready to help the families.", None) and cand.inherits


FRAGMENT = """
The DT DET det 1
plan NN NOUN nsubj 2
promises VBZ VERB ROOT 2
a DT DET det 5
“ `` PUNCT punct 5
harbour NN NOUN dobj 2
that WDT PRON nsubj 7
works VBZ VERB relcl 5
for IN ADP prep 7
everyone NN PRON pobj 8
” '' PUNCT punct 5
by IN ADP prep 2
May NNP PROPN pobj 11
. . PUNCT punct 2
"""


def test_quoted_fragment_belongs_to_the_subject_of_the_verb_it_depends_on() -> None:
    view = view_of("The plan promises a “harbour that works for everyone” by May.", FRAGMENT)
    [cand] = quoted_fragment(view)
    assert cand.type == "mixed" and not cand.inherits
    assert said(view, cand) == ("harbour that works for everyone", "The plan")  # less the marks at its edges


COLON_END = """
The DT DET det 1
council NN NOUN nsubj 2
released VBD VERB ROOT 2
the DT DET det 5
following VBG VERB amod 5
statement NN NOUN dobj 2
: : PUNCT punct 2
"""


def test_colon_lead_hands_the_subject_of_a_paragraph_ending_in_a_colon_on() -> None:
    view = view_of("The council released the following statement:", COLON_END)
    [cand] = colon_lead(view)
    assert cand.type == "lead" and said(view, cand) == (":", "The council")


ANSWER = """
Ruiz NNP PROPN nsubj 1
gave VBD VERB ROOT 1
a DT DET det 4
short JJ ADJ amod 4
answer NN NOUN dobj 1
: : PUNCT punct 1
“ `` PUNCT punct 1
No UH INTJ intj 1
. . PUNCT punct 1
” '' PUNCT punct 1
"""


def test_colon_before_quote_hands_the_subject_of_the_verb_to_the_quote() -> None:
    view = view_of("Ruiz gave a short answer: “No.”", ANSWER)
    [cand] = colon_before_quote(view)
    assert cand.type == "lead" and said(view, cand) == (":", "Ruiz")


ELLIPSIS = """
“ `` PUNCT punct 4
… : PUNCT punct 4
, , PUNCT punct 4
” '' PUNCT punct 4
said VBD VERB ROOT 4
Smith NNP PROPN nsubj 4
. . PUNCT punct 4
"""


def test_wordless_quote_claims_a_quote_of_punctuation_so_no_rule_takes_it() -> None:
    view = view_of("“…,” said Smith.", ELLIPSIS)
    assert said_right_after(view_of("“…,” said Smith.", ELLIPSIS)) != []  # what it guards against
    assert wordless_quote(view) == [] and view.claimed == {0}
    assert said_right_after(view) == [] and standalone_sentence(view) == []


def test_inside_quote_bisects_over_several_quotes() -> None:
    view = view_of("“Yes,” he said. “No,” she said.", """
“ `` PUNCT punct 5
Yes UH INTJ intj 5
, , PUNCT punct 5
” '' PUNCT punct 5
he PRP PRON nsubj 5
said VBD VERB ROOT 5
. . PUNCT punct 5
“ `` PUNCT punct 12
No UH INTJ intj 12
, , PUNCT punct 12
” '' PUNCT punct 12
she PRP PRON nsubj 12
said VBD VERB ROOT 12
. . PUNCT punct 12
""")
    inside = [c for c in range(len(view.text)) if view.inside_quote(c)]
    assert inside == [*range(0, 6), *range(16, 21)]
