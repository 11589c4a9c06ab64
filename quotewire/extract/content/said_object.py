"""Content rule: the object of a verb whose object can be what was said."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.clauses import subtree_range
from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import CONTENT_RULES


@CONTENT_RULES.register("said_object")
def said_object(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"said yes", "said no to the war", "said families of victims file lawsuits" (a clause the
    parser read as an object): the object of a verb of ``object_content_verbs.txt``, unless it is
    a pronoun or a courtesy of a word or two ("said it", "said goodbye")."""
    if cls not in SPEAKING or lex.cue_lemma(token.text) not in lex.object_content_verbs:
        return None
    for child in token.rights:
        if child.dep_ == "dobj":
            tokens = subtree_range(child)
            if child.pos_ == "PRON" or len(tokens) <= 2 and child.lower_ not in ("yes", "no"):
                return None
            return tokens, []
    return None
