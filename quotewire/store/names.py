"""Speaker names reduced to what identifies the speaker across articles.

"NATO Secretary General Mark Rutte", "Mark Rutte" and "Rutte" name one person; the titles in
front are a role, not identity. The title words and pronouns are data (``quotewire/data``); the
title words are the extractor's list too (titles.txt), read through its ``Lexicon``. What is left
is split into given name, middle names, surname and suffix by ``nameparser`` (python-nameparser,
LGPL-2.1), and a person's identity key is given name + surname: "Donald J. Trump" and "Donald
Trump" are one key, "Ivanka Trump" another. Every name is ``models.clean_name``d first (NFC, no
invisible or bidi-control characters); the key is compared without accents ("Francois Legault" is
"François Legault", ``fold``) and with the first part of a hyphenated given name ("Jean-Yves
Duclos" and "Jean Yves Duclos" are one key, as a middle name is no part of it).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from quotewire.datafiles import data_lines
from quotewire.extract.gender import name_counts
from quotewire.extract.lexicon import default_lexicon
from nameparser import HumanName
from nameparser.config import CONSTANTS
from nicknames import NickNamer

from quotewire.models import clean_name, normalize_text

_WORD = re.compile(r"\S+")


@cache
def _word_list(name: str) -> frozenset[str]:
    return frozenset(line.split()[0].casefold() for line in data_lines(name))  # the word; pronouns.txt says more after it


def _is_title(word: str) -> bool:
    """A title word, an acronym ("NATO") or a possessive ("NATO's") in front of a person's name."""
    bare = word.rstrip(".,").casefold()
    return (bare in default_lexicon().name_titles or bare.endswith(("'s", "’s"))
            or (len(word) >= 2 and word.isupper() and word.isalpha()))


@dataclass(frozen=True)
class NameParts:
    display: str  # the name without titles, as written: "Mark Rutte"
    key: str  # what identity compares: "mark rutte" (a person: given name + surname)
    surname: str | None  # persons only: "rutte"
    title: str | None  # the words stripped from the front: "NATO Secretary General"
    given: str | None = None  # persons named in full: "mark"
    middle: str | None = None  # "j." in "Donald J. Trump": no part of the key

    @property
    def full(self) -> bool:
        """A person named by given name and surname, not by a surname or an epithet alone."""
        return bool(self.given and self.surname)


def fold(text: str) -> str:
    """``text`` without accents, for comparing names: "François Legault" and "Francois Legault"
    (outlets and wire copy drop them) are one person; "ß" and "ø" stay as they are."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def comparable(text: str) -> str:
    """Text as names are compared: normalised (``models.normalize_text``) and without accents."""
    return fold(normalize_text(text))


def _name_key(word: str) -> str:
    return comparable(word).strip(".,")


def parse_name(name: str, kind: str) -> NameParts:
    """Split a person's name into title and name; other kinds are identified by the whole name."""
    words = _WORD.findall(clean_name(name))
    if kind != "person":
        display = " ".join(words)
        return NameParts(display, normalize_text(display), None, None)
    cut = 0
    while cut < len(words) - 1 and _is_title(words[cut]) and not default_lexicon().keeps_title(words[cut:]):
        cut += 1
    core = words[cut:]
    if not core or (cut == len(words) - 1 and _is_title(core[0])):  # all titles: an epithet ("NATO chief")
        display = " ".join(words)
        return NameParts(display, normalize_text(display), None, None)
    display = " ".join(core)
    title = " ".join(words[:cut]) or None
    if len(core) > 1 and default_lexicon().keeps_title(core):  # "Pope Francis": the title and one name
        given = _name_key(core[1])
        return NameParts(display, f"{_name_key(core[0])} {given}", given, title)
    if len(core) == 1:
        surname = _name_key(core[0])
        return NameParts(display, surname, surname, title)
    parsed = _human_name(_syllables_apart(display))
    surname = _name_key(parsed.last) or _name_key(core[-1])
    given = _name_key(parsed.first)
    if not given or given == surname:  # "Mr. Trump" read by nameparser: a title and a surname
        return NameParts(display, surname, surname, title)
    first = given.split("-")[0] or given  # "Jean-Yves Duclos" is "Jean Yves Duclos": the rest is a middle name
    return NameParts(display, f"{formal_given(first)} {surname}", surname, title, given,
                     normalize_text(parsed.middle) or None)


FORMAL_DOMINANCE = 2.0
"""How many times the births of a diminutive's likeliest formal name must exceed the next one's."""
FORMAL_SEX_SHARE = 0.9
"""The share of births of one sex a diminutive and its formal name must both have."""


@cache
def formal_given(given: str) -> str:
    """The formal given name a diminutive stands for, in the identity key: "joe" -> "joseph", so
    "Joe Biden" and "Joseph R. Biden" are one person. From the ``nicknames`` package's table
    (Apache-2.0), taken only where it is unambiguous by the US birth counts of docs/gender.md: the
    formal name has twice the births of any other reading and more than the diminutive, and both
    are given to one sex at least 90 % of the time ("bill" is Robert as well as William in the
    table: kept as is; "pat" is Patricia and Patrick: kept)."""
    counts = name_counts()
    readings = sorted((c for c in _nicknamer().canonicals_of(given) if given in _nicknamer().nicknames_of(c)),
                      key=lambda c: (-sum(counts.get(c, (0, 0))), c))
    if not readings:
        return given
    best = sum(counts.get(readings[0], (0, 0)))
    second = sum(counts.get(readings[1], (0, 0))) if len(readings) > 1 else 0
    if best < FORMAL_DOMINANCE * second or best <= sum(counts.get(given, (0, 0))):
        return given
    return readings[0] if _sex(counts.get(given)) == _sex(counts.get(readings[0])) is not None else given


def _sex(births: tuple[int, int] | None) -> str | None:
    """"f" or "m" when at least ``FORMAL_SEX_SHARE`` of the births are of that sex."""
    if not births or not sum(births):
        return None
    female, male = births
    share = female / (female + male)
    return "f" if share >= FORMAL_SEX_SHARE else "m" if 1 - share >= FORMAL_SEX_SHARE else None


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


MAX_SYLLABLE = 4
"""Letters of each part of a hyphenated last word read as romanised syllables ("Jong-un", "Ki-moon")."""


def _syllables_apart(name: str) -> str:
    """A name whose last word is romanised syllables joined by hyphens, written with spaces: "Kim
    Jong-un", "Kim Jong-Un" and "Kim Jong Un" (outlets write all three) are one key, "kim un", as
    "Ban Ki-moon" and "Ban Ki Moon" are; a hyphenated surname with a longer part stays whole
    ("Jody Wilson-Raybould"), and so does one that opens with a particle ("al-Sisi")."""
    words = name.split()
    parts = words[-1].split("-") if len(words) > 1 else []
    if len(parts) < 2 or not all(0 < len(p) <= MAX_SYLLABLE and p.isalpha() for p in parts) \
            or parts[0].lower() in CONSTANTS.prefixes or f"{parts[0].lower()}-" in CONSTANTS.prefixes:
        return name  # "al-Sisi", "El-Sisi": a particle and a surname, one word
    return " ".join(words[:-1] + parts)


@cache
def _human_name(text: str) -> HumanName:
    return HumanName(text)


def is_alias(mention: str) -> bool:
    """Whether a mention can name a speaker in another article: it has a capitalised word that is a
    name, not a pronoun, an article ("The") or a title word. "Rutte" and "the NATO chief" can;
    "He", "the chief" and "The professor" cannot: every article has its own professor, and linking
    the one of a later article to whoever an earlier article called so made a speaker depend on
    which article was saved first (a cluster run credited other people than a local one)."""
    not_names = _not_names()
    return any(w[:1].isupper() and w.rstrip(".,").casefold() not in not_names for w in _WORD.findall(mention))


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that do not make a mention a name: title words, articles, pronouns."""
    lexicon = default_lexicon()
    return lexicon.titles | lexicon.name_titles | lexicon.minor_words | _word_list("pronouns.txt")


def same_organisation(a: str | None, b: str | None) -> bool | None:
    """True/False when both are known, None when either is missing (no evidence either way)."""
    if not a or not b:
        return None
    return normalize_text(a) == normalize_text(b)


HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "messrs", "madam", "sir", "dame"})
"""Courtesy words in front of a name: no role ("Mr. Rubio" tells nothing of what Rubio does)."""


def is_honorific(words: str) -> bool:
    """Whether a role is honorifics only ("Mr.", "Mrs"), which is no role."""
    return all(w.rstrip(".,").casefold() in HONORIFICS for w in _WORD.findall(words))
