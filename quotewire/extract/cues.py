"""Cues ("said", "told", "according to") in a parsed paragraph and the clause each one reports.

A cue is a verb whose lemma is in ``data/cue_verbs.txt``, a phrase of ``data/cue_phrases.txt``
or a noun of ``data/cue_nouns.txt`` with a that-clause. What a verb reports is decided by the
content rules of ``extract/content``, tried in their declared order; for "according to" it is
the clause the phrase attaches to.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from quotewire.extract.clauses import clause, is_that_clause, other_side, rest_range, subtree_range, trim
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.registry import Rule
from quotewire.extract.syntax import VERB_POS, climb

NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
"""A gerund tagged as a verb in one of these positions is a noun ("repeated her warning that")."""
VERBAL_DEPS = ("ROOT", "advcl", "xcomp", "acl", "pcomp", "conj", "ccomp", "relcl", "parataxis")
"""A cue form the tagger called a noun is still a verb in these positions ("..., writing “...”")."""
MODIFIER_DEPS = ("amod", "compound")
"""A cue word in these positions modifies a noun ("the defending champion", "repeated warnings")."""
VERB_TAGS = ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB")
BE_FORMS = frozenset({"is", "was", "'s", "’s"})
"""The copulas that give a cue noun its clause: "Her argument was that taxes were too high"."""
MIN_NOUN_CLAUSE_WORDS = 4
"""Words (with "that") a cue noun's clause needs: "the claim that he made" is a relative clause."""


@dataclass
class Cue:
    """A cue token (or phrase) and the character range of the clause it reports, if any."""

    token: Token
    lemma: str
    cls: str  # its class in the lexicon (vocabulary.CUE_CLASSES)
    start: int  # cue span, relative to the paragraph
    end: int
    content: tuple[int, int] | None  # reported clause, relative to the paragraph
    rest: tuple[int, int] | None = None  # the reported clause's part after an interrupting cue
    phrase: bool = False  # "according to": the speaker is its object
    noun: bool = False  # "the claim that": the speaker is its possessor
    content_rule: str | None = None  # the content rule that found ``content``


def _phrase_at(doc: Doc, i: int, lex: Lexicon) -> tuple[str, ...] | None:
    for phrase in lex.cue_phrases:
        if tuple(t.lower_ for t in doc[i:i + len(phrase)]) == phrase:
            return phrase
    return None


def _modifies_a_noun(token: Token, lex: Lexicon) -> bool:
    """"the defending champion", "against defending champion Croatia": a cue word that modifies a
    noun. The parser marks it ``MODIFIER_DEPS`` (not "Continued Stone: …", an amod of the name
    right after it, which is the parser misreading a cue), or, after a preposition, reads it as
    a gerund whose object is the name it describes: a common noun right after it, no title ("for
    defending President Obama" is a cue), compound of that object. Such a cue still reports a
    clause ("repeated warnings that the showdown was fruitless", a PolNeAR cue); see
    ``_verb_cue``."""
    if token.dep_ in MODIFIER_DEPS:
        return not (token.head.pos_ == "PROPN" and token.i < token.head.i)
    doc = token.doc
    if token.tag_ != "VBG" or token.dep_ != "pcomp" or token.i + 1 >= len(doc):
        return False
    noun = doc[token.i + 1]
    return noun.pos_ == "NOUN" and noun.dep_ == "compound" and not lex.is_title(noun.lower_) \
        and noun.head.pos_ == "PROPN" and noun.head.dep_ == "dobj" and noun.head.head.i == token.i


def _says_nothing(token: Token, lemma: str, lex: Lexicon) -> bool:
    """A cue verb used for something else: with a particle of ``not_cues.txt`` ("called off"), or
    a participle naming the noun before it ("a program called EB-5", "so-called")."""
    doc = token.doc
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if (lemma, after) in lex.not_cues or lemma in lex.cue_objects and after != lex.cue_objects[lemma]:
        return True
    before = doc[token.i - 1] if token.i else None
    if lemma not in lex.naming_verbs or token.tag_ != "VBN" or before is None:
        return False
    # the named noun is an object ("leads a program called X"); a subject or a date before the
    # participle ("one lawmaker called", "on Tuesday called") means the tagger misread a past tense
    return before.lower_ in ("so-", "so") or token.dep_ == "acl" and token.head.i == before.i \
        and before.pos_ in ("NOUN", "PROPN") and before.dep_ in ("dobj", "pobj", "attr", "appos", "conj")


def _phrase_cue(token: Token, phrase: tuple[str, ...], lex: Lexicon) -> Cue:
    """"according to the timeline": the clause the phrase attaches to, both sides of it; none
    when that clause is itself a speech verb's with its own active subject and quoted words
    ("“…,” Xi said, according to Xinhua": Xi's words, which Xinhua relays; not "were said to …",
    "are expected to …" or "he told them she should step aside, according to sources", which
    the source itself states)."""
    doc = token.doc
    last = doc[token.i + len(phrase) - 1]
    head = climb(token.head, lambda t: t.dep_ in ("prep", "pobj", "pcomp"))
    lemma = lex.cue_lemma(head.text)
    relayed = (lemma is not None and lex.cue_verbs[lemma] == "speech" and any(c.dep_ == "nsubj" for c in head.children)
               and any(t.is_quote for t in doc[head.sent.start:token.i]))
    content = trim(subtree_range(head, exclude=token)) if head.i != token.i and not relayed else None
    rest = other_side(head, token) if head.i != token.i else []
    return Cue(token, " ".join(phrase), lex.cue_phrases[phrase], token.idx, last.idx + len(last.text), content,
               rest_range(rest), phrase=True)


def _without_relay(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """A cue's content without the source that relays it, which the parser may hang inside:
    "said the plant was “a deterrent”, according to state radio" reports "the plant was “a
    deterrent”" (a phrase set off by a comma that ends the content; not "said that, according to
    the data, prices rose")."""
    for k in range(1, len(tokens)):
        if tokens[k - 1].text == "," and tokens[k].lower_ in lex.phrase_starts and _phrase_at(tokens[k].doc, tokens[k].i, lex):
            phrase = {t.i for t in tokens[k].subtree}
            if all(t.i in phrase or t.is_punct for t in tokens[k:]):  # it ends the content
                return tokens[:k - 1]
    return tokens


def _noun_cue(token: Token, lex: Lexicon) -> Cue | None:
    """"her warning that X": a cue noun's that-clause (the conjunction, not a relative "that"), or
    the that-clause a form of "be" gives the noun as its subject ("Her argument was that X")."""
    found = next((c for c in token.rights if c.dep_ in ("acl", "ccomp", "relcl", "appos") and is_that_clause(c)
                  and sum(1 for t in c.subtree if t.is_alpha) >= MIN_NOUN_CLAUSE_WORDS), None)
    if found is None and token.dep_ == "nsubj" and token.head.lower_ in BE_FORMS:
        found = next((c for c in token.head.rights if c.dep_ == "ccomp" and is_that_clause(c)), None)
    if found is None:
        return None
    return Cue(token, token.lower_, lex.cue_nouns[token.lower_], token.idx, token.idx + len(token.text),
               trim(clause(found, lex)), noun=True)


def _verb_cue(token: Token, lex: Lexicon, content_rules: tuple[Rule, ...]) -> Cue | None:
    """A cue verb with what the first applicable content rule says it reports; none for a cue
    word modifying a noun (``_modifies_a_noun``) when what it reports has no verb."""
    lemma = lex.cue_lemma(token.text)
    if lemma is None or _says_nothing(token, lemma, lex):
        return None
    cls = lex.cue_verbs[lemma]
    tokens: list[Token] = []
    rest: list[Token] = []
    name = None
    for rule in content_rules:
        found = rule.apply(token, cls, lex)
        if found is not None:
            (tokens, rest), name = found, rule.name
            break
    if tokens and _modifies_a_noun(token, lex) and not any(t.pos_ in VERB_POS for t in tokens):
        return None  # "defending champion Croatia": a modifier with a noun phrase reports nothing
    content = trim(_without_relay(list(tokens), lex))
    return Cue(token, lemma, cls, token.idx, token.idx + len(token.text), content, rest_range(rest),
               content_rule=name if content is not None else None)


def _looks_verbal(token: Token) -> bool:
    return token.pos_ in VERB_POS or token.tag_ in VERB_TAGS \
        or token.lower_.endswith("ing") and token.dep_ in VERBAL_DEPS


def find_cues(doc: Doc, lex: Lexicon, content_rules: tuple[Rule, ...]) -> list[Cue]:
    """Every cue in the paragraph with the clause it reports (``content`` None when it has none).

    Only tokens whose lower-case string id is a cue word are visited (one array read): visiting
    every token in Python cost more than the cue logic itself."""
    wanted = lex.cue_word_ids
    out = []
    for i, h in enumerate(doc.to_array(LOWER).tolist()):
        if h not in wanted:
            continue
        token = doc[i]
        phrase = _phrase_at(doc, i, lex) if token.lower_ in lex.phrase_starts else None
        if phrase:
            cue: Cue | None = _phrase_cue(token, phrase, lex)
        elif token.lower_ in lex.cue_nouns and (token.pos_ == "NOUN" or token.dep_ in NOMINAL_DEPS):
            cue = _noun_cue(token, lex)
        elif _looks_verbal(token):
            cue = _verb_cue(token, lex, content_rules)
        else:
            cue = None
        if cue is not None:
            out.append(cue)
    return out
