"""The rule data of extraction as one object, read once from ``quotewire/data``.

Rules that are data live in text files so that adding a cue verb or a title is a one-line change
reviewable without reading code; this module only parses them. Every reader takes the ``Lexicon``
it is given, so a test can build a tiny one from a few lines (``Lexicon.from_lines``) instead of
depending on the shipped lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import NamedTuple

from quotewire.datafiles import data_lines
from quotewire.vocabulary import CUE_CLASSES

DATA_FILES = (
    "cue_verbs.txt", "cue_irregular_forms.txt", "cue_nouns.txt", "cue_phrases.txt", "not_cues.txt",
    "naming_verbs.txt", "object_content_verbs.txt", "cue_objects.txt", "titles.txt", "document_nouns.txt",
    "country_names.txt", "gendered_words.txt", "given_names.txt", "title_minor_words.txt", "pronouns.txt",
    "hearsay_adverbs.txt", "epithets.txt", "organisation_words.txt",
)
PERSON, GROUP, WRITER = "person", "group", "writer"


def name_key(name: str) -> str:
    """Case- and dot-insensitive key of a name: "U.S." and "US" -> "us"."""
    return " ".join(name.replace(".", "").replace("’", "'").lower().split())


def _pairs(lines: list[str]) -> dict[str, str]:
    return dict(line.lower().split()[:2] for line in lines)  # type: ignore[misc]


TITLE_USES = {"role": ("titles",), "name": ("name_titles",), None: ("titles", "name_titles"),
              "regnal": ("titles", "name_titles", "regnal_titles")}
"""What the second column of titles.txt says a word is for (none: both; regnal: both, and kept
before a lone given name); the Lexicon fields."""
_REGNAL_NUMBER = re.compile(r"[IVX]{1,5}")


def _titles(lines: list[str]) -> dict[str, frozenset[str]]:
    """``titles``, ``name_titles`` and ``regnal_titles`` from the one list of title words, which
    marks the words only one of the first two reads and the regnal ones (see titles.txt)."""
    out: dict[str, set[str]] = {"titles": set(), "name_titles": set(), "regnal_titles": set()}
    for line in lines:
        word, *use = line.lower().split()
        if len(use) > 1 or (use[0] if use else None) not in TITLE_USES:
            raise ValueError(f"titles.txt: {line!r}: after the word only `role`, `name` or `regnal` may follow")
        for field_name in TITLE_USES[use[0] if use else None]:
            out[field_name].add(word.rstrip("."))
    return {k: frozenset(v) for k, v in out.items()}


def _genders(name: str, lines: list[str]) -> dict[str, str]:
    out = _pairs(lines)
    for word, gender in out.items():
        if gender not in ("f", "m"):
            raise ValueError(f"{name}: gender must be f or m, not {gender!r} for {word!r}")
    return out


def _classed(name: str, lines: list[str]) -> dict[tuple[str, ...], str]:
    """``words... class`` lines of a cue file -> lowercased words -> class: the one reading of the
    cue class column of cue_verbs, cue_nouns, cue_phrases and hearsay_adverbs (the first line of
    a cue wins)."""
    out: dict[tuple[str, ...], str] = {}
    for line in lines:
        *words, cls = line.lower().split()
        if not words or cls not in CUE_CLASSES:
            raise ValueError(f"{name}: {line!r}: expected the cue, then one of {', '.join(CUE_CLASSES)}")
        out.setdefault(tuple(words), cls)
    return out


def _single(name: str, lines: list[str]) -> dict[str, str]:
    """A cue file of single words (verbs, nouns, adverbs): word -> class."""
    out = {}
    for words, cls in _classed(name, lines).items():
        if len(words) != 1:
            raise ValueError(f"{name}: {' '.join(words)!r}: one word per line")
        out[words[0]] = cls
    return out


def _cue_forms(verbs: Mapping[str, str], irregular: list[str]) -> dict[str, str]:
    """Word form -> cue lemma: the lemma, -s, -ed, -ing by rule and the irregulars. Spares the
    pipeline its lemmatizer, which cost about a tenth of the parse."""
    forms: dict[str, str] = {}
    for line in irregular:
        form, lemma = line.split()
        if lemma in verbs:
            forms[form] = lemma
    for lemma in verbs:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        regular = [lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d",
                   lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
        if lemma.endswith("y"):
            regular += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
        for form in regular:
            forms.setdefault(form, lemma)
    return forms


def _countries(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        alias, canonical = (part.strip() for part in line.split("=", 1))
        out[name_key(alias)] = canonical
    return out


class Pronoun(NamedTuple):
    kind: str  # "person", "group", "writer" or "other" (see data/pronouns.txt)
    gender: str | None  # "m", "f" or None
    subject: bool  # a subject form: "he", not "him"


def _pronouns(lines: list[str]) -> dict[str, Pronoun]:
    """``word kind gender [subject]`` lines of pronouns.txt -> word -> ``Pronoun``."""
    out: dict[str, Pronoun] = {}
    for line in lines:
        word, kind, gender, *case = line.lower().split()
        if kind not in (PERSON, GROUP, WRITER, "other") or gender not in ("m", "f", "-"):
            raise ValueError(f"pronouns.txt: bad line {line!r}")
        out[word] = Pronoun(kind, None if gender == "-" else gender, case == ["subject"])
    return out


@dataclass(frozen=True)
class Lexicon:
    """Every word list extraction and speaker resolution read (see docs/extraction.md)."""

    cue_verbs: Mapping[str, str]  # lemma -> class (speech, stance, belief, evidence)
    cue_forms: Mapping[str, str]  # word form -> lemma
    cue_nouns: Mapping[str, str]  # "the claim that X": noun -> class
    cue_phrases: Mapping[tuple[str, ...], str]  # ("according", "to") -> class
    not_cues: frozenset[tuple[str, str]]  # (lemma, particle) that says nothing: "call off"
    naming_verbs: frozenset[str]  # "a group called X"
    object_content_verbs: frozenset[str]  # "said yes"
    cue_objects: Mapping[str, str]  # lemma -> the object it needs to be a cue: "put" -> "it"
    titles: frozenset[str]  # role words before a name, lowercase, no dots
    name_titles: frozenset[str]  # words the store strips from the front of a name: "mr", "sen"
    regnal_titles: frozenset[str]  # titles that stay before a lone given name: "Pope Francis", "Prince Andrew"
    document_nouns: frozenset[str]  # "report", "poll"
    country_names: Mapping[str, str]  # name_key(alias) -> canonical country
    gendered_words: Mapping[str, str]  # "mrs" -> "f"
    given_names: Mapping[str, str]  # "nancy" -> "f"
    minor_words: frozenset[str]  # left lowercase in Title Case: "the", "of"
    pronouns: Mapping[str, Pronoun]  # "he" -> Pronoun("person", "m", True)
    hearsay_adverbs: Mapping[str, str]  # "reportedly" -> class: the clause is unnamed sources' statement
    epithets: frozenset[str]  # "front-runner": a description a story uses for its main figure
    organisation_words: frozenset[str] = frozenset()  # "police", "productions": the last word of an organisation's name
    phrase_starts: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrase_starts", frozenset(p[0] for p in self.cue_phrases))

    @cached_property
    def cue_word_ids(self) -> frozenset[int]:
        """spaCy string ids (hashes) of every lower-case word that can start a cue: verb forms, cue
        nouns and phrase starts, for picking candidate tokens without visiting each one. Made on
        first use, so that the processes that read the lexicon without parsing (the store's name
        rules, a Dask worker's or the API's own process) never import spaCy (~1.3 CPU s)."""
        from spacy.strings import get_string_id

        words = set(self.cue_forms) | set(self.cue_nouns) | self.phrase_starts
        return frozenset(get_string_id(w) for w in words)

    def pronoun(self, word: str) -> Pronoun | None:
        return self.pronouns.get(word.lower())

    @classmethod
    def from_lines(cls, files: Mapping[str, list[str]] | Callable[[str], list[str]]) -> Lexicon:
        """A lexicon from the lines of the data files (``DATA_FILES``); a mapping may leave files out."""
        if not callable(files) and (unknown := set(files) - set(DATA_FILES)):
            raise ValueError(f"not lexicon files: {sorted(unknown)}")
        lines = files if callable(files) else (lambda name: list(files.get(name, [])))
        verbs = _single("cue_verbs.txt", lines("cue_verbs.txt"))
        return cls(
            cue_verbs=verbs, cue_forms=_cue_forms(verbs, lines("cue_irregular_forms.txt")),
            cue_nouns=_single("cue_nouns.txt", lines("cue_nouns.txt")),
            cue_phrases=_classed("cue_phrases.txt", lines("cue_phrases.txt")),
            not_cues=frozenset(tuple(line.lower().split()) for line in lines("not_cues.txt")),  # type: ignore[misc]
            naming_verbs=frozenset(lines("naming_verbs.txt")),
            object_content_verbs=frozenset(lines("object_content_verbs.txt")),
            cue_objects=_pairs(lines("cue_objects.txt")),
            **_titles(lines("titles.txt")),
            document_nouns=frozenset(line.lower() for line in lines("document_nouns.txt")),
            country_names=_countries(lines("country_names.txt")),
            gendered_words=_genders("gendered_words.txt", lines("gendered_words.txt")),
            given_names=_genders("given_names.txt", lines("given_names.txt")),
            minor_words=frozenset(lines("title_minor_words.txt")),
            pronouns=_pronouns(lines("pronouns.txt")),
            hearsay_adverbs=_single("hearsay_adverbs.txt", lines("hearsay_adverbs.txt")),
            epithets=frozenset(line.lower() for line in lines("epithets.txt")),
            organisation_words=frozenset(line.lower() for line in lines("organisation_words.txt")),
        )

    def cue_lemma(self, word: str) -> str | None:
        """The cue lemma of a word form ("said" -> "say"), None when it is no cue verb."""
        return self.cue_forms.get(word.lower())

    def is_title(self, word: str) -> bool:
        """A role or title word ("Sen.", "spokeswoman"), whatever its case and final dot."""
        return word.lower().rstrip(".") in self.titles

    def keeps_title(self, words: Sequence[str]) -> bool:
        """Whether a name's first word is a title that is part of it: a regnal title before one
        given name and perhaps a regnal number ("Pope Francis", "Queen Elizabeth II"), the name
        such people go by; "Prince Alwaleed bin Talal" has a name of his own without it."""
        rest = list(words[1:])
        if rest and _REGNAL_NUMBER.fullmatch(rest[-1]):
            rest.pop()
        return (len(rest) == 1 and rest[0][:1].isupper() and bool(words)
                and words[0].lower().rstrip(".") in self.regnal_titles)

    def is_document(self, word: str) -> bool:
        """A document noun, singular or plural ("report", "polls"): such a source is no person."""
        word = word.lower()
        return word in self.document_nouns or word[:-1] in self.document_nouns


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of the shipped data files, read once per process."""
    return Lexicon.from_lines(data_lines)
