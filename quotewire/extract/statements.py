"""Statements in article text: the composition of quote marks, cues, speakers and coreference.

``extract_statements`` is the whole extractor for one text; ``analyze`` and ``analyze_many`` wrap
it for ``Article`` records, the latter parsing many articles' paragraphs in one batched spaCy
stream. What text is read is cleaning's decision (``clean.analysis_text``: syndication junk, news
furniture and datelines masked with spaces, offsets unchanged), so no statement can come from "The
post ... appeared first on ..." lines, video titles, captions, credits or bylines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

from quotewire.clean.analysis_text import analysis_text
from quotewire.extract.candidate import Candidate
from quotewire.extract.filters import is_title_case
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.parse import Para, add_entities, para_at, parse_many, tokens_in
from quotewire.extract.pipeline import RuleSet, default_rules, document_candidates, extractor_rules
from quotewire.extract.quotemarks import Quoted, find_quotes
from quotewire.extract.repeated import credit_repeated_words
from quotewire.extract.speakers import Resolver, is_given_name
from quotewire.models import AnalyzedArticle, Article, Quote, Span, is_extractable
from quotewire.vocabulary import DEFAULT_EXTRACTOR, SPEECH

ENTITY_CONTEXT_CHARS = 30
"""Context on each side of a speaker mention given to the entity recogniser (a few words)."""
MAX_FULL_NAME_WINDOWS = 2
"""Places per surname speaker where the recogniser reads a name written in full (``_named_in_full``)."""


def _plan(text: str) -> tuple[str, list[tuple[int, int, int]], list[Quoted]]:
    """The text to parse (``clean.analysis_text``), its paragraphs ``(index, start, end)`` and its quotes."""
    prepared = analysis_text(text)
    paras = [(i, s, e) for i, (s, e) in enumerate(prepared.paragraphs)]
    return prepared.parsed, paras, find_quotes(prepared.masked)


def _statement_candidates(paras: list[Para], quotes: list[Quoted], rules: RuleSet | None = None) -> list[Candidate]:
    """The document's candidates by the declared rules (``extract/pipeline``), or by ``rules``."""
    return document_candidates(paras, quotes, rules or default_rules())


def _mention_windows(paras: list[Para], cands: list[Candidate], lexicon: Lexicon) -> list[tuple[Doc, int, int]]:
    """``(doc, start, end)`` paragraph-relative windows around each speaker mention that names
    someone: where entities are needed. Pronouns need none. A mention that is one capitalised
    word ("Freeland said") also gets windows where the text writes that word after another
    capitalised one (``_named_in_full``), so a person introduced with a given name no list knows
    ("Finance Minister Chrystia Freeland tabled …") is known by the time the surname speaks."""
    out, surnames = [], set()
    for c in cands:
        p = para_at(paras, c.speaker[0]) if c.speaker is not None else None
        if p is None or c.speaker is None:
            continue
        start, end = c.speaker[0] - p.start, c.speaker[1] - p.start
        tokens = tokens_in(p.doc, start, end)
        if not all(t.pos_ == "PRON" for t in tokens):
            out.append((p.doc, max(0, start - ENTITY_CONTEXT_CHARS), end + ENTITY_CONTEXT_CHARS))
        if len(tokens) == 1 and tokens[0].pos_ == "PROPN" and tokens[0].is_title:
            surnames.add(tokens[0].text)
    return out + _named_in_full(paras, surnames, lexicon)


def _named_in_full(paras: list[Para], surnames: set[str], lexicon: Lexicon) -> list[tuple[Doc, int, int]]:
    """Windows around the first ``MAX_FULL_NAME_WINDOWS`` places a surname speaker follows another
    capitalised word ("Chrystia Freeland"), for the entity recogniser; none for a surname the text
    also writes after a known given name ("Hillary Clinton"): the resolver knows that one; none in
    a Title Case headline, nor after the first word of a sentence of the first paragraph (most
    often the headline)."""
    places: dict[str, list[tuple[Doc, int, int]]] = {}
    known: set[str] = set()
    for p in paras:
        if is_title_case(p.doc.text, lexicon.minor_words):
            continue  # a Title Case headline: any capitalised word may stand before a name
        for t in p.doc[1:]:
            before = p.doc[t.i - 1]
            if t.text not in surnames or before.pos_ != "PROPN" or not before.is_title \
                    or before.is_sent_start and p is paras[0]:
                continue  # a headline's first word may be any word: "Derelict Obama and Clinton; …"
            if is_given_name(before.lower_, lexicon):
                known.add(t.text)
            elif len(places.setdefault(t.text, [])) < MAX_FULL_NAME_WINDOWS:
                places[t.text].append((p.doc, max(0, t.idx - ENTITY_CONTEXT_CHARS), t.idx + len(t.text) + ENTITY_CONTEXT_CHARS))
    return [w for surname, windows in places.items() if surname not in known for w in windows]


def _quotes(text: str, paras: list[Para], cands: list[Candidate], lexicon: Lexicon | None = None) -> list[Quote]:
    resolver = Resolver(paras, lexicon or default_rules().lexicon)

    def span(r: tuple[int, int] | None) -> Span | None:
        return None if r is None else Span.of(text, r[0], r[1])

    quotes = [Quote(
        type=c.type, content=Span.of(text, *c.content), cue=span(c.cue), cue_lemma=c.cue_lemma,  # type: ignore[arg-type]
        cue_class=c.cue_class or SPEECH, object_phrase=c.object_phrase,
        speaker_mention=span(c.speaker), speaker=resolver.resolve(c.speaker, text), addressee=span(c.addressee),
        confidence=c.confidence, sentence=span(c.sentence), paragraph=c.paragraph, rule=c.rule,
    ) for c in cands]
    resolver.settle(text)
    return credit_repeated_words(quotes, resolver.lex)


def extract_statements(text: str, extractor: str = DEFAULT_EXTRACTOR) -> list[Quote]:
    """All statements in an article text, sorted by content start; offsets into ``text``. This is
    the extractor's whole output, scope ``all``; ``quotewire.extract.scope.in_scope`` narrows it to what the
    commands keep by default (``speech``). ``extractor``: rules or accurate
    (``vocabulary.Extractor``)."""
    return _extract_batch([text], extractor=extractor)[0]


def _extract_batch(texts: list[str], batch_size: int = 32, extractor: str = DEFAULT_EXTRACTOR) -> list[list[Quote]]:
    plans = [_plan(t) for t in texts]
    rules = extractor_rules(extractor)
    parsed = parse_many([(masked, paras) for masked, paras, _ in plans], batch_size=batch_size)
    cands = [_statement_candidates(paras, plan[2], rules) for paras, plan in zip(parsed, plans)]
    add_entities([w for paras, cs in zip(parsed, cands) for w in _mention_windows(paras, cs, rules.lexicon)], batch_size)
    return [_quotes(text, paras, cs) for text, paras, cs in zip(texts, parsed, cands)]


def analyze(article: Article) -> AnalyzedArticle:
    """One article's statements (none when it is not in English)."""
    return next(analyze_many([article]))


def analyze_many(articles: Iterable[Article], batch_size: int = 32,
                 extractor: str = DEFAULT_EXTRACTOR) -> Iterator[AnalyzedArticle]:
    """Statements of many articles, in input order, parsed in batches; none for an article that is
    not in English (``models.is_extractable``); ``extractor`` as for ``extract_statements``.

    This is the analysis itself, in this process: an extractor bug raises. Isolating the article
    at fault, and guarding against one that hangs or exhausts memory, is ``quotewire.run.workers``'
    job, which runs this in worker processes.
    """
    it = iter(articles)
    while chunk := list(islice(it, batch_size)):
        english = [a for a in chunk if is_extractable(a)]
        found = dict(zip(map(id, english), _extract_batch([a.text for a in english], batch_size, extractor)))
        for article in chunk:
            yield AnalyzedArticle(article, quotes=found.get(id(article), []))
