"""The closed vocabularies every layer shares, defined once: quote types, speaker kinds, cue
classes, statement scopes and extractor names. Names only, so that the options, the store's
filters and the pages can use them without loading the extractor or spaCy."""

from __future__ import annotations

from typing import Literal, get_args

QuoteType = Literal["direct", "mixed", "indirect"]
QUOTE_TYPES: tuple[str, ...] = get_args(QuoteType)

SpeakerKind = Literal["person", "organisation", "country", "group", "document", "unknown", "unresolved"]
SPEAKER_KINDS: tuple[str, ...] = get_args(SpeakerKind)
UNRESOLVED: SpeakerKind = "unresolved"
"""The kind of a speaker nobody can be named for: a pronoun without antecedent, a description of an
unnamed person ("a top adviser for President Obama", "the mayor"). Stored with its statement and
searchable, never linked across articles and never a speaker page (docs/identity.md)."""

GENDERS: tuple[str, ...] = ("female", "male", "unknown")
"""A person's gender as quotewire tells it (``extract/gender.py``, docs/gender.md)."""
GENDER_SOURCES: tuple[str, ...] = ("text", "name", "user")
"""Where a person's gender call comes from: the article's own words (honorifics, gendered role
nouns, pronouns resolved to them), the given-name prior, or a user's correction."""

CUE_CLASSES = ("speech", "stance", "belief", "evidence")
"""What a cue attributes (data/cue_verbs.txt explains each): the classes of every cue file, and of
``Quote.cue_class``. A statement with no cue word (a label, a dash, a quote that inherits its
speaker) is ``SPEECH``: its quoted words are what was said."""
SPEECH = CUE_CLASSES[0]

Scope = Literal["speech", "all"]
"""Which statements a run keeps (``extract.scope``): ``speech`` or ``all``."""
SCOPES: tuple[Scope, ...] = get_args(Scope)
DEFAULT_SCOPE: Scope = "speech"

Extractor = Literal["rules", "accurate"]
"""The extractors a command can choose (``--extractor``); ``extract.pipeline.extractor_rules``
composes each (docs/extraction.md, "The accurate extractor"):

- ``rules``: the declared paragraph rules (``rules.PARAGRAPH_ORDER``), no model.
- ``accurate``: the rules' statements with a fine-tuned transformer's extents, and the statements it
  finds that the rules miss (``accurate_spans``, ``accurate``; ``extract/accurate.py``).

Every extractor runs the same document passes, speaker resolution and canonical speakers. The
default is the fast one; ``accurate`` is chosen by name."""
EXTRACTORS: tuple[str, ...] = get_args(Extractor)
DEFAULT_EXTRACTOR: Extractor = "rules"
RETIRED_EXTRACTORS = ("learned", "hybrid")
"""The spaCy tagger's extractors, retired when ``accurate`` replaced them (issue 24): naming one
says so rather than "unknown"."""


def retired_extractor(name: str) -> str:
    """The one-line error for a retired extractor's name."""
    return f"extractor {name!r} was retired (issue 24): use 'accurate' instead"


def known_extractor(name: str) -> str:
    """``name`` if it is an extractor; else the one ``ValueError`` every entry point raises."""
    if name in RETIRED_EXTRACTORS:
        raise ValueError(retired_extractor(name))
    if name not in EXTRACTORS:
        raise ValueError(f"unknown extractor {name!r} (expected one of {', '.join(EXTRACTORS)})")
    return name
