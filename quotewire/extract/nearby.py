"""The speaker right next to a cue the parser left without a subject (or gave a quoted word).

"“...,” Robert Shrum, a veteran strategist, said", "“...,” added another Republican", "Ramos,
58, told AFP", "Clinton, exasperated, famously responded": the noun phrase beside the cue, read
from the token sequence when the parse does not connect them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import CLOSING_TOKENS_BUT_STRAIGHT_SINGLE as QUOTE_END

NOUNISH = ("PROPN", "NOUN", "PRON")
MAX_SUBJECT_DISTANCE = 12
"""Tokens back from a subjectless cue to look for its subject."""
MAX_PARENTHETICAL_WORDS = 6
"""Length of a parenthetical between a subject and its cue: "Clinton, without naming him, said"."""


def adjacent_noun(token: Token, lex: Lexicon) -> Token | None:
    """The noun phrase right next to a cue that follows a quote, when the parser gave the cue
    no subject (or a quoted word): "“...,” Robert Shrum, a veteran strategist, said" (to the
    left, back to the closing mark) or "“...,” added another Republican" (to the right)."""
    doc = token.doc
    start = token.sent.start
    if start > 0 and doc[start - 1].text in QUOTE_END:
        start -= 1  # the parser ended the sentence at the quote's mark: "”  said Skelly"
    left: list[Token] = []
    closed = False
    for i in range(token.i - 1, max(start - 1, token.i - 15), -1):
        if doc[i].text in QUOTE_END:
            closed = True
            break
        left.append(doc[i])
    if not closed:
        return _name_just_before(token, lex)
    heads = [t for t in reversed(left) if t.pos_ in NOUNISH and (t.head.i >= token.i or t.head.i == t.i)]
    if heads:
        return heads[0]
    if any(not t.is_punct for t in left):
        # the parse between the mark and the cue is broken ("Tulsa" read as a verb): the name
        # right before the cue is the speaker
        return next((t for t in left if t.pos_ in ("PROPN", "NOUN") or _name_read_as_modal(t, token)), None)
    last: Token | None = None  # the noun phrase after the cue ends at its head, its last noun
    for t in doc[token.i + 1:min(token.sent.end, token.i + 8)]:
        if hyphen_joined(t):
            continue  # "mused Blaze co-host Stu Burguiere": the parts of "co-host" are one word
        if t.is_punct or t.ent_type_ in ("DATE", "TIME") or t.pos_ not in (*NOUNISH, "ADJ", "DET", "NUM", "PART"):
            break
        if t.pos_ in NOUNISH:
            last = t
            if t.pos_ == "PRON":
                break
    return last


def _name_read_as_modal(t: Token, cue: Token) -> bool:
    """A capitalised modal before a cue in the past or present tense is a name ("May said",
    "“…,” May told the BBC": Theresa or Elizabeth May): a modal never governs "said" or
    "says", yet the tagger reads "May" so even where it tags it a person."""
    return t.tag_ == "MD" and t.is_title and cue.tag_ in ("VBD", "VBZ")


def hyphen_joined(t: Token) -> bool:
    """``t`` is a hyphen inside a word or a part of such a word ("co", "-" and "host" of
    "co-host"): the tokenizer splits the word and the parser often reads the parts as nouns of
    their own, "co" as the subject of "said radio co-host Dana Pruitt"."""
    doc = t.doc

    def inner(i: int) -> bool:
        return 0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i].whitespace_ and not doc[i - 1].whitespace_

    return inner(t.i) or inner(t.i + 1) and not t.whitespace_ or inner(t.i - 1)


def _name_just_before(token: Token, lex: Lexicon) -> Token | None:
    """The noun phrase right before a cue the parser left without a subject: past commas and an
    age ("In a statement, her adviser, Jake Sullivan, said", "Ramos, 58, told AFP"), adverbs and
    auxiliaries ("Warren also argued"), a parenthetical set off by commas ("Clinton,
    exasperated, famously responded") and a name the tagger took for another word class
    ("Jolly said", "Trump shot back"): a capitalised word that is not a function word."""
    doc = token.doc
    lo = max(token.sent.start, token.i - MAX_SUBJECT_DISTANCE)
    comma: int | None = None  # the last comma passed: a parenthetical may end there
    i = token.i - 1
    while i >= lo:
        t = doc[i]
        if t.text == ",":
            comma = i
        elif t.pos_ in ("PROPN", "NOUN") or _subject_pronoun(t, lex) or t.is_title and not t.is_stop \
                or _name_read_as_modal(t, token):
            return t
        elif t.is_punct or t.like_num or t.pos_ in ("ADV", "AUX", "PART"):
            pass
        elif comma is not None and (opening := _opening_comma(doc, i, lo)) is not None:
            i, comma = opening, None  # jump over ", without naming him,"
        else:
            return None
        i -= 1
    return None


def _opening_comma(doc: Doc, i: int, lo: int) -> int | None:
    """The comma that opens the parenthetical holding token ``i``, a few words to its left."""
    for k in range(i - 1, max(lo, i - MAX_PARENTHETICAL_WORDS) - 1, -1):
        if doc[k].text == ",":
            return k
    return None




def _subject_pronoun(token: Token, lex: Lexicon) -> bool:
    pronoun = lex.pronoun(token.lower_)
    return pronoun is not None and pronoun.subject
