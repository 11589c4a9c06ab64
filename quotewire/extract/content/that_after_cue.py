"""Content rule: the words after a "that" a few words after the cue."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import VERB_POS, tokens_between

MAX_WORDS_TO_THAT = 11
"""How far after the cue the "that" may stand."""


@CONTENT_RULES.register("that_after_cue")
def that_after_cue(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"told reporters outside the gate that X" -> "X": the parser sometimes hangs the
    that-clause on the last noun before it. The words after a "that" that follows the cue with no
    verb in between, to the end of the cue's sentence (speech and stance cues)."""
    if cls not in SPEAKING:
        return None
    doc = token.doc
    end = token.sent.end
    for i in range(token.i + 1, min(end, token.i + 1 + MAX_WORDS_TO_THAT)):
        t = doc[i]
        if t.pos_ in VERB_POS or t.is_punct and t.text not in (",", "—"):
            return None
        if t.lower_ == "that" and i + 1 < end and not doc[i + 1].is_punct:
            return tokens_between(doc, i + 1, end - 1), []
    return None
