"""A cue around a quote that no cue's clause covers: "“...,” he said", "“... .” Trump said."."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span as TokenSpan

from quotewire.extract.candidate import Candidate
from quotewire.extract.cues import Cue
from quotewire.extract.filters import looks_like_sentence
from quotewire.extract.marks import CLOSING_CHARS
from quotewire.extract.paragraph import ParagraphView

FRAME_CUE_CHARS = 40
"""How far after a quote's closing mark "said X" / "X said" may start to frame even a one-word quote."""
TITLE_FRAME_CUE_CHARS = 20
"""The same for a quote in Title Case, which is a name unless the cue follows at once ("“Safety,”
said Grimm", not "the show “The Apprentice,” who later worked for him, said")."""
MAX_ATTRIBUTION_TOKENS = 8
"""A sentence of at most this many tokens with a cue that reports nothing attributes the quote
right before it, even after the quote's full stop ("“...” Trump said.")."""
FAR_BEFORE = 1000
"""Added to the distance of a cue before the quote: a cue after it is preferred."""


def ends_open(view: ParagraphView, i: int) -> bool:
    """The quote ends in a comma, question or exclamation mark: its sentence goes on after it."""
    return view.quote_text(i).rstrip()[-1:] in (",", "?", "!")


def bare_attribution(sent: TokenSpan, cues: list[Cue]) -> bool:
    """A short sentence that is only a cue with its speaker ("Trump said on Friday.")."""
    return len(sent) <= MAX_ATTRIBUTION_TOKENS and any(
        c.content is None and sent.start_char <= c.start < sent.end_char for c in cues)


def _window(view: ParagraphView, i: int) -> tuple[int, int, int]:
    """``(lo, hi, next_sentence)``: where a cue framing quote ``i`` may start, and from where on
    it only attributes (reports nothing). The quote's sentence(s), up to the next quote either
    way; the next sentence too when the parser split it off at the closing mark."""
    qs, qe = view.rel_marked[i]
    doc, text = view.doc, view.text
    after = view.sentence_of(max(qe - 1, 0))
    next_sentence = len(text)
    if after is not None and after.end < len(doc) and not text[qe:after.end_char].strip(CLOSING_CHARS + " "):
        following = doc[after.end].sent
        if ends_open(view, i) or bare_attribution(following, view.cues):
            after = following  # "''Can we win?'' Mr. Hale asked.", "“... .” Trump said.": split at the mark
            next_sentence = following.start_char
    before = view.sentence_of(qs)
    lo = before.start_char if before is not None else qs
    hi = after.end_char if after is not None else qe
    for s, e in view.rel_marked:
        if e <= qs:
            lo = max(lo, e)
        elif s >= qe:
            hi = min(hi, s)
    return lo, hi, next_sentence


def frame_cue(view: ParagraphView, i: int) -> Cue | None:
    """A cue right around quote ``i`` in its sentence(s), outside any quote: "“...,” he said";
    the nearest after the quote, else the nearest before it."""
    qs, qe = view.rel_marked[i]
    lo, hi, next_sentence = _window(view, i)
    best: tuple[int, Cue] | None = None
    for cue in view.cues:
        if view.inside_quote(cue.start):
            continue
        if qe <= cue.start < hi and (cue.start < next_sentence or cue.content is None):
            dist = cue.start - qe
        elif lo <= cue.start < qs:
            dist = (qs - cue.end) + FAR_BEFORE
        else:
            continue
        if best is None or dist < best[0]:
            best = (dist, cue)
    return best[1] if best else None


def standalone(view: ParagraphView, i: int) -> bool:
    """Quote ``i`` is a sentence of its own: it starts a sentence and looks like one."""
    return view.starts_sentence(i) and looks_like_sentence(view.quote_text(i))


def attribute_quotes(view: ParagraphView, cue_of: Callable[[int], Cue | None]) -> list[Candidate]:
    """A direct statement for each unclaimed quote ``cue_of`` finds a cue for, which claims it."""
    out = []
    for i in view.unclaimed():
        cue = cue_of(i)
        if cue is not None:
            view.claimed.add(i)
            out.append(view.make("direct", (view.quotes[i].start, view.quotes[i].end), cue))
    return out
