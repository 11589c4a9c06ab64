"""A statement found in one paragraph, before its speaker is resolved."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Candidate:
    """A statement candidate; offsets are absolute in the article text.

    ``type`` is direct, mixed or indirect, or "lead" for a lead-in that only hands its speaker to
    the quote after it ("Bozell explains:"), or "signature" for a signature line that names the
    speaker of the quote above it ("-Michelle Marks, Philadelphia."); document passes drop both
    once they are used.
    """

    type: str
    content: tuple[int, int]
    cue: tuple[int, int] | None = None
    cue_lemma: str | None = None
    cue_class: str | None = None  # the cue's class in the lexicon (vocabulary.CUE_CLASSES), if it has a cue
    object_phrase: bool = False  # the content is a cue's object phrase, no clause: "praised the plan"
    speaker: tuple[int, int] | None = None  # the mention, when the text gives one
    addressee: tuple[int, int] | None = None
    sentence: tuple[int, int] | None = None
    paragraph: int = 0
    inherits: bool = False  # no cue: takes the speaker of the statement before
    continues: bool = False  # a quote that goes on in the next paragraph (its speaker may come there)
    confidence: float = 1.0
    rule: str | None = None  # the paragraph rule that found it
