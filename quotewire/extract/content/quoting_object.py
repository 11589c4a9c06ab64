"""Content rule: an object that holds a quote."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.filters import is_title_case
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import DOUBLE_CLOSING_TOKENS, DOUBLE_OPENING_TOKENS
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import tokens_between

SPEECH_OBJECT_DEPS = ("dobj", "attr", "oprd")
"""Objects that carry content for speech verbs when quoted: "called it “a disaster”"."""


def _quotes_a_name(tokens: list[Token], k: int, lex: Lexicon) -> bool:
    """The quote opening at ``tokens[k]`` is a Title Case name ("on “Face the Nation”")."""
    words = []
    for t in tokens[k + 1:]:
        if t.text in DOUBLE_CLOSING_TOKENS:
            break
        words.append(t.text_with_ws)
    return is_title_case("".join(words), lex.minor_words)


@CONTENT_RULES.register("quoting_object")
def quoting_object(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"lauded X for trying to “break the deadlock” in Ukraine" -> "X for trying to “break the
    deadlock” in Ukraine": from the object to the end of the phrase holding the quote, cut at the
    first comma after it (a relative clause that follows is narration). Speech and stance cues;
    a quote that is a Title Case name does not count."""
    if cls not in SPEAKING:
        return None
    rights = [c for c in token.rights if c.dep_ in SPEECH_OBJECT_DEPS + ("prep", "advcl", "xcomp", "pcomp")]
    if not rights:
        return None
    tokens = tokens_between(token.doc, rights[0].left_edge.i, rights[-1].right_edge.i)
    marks = [k for k, t in enumerate(tokens) if t.text in DOUBLE_OPENING_TOKENS]
    if not marks or all(_quotes_a_name(tokens, k, lex) for k in marks):
        return None
    closes = [k for k, t in enumerate(tokens) if t.text in DOUBLE_CLOSING_TOKENS]
    after = max(closes) if closes else marks[-1]
    for k in range(after, len(tokens)):
        if tokens[k].text == ",":
            return tokens[:k] or None, []
    return tokens, []
