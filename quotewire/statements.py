"""Statements in article text: the composition of quote marks, cues, speakers and coreference.

``extract_statements`` is the whole extractor for one text; ``analyze`` and ``analyze_many`` wrap
it for ``Article`` records, the latter parsing many articles' paragraphs in one batched spaCy
stream. Syndication junk is masked with spaces first (offsets unchanged), so no statement can
come from "The post ... appeared first on ..." lines.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from quotewire.clean import mask_boilerplate
from quotewire.extract.candidates import Candidate, ParagraphReader
from quotewire.extract.datelines import blank_datelines
from quotewire.extract.parse import Para, add_entities, para_at, parse_many, tokens_in
from quotewire.extract.quotemarks import Quoted, find_quotes, paragraphs
from quotewire.models import AnalyzedArticle, Article, Quote, Span, is_extractable
from quotewire.speakers import Resolver

ENTITY_CONTEXT_CHARS = 30
"""Context on each side of a speaker mention given to the entity recogniser (a few words)."""
INHERIT_PARAGRAPHS = 1
"""A quote with no cue takes the speaker of a statement at most this many paragraphs before."""


def _plan(text: str) -> tuple[str, list[tuple[int, int, int]], list[Quoted]]:
    """The masked text, its paragraphs to parse ``(index, start, end)`` and its quotes."""
    masked = mask_boilerplate(text)
    spans = paragraphs(masked)
    quotes = find_quotes(masked)
    masked = blank_datelines(masked, spans)
    paras = [(i, s, e) for i, (s, e) in enumerate(paragraphs(masked))]
    return masked, paras, quotes


def _candidates(paras: list[Para], quotes: list[Quoted]) -> list[Candidate]:
    out: list[Candidate] = []
    marks = [q.open_mark for q in quotes]  # quotes come in text order
    for para in paras:
        inside = quotes[bisect_left(marks, para.start):bisect_left(marks, para.end)]
        out.extend(ParagraphReader(para.doc, para.start, para.index, inside).read())
    return sorted(out, key=lambda c: c.content[0])


def _speaker_from_continuation(cands: list[Candidate]) -> None:
    """A quote over several paragraphs is named at its end ("“...\n\n“...,” she said."): each
    earlier piece with no cue takes the speaker of the piece that continues it."""
    following: Candidate | None = None
    for cand in reversed(cands):
        if (cand.continues and cand.inherits and following is not None and following.type == "direct"
                and following.paragraph == cand.paragraph + 1 and following.speaker is not None):
            cand.speaker, cand.cue, cand.cue_lemma = following.speaker, following.cue, following.cue_lemma
            cand.inherits = False
        following = cand


def _inherit(cands: list[Candidate]) -> list[Candidate]:
    """Give quotes with no cue the speaker of the statement (or colon lead-in) before; drop
    orphan fragments."""
    _speaker_from_continuation(cands)
    kept: list[Candidate] = []
    previous: Candidate | None = None
    for cand in cands:
        if cand.inherits:
            if previous is not None and cand.paragraph - previous.paragraph <= INHERIT_PARAGRAPHS:
                cand.speaker = previous.speaker
            elif cand.type != "direct":
                continue
        if cand.type != "lead":  # a cue ending in a colon only hands on its speaker
            kept.append(cand)
        if cand.speaker is not None:
            previous = cand
    return kept


def _nested(cands: list[Candidate]) -> list[Candidate]:
    """Drop a statement reported inside another one ("X said Y has long said Z"): the outer
    statement carries it, and its cue belongs to the content, not to the article's voice.
    Contents lie within one paragraph, so only statements of the same paragraph are compared."""
    by_paragraph: dict[int, list[Candidate]] = {}
    for cand in cands:
        by_paragraph.setdefault(cand.paragraph, []).append(cand)
    out = []
    for cand in cands:
        if cand.cue is not None and any(
            other is not cand and other.cue is not None and other.content[0] <= cand.cue[0] < other.content[1]
            and other.content[0] <= cand.content[0] and cand.content[1] <= other.content[1]
            for other in by_paragraph[cand.paragraph]
        ):
            continue
        if cand.cue is None and cand.type == "mixed" and any(
            other.cue is not None and cand.content[0] <= other.cue[0] < cand.content[1]
            for other in by_paragraph[cand.paragraph]
        ):
            continue  # a quoted fragment's clause that holds a cue is a misparse of that cue's statement
        out.append(cand)
    return out


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[int, int]] = set()
    out = []
    for cand in cands:
        if cand.content not in seen:
            seen.add(cand.content)
            out.append(cand)
    return out


def _statement_candidates(paras: list[Para], quotes: list[Quoted]) -> list[Candidate]:
    return _dedupe(_nested(_inherit(_candidates(paras, quotes))))


def _mention_windows(paras: list[Para], cands: list[Candidate]) -> list[tuple[Doc, int, int]]:
    """``(doc, start, end)`` paragraph-relative windows around each speaker mention that names
    someone: where entities are needed. Pronouns need none."""
    out = []
    for c in cands:
        p = para_at(paras, c.speaker[0]) if c.speaker is not None else None
        if p is None or c.speaker is None:
            continue
        start, end = c.speaker[0] - p.start, c.speaker[1] - p.start
        if not all(t.pos_ == "PRON" for t in tokens_in(p.doc, start, end)):
            out.append((p.doc, max(0, start - ENTITY_CONTEXT_CHARS), end + ENTITY_CONTEXT_CHARS))
    return out


def _quotes(text: str, paras: list[Para], cands: list[Candidate]) -> list[Quote]:
    resolver = Resolver(paras)

    def span(r: tuple[int, int] | None) -> Span | None:
        return None if r is None else Span.of(text, r[0], r[1])

    return [Quote(
        type=c.type, content=Span.of(text, *c.content), cue=span(c.cue), cue_lemma=c.cue_lemma,  # type: ignore[arg-type]
        speaker_mention=span(c.speaker), speaker=resolver.resolve(c.speaker, text), addressee=span(c.addressee),
        confidence=c.confidence, sentence=span(c.sentence), paragraph=c.paragraph,
    ) for c in cands]


def extract_statements(text: str) -> list[Quote]:
    """All statements in an article text, sorted by content start; offsets into ``text``."""
    return _extract_batch([text])[0]


def _extract_batch(texts: list[str], batch_size: int = 32) -> list[list[Quote]]:
    plans = [_plan(t) for t in texts]
    parsed = parse_many([(masked, paras) for masked, paras, _ in plans], batch_size=batch_size)
    cands = [_statement_candidates(paras, plan[2]) for paras, plan in zip(parsed, plans)]
    add_entities([w for paras, cs in zip(parsed, cands) for w in _mention_windows(paras, cs)], batch_size)
    return [_quotes(text, paras, cs) for text, paras, cs in zip(texts, parsed, cands)]


def analyze(article: Article) -> AnalyzedArticle:
    """One article's statements (none when it is not in English)."""
    return next(analyze_many([article]))


def analyze_many(articles: Iterable[Article], batch_size: int = 32) -> Iterator[AnalyzedArticle]:
    """Statements of many articles, in input order, parsed in batches; none for an article that is
    not in English (``models.is_extractable``).

    This is the analysis itself, in this process: an extractor bug raises. Isolating the article
    at fault, and guarding against one that hangs or exhausts memory, is ``quotewire.workers``'
    job, which runs this in worker processes.
    """
    it = iter(articles)
    while chunk := list(islice(it, batch_size)):
        english = [a for a in chunk if is_extractable(a)]
        found = dict(zip(map(id, english), _extract_batch([a.text for a in english], batch_size)))
        for article in chunk:
            yield AnalyzedArticle(article, quotes=found.get(id(article), []))
