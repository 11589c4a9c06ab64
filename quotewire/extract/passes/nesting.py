"""Document pass: a statement reported inside another one is part of it."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from quotewire.extract.candidate import Candidate
from quotewire.extract.registry import DOCUMENT_PASSES


class _Covers:
    """The contents of one paragraph's candidates with a cue, to ask "does another one's content
    cover [lo, hi)?" by bisection instead of comparing all pairs (a paragraph can hold thousands)."""

    def __init__(self, cands: list[Candidate], members: list[int]) -> None:
        with_cue = sorted((cands[k].content[0], k) for k in members if cands[k].cue is not None)
        self.starts = [start for start, _ in with_cue]
        self.cues = sorted(cands[k].cue[0] for k in members if cands[k].cue is not None)  # type: ignore[index]
        self.best: list[tuple[tuple[int, int], tuple[int, int]]] = []  # per prefix: the two largest (end, index)
        top: tuple[tuple[int, int], tuple[int, int]] = ((-1, -1), (-1, -1))
        for _, k in with_cue:
            end = (cands[k].content[1], k)
            top = (end, top[0]) if end > top[0] else (top[0], max(top[1], end))
            self.best.append(top)

    def covered(self, lo: int, hi: int, me: int) -> bool:
        """Some candidate other than ``me`` with a cue starts at or before ``lo`` and ends at or after ``hi``."""
        n = bisect_right(self.starts, lo)
        if not n:
            return False
        first, second = self.best[n - 1]
        return (first if first[1] != me else second)[0] >= hi

    def cue_within(self, start: int, end: int) -> bool:
        """Some candidate's cue starts in ``[start, end)``."""
        k = bisect_left(self.cues, start)
        return k < len(self.cues) and self.cues[k] < end


def _dropped(cands: list[Candidate], k: int, covers: _Covers) -> bool:
    cand = cands[k]
    if cand.cue is not None:  # its cue and content inside another's content
        lo, hi = min(cand.cue[0], cand.content[0]), max(cand.cue[0] + 1, cand.content[1])
        return covers.covered(lo, hi, k)
    return cand.type == "mixed" and covers.cue_within(*cand.content)


@DOCUMENT_PASSES.register("nesting")
def nesting(cands: list[Candidate]) -> list[Candidate]:
    """"Rutte said the administration has “consistently” said it wants peace": the inner statement
    (a cue inside another statement's content) is dropped, the outer one carries it; a quoted
    fragment's clause that holds a cue is a misparse of that cue's statement and gives way to it.
    Contents lie within one paragraph, so only statements of one paragraph are compared."""
    by_paragraph: dict[int, list[int]] = {}
    for k, cand in enumerate(cands):
        by_paragraph.setdefault(cand.paragraph, []).append(k)
    covers = {p: _Covers(cands, members) for p, members in by_paragraph.items()}
    return [cand for k, cand in enumerate(cands) if not _dropped(cands, k, covers[cand.paragraph])]
