"""Paragraph rule: a cue with nothing to report that introduces the quote after it."""

from __future__ import annotations

from quotewire.extract.attribution import QUESTION_VERBS, addressed_passive
from quotewire.extract.candidate import Candidate
from quotewire.extract.cues import Cue
from quotewire.extract.framing import MAX_ATTRIBUTION_TOKENS
from quotewire.extract.marks import OPENING_CHARS
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES


def asked(cue: Cue) -> bool:
    """"Asked whether ...": the question put to the speaker, never a statement."""
    return cue.lemma in QUESTION_VERBS and addressed_passive(cue)


def _introduces(view: ParagraphView, cue: Cue) -> bool:
    """The cue's sentence ends in a colon, or it ends the paragraph, or it is a short sentence
    right before a quote."""
    sent = view.sentence_of(cue.start)
    tail = view.text[cue.end:sent.end_char if sent is not None else len(view.text)].rstrip()
    if tail.endswith(":"):
        return not view.inside_quote(len(tail) and cue.end + len(tail) - 1)
    if not tail.endswith(".") or view.inside_quote(cue.end):
        return False
    after = view.text[cue.end + len(tail):].lstrip()
    return not after or after[:1] in OPENING_CHARS and sent is not None and len(sent) <= MAX_ATTRIBUTION_TOKENS


@PARAGRAPH_RULES.register("cue_lead")
def cue_lead(view: ParagraphView) -> list[Candidate]:
    """"Bozell explains:", "..., Ana Ruiz said in a statement." ending the paragraph, "Bystrom
    agreed." right before a quote: a lead-in that hands its speaker to the quote that follows
    (a "lead" candidate, dropped once the document passes have used it)."""
    return [view.make("lead", view.abs((c.start, c.end)), c)  # type: ignore[arg-type]
            for c in view.cues if c.content is None and not asked(c) and _introduces(view, c)]
