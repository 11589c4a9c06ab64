"""Word-by-word alignment of a claimed wording against an attested one (rapidfuzz's Indel opcodes,
i.e. a longest common subsequence of words), and what it says: the changes, a score, a verdict.

Words are compared casefolded, without punctuation (``words``): "Jobs," and "jobs" are the same
word, so a copy that only moved a comma is verbatim. The attested side may be cut at both ends
(an excerpt is not a change); every claimed word outside the shared words is a change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Indel

VERDICTS = ("verbatim", "altered", "not_found")

MIN_SHARED = 6
"""Words in common, in order, below which two wordings are never one quote, nor a claim verbatim
or altered (unless it is all of a shorter original): unrelated statements share stock phrases of
four or five words ("is going to have to", "the United States has"). Measured: docs/lineage.md."""

LINK_MIN = 0.80
"""The score at or above which two stored wordings join one lineage (``link``). On the first
generated set (docs/lineage.md) every printing but one scored at least 0.82 against its original,
and of the pairs of different statements that shared a fingerprint, 23 of 1,416 reached 0.8 (most
of them with fewer than ``MIN_SHARED`` words in common)."""

ALTERED_MIN = 0.80
"""The score at or above which claimed words that differ from the original are "altered" rather
than "not_found" (``judge``): the altered claims of the first generated set scored 0.82 and over,
sentences that quote nobody at most 0.75."""

EDGE_GAP_RATIO = 3
"""A run of shared words at either end of the alignment is dropped (its claimed words become
insertions) when the attested words it skips to reach the rest are more than this many times its
length: a lone "the" matched far outside the excerpt is no evidence of where the excerpt starts."""

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def _key(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "'")


def words(text: str) -> list[str]:
    """The words of ``text`` as compared: NFKC, casefolded, apostrophes unified, punctuation dropped."""
    return [_key(w) for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Change:
    """One difference of a claimed wording from the attested one: ``op`` is omitted (attested words
    the claim leaves out), inserted (claimed words the attested text lacks) or substituted."""

    op: str
    attested: str
    claimed: str

    def to_dict(self) -> dict[str, str]:
        return {"op": self.op, "attested": self.attested, "claimed": self.claimed}


@dataclass(frozen=True)
class Alignment:
    """``claimed`` aligned to ``attested``: ``shared`` words in common, in order, which span
    ``window`` attested words (from the first shared to the last); ``changes`` inside that window
    and anywhere in the claim."""

    claimed_words: int
    attested_words: int
    shared: int
    window: int
    changes: tuple[Change, ...]

    @property
    def score(self) -> float:
        """Dice of the claim and the attested window: 1.0 for an exact quote or an excerpt."""
        total = self.claimed_words + self.window
        return 2 * self.shared / total if total else 0.0

    @property
    def contiguous(self) -> bool:
        """Every claimed word, in order, with nothing between: an exact quote or an excerpt."""
        return self.shared > 0 and not self.changes


def align(claimed: list[str], attested: list[str]) -> Alignment:
    """Align two word lists (``words``); the attested one may be cut at both ends.

    A longest common subsequence can often be laid out in several ways ("the" matched here or
    three words on); of the layout found front to back and the one found back to front, the one
    with the higher score (the tighter) is kept. A claim that appears whole in the attested words
    is that excerpt, wherever its words also occur elsewhere."""
    return _layout(claimed, attested)[1]


def _layout(claimed: list[str], attested: list[str]) -> tuple[list[tuple[int, int, int, int]], Alignment]:
    n, m = len(claimed), len(attested)
    at = _find(claimed, attested)
    if at is not None:
        return [(0, n, at, at + n)], Alignment(n, m, n, n, ())
    backwards = [(n - c_end, n - c_start, m - a_end, m - a_start)
                 for c_start, c_end, a_start, a_end in reversed(_blocks(claimed[::-1], attested[::-1]))]
    found = [(blocks, _alignment(claimed, attested, blocks)) for blocks in (_blocks(claimed, attested), backwards)]
    return max(found, key=lambda f: (f[1].score, -len(f[1].changes)))


def _alignment(claimed: list[str], attested: list[str], blocks: list[tuple[int, int, int, int]]) -> Alignment:
    if not blocks:
        changes = (Change("inserted", "", " ".join(claimed)),) if claimed else ()
        return Alignment(len(claimed), len(attested), 0, 0, changes)
    changes: list[Change] = []
    c_at, a_at = 0, blocks[0][2]
    for c_start, c_end, a_start, a_end in blocks:
        _gap(changes, claimed[c_at:c_start], attested[a_at:a_start])
        c_at, a_at = c_end, a_end
    _gap(changes, claimed[c_at:], [])
    shared = sum(c_end - c_start for c_start, c_end, _, _ in blocks)
    return Alignment(len(claimed), len(attested), shared, blocks[-1][3] - blocks[0][2], tuple(changes))


def _find(claimed: list[str], attested: list[str]) -> int | None:
    """Where ``claimed`` occurs as a contiguous run of ``attested`` (word index), else None."""
    if not claimed:
        return None
    sep = "\x00"
    found = (sep + sep.join(attested) + sep).find(sep + sep.join(claimed) + sep)
    return None if found < 0 else (sep + sep.join(attested) + sep)[:found].count(sep)


def _blocks(claimed: list[str], attested: list[str]) -> list[tuple[int, int, int, int]]:
    """The runs of shared words, (claimed start, end, attested start, end), without stray edge runs."""
    blocks = [(op.src_start, op.src_end, op.dest_start, op.dest_end)
              for op in Indel.opcodes(claimed, attested) if op.tag == "equal"]
    while len(blocks) > 1 and blocks[1][2] - blocks[0][3] > EDGE_GAP_RATIO * (blocks[0][1] - blocks[0][0]):
        blocks = blocks[1:]
    while len(blocks) > 1 and blocks[-1][2] - blocks[-2][3] > EDGE_GAP_RATIO * (blocks[-1][1] - blocks[-1][0]):
        blocks = blocks[:-1]
    return blocks


def _gap(changes: list[Change], claimed: list[str], attested: list[str]) -> None:
    if claimed or attested:
        op = "substituted" if claimed and attested else "inserted" if claimed else "omitted"
        changes.append(Change(op, " ".join(attested), " ".join(claimed)))


def link(a: list[str], b: list[str]) -> Alignment | None:
    """The alignment of two stored wordings when they are one quote, else None. Symmetric: the
    shorter is aligned inside the longer (ties: the smaller word list)."""
    short, long = sorted((a, b), key=lambda w: (len(w), w))
    found = align(short, long)
    return found if found.shared >= MIN_SHARED and found.score >= LINK_MIN else None


def judge(found: Alignment) -> str:
    """The verdict for claimed words aligned against an attested original."""
    if found.contiguous and found.shared >= min(MIN_SHARED, found.attested_words):
        return "verbatim"
    if found.shared >= MIN_SHARED and found.score >= ALTERED_MIN:
        return "altered"
    return "not_found"


def marked(claimed_text: str, attested_text: str) -> list[tuple[str, str | None]]:
    """``claimed_text`` in pieces for display: ``(text, None)`` where it is as attested,
    ``(word, "changed")`` for a claimed word the attested text lacks there, and
    ``(words, "attested")`` -- not part of the claim -- for attested words it left out or replaced,
    just before the claimed words that follow them."""
    tokens = list(_WORD.finditer(claimed_text))
    attested = words(attested_text)
    blocks = _layout([_key(t.group()) for t in tokens], attested)[0]
    left_out = {nxt[0]: " ".join(attested[prev[3]:nxt[2]]) for prev, nxt in zip(blocks, blocks[1:]) if nxt[2] > prev[3]}
    kept = {i for c_start, c_end, _, _ in blocks for i in range(c_start, c_end)}
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for i, token in enumerate(tokens):
        if i in left_out:
            pieces.append((left_out[i], "attested"))
        if token.start() > at:
            pieces.append((claimed_text[at:token.start()], None))
        pieces.append((token.group(), None if i in kept else "changed"))
        at = token.end()
    if at < len(claimed_text):
        pieces.append((claimed_text[at:], None))
    return pieces
