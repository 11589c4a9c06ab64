"""The rule data of extraction, read once from ``quotewire/data``: cue verbs, titles, documents.

Rules that are data live in text files so that adding a cue verb or a title is a one-line change
reviewable without reading code; this module only parses them.
"""

from __future__ import annotations

from functools import cache

from quotewire.datafiles import data_lines

CUE_CLASSES = ("speech", "stance", "belief", "evidence")


@cache
def cue_verbs() -> dict[str, str]:
    """Cue lemma -> class (speech, stance, belief, evidence)."""
    out: dict[str, str] = {}
    for line in data_lines("cue_verbs.txt"):
        lemma, cls = line.split()
        if cls not in CUE_CLASSES:
            raise ValueError(f"cue_verbs.txt: unknown class {cls!r} for {lemma!r}")
        out.setdefault(lemma.lower(), cls)
    return out


@cache
def cue_forms() -> dict[str, str]:
    """Word form -> cue lemma for every cue verb: the lemma, -s, -ed, -ing by rule and the
    irregulars of ``cue_irregular_forms.txt``. Spares the pipeline its lemmatizer, which cost
    about a tenth of the parse for the handful of lemmas extraction looks at."""
    forms: dict[str, str] = {}
    for line in data_lines("cue_irregular_forms.txt"):
        form, lemma = line.split()
        if lemma in cue_verbs():
            forms[form] = lemma
    for lemma in cue_verbs():
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        regular = [lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d",
                   lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]
        if lemma.endswith("y"):
            regular += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
        for form in regular:
            forms.setdefault(form, lemma)
    return forms


def cue_lemma(word: str) -> str | None:
    """The cue lemma of a word form ("said" -> "say"), None when it is no cue verb."""
    return cue_forms().get(word.lower())


@cache
def cue_nouns() -> frozenset[str]:
    """Nouns that carry a statement in a that-clause ("the claim that X")."""
    return frozenset(data_lines("cue_nouns.txt"))


@cache
def cue_phrases() -> tuple[tuple[str, ...], ...]:
    """Multiword source phrases as word tuples: ("according", "to")."""
    return tuple(tuple(line.lower().split()) for line in data_lines("cue_phrases.txt"))


@cache
def not_cues() -> frozenset[tuple[str, str]]:
    """``(lemma, particle)`` pairs that make a cue verb say nothing ("call off")."""
    return frozenset(tuple(line.lower().split()) for line in data_lines("not_cues.txt"))  # type: ignore[misc]


@cache
def naming_verbs() -> frozenset[str]:
    """Cue lemmas whose participle after a noun names it ("a group called X")."""
    return frozenset(data_lines("naming_verbs.txt"))


@cache
def object_content_verbs() -> frozenset[str]:
    """Speech cue lemmas whose direct object can be what was said ("said yes")."""
    return frozenset(data_lines("object_content_verbs.txt"))


@cache
def cue_objects() -> dict[str, str]:
    """Cue lemma -> the object it needs to be a cue ("put" -> "it")."""
    return dict(line.lower().split() for line in data_lines("cue_objects.txt"))  # type: ignore[misc]


@cache
def phrase_starts() -> frozenset[str]:
    """First words of the cue phrases: the only tokens worth matching phrases at."""
    return frozenset(p[0] for p in cue_phrases())


@cache
def cue_word_ids() -> frozenset[int]:
    """spaCy string ids (hashes) of every lower-case word that can start a cue: verb forms,
    cue nouns and phrase starts, for picking candidate tokens without visiting each one."""
    from spacy.strings import get_string_id

    return frozenset(get_string_id(w) for w in set(cue_forms()) | cue_nouns() | phrase_starts())


@cache
def title_words() -> frozenset[str]:
    """Words that form a role or title before a name, lowercase without dots."""
    return frozenset(line.lower().rstrip(".") for line in data_lines("titles.txt"))


@cache
def document_nouns() -> frozenset[str]:
    """Head nouns of speakers that are documents ("report", "poll", "article")."""
    return frozenset(line.lower() for line in data_lines("document_nouns.txt"))


@cache
def country_names() -> dict[str, str]:
    """Normalised alias ("us", "britain") -> canonical country name."""
    out = {}
    for line in data_lines("country_names.txt"):
        alias, canonical = (part.strip() for part in line.split("=", 1))
        out[name_key(alias)] = canonical
    return out


def name_key(name: str) -> str:
    """Case- and dot-insensitive key of a name: "U.S." and "US" -> "us"."""
    return " ".join(name.replace(".", "").replace("’", "'").lower().split())


def _genders(name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in data_lines(name):
        word, gender = line.split()
        if gender not in ("f", "m"):
            raise ValueError(f"{name}: gender must be f or m, not {gender!r} for {word!r}")
        out[word.lower()] = gender
    return out


@cache
def gendered_words() -> dict[str, str]:
    """Honorific or role noun -> "f" or "m" ("mrs", "spokeswoman"): evidence of a person's gender."""
    return _genders("gendered_words.txt")


@cache
def given_name_genders() -> dict[str, str]:
    """Lowercase given name -> "f" or "m", for names almost only given to one of the two."""
    return _genders("given_names.txt")
