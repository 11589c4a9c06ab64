"""Statement candidates of one paragraph, before speakers are resolved.

Combines the three readings of a paragraph: quoted spans (``quotemarks``), cues and the clauses
they report (``cues``), and speaker mentions (``attribution``). A cue's clause that is all quote
gives a direct statement, part quote a mixed one, no quote an indirect one. Quotes no cue
reports are attributed from the text around them ("..., Rutte said.") or, for a full sentence
standing alone, left to inherit the previous speaker; quoted words with no cue that look like a
title or a scare quote are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span as TokenSpan, Token

from quotewire.extract.attribution import QUESTION_VERBS, addressed_passive, addressee_tokens, adjacent_noun, mention_tokens, speaker_head
from quotewire.extract.cues import Cue, find_cues
from quotewire.extract.filters import is_title_case, looks_like_sentence, word_count
from quotewire.extract.lexicon import cue_lemma, document_nouns
from quotewire.extract.parse import first_at, tokens_in
from quotewire.extract.quotemarks import Quoted

MAX_UNQUOTED_WORDS_DIRECT = 1
"""A clause with at most this many words outside quotation marks is a direct quote ("that “...”")."""
MIN_FRAGMENT_WORDS_MIXED = 3
"""Quoted fragments without a cue are kept (inheriting the speaker) only with a verb and this many words."""
FRAME_CUE_CHARS = 40
"""How far after a quote's closing mark "said X" / "X said" may start to frame even a one-word quote."""
TITLE_FRAME_CUE_CHARS = 20
"""The same for a quote in Title Case, which is a name unless the cue follows at once ("“Safety,”
said Grimm", not "the show “The Apprentice,” who later worked for him, said")."""
MAX_ATTRIBUTION_TOKENS = 8
"""A sentence of at most this many tokens with a cue that reports nothing attributes the quote
right before it, even after the quote's full stop ("“...” Trump said.")."""
TURN_LABEL = re.compile(r"[“\"]?([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}):\s+")
"""A transcript speaker label at paragraph start: "PENCE: ", "MS. RAMOS: "."""
CLOSING_MARKS = "”\"'’»"
OPENING_MARKS = "“\"'‘«"
DASH_ATTRIBUTION = re.compile(r"\s*([―—–-]+)\s*((?:[A-Z][\w.'’-]*\s+){0,4}[A-Z][\w'’-]*)")
"""A name after a dash right after a quote: "“...” ― Carla Sanchez" (reader comments, fact checks)."""
LABELLED_QUOTE = re.compile(r"([^:\n“\"‘]{2,80}):\s*(?=[“\"‘'])")
"""A short lead-in and a colon right before a quote: "Trump: ‘We are going to win so much.’"."""
HEADLINE_LABEL = re.compile(r"([^:\n“\"‘]{2,40}?):\s+(?=\S)")
"""A headline's source label: "Graham: ...", "Clinton camp: ...", "Poll: ..."."""


@dataclass
class Candidate:
    """A statement found in one paragraph; offsets are absolute in the article text."""

    type: str
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    cue_lemma: str | None = None
    speaker: tuple[int, int] | None = None  # the mention, when the text gives one
    addressee: tuple[int, int] | None = None
    sentence: tuple[int, int] | None = None
    paragraph: int = 0
    inherits: bool = False  # no cue: takes the speaker of the statement before
    continues: bool = False  # a quote that goes on in the next paragraph (its speaker may come there)
    confidence: float = 1.0


def _tokens_span(tokens: list[Token], offset: int) -> tuple[int, int] | None:
    if not tokens:
        return None
    return tokens[0].idx + offset, tokens[-1].idx + len(tokens[-1].text) + offset


def _words_outside(doc: Doc, start: int, end: int, quotes: list[tuple[int, int]]) -> int:
    """Word tokens of ``doc`` in ``[start, end)`` (paragraph offsets) outside every quote."""
    n = 0
    for token in tokens_in(doc, start, end):
        if token.is_punct or token.is_space:
            continue
        if any(qs <= token.idx < qe for qs, qe in quotes):
            continue
        n += 1
    return n


def _sentence_of(doc: Doc, char: int) -> TokenSpan | None:
    i = first_at(doc, char + 1) - 1
    if i < 0 or not len(doc):
        return None
    return doc[i].sent


class ParagraphReader:
    """Reads statement candidates from one parsed paragraph."""

    def __init__(self, doc: Doc, start: int, index: int, quotes: list[Quoted]) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text is rebuilt from the tokens on every access
        self.offset = start
        self.index = index
        self.quotes = quotes
        # quote content ranges relative to the paragraph, with marks, for "inside a quote" tests
        self.rel = [(q.start - start, q.end - start) for q in quotes]
        self.rel_marked = [(q.open_mark - start, (q.close_mark + 1 if q.close_mark is not None else q.end) - start)
                           for q in quotes]

    def _inside_quote(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.rel_marked)

    def _abs(self, span: tuple[int, int] | None) -> tuple[int, int] | None:
        return None if span is None else (span[0] + self.offset, span[1] + self.offset)

    def _speaker(self, cue: Cue) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
        head = speaker_head(cue)
        if head is not None and self._inside_quote(head.idx) and not cue.phrase:
            head = adjacent_noun(cue.token)  # the parser took a word of the quote for the subject
        mention = [t for t in mention_tokens(head) if t.i != cue.token.i] if head is not None else []
        speaker = _tokens_span(mention, self.offset)  # "Continued Stone:": the cue is no part of the name
        if speaker is not None and self._inside_quote(speaker[0] - self.offset):
            speaker = None
        addressee = addressee_tokens(cue)
        if cue.content is not None:  # never a word of what was said
            addressee = [t for t in addressee if not cue.content[0] <= t.idx < cue.content[1]]
        return speaker, _tokens_span(addressee, self.offset)

    def _sentence(self, char: int) -> tuple[int, int] | None:
        sent = _sentence_of(self.doc, char)
        return None if sent is None else (sent.start_char + self.offset, sent.end_char + self.offset)

    def _make(self, type_: str, content: tuple[int, int], cue: Cue | None, **kw) -> Candidate:
        speaker, addressee = self._speaker(cue) if cue is not None else (None, None)
        return Candidate(
            type=type_, content=content,
            cue=self._abs((cue.start, cue.end)) if cue else None, cue_lemma=cue.lemma if cue else None,
            speaker=speaker, addressee=addressee,
            sentence=self._sentence((cue.start if cue else content[0] - self.offset)),
            paragraph=self.index, **kw,
        )

    def _frame_cue(self, qi: int, cues: list[Cue]) -> Cue | None:
        """A cue right around quote ``qi`` in its sentence(s), outside any quote: "“...,” he said"."""
        qs, qe = self.rel_marked[qi]
        after = _sentence_of(self.doc, max(qe - 1, 0))
        next_sentence = len(self.text)  # cues from here on only attribute: they report nothing
        if after is not None and after.end < len(self.doc) \
                and not self.text[qe:after.end_char].strip(CLOSING_MARKS + " "):
            following = self.doc[after.end].sent
            if self._ends_open(qi) or self._bare_attribution(following, cues):
                after = following  # "''Can we win?'' Mr. Hale asked.", "“... .” Trump said.": split at the mark
                next_sentence = following.start_char
        before = _sentence_of(self.doc, qs)
        lo = before.start_char if before is not None else qs
        hi = after.end_char if after is not None else qe
        # only up to the next quote, in either direction
        for s, e in self.rel_marked:
            if e <= qs:
                lo = max(lo, e)
            elif s >= qe:
                hi = min(hi, s)
        best = None
        for cue in cues:
            if self._inside_quote(cue.start):
                continue
            if qe <= cue.start < hi and (cue.start < next_sentence or cue.content is None):
                dist = cue.start - qe
            elif lo <= cue.start < qs:
                dist = (qs - cue.end) + 1000  # prefer the cue after the quote
            else:
                continue
            if best is None or dist < best[0]:
                best = (dist, cue)
        return best[1] if best else None

    def read(self) -> list[Candidate]:
        turn = self._turn()
        if turn is not None:
            return [turn]
        cues = [c for c in find_cues(self.doc) if not self._inside_quote(c.start)]
        out: list[Candidate] = []
        claimed: set[int] = set()
        for cue in cues:
            if cue.lemma in QUESTION_VERBS and addressed_passive(cue):
                continue  # "Asked whether ...": the question put to the speaker, not a statement
            if cue.content is None:
                if self._introduces(cue):
                    out.append(self._make("lead", self._abs((cue.start, cue.end)), cue))
                continue
            if cue.noun and speaker_head(cue) is None:
                continue  # "the claim that ...", nobody's: not a statement
            cs, ce = cue.content
            if cue.rest is not None and not any(qs < cue.rest[1] and cue.rest[0] < qe for qs, qe in self.rel_marked):
                # "Back then, she said, X": the piece on the other side of the cue, quoted or not
                out.append(self._make("indirect", self._abs(cue.rest), cue, confidence=0.7))
            inside = [i for i, (qs, qe) in enumerate(self.rel) if qs < ce and cs < qe]
            if not inside:
                out.append(self._make("indirect", self._abs(cue.content), cue, confidence=0.8))
                continue
            spans = [self.rel[i] for i in inside]
            lo = min([cs] + [s for s, _ in spans])
            hi = max([ce] + [e for _, e in spans])
            if _words_outside(self.doc, lo, hi, spans) <= MAX_UNQUOTED_WORDS_DIRECT:
                for i in inside:
                    if i not in claimed and not self._names_something(i):
                        claimed.add(i)
                        q = self.quotes[i]
                        out.append(self._make("direct", (q.start, q.end), cue))
            else:
                claimed.update(inside)
                lo = min([lo] + [self.rel_marked[i][0] for i in inside if self.rel_marked[i][0] >= cs - 1])
                out.append(self._make("mixed", self._abs((lo, hi)), cue, confidence=0.8))
        for i, q in enumerate(self.quotes):
            if i in claimed:
                continue
            out.extend(self._unclaimed(i, q, cues))
        if not any(c.type == "lead" for c in out):
            out.extend(self._colon_lead())
        out.extend(self._colon_before_quote(out))
        return out

    def _colon_lead(self) -> list[Candidate]:
        """A paragraph ending in a colon outside quotes ("Clinton released the following
        statement:") hands its last sentence's subject to the quote that follows, cue or not."""
        stripped = self.text.rstrip()
        if not stripped.endswith(":") or self._inside_quote(len(stripped) - 1):
            return []
        sent = _sentence_of(self.doc, len(stripped) - 1)
        if sent is None:
            return []
        subjects = [t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")]
        if not subjects:
            return []
        speaker = _tokens_span(mention_tokens(subjects[0]), self.offset)
        end = self._abs((len(stripped) - 1, len(stripped)))
        return [Candidate(type="lead", content=end, speaker=speaker, paragraph=self.index)]

    def _colon_before_quote(self, found: list[Candidate]) -> list[Candidate]:
        """A colon right before a quote inside a paragraph ("Sanders delivered a snappy retort:
        “...”") hands the subject of the verb it closes to the quote, when no cue there did."""
        out = []
        for i, (qs, _) in enumerate(self.rel_marked):
            colon = len(self.text[:qs].rstrip()) - 1
            if colon < 0 or self.text[colon] != ":" or self._inside_quote(colon):
                continue
            if any(c.type != "lead" and c.content[0] <= self.quotes[i].start < c.content[1] and c.cue is not None
                   or c.type == "lead" and c.content[1] - self.offset >= colon for c in found):
                continue  # a cue already attributes this quote
            tokens = tokens_in(self.doc, colon, colon + 1)
            if not tokens:
                continue
            verb = tokens[0].head
            if self._inside_quote(verb.idx) and tokens[0].i > 0:  # the parser hung the colon on the quote
                verb = self.doc[tokens[0].i - 1]
                for _ in range(len(self.doc)):  # a head chain is never longer than the doc
                    if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i or self._inside_quote(verb.head.idx):
                        break
                    verb = verb.head
            subjects = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass") and t.i < tokens[0].i
                        and not self._inside_quote(t.idx)]
            if subjects:
                out.append(Candidate(type="lead", content=self._abs((colon, colon + 1)),
                                     speaker=_tokens_span(mention_tokens(subjects[0]), self.offset),
                                     paragraph=self.index))
        return out

    def _introduces(self, cue: Cue) -> bool:
        """A cue with nothing to report whose sentence ends in a colon ("Bozell explains:") or ends
        the paragraph ("Lau said in a statement."): it hands its speaker to the quote that follows."""
        sent = _sentence_of(self.doc, cue.start)
        tail = self.text[cue.end:sent.end_char if sent is not None else len(self.text)].rstrip()
        if tail.endswith(":"):
            return not self._inside_quote(len(tail) and cue.end + len(tail) - 1)
        # "..., Ana Ruiz said in a statement." ending the paragraph, or "Bystrom agreed." right
        # before a quote: the quote that follows is hers
        if not tail.endswith(".") or self._inside_quote(cue.end):
            return False
        after = self.text[cue.end + len(tail):].lstrip()
        return not after or after[:1] in OPENING_MARKS and sent is not None and len(sent) <= MAX_ATTRIBUTION_TOKENS

    def _turn(self) -> Candidate | None:
        """A transcript turn, "PENCE: Well, ...": the whole paragraph is the named speaker's words."""
        m = TURN_LABEL.match(self.text)
        if m is None:
            return self._labelled_quote() or self._headline_label()
        start, end = m.end(), len(self.text.rstrip())
        while end > start and self.text[end - 1] in CLOSING_MARKS:
            end -= 1
        if word_count(self.text[start:end]) < 2:
            return None
        return Candidate(type="direct", content=self._abs((start, end)), cue=self._abs((m.end(1), m.end(1) + 1)),
                         speaker=self._abs(m.span(1)), sentence=self._abs((0, len(self.text))),
                         paragraph=self.index, confidence=0.7)

    def _labelled_quote(self) -> Candidate | None:
        """A headline-style "Warren to Wells Fargo CEO: ‘You should be investigated’": a short
        lead-in, a colon and a quote that ends the paragraph; the lead-in's first name speaks."""
        m = LABELLED_QUOTE.match(self.text)
        if m is None or not self.quotes:
            return None
        q = len(self.quotes) - 1
        if self.rel_marked[q][0] != m.end() or self.rel_marked[q][1] < len(self.text.rstrip()):
            return None
        lead = tokens_in(self.doc, 0, m.end(1))
        if any(t.pos_ == "VERB" and cue_lemma(t.text) is not None for t in lead):
            return None  # "In a meeting, Trump said: “...”": the cue names the speaker
        run: list[Token] = []
        for t in lead:
            if t.pos_ == "PROPN" or t.pos_ == "NOUN" and t.is_title:
                run.append(t)
            elif run:
                break
        if not run:
            return None
        return Candidate(type="direct", content=(self.quotes[q].start, self.quotes[q].end),
                         cue=self._abs((m.end(1), m.end(1) + 1)), speaker=_tokens_span(run, self.offset),
                         sentence=self._abs((0, len(self.text))), paragraph=self.index, confidence=0.6)

    def _headline_label(self) -> Candidate | None:
        """A headline "Graham: Trump’s rhetoric is destroying the party" (the article's first
        paragraph, a short capitalised name and a colon): the rest is the named source's statement,
        quoted or not."""
        m = HEADLINE_LABEL.match(self.text)
        if self.index != 0 or m is None or "\n" in self.text.strip():
            return None
        label = [t for t in tokens_in(self.doc, 0, m.end(1)) if not t.is_space]
        if not label or not all(t.is_title or t.is_upper or t.is_punct for t in label) \
                or not any(t.pos_ == "PROPN" or {t.lower_, t.lower_[:-1]} & document_nouns() for t in label):
            return None
        start, end = m.end(), len(self.text.rstrip())
        while end > start and self.text[end - 1] in CLOSING_MARKS + ".":
            end -= 1
        if word_count(self.text[start:end]) < MIN_FRAGMENT_WORDS_MIXED:
            return None
        quoted = [(qs, qe) for qs, qe in self.rel if start <= qs and qe <= end + 1]
        type_ = "indirect" if not quoted else "mixed"
        return Candidate(type=type_, content=self._abs((start, end)), cue=self._abs((m.end(1), m.end(1) + 1)),
                         speaker=self._abs((label[0].idx, label[-1].idx + len(label[-1].text))),
                         sentence=self._abs((0, len(self.text))), paragraph=self.index, confidence=0.6)

    def _names_something(self, i: int) -> bool:
        """A quote in Title Case after a preposition or article ("on “Face the Nation”"), or short
        and not ending a sentence: the name of a work, a show or a nickname."""
        qs, qe = self.rel[i]
        text = self.text[qs:qe]
        if not is_title_case(text):
            return False
        before = [t for t in tokens_in(self.doc, 0, self.rel_marked[i][0])[-3:] if not t.is_space]
        if before and before[-1].pos_ in ("ADP", "DET"):
            return True
        return word_count(text) <= 4 and text.rstrip()[-1:] not in (".", "!", "?")

    @staticmethod
    def _bare_attribution(sent: TokenSpan, cues: list[Cue]) -> bool:
        """A short sentence that is only a cue with its speaker ("Trump said on Friday.")."""
        return len(sent) <= MAX_ATTRIBUTION_TOKENS and any(
            c.content is None and sent.start_char <= c.start < sent.end_char for c in cues)

    def _ends_open(self, i: int) -> bool:
        """The quote ends in a comma, question or exclamation mark: its sentence goes on after it."""
        qs, qe = self.rel[i]
        return self.text[qs:qe].rstrip()[-1:] in (",", "?", "!")

    def _said_right_after(self, i: int, cues: list[Cue]) -> bool:
        """The quote ends in a comma, question or exclamation mark and a cue follows within a few
        words ("“Safety,” said Grimm"): a quote however short, never a title."""
        if not self._ends_open(i):
            return False
        close = self.rel_marked[i][1]
        qs, qe = self.rel[i]
        reach = TITLE_FRAME_CUE_CHARS if is_title_case(self.text[qs:qe]) else FRAME_CUE_CHARS
        return any(close <= c.start <= close + reach and not self._inside_quote(c.start) for c in cues)

    def _unclaimed(self, i: int, q: Quoted, cues: list[Cue]) -> list[Candidate]:
        """A quote no cue's clause covers: framed by a cue, a standalone sentence, or a fragment."""
        content = q.start, q.end
        text = self.text[self.rel[i][0]:self.rel[i][1]]
        qs, qe = self.rel_marked[i]
        sent = _sentence_of(self.doc, qs)
        before = self.text[max(0, qs - 4):qs].rstrip().rstrip("”’'\"»")
        starts_sentence = sent is None or _words_outside(self.doc, sent.start_char, qs, []) == 0 \
            or before[-1:] in (":", ",", "—", ".", "?", "!", "")
        if starts_sentence and self._said_right_after(i, cues) and (cue := self._frame_cue(i, cues)) is not None:
            return [self._make("direct", content, cue)]  # "“Safety,” said Grimm."
        if self._names_something(i):
            return []
        if starts_sentence and looks_like_sentence(text):
            cue = self._frame_cue(i, cues) or self._verb_after_comma(i)
            if cue is not None:
                return [self._make("direct", content, cue)]
            dashed = self._dash_attribution(i)
            if dashed is not None:
                return [dashed]
            return [self._make("direct", content, None, inherits=True, continues=q.continues, confidence=0.7)]
        if is_title_case(text) or word_count(text) < MIN_FRAGMENT_WORDS_MIXED:
            return []
        clause = self._fragment_clause(i)
        if clause is None:
            return []
        subject = self._fragment_subject(i)
        if subject is not None:
            cand = self._make("mixed", self._abs(clause), None, confidence=0.5)
            cand.speaker = _tokens_span(mention_tokens(subject), self.offset)
            return [cand]
        return [self._make("mixed", self._abs(clause), None, inherits=True, confidence=0.5)]

    def _dash_attribution(self, i: int) -> Candidate | None:
        """"“...” ― Carla Sanchez": the name after a dash that follows the closing mark speaks."""
        close = self.rel_marked[i][1]
        m = DASH_ATTRIBUTION.match(self.text, close)
        if m is None:
            return None
        q = self.quotes[i]
        return Candidate(type="direct", content=(q.start, q.end), cue=self._abs(m.span(1)),
                         speaker=self._abs(m.span(2)), sentence=self._abs((self.rel_marked[i][0], m.end(2))),
                         paragraph=self.index, confidence=0.7)

    def _fragment_subject(self, i: int) -> Token | None:
        """The subject of the nearest verb outside a quoted fragment that the fragment depends on
        ("The ad targets a “corrupt political system ...”", "Fiorina calls herself a “change
        warrior who ...”"): the one whose words are quoted, rather than the previous speaker."""
        qs, qe = self.rel_marked[i]
        inside = tokens_in(self.doc, qs, qe)
        if not inside:
            return None
        top = min(inside, key=lambda t: len(list(t.ancestors)))
        for verb in top.ancestors:
            if self._inside_quote(verb.idx) or verb.pos_ not in ("VERB", "AUX"):
                continue
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not self._inside_quote(c.idx)]
            if subjects and subjects[0].tag_ not in ("WP", "WDT", "EX"):
                return subjects[0]
            return None
        return None

    def _verb_after_comma(self, i: int) -> Cue | None:
        """A quote ending in a comma (or in ?/! with the sentence going on in lower case) can only
        go on with its attribution: the first verb right after it ("“…,” the editorial read",
        "“…!” some protesters chanted") is a cue, whatever the verb, and its subject the speaker."""
        qs, qe = self.rel[i]
        close = self.rel_marked[i][1]
        after = [t for t in tokens_in(self.doc, close, min(len(self.text), close + FRAME_CUE_CHARS))
                 if t.text not in CLOSING_MARKS]
        ending = self.text[qs:qe].rstrip()[-1:]
        if not after or not (ending == "," or ending in "?!" and (after[0].is_lower or self._named_verb(after))):
            return None
        for t in after:
            if t.is_punct or self._inside_quote(t.idx):
                return None
            if t.pos_ == "VERB" and t.is_lower:  # "“...,” Trump shot back": a capitalised "verb" is a name
                return Cue(t, cue_lemma(t.text) or t.lower_, "speech", t.idx, t.idx + len(t.text), None)
        return None

    @staticmethod
    def _named_verb(after: list[Token]) -> bool:
        """"“...?” Hannity pressed." / "“...?” He tweeted when ...": a name (or a pronoun) of one to
        three words and a verb in lower case that ends the sentence or is a cue: the attribution
        of a question, not the next sentence."""
        k = 0
        while k < min(3, len(after)) and (after[k].pos_ == "PROPN" or after[k].is_title and after[k].pos_ in ("NOUN", "PRON")):
            k += 1
        return 0 < k < len(after) - 1 and after[k].pos_ == "VERB" and after[k].is_lower \
            and (after[k + 1].is_punct or cue_lemma(after[k].text) is not None)

    def _fragment_clause(self, i: int) -> tuple[int, int] | None:
        """The clause a quoted fragment with a verb belongs to ("the Ukrainians “are close”")."""
        qs, qe = self.rel[i]
        verbs = [t for t in tokens_in(self.doc, qs, qe) if t.pos_ in ("VERB", "AUX")]
        if not verbs:
            return None
        top = min(verbs, key=lambda t: len(list(t.ancestors)))
        lo = min(top.left_edge.idx, self.rel_marked[i][0])
        hi = max(top.right_edge.idx + len(top.right_edge.text), self.rel_marked[i][1])
        tokens = tokens_in(self.doc, lo, hi)
        while tokens and (tokens[0].dep_ in ("mark", "cc", "punct") and tokens[0].text not in "“\"" or tokens[0].is_space):
            tokens = tokens[1:]
        while tokens and (tokens[-1].is_punct and tokens[-1].text not in "”\"" or tokens[-1].is_space):
            tokens = tokens[:-1]
        if not tokens:
            return None
        return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
