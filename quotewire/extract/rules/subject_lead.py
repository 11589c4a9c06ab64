"""Paragraph rule: a paragraph about a named person, with no statement, leads into the next quote."""

from __future__ import annotations

from quotewire.extract.attribution import mention_tokens
from quotewire.extract.candidate import Candidate
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.syntax import char_span, subjects


@PARAGRAPH_RULES.register("subject_lead")
def subject_lead(view: ParagraphView) -> list[Candidate]:
    """"Eric Trump, son of the front-runner, talked politics Monday on Fox and Friends.\\n\\n“(Hillary)
    turned her attention to us …”": a paragraph with no quote and no statement whose last
    sentence has a person's name for its subject (a known given name and a surname) hands that
    person to a quote with no cue right after it (a lead candidate, see ``inheritance``)."""
    if view.quotes or view.found or not len(view.doc):
        return []
    sent = view.doc[-1].sent
    subject = next(iter(subjects(sent.root)), None)
    if subject is None or subject.pos_ != "PROPN":
        return []
    name = [t for t in mention_tokens(subject) if t.pos_ == "PROPN" and t.is_title]
    if len(name) < 2 or name[0].lower_ not in view.lexicon.given_names:
        return []
    return [Candidate(type="lead", content=view.abs((subject.idx, subject.idx + len(subject.text))),
                      speaker=char_span(name, view.offset), paragraph=view.index, confidence=0.6)]
