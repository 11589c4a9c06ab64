"""The same words quoted twice in one article are one person's.

A lede often quotes a line with a description or a pronoun ("Clinton's right-hand woman rallied
supporters, saying: “We have to be ready to stop him.”") and the body quotes it again with the
name ("Huma Abedin … telling them, “We have to be ready to stop him. …”"). A quotation whose
speaker the article left unresolved (a pronoun, a description, none) takes the person the other
quotations of the same words name, when they name exactly one and a "she" or "he" fits them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from quotewire.extract.gender import gender_of
from quotewire.extract.lexicon import Lexicon
from quotewire.models import Quote, Speaker
from quotewire.vocabulary import UNRESOLVED

MIN_REPEATED_WORDS = 6
"""Words a quotation needs for its repetition to say who spoke: "We will see" proves nothing."""
_WORD = re.compile(r"\w+")


def _words(quote: Quote) -> str:
    """The quotation's words, lower case, each between spaces: one holds another as a substring."""
    return " " + " ".join(_WORD.findall(quote.content.text.lower())) + " "


def _long(words: str) -> bool:
    return len(words.split()) >= MIN_REPEATED_WORDS


def _unresolved(quote: Quote) -> bool:
    return quote.speaker is None or quote.speaker.kind == UNRESOLVED


def _fits(quote: Quote, person: Speaker, lex: Lexicon) -> bool:
    """A "she" or "he" needs a person known to be of that gender: "“I come from the '60s,” she
    told the moderator" is not the aide who quotes her words later and whose gender no name tells."""
    mention = quote.speaker_mention.text if quote.speaker_mention is not None else ""
    pronoun = lex.pronoun(mention.strip())
    if pronoun is None or not pronoun.gender:
        return True
    return person.gender is not None and person.gender.gender == gender_of(pronoun.gender)


def credit_repeated_words(quotes: list[Quote], lex: Lexicon) -> list[Quote]:
    """``quotes`` with each unresolved direct quotation of at least ``MIN_REPEATED_WORDS`` words
    credited to the one person who says the same words, or words that hold them, elsewhere in
    the article; the others unchanged. ``lex``: the pronouns of the resolver that named them."""
    named = [(w, q.speaker) for q in quotes if q.type == "direct" and q.speaker is not None
             and q.speaker.kind == "person" and _long(w := _words(q))]
    if not named:
        return quotes
    out = []
    for q in quotes:
        if q.type == "direct" and _unresolved(q) and _long(mine := _words(q)):
            people = {id(who): who for w, who in named if mine in w or w in mine}
            if len(people) == 1 and _fits(q, person := next(iter(people.values())), lex):
                q = replace(q, speaker=replace(person))
        out.append(q)
    return out
