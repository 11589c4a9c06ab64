"""One parsed paragraph as the paragraph rules see it: text, quotes, cues and what is claimed.

Offsets inside the view are relative to the paragraph (``Doc`` offsets); candidates carry
absolute ones (``abs``). Rules claim quotes by index, so a later rule leaves a claimed quote alone.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span as TokenSpan

from quotewire.extract.attribution import addressee_tokens, adjunct_subject, mention_tokens, speaker_head
from quotewire.extract.candidate import Candidate
from quotewire.extract.cues import Cue, find_cues
from quotewire.extract.filters import is_title_case, word_count
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import CLOSE_PAIR, CLOSING_CHARS
from quotewire.extract.nearby import adjacent_noun
from quotewire.extract.parse import first_at, tokens_in
from quotewire.extract.quotemarks import Quoted, line_start
from quotewire.extract.registry import Rule
from quotewire.extract.syntax import char_span

Range = tuple[int, int]


@dataclass
class ParagraphView:
    """The paragraph ``doc`` (of ``text``) at ``offset`` in the article, its ``quotes`` and rule state."""

    doc: Doc
    text: str  # doc.text, which spaCy would rebuild from the tokens on every access
    offset: int
    index: int
    quotes: list[Quoted]
    lexicon: Lexicon
    content_rules: tuple[Rule, ...] = ()
    claimed: set[int] = field(default_factory=set)  # quote indices a rule has dealt with
    found: list[Candidate] = field(default_factory=list)  # candidates of the rules so far

    def __post_init__(self) -> None:
        # quote ranges relative to the paragraph: content, and with marks for "inside a quote"
        self.rel = [(q.start - self.offset, q.end - self.offset) for q in self.quotes]
        self.rel_marked = [(q.open_mark - self.offset,
                            (q.close_mark + 1 if q.close_mark is not None else q.end) - self.offset)
                           for q in self.quotes]
        self._mark_starts = [s for s, _ in self.rel_marked]  # in text order, not overlapping

    @cached_property
    def cues(self) -> list[Cue]:
        """The paragraph's cues outside quotes (read on first use: a transcript turn needs none)."""
        return [c for c in find_cues(self.doc, self.lexicon, self.content_rules) if not self.inside_quote(c.start)]

    def unclaimed(self) -> list[int]:
        return [i for i in range(len(self.quotes)) if i not in self.claimed]

    def inside_quote(self, char: int) -> bool:
        """``char`` lies inside a quote, marks included; by bisection: the rules ask it for every
        cue and token near every quote, and a scan made a paragraph of many quotes cubic."""
        k = bisect_right(self._mark_starts, char) - 1
        return k >= 0 and char < self.rel_marked[k][1]

    def abs(self, span: Range | None) -> Range | None:
        return None if span is None else (span[0] + self.offset, span[1] + self.offset)

    def quote_text(self, i: int) -> str:
        qs, qe = self.rel[i]
        return self.text[qs:qe]

    def sentence_of(self, char: int) -> TokenSpan | None:
        """The sentence holding paragraph offset ``char``."""
        i = first_at(self.doc, char + 1) - 1
        if i < 0 or not len(self.doc):
            return None
        return self.doc[i].sent

    def words_outside(self, start: int, end: int, quotes: list[Range]) -> int:
        """Word tokens in ``[start, end)`` outside every range of ``quotes``."""
        return sum(1 for t in tokens_in(self.doc, start, end)
                   if not (t.is_punct or t.is_space) and not any(qs <= t.idx < qe for qs, qe in quotes))

    def starts_sentence(self, i: int) -> bool:
        """Quote ``i`` opens its sentence or its line, or follows a colon, comma, dash or full stop."""
        qs = self.rel_marked[i][0]
        if line_start(self.text, qs):
            return True  # a line break the parser read through: "… ― Sonya Herridge\n“During the debate …”"
        sent = self.sentence_of(qs)
        before = self.text[max(0, qs - 4):qs].rstrip().rstrip(CLOSING_CHARS)
        return sent is None or self.words_outside(sent.start_char, qs, []) == 0 \
            or before[-1:] in (":", ",", "—", ".", "?", "!", "")

    def is_title_case(self, text: str) -> bool:
        return is_title_case(text, self.lexicon.minor_words)

    def names_something(self, i: int) -> bool:
        """A quote in Title Case after a preposition or article ("on “Face the Nation”"), or short
        and not ending a sentence: the name of a work, a show or a nickname."""
        text = self.quote_text(i)
        if not self.is_title_case(text):
            return False
        before = [t for t in tokens_in(self.doc, 0, self.rel_marked[i][0])[-3:] if not t.is_space]
        if before and before[-1].pos_ in ("ADP", "DET"):
            return True
        return word_count(text) <= 4 and text.rstrip()[-1:] not in (".", "!", "?")

    def speaker(self, cue: Cue) -> tuple[Range | None, Range | None]:
        """The speaker mention and addressee of ``cue``, absolute; never words of a quote."""
        head = speaker_head(cue, self.lexicon)
        if head is not None and self.inside_quote(head.idx) and not cue.phrase:
            head = adjunct_subject(cue.token) or adjacent_noun(cue.token, self.lexicon)  # the parser took a word
            if head is not None and self.inside_quote(head.idx):  # of the quote for the subject
                head = adjacent_noun(cue.token, self.lexicon)
        mention = [t for t in mention_tokens(head) if t.i != cue.token.i] if head is not None else []
        speaker = char_span(mention, self.offset)  # "Continued Stone:": the cue is no part of the name
        if speaker is not None and self.inside_quote(speaker[0] - self.offset):
            speaker = None
        addressee = addressee_tokens(cue)
        if cue.content is not None:  # never a word of what was said
            addressee = [t for t in addressee if not cue.content[0] <= t.idx < cue.content[1]]
        return speaker, char_span(addressee, self.offset)

    def sentence(self, char: int) -> Range | None:
        sent = self.sentence_of(char)
        return None if sent is None else (sent.start_char + self.offset, sent.end_char + self.offset)

    @cached_property
    def _edge_marks(self) -> tuple[dict[int, int], dict[int, int]]:
        """Absolute offsets: each quote's opening mark -> its content start, and the end of its
        closing mark (one character, two for '') -> the closing mark."""
        opening = {q.open_mark: q.start for q in self.quotes}
        closing: dict[int, int] = {}
        for q in self.quotes:
            if q.close_mark is not None:
                rel = q.close_mark - self.offset
                closing[q.close_mark + (2 if self.text.startswith(CLOSE_PAIR, rel) else 1)] = q.close_mark
        return opening, closing

    def unmarked(self, content: Range) -> Range:
        """``content`` (absolute) without the quotation marks at its edges: "the Ukrainians “are
        really close to the American position.”" ends before the closing mark, as a direct
        quote's content lies inside its marks (the seed's convention: content excludes the
        enclosing marks). Only the marks of quotes paired in this paragraph are cut."""
        opening, closing = self._edge_marks
        start, end = content
        start = opening.get(start, start)
        end = closing.get(end, end)
        return (start, end) if start < end else content

    def make(self, type_: str, content: Range, cue: Cue | None, **kw: object) -> Candidate:
        """A candidate with ``content`` (absolute, less its edge marks: ``unmarked``), its cue's
        speaker, addressee and sentence."""
        speaker, addressee = self.speaker(cue) if cue is not None else (None, None)
        return Candidate(
            type=type_, content=self.unmarked(content),
            cue=self.abs((cue.start, cue.end)) if cue else None, cue_lemma=cue.lemma if cue else None,
            cue_class=cue.cls if cue else None,
            speaker=speaker, addressee=addressee,
            sentence=self.sentence((cue.start if cue else content[0] - self.offset)),
            paragraph=self.index, **kw,  # type: ignore[arg-type]
        )

    def labelled(self, type_: str, content: Range, colon: int, speaker: Range | None, confidence: float) -> Candidate:
        """A candidate named by a label before a colon ("PENCE:", "Graham:"): the colon (relative
        offset) is the cue, the paragraph the sentence; ``content`` and ``speaker`` are absolute."""
        return Candidate(type=type_, content=self.unmarked(content), cue=self.abs((colon, colon + 1)), speaker=speaker,
                         sentence=self.abs((0, len(self.text))), paragraph=self.index, confidence=confidence)
