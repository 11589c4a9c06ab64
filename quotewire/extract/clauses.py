"""Clauses of a parse as token runs: subtrees cut around a cue, trimmed of marks and conjunctions.

The content rules (``extract/content``) pick which clause a cue reports; this module says where
that clause begins and ends.
"""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import CLOSING_CHARS, DOUBLE_OPENING_TOKENS, OPENING_CHARS
from quotewire.extract.syntax import FINITE_TAGS, SUBJECT_DEPS, char_span, tokens_between

REPORTED_MARKS = ("if", "although", "though", "unless", "because")
"""Conjunctions of a clause before the cue that is part of the statement ("Even if X, she said, Y")."""
MIN_REST_WORDS = 2
"""Words after an interrupting cue that make a second piece of the statement."""


def subtree_range(token: Token, exclude: Token | None = None) -> list[Token]:
    """The contiguous tokens of ``token``'s subtree, cut before ``exclude``'s subtree."""
    left, right = token.left_edge.i, token.right_edge.i
    if exclude is not None and left <= exclude.i <= right:
        ex_left, ex_right = exclude.left_edge.i, exclude.right_edge.i
        if ex_left <= token.i <= ex_right:
            return []
        if exclude.i < token.i:
            left = ex_right + 1
        else:
            right = ex_left - 1
    return tokens_between(token.doc, left, right)


def other_side(head: Token, phrase: Token) -> list[Token]:
    """"About 10 p.m., according to the timeline, the team left": the words of the clause on the
    side of the phrase that ``subtree_range`` cut off, a piece of the statement of its own."""
    ex_left, ex_right = phrase.left_edge.i, phrase.right_edge.i
    if head.left_edge.i <= ex_left and ex_right <= head.right_edge.i:
        if phrase.i < head.i:
            return tokens_between(head.doc, head.left_edge.i, ex_left - 1)
        return tokens_between(head.doc, ex_right + 1, head.right_edge.i)
    return []


def leads_in(token: Token) -> bool:
    """Whether ``token`` is the subordinator that ties a reported clause to the reporter's
    sentence ("said [that] …", "asked [whether] …", "[while] the Ukrainians …"): not part of what
    was said, so never the first word of a content."""
    return token.dep_ == "mark"


def trim(tokens: list[Token]) -> tuple[int, int] | None:
    """Character range of ``tokens`` without a leading "that"/"whether" mark or "and", and
    without edge punctuation other than quotation marks."""
    while tokens and (leads_in(tokens[0]) or tokens[0].dep_ == "cc"
                      or tokens[0].is_punct and tokens[0].text not in OPENING_CHARS
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in CLOSING_CHARS):
        tokens = tokens[:-1]
    return char_span(tokens)


def rest_range(rest: list[Token]) -> tuple[int, int] | None:
    """The second piece of an interrupted statement, when it has words enough to be one."""
    return trim(rest) if sum(1 for t in rest if t.is_alpha) >= MIN_REST_WORDS else None


def finite(token: Token) -> bool:
    """The clause headed by ``token`` has a subject or a finite verb ("that X will go")."""
    return any(c.dep_ in SUBJECT_DEPS + ("expl", "csubj") for c in token.children) or token.tag_ in FINITE_TAGS + ("MD",)


def fronted_condition(token: Token) -> list[Token]:
    """"Even if X, she said, Y": a conditional or concessive clause before the cue belongs to
    what was said; the parser may hang it on the cue instead of on Y."""
    for child in token.lefts:
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in REPORTED_MARKS for c in child.children):
            return subtree_range(child)
    return []


def _has_own_cue(token: Token, lex: Lexicon) -> bool:
    """``token``'s clause is a statement of its own: a cue verb with its own subject and a clause
    it reports ("though she acknowledged it was unlikely", not "since the roadworks began")."""
    return any(lex.cue_lemma(t.text) is not None and t.pos_ == "VERB"
               and any(c.dep_ in SUBJECT_DEPS for c in t.children)
               and any(c.dep_ in ("ccomp", "xcomp") for c in t.children)
               for t in token.subtree)


def _participle_cue(token: Token, lex: Lexicon) -> bool:
    """", adding that ...", ", saying “...”": a cue participle trailing a clause starts a statement of
    its own (the same speaker's), not more of this one."""
    return token.tag_ == "VBG" and lex.cue_lemma(token.text) is not None and any(
        c.dep_ in ("ccomp", "xcomp") or c.is_punct and c.text in DOUBLE_OPENING_TOKENS for c in token.children)


def _coordinated_cue(token: Token, lex: Lexicon) -> bool:
    """"X said A and called on B to ...": a cue verb coordinated with the reported clause is the
    speaker's next statement, not more of this one."""
    return token.dep_ == "conj" and token.pos_ == "VERB" and lex.cue_lemma(token.text) is not None


def second_that_clause(cue: Token, clause: list[Token]) -> list[Token]:
    """"said A, but that B": a second that-clause the parser coordinated with the cue itself is
    more of the same statement; the tokens from the end of ``clause`` to its end, or none."""
    for child in cue.rights:
        if child.dep_ == "conj" and clause and child.i > clause[-1].i and is_that_clause(child):
            return tokens_between(cue.doc, clause[-1].i + 1, child.right_edge.i)
    return []


def clause(head: Token, lex: Lexicon) -> list[Token]:
    """The subtree of a reported clause, cut before a trailing clause that is a statement of its
    own ("..., though she acknowledged it was unlikely"), which gets its own cue."""
    tokens = subtree_range(head)
    for child in head.rights:
        if child.dep_ in ("advcl", "conj") and (
                _has_own_cue(child, lex) or _participle_cue(child, lex) or _coordinated_cue(child, lex)):
            cut = child.left_edge.i
            tokens = [t for t in tokens if t.i < cut]
            break
    while tokens and (tokens[-1].dep_ in ("cc", "punct", "mark") or tokens[-1].is_space) \
            and tokens[-1].text not in CLOSING_CHARS:
        tokens = tokens[:-1]
    return tokens


def is_that_clause(token: Token) -> bool:
    """``token`` heads a clause introduced by the conjunction "that"."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in token.children)


def that_clause(token: Token, deps: tuple[str, ...]) -> Token | None:
    """The first child of ``token`` in ``deps`` that is a that-clause."""
    return next((c for c in token.rights if c.dep_ in deps and is_that_clause(c)), None)

