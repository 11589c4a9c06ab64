"""The plain data types that pass between quotewire's pipeline stages.

Every stage (sources -> clean -> dedup -> extract -> speakers -> store) takes and returns these
types and nothing else, so a stage can be replaced or run elsewhere (a Dask worker, a test) without
knowing another stage's internals. They are dataclasses with JSON-friendly fields: offsets are
character offsets into ``Article.text`` (end exclusive), dates are ISO-8601 strings.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from quotewire.vocabulary import QuoteType, SpeakerKind


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an article's text, with that text."""

    start: int
    end: int
    text: str = ""

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    def as_list(self) -> list[int]:
        """The ``[s, e]`` form used by the shared gold/prediction JSONL format."""
        return [self.start, self.end]


@dataclass
class Article:
    """One input document after reading (``sources``) and, once cleaned, its main text.

    ``id`` is stable for the same input (a hash of url or of raw content), which is what makes
    re-ingesting idempotent. ``source`` is the site that published it; ``republisher`` the
    aggregator that reposted it ("The post ... appeared first on World Online.").
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    language: str | None = None
    republisher: str | None = None
    input: str | None = None  # where it came from: a path, URL, "path#line", "-"
    input_offset: int | None = None  # byte offset of its record inside ``input`` (a WARC record), if any
    html: str | None = None  # raw HTML when the input was HTML, dropped after cleaning
    cluster_id: str | None = None  # set by dedup: all copies of one story share it
    content_hash: str | None = None  # set by dedup: hash of normalised text
    minhash: bytes | None = None  # set by dedup: MinHash signature, stored to dedup across runs
    extractor: str | None = None  # set by cleaning HTML: what produced the text (clean/main_text.py)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("html", None)
        d.pop("minhash", None)
        return d


@dataclass
class GenderCall:
    """A person's gender as the evidence tells it (``extract/gender.py``): ``gender`` one of
    ``GENDERS``, ``source`` one of ``GENDER_SOURCES`` (None when nothing told), ``confidence`` the
    share of the evidence that agrees (of cues, of articles, of births with the given name), and
    the evidence itself in words ("Ms.", "she", "given name Mary: 99.7% female")."""

    gender: str = "unknown"
    source: str | None = None
    confidence: float | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class Speaker:
    """A canonical speaker: the entity that every mention of them in an article resolves to.

    ``name`` is a name only ("Donald Trump"); what the article says about them is apart:
    ``role`` and ``organisation``, and ``descriptors``, the words it put around the name that are
    no part of it ("Billionaire", "Washington Post", "a top adviser for"); ``gender`` what the
    article tells of a person's gender (``GenderCall``)."""

    name: str
    kind: SpeakerKind = "person"
    role: str | None = None
    organisation: str | None = None
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    id: str | None = None  # assigned by the store
    gender: GenderCall | None = None  # persons only: what this article tells of their gender

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quote:
    """One statement: what was said (content), how it was introduced (cue) and by whom.

    ``speaker_mention`` is the span in the text that names the speaker ("He", "Rutte");
    ``speaker`` is the canonical entity that mention resolves to. ``addressee`` is kept apart
    ("told reporters"). ``sentence`` and ``paragraph`` give context for display and search.
    ``cue_class`` and ``object_phrase`` are what statement scope (``quotewire.extract.scope``) reads.
    """

    type: QuoteType
    content: Span
    cue: Span | None = None
    cue_lemma: str | None = None
    cue_class: str | None = None  # what the cue attributes: speech, stance, belief, evidence (vocabulary.CUE_CLASSES)
    object_phrase: bool = False  # the content is a stance cue's object, no clause: "criticized X for Y"
    speaker_mention: Span | None = None
    speaker: Speaker | None = None
    addressee: Span | None = None
    confidence: float = 1.0
    sentence: Span | None = None
    paragraph: int | None = None
    rule: str | None = None  # the name of the extractor rule that found it (extract/rules)

    @property
    def speaker_name(self) -> str | None:
        if self.speaker is not None:
            return self.speaker.name
        return self.speaker_mention.text if self.speaker_mention else None

    @property
    def speaker_gender(self) -> str | None:
        """female, male or unknown for a person speaker; None for any other speaker or none."""
        gender = self.speaker.gender if self.speaker is not None else None
        return gender.gender if gender is not None else None

    def to_gold(self) -> dict[str, Any]:
        """This quote in the shared gold/prediction JSONL format (docs/evaluation.md), with its cue
        class and the extractor rule that found it as extra keys "cue_class" and "rule" when known,
        and "speaker_gender" (``speaker_gender``; docs/gender.md); the scorer ignores them."""
        gold: dict[str, Any] = {
            "type": self.type,
            "content": self.content.as_list(),
            "speaker": self.speaker_mention.as_list() if self.speaker_mention else None,
            "speaker_name": self.speaker_name,
            "cue": self.cue.as_list() if self.cue else None,
        }
        if self.cue_class is not None:
            gold["cue_class"] = self.cue_class
        gold["speaker_gender"] = self.speaker_gender
        if self.rule is not None:
            gold["rule"] = self.rule
        return gold

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["speaker_name"] = self.speaker_name
        d["speaker_gender"] = self.speaker_gender
        return d


@dataclass
class AnalyzedArticle:
    """An article with the statements found in it: what ``extract``+``speakers`` hand to ``store``."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)
    error: str | None = None  # one line naming why this article produced nothing, if it failed
    error_reason: str | None = None  # its Failure reason: "analysis", "timeout", "worker_died", "memory"
    extractor: str | None = None  # the extractor that analysed it (vocabulary.EXTRACTORS); None: not analysed


@dataclass
class Failure:
    """An input that could not be read or processed: the run goes on and reports it."""

    input: str
    reason: str  # short machine-readable category: "empty", "binary", "encoding", "timeout", ...
    message: str  # the one line shown to the user, naming the input


@dataclass
class Skipped:
    """A record of an input that holds no article and is no failure either (a WARC ``revisit``
    record, an HTTP response that is not 200 OK): counted in the report by ``reason``, not stored."""

    input: str
    reason: str  # "revisit", "http 404", ...


EXTRACTED_LANGUAGES = frozenset({"en"})
"""The extractor's rules are English; articles in other (detected) languages are stored, not analysed."""


def is_extractable(article: Article) -> bool:
    """English or unknown (too short to tell). A feed's or page's own tag counts by its primary
    subtag, whatever its spelling: "en-GB", "en_US", "EN"."""
    return not article.language or article.language.lower().replace("_", "-").split("-")[0] in EXTRACTED_LANGUAGES


_QUOTE_PAIRS = tuple((c, '"') for c in "“”„‟«»`´") + tuple((c, "'") for c in "‘’‚‛‹›")


def normalize_text(text: str) -> str:
    """Normalise for identity: NFKC, one quote style, collapsed whitespace, casefolded.

    Syndicated copies differ in exactly these ways; statements and articles that differ only here
    are the same statement or article.
    """
    text = unicodedata.normalize("NFKC", text)
    for char, plain in _QUOTE_PAIRS:  # a scan per character is 5x faster than str.translate
        if char in text:
            text = text.replace(char, plain)
    return " ".join(text.split()).casefold()  # str.split and regex \s agree on what whitespace is


_INVISIBLE = ("Cf", "Cc", "Co", "Cs", "Cn")
"""Unicode categories that show nothing or control display: format characters (zero-width space and
joiners, bidi embeddings and overrides such as U+202E, soft hyphen), controls, private use."""


def clean_name(text: str) -> str:
    """A name as it may be stored and compared: NFC, without invisible or bidi-control characters
    and with single spaces, so that "Ana\u200b Ruiz" and "Ana Ruiz" are one person and no stored
    name reverses the text around it when displayed."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        text = "".join(c if unicodedata.category(c) not in _INVISIBLE else ("" if c not in "\t\n\r" else " ")
                       for c in text)
    return " ".join(text.split())


def stable_hash(*parts: str) -> str:
    """A short stable id from text parts (sha1, 16 hex chars): equal inputs give equal ids."""
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def quotation_key(quote: Quote, cluster_id: str | None = None) -> str:
    """Identity of a quotation across copies and articles, the way Quotebank counts them.

    The same words (after ``normalize_text``) are one quotation wherever they appear, so
    syndicated copies and later articles that repeat a statement add occurrences, not rows.
    Short strings ("No.", "absolutely") would collide across unrelated stories, so below
    ``MIN_GLOBAL_QUOTE_WORDS`` words the key is scoped to the story cluster.
    """
    norm = normalize_text(quote.content.text)
    if len(norm.split()) >= MIN_GLOBAL_QUOTE_WORDS:
        return stable_hash(norm)
    return stable_hash(cluster_id or "", norm)


MIN_GLOBAL_QUOTE_WORDS = 5
