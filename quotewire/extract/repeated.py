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
from quotewire.extract.lexicon import default_lexicon
from quotewire.models import Quote, Speaker
from quotewire.vocabulary import UNRESOLVED

MIN_REPEATED_WORDS = 6
"""Words a quotation needs for its repetition to say who spoke: "We will see" proves nothing."""
_WORD = re.compile(r"\w+")


def _words(quote: Quote) -> str:
    return " " + " ".join(_WORD.findall(quote.content.text.lower())) + " "


def _unresolved(quote: Quote) -> bool:
    return quote.speaker is None or quote.speaker.kind == UNRESOLVED


def _fits(quote: Quote, person: Speaker) -> bool:
    """A "she" or "he" needs a person known to be of that gender: "“I come from the '60s,” she
    told the moderator" is not the aide who quotes her words later and whose gender no name tells."""
    mention = quote.speaker_mention.text if quote.speaker_mention is not None else ""
    pronoun = default_lexicon().pronoun(mention.strip())
    if pronoun is None or not pronoun.gender:
        return True
    return person.gender is not None and person.gender.gender == gender_of(pronoun.gender)


def credit_repeated_words(quotes: list[Quote]) -> list[Quote]:
    """``quotes`` with each unresolved direct quotation of at least ``MIN_REPEATED_WORDS`` words
    credited to the one person who says the same words, or words that hold them, elsewhere in
    the article; the others unchanged."""
    named = [(_words(q), q) for q in quotes if q.type == "direct" and q.speaker is not None
             and q.speaker.kind == "person" and len(_words(q).split()) >= MIN_REPEATED_WORDS]
    if not named:
        return quotes
    out = []
    for q in quotes:
        if q.type == "direct" and _unresolved(q) and len(words := _words(q).split()) >= MIN_REPEATED_WORDS:
            mine = " " + " ".join(words) + " "
            people = {id(o.speaker): o.speaker for w, o in named if mine in w or w in mine}
            if len(people) == 1 and _fits(q, person := next(iter(people.values()))):
                q = replace(q, speaker=replace(person))
        out.append(q)
    return out
