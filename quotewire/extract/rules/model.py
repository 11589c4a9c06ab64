"""Paragraph rule ``accurate``: the statements the fine-tuned encoder finds (``extract/accurate.py``)
and no earlier rule did."""

from __future__ import annotations

from quotewire.extract import accurate
from quotewire.extract.accurate import Tagged
from quotewire.extract.candidate import Candidate
from quotewire.extract.cues import Cue
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

MAX_CUE_GAP = 8
"""Most tokens between a content span and the cue it is read with ("X, the senator from Ohio said")."""
MAX_SOURCE_GAP = 6
"""Most tokens between a cue and the source span read with it ("Smith, 54, told reporters")."""
CLAUSE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD", "VB"})
"""Verb forms that make a content span a clause (finite, modal, infinitive); without one it is
the cue's object phrase ("dismissed [statements made by the leaders of Germany]": a participle
only), which the default scope leaves out."""
ACCURATE_MIN_CONFIDENCE = 0.6
"""Least confidence of a statement the fine-tuned encoder adds (``accurate``), which must also have
a cue and a speaker: chosen on PolNeAR's official dev documents (docs/extraction.md, "The accurate
extractor")."""


def _gap(a: Tagged, b: Tagged) -> int:
    """Tokens strictly between two spans that do not overlap."""
    return b.start - a.end if a.end <= b.start else a.start - b.end


def _nearest(span: Tagged, others: list[Tagged], most: int) -> Tagged | None:
    near = [o for o in others if _gap(span, o) <= most]
    return min(near, key=lambda o: (_gap(span, o), o.start)) if near else None


def _type(view: ParagraphView, start: int, end: int) -> str:
    """direct when the span lies inside one quote, mixed when it holds part of one, else indirect."""
    if any(qs <= start and end <= qe for qs, qe in view.rel_marked):
        return "direct"
    return "mixed" if any(qs < end and start < qe for qs, qe in view.rel_marked) else "indirect"


def _rules_cue(view: ParagraphView, start: int, end: int) -> Cue | None:
    """The rules' cue at the model's cue span (paragraph chars), whose speaker the rules resolve."""
    return next((c for c in view.cues if start <= c.start < end), None)


@PARAGRAPH_RULES.register("accurate")
def accurate_model(view: ParagraphView) -> list[Candidate]:
    """The fine-tuned encoder's statements (``statements``) that have a cue, a speaker (the rules'
    or the model's source: a statement the model alone found is never left unattributed, which
    cost speaker accuracy 0.914 against 0.926 on PolNeAR dev for 0.01 of partial F1) and at least
    ``ACCURATE_MIN_CONFIDENCE``."""
    found = statements(view, accurate.tagged(view.doc))
    return [c for c in found
            if c.cue is not None and c.speaker is not None and c.confidence >= ACCURATE_MIN_CONFIDENCE]


def statements(view: ParagraphView, spans: list[Tagged]) -> list[Candidate]:
    """"The bridge will reopen next week, officials believe": the model's CONTENT spans that no
    statement found so far and no quote an earlier rule claimed overlaps, each read with the
    nearest CUE span and that cue's nearest SOURCE span. Where the rules know the cue, the rules'
    speaker is taken (their subject and passive-agent reading); else the model's source. ``rule``
    is the rule's name and ``confidence`` the model's for the content span; a content with no cue
    near takes the previous speaker (the inheritance pass). A content with no verb is marked an
    object phrase (``Candidate.object_phrase``), as the rules mark a stance cue's object."""
    cues = [s for s in spans if s.label == "CUE"]
    sources = [s for s in spans if s.label == "SOURCE"]
    taken = [(c.content[0] - view.offset, c.content[1] - view.offset) for c in view.found]
    taken += [view.rel_marked[i] for i in view.claimed]  # a name or a wordless quote stays one
    out = []
    for span in (s for s in spans if s.label == "CONTENT"):
        start, end = span.chars(view.doc)
        if any(s < end and start < e for s, e in taken):
            continue
        kind = _type(view, start, end)
        cue = _nearest(span, cues, MAX_CUE_GAP)
        if cue is None:
            out.append(Candidate(type=kind, content=view.abs((start, end)), sentence=view.sentence(start),  # type: ignore[arg-type]
                                 paragraph=view.index, inherits=True, confidence=span.confidence))
            continue
        cue_chars = cue.chars(view.doc)
        known = _rules_cue(view, *cue_chars)
        if known is not None:
            cand = view.make(kind, view.abs((start, end)), known, confidence=span.confidence)  # type: ignore[arg-type]
        else:
            word = view.doc[cue.start].text
            lemma = view.lexicon.cue_lemma(word)  # a cue verb the rules read no statement from
            cand = Candidate(type=kind, content=view.abs((start, end)), cue=view.abs(cue_chars),  # type: ignore[arg-type]
                             cue_lemma=lemma or word.lower(), cue_class=view.lexicon.cue_verbs.get(lemma or ""),
                             sentence=view.sentence(start), paragraph=view.index, confidence=span.confidence)
        cand.object_phrase = not any(t.tag_ in CLAUSE_TAGS for t in view.doc[span.start:span.end])
        if cand.speaker is None and (source := _nearest(cue, sources, MAX_SOURCE_GAP)) is not None:
            cand.speaker = view.abs(source.chars(view.doc))
        if cand.speaker is not None and cand.speaker[0] < cand.content[1] and cand.content[0] < cand.speaker[1]:
            continue  # the model's content is the rules' speaker: one of the two is wrong
        out.append(cand)
    return out
