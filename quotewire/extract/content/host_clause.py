"""Content rule: a cue set off by commas reports the clause it is attached to."""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.clauses import fronted_condition, subtree_range
from quotewire.extract.content.complement_clause import SPEAKING
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import CLOSING_TOKENS
from quotewire.extract.registry import CONTENT_RULES
from quotewire.extract.syntax import FINITE_TAGS, VERB_POS, is_root, subjects

HOST_DEPS = ("parataxis", "advcl", "ccomp", "conj")
"""A cue attached to the clause it reports: "X, she said" parses as said -parataxis-> X's verb."""
BEFORE_SUBJECT = CLOSING_TOKENS | {",", "—", "–"}
"""What stands right before a parenthetical cue's subject: a comma, a dash or a closing mark."""


def _set_off(token: Token) -> bool:
    """A finite cue with its own subject and nothing else to report, set off by commas (or quote
    marks) from the clause it is attached to."""
    head = token.head
    if token.dep_ not in HOST_DEPS or is_root(token) or head.pos_ not in VERB_POS:
        return False
    doc = token.doc
    if head.i > token.i:
        edge = token.right_edge.i
        after = doc[edge + 1] if edge + 1 < len(doc) else None
        if doc[edge].text != "," and (after is None or after.text != ","):
            return False
    if token.tag_ not in FINITE_TAGS or any(c.dep_ in ("mark", "dobj", "xcomp", "ccomp") for c in token.children):
        return False
    subject = subjects(token)
    if not subject:
        return False
    first = min(token.i, subject[0].left_edge.i)
    return first > 0 and doc[first - 1].text in BEFORE_SUBJECT


@CONTENT_RULES.register("host_clause")
def host_clause(token: Token, cls: str, lex: Lexicon) -> tuple[list[Token], list[Token]] | None:
    """"Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt" -> "Lenox was a
    juggernaut" and the rest "until it went bankrupt"; "Back home, she said, the mood is grim" ->
    "the mood is grim" and "Back home" (speech and stance cues)."""
    if cls not in SPEAKING or not _set_off(token):
        return None
    host = subtree_range(token.head)
    before = [t for t in host if t.i < token.left_edge.i]
    after = [t for t in host if t.i > token.right_edge.i]
    if token.head.i < token.i:
        return before, after
    return after, before or fronted_condition(token)
