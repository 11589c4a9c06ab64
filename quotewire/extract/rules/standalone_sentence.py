"""Paragraph rule: a quoted sentence standing alone, with no cue."""

from __future__ import annotations

from quotewire.extract.attribution import mention_tokens
from quotewire.extract.candidate import Candidate
from quotewire.extract.framing import standalone
from quotewire.extract.lexicon import PERSON, WRITER
from quotewire.extract.paragraph import ParagraphView, Range
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.syntax import char_span, subjects


def subject_before(view: ParagraphView, i: int) -> Range | None:
    """"Clinton touted her record. “We need to support workers.”": the subject of the sentence right
    before quote ``i`` in its paragraph, when that sentence has no cue and its subject is a proper
    name or a personal pronoun outside quotation marks (absolute range); None otherwise."""
    before = view.text[:view.rel_marked[i][0]].rstrip()
    if not before or view.inside_quote(len(before) - 1):
        return None
    sent = view.sentence_of(len(before) - 1)
    if sent is None or any(sent.start_char <= c.start < sent.end_char for c in view.cues):
        return None
    subject = next(iter(subjects(sent.root)), None)
    if subject is None or view.inside_quote(subject.idx):
        return None
    pronoun = view.lexicon.pronoun(subject.text) if subject.pos_ == "PRON" else None
    if subject.pos_ != "PROPN" and (pronoun is None or pronoun.kind not in (PERSON, WRITER)):
        return None
    return char_span(mention_tokens(subject), view.offset)


@PARAGRAPH_RULES.register("standalone_sentence")
def standalone_sentence(view: ParagraphView) -> list[Candidate]:
    """"Rutte spoke for an hour. “We are ready to help.”": a full sentence in quotes with no cue
    is direct; it is said by the person or pronoun that is the subject of the sentence right
    before it in its paragraph (``subject_before``), else it takes the speaker of the statement
    before it (see the inheritance pass); a piece of a quote that goes on in the next paragraph
    takes that paragraph's speaker when it names one (``speaker_continuation``)."""
    out = []
    for i in view.unclaimed():
        if standalone(view, i):
            view.claimed.add(i)
            q = view.quotes[i]
            speaker = None if q.continues else subject_before(view, i)
            cand = view.make("direct", (q.start, q.end), None, inherits=speaker is None, continues=q.continues,
                             confidence=0.7)
            cand.speaker = speaker
            out.append(cand)
    return out
