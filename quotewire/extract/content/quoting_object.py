"""Content rule: an object that holds a quote."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.filters import is_title_case
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import DOUBLE_CLOSING_TOKENS, DOUBLE_OPENING_TOKENS
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import positions, token_run

SPEECH_OBJECT_DEPS = ("dobj", "attr", "oprd")
"""Objects that carry content for speech verbs when quoted: "called it “a disaster”"."""


def _quotes_a_name(doc: Doc, k: int, last: int, lex: Lexicon) -> bool:
    """The quote opening at ``doc[k]`` (closing by ``last``) is a Title Case name ("on “Face
    the Nation”")."""
    words = []
    for t in token_run(doc, k + 1, last):
        if t.text in DOUBLE_CLOSING_TOKENS:
            break
        words.append(t.text_with_ws)
    return is_title_case("".join(words), lex.minor_words)


@CONTENT_RULES.register("quoting_object")
def quoting_object(token: Token, cls: str, lex: Lexicon) -> tuple[Sequence[Token] | None, list[Token]] | None:
    """"lauded X for trying to “break the deadlock” in Ukraine" -> "X for trying to “break the
    deadlock” in Ukraine": from the object to the end of the phrase holding the quote, cut at the
    first comma after it (a relative clause that follows is narration). Speech and stance cues;
    a quote that is a Title Case name does not count."""
    if cls not in SPEAKING:
        return None
    rights = [c for c in token.rights if c.dep_ in SPEECH_OBJECT_DEPS + ("prep", "advcl", "xcomp", "pcomp")]
    if not rights:
        return None
    doc = token.doc
    first, last = rights[0].left_edge.i, rights[-1].right_edge.i
    marks = positions(doc, DOUBLE_OPENING_TOKENS, first, last)
    if not marks or all(_quotes_a_name(doc, k, last, lex) for k in marks):
        return None
    closes = positions(doc, DOUBLE_CLOSING_TOKENS, first, last)
    after = closes[-1] if closes else marks[-1]
    commas = positions(doc, (",",), after, last)
    if commas:
        return token_run(doc, first, commas[0] - 1) or None, []
    return token_run(doc, first, last), []
