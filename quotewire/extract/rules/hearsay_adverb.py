"""Paragraph rule: a clause a hearsay adverb ("reportedly") attributes to unnamed sources."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.candidate import Candidate
from quotewire.extract.clauses import MIN_REST_WORDS, subtree_range, trim
from quotewire.extract.paragraph import ParagraphView
from quotewire.extract.registry import PARAGRAPH_RULES

LEADING_DEPS = ("mark", "cc", "punct")
"""Words that open a clause without being part of what is reported ("after he reportedly ...")."""


def _pieces(adverb: Token) -> tuple[list[Token], list[Token]]:
    """The clause the adverb modifies, split at the adverb: the words before it (without a leading
    conjunction) and after it (to the first comma, where narration goes on)."""
    clause = subtree_range(adverb.head)
    before = [t for t in clause if t.i < adverb.i]
    while before and before[0].dep_ in LEADING_DEPS:
        before = before[1:]
    after = [t for t in clause if t.i > adverb.i]
    cut = next((k for k, t in enumerate(after) if t.text == ","), len(after))
    return before, after[:cut]


def _free(view: ParagraphView, start: int, end: int) -> bool:
    """No quote and no statement found so far overlaps ``[start, end)`` (paragraph offsets)."""
    return not any(qs < end and start < qe for qs, qe in view.rel_marked) and not any(
        c.content[0] - view.offset < end and start < c.content[1] - view.offset for c in view.found)


@PARAGRAPH_RULES.register("hearsay_adverb")
def hearsay_adverb(view: ParagraphView) -> list[Candidate]:
    """"Both firms have reportedly looked at the offer and passed." -> "Both firms have" and
    "looked at the offer and passed": an adverb of ``hearsay_adverbs.txt`` makes the clause it
    modifies an indirect statement with no speaker, in two pieces around the adverb (as a cue
    interrupting its clause gives two), unless a quote or an earlier statement covers it."""
    lower = view.text.lower()
    if not any(word in lower for word in view.lexicon.hearsay_adverbs):
        return []
    out = []
    for adverb in view.doc:
        if adverb.lower_ not in view.lexicon.hearsay_adverbs or adverb.dep_ != "advmod" or adverb.head.i == adverb.i:
            continue
        before, after = _pieces(adverb)
        if sum(1 for t in after if t.is_alpha) < MIN_REST_WORDS or not before:
            continue
        clause = trim(before + [adverb] + after)
        if clause is None or not _free(view, *clause):
            continue
        cue = view.abs((adverb.idx, adverb.idx + len(adverb.text)))
        for piece in (trim(before), trim(after)):
            if piece is not None:
                out.append(Candidate(type="indirect", content=view.abs(piece), cue=cue,  # type: ignore[arg-type]
                                     cue_lemma=adverb.lower_, cue_class=view.lexicon.hearsay_adverbs[adverb.lower_],
                                     sentence=view.sentence(adverb.idx),
                                     paragraph=view.index, confidence=0.5))
    return out
