"""Paragraph rule: the clause a cue reports, direct, mixed or indirect by its quotes."""

from __future__ import annotations

from quotewire.extract.attribution import speaker_head
from quotewire.extract.candidate import Candidate
from quotewire.extract.content.object_phrase import OBJECT_PHRASE
from quotewire.extract.cues import Cue
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES
from quotewire.extract.rules.cue_lead import asked

MAX_UNQUOTED_WORDS_DIRECT = 1
"""A clause with at most this many words outside quotation marks is a direct quote ("that “...”")."""


def reports_someone(view: ParagraphView, cue: Cue) -> bool:
    """A cue noun needs an owner: "the claim that ...", nobody's, is not a statement."""
    return not cue.noun or speaker_head(cue, view.lexicon) is not None


SENTENCE_OPENERS = frozenset({"and", "but", "then", "also"})
"""Words a subjectless participle may follow at the start of its sentence ("And adding, …")."""


def continues_speaker(cue: Cue) -> bool:
    """"Maher stated that the report “wasn't good.” Adding, “…”": a participle that opens its
    sentence with no subject goes on with the speaker of the statement before (inheritance)."""
    token = cue.token
    if cue.phrase or cue.noun or token.tag_ != "VBG":
        return False
    return all(t.is_punct or t.lower_ in SENTENCE_OPENERS for t in token.doc[token.sent.start:token.i])


def _read(view: ParagraphView, cue: Cue) -> list[Candidate]:
    found = _candidates(view, cue)
    for cand in found:
        if cand.speaker is None and continues_speaker(cue):
            cand.inherits = True
    return found


def _candidates(view: ParagraphView, cue: Cue) -> list[Candidate]:
    assert cue.content is not None
    cs, ce = cue.content
    inside = [i for i, (qs, qe) in enumerate(view.rel) if qs < ce and cs < qe]
    if not inside:
        return [view.make("indirect", view.abs(cue.content), cue, confidence=0.8,  # type: ignore[arg-type]
                          object_phrase=cue.content_rule == OBJECT_PHRASE)]
    spans = [view.rel[i] for i in inside]
    lo = min([cs] + [s for s, _ in spans])
    hi = max([ce] + [e for _, e in spans])
    if view.words_outside(lo, hi, spans) > MAX_UNQUOTED_WORDS_DIRECT:
        view.claimed.update(inside)
        lo = min([lo] + [view.rel_marked[i][0] for i in inside if view.rel_marked[i][0] >= cs - 1])
        return [view.make("mixed", view.abs((lo, hi)), cue, confidence=0.8)]  # type: ignore[arg-type]
    out = []
    for i in inside:
        if i not in view.claimed and not view.names_something(i):
            view.claimed.add(i)
            out.append(view.make("direct", (view.quotes[i].start, view.quotes[i].end), cue))
    return out


@PARAGRAPH_RULES.register("cue_clause")
def cue_clause(view: ParagraphView) -> list[Candidate]:
    """"Rutte said Russia must do more" (indirect), "said Moscow must “do more”" (mixed), "“The
    ball is in their court,” Rutte said" (direct: the clause is the quote, at most a "that"
    outside it). Claims the quotes it covers."""
    out: list[Candidate] = []
    for cue in view.cues:
        if cue.content is not None and not asked(cue) and reports_someone(view, cue):
            out.extend(_read(view, cue))
    return out
