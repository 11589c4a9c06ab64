"""Each content rule of the cue reader on hand-built parses of our own sentences (no model loaded)."""

from __future__ import annotations

import pytest
from rule_docs import RUIZ_SAID, RUIZ_SAID_PARSE, TINY_LEXICON, parsed

from quotewire.extract.content import CONTENT_ORDER
from quotewire.extract.cues import find_cues
from quotewire.extract.registry import CONTENT_RULES

CASES = {
    "complement_clause": (RUIZ_SAID, "said", "the harbour will reopen in May", RUIZ_SAID_PARSE),
    "phrase_that_clause": ("Ruiz said in a statement that the harbour will reopen.", "said", "the harbour will reopen", """
Ruiz NNP PROPN nsubj 1
said VBD VERB ROOT 1
in IN ADP prep 1
a DT DET det 4
statement NN NOUN pobj 2
that IN SCONJ mark 9
the DT DET det 7
harbour NN NOUN nsubj 9
will MD AUX aux 9
reopen VB VERB acl 4
. . PUNCT punct 1
"""),
    "that_after_cue": ("Ruiz told reporters outside the gate that the harbour will reopen.", "told",
                       "the harbour will reopen", """
Ruiz NNP PROPN nsubj 1
told VBD VERB ROOT 1
reporters NNS NOUN dobj 1
outside IN ADP prep 1
the DT DET det 5
gate NN NOUN pobj 3
that WDT PRON dobj 10
the DT DET det 8
harbour NN NOUN nsubj 10
will MD AUX aux 10
reopen VB VERB relcl 5
. . PUNCT punct 1
"""),
    "as_clause": ("As Ruiz put it, the harbour is the heart of the town.", "put", "the harbour is the heart of the town", """
As IN SCONJ mark 2
Ruiz NNP PROPN nsubj 2
put VBD VERB advcl 7
it PRP PRON dobj 2
, , PUNCT punct 7
the DT DET det 6
harbour NN NOUN nsubj 7
is VBZ AUX ROOT 7
the DT DET det 9
heart NN NOUN attr 7
of IN ADP prep 9
the DT DET det 12
town NN NOUN pobj 10
. . PUNCT punct 7
"""),
    "host_clause": ("The harbour, Ruiz said, is the heart of the town.", "said", "is the heart of the town", """
The DT DET det 1
harbour NN NOUN nsubj 6
, , PUNCT punct 4
Ruiz NNP PROPN nsubj 4
said VBD VERB parataxis 6
, , PUNCT punct 4
is VBZ AUX ROOT 6
the DT DET det 8
heart NN NOUN attr 6
of IN ADP prep 8
the DT DET det 11
town NN NOUN pobj 9
. . PUNCT punct 6
"""),
    "quoting_object": ("Ruiz called the plan “a disaster for fishermen” on Monday.", "called",
                       "the plan “a disaster for fishermen” on Monday", """
Ruiz NNP PROPN nsubj 1
called VBD VERB ROOT 1
the DT DET det 3
plan NN NOUN dobj 1
“ `` PUNCT punct 3
a DT DET det 6
disaster NN NOUN oprd 1
for IN ADP prep 6
fishermen NNS NOUN pobj 7
” '' PUNCT punct 1
on IN ADP prep 1
Monday NNP PROPN pobj 10
. . PUNCT punct 1
"""),
    "request": ("Ruiz asked the council to rebuild the harbour.", "asked", "the council to rebuild the harbour", """
Ruiz NNP PROPN nsubj 1
asked VBD VERB ROOT 1
the DT DET det 3
council NN NOUN dobj 1
to TO PART aux 5
rebuild VB VERB xcomp 1
the DT DET det 7
harbour NN NOUN dobj 5
. . PUNCT punct 1
"""),
    "said_object": ("Ruiz said yes to the plan.", "said", "yes", """
Ruiz NNP PROPN nsubj 1
said VBD VERB ROOT 1
yes UH INTJ dobj 1
to IN ADP prep 1
the DT DET det 5
plan NN NOUN pobj 3
. . PUNCT punct 1
"""),
    "object_phrase": ("Ruiz praised the plan for its ambition.", "praised", "the plan for its ambition", """
Ruiz NNP PROPN nsubj 1
praised VBD VERB ROOT 1
the DT DET det 3
plan NN NOUN dobj 1
for IN ADP prep 3
its PRP$ PRON poss 6
ambition NN NOUN pobj 4
. . PUNCT punct 1
"""),
}


def test_every_content_rule_has_a_case() -> None:
    assert set(CASES) == set(CONTENT_ORDER)


@pytest.mark.parametrize("name", CONTENT_ORDER)
def test_content_rule_reads_its_shape(name: str) -> None:
    text, cue_word, content, table = CASES[name]
    doc = parsed(text, table)
    [cue] = [c for c in find_cues(doc, TINY_LEXICON, CONTENT_RULES.pick([name])) if c.token.text == cue_word]
    assert cue.content is not None and doc.text[cue.content[0]:cue.content[1]] == content
    assert cue.content_rule == name


@pytest.mark.parametrize("name", CONTENT_ORDER)
def test_without_its_rule_another_rule_or_none_reads_it(name: str) -> None:
    # the rules overlap on purpose (a that-clause hung on a phrase's noun is also a "that" after
    # the cue): what matters is that the shape above was this rule's
    text, cue_word, _, table = CASES[name]
    doc = parsed(text, table)
    others = CONTENT_RULES.pick([n for n in CONTENT_ORDER if n != name])
    [cue] = [c for c in find_cues(doc, TINY_LEXICON, others) if c.token.text == cue_word]
    assert cue.content_rule != name
