"""Paragraph rules: each reads one kind of statement from a ``ParagraphView``.

They run in ``PARAGRAPH_ORDER``; a rule sees what earlier rules claimed (``view.claimed``) and
found (``view.found``), and a ``final`` rule that finds something ends the paragraph (a transcript
turn is the whole paragraph). Each rule is ``(view) -> list[Candidate]``, registered by name with
``PARAGRAPH_RULES.register``; docs/extraction.md has a paragraph on each.
"""

from quotewire.extract.registry import import_all

PARAGRAPH_ORDER = (
    "transcript_turn",
    "labelled_quote",
    "inline_labels",
    "headline_label",
    "wordless_quote",
    "signature_line",
    "cue_lead",
    "interrupted_rest",
    "cue_clause",
    "said_right_after",
    "named_thing",
    "framed_quote",
    "verb_after_comma",
    "dash_attribution",
    "standalone_sentence",
    "quoted_fragment",
    "colon_lead",
    "colon_before_quote",
    "hearsay_adverb",
    "subject_lead",
    "accurate_spans",  # the fine-tuned encoder's extent for the rules' statements (pipeline.extractor_rules)
    "accurate",  # the fine-tuned encoder's statements where the rules found none
)

import_all(__name__, __path__)
