"""Cues ("said", "told", "according to") in a parsed paragraph and the clause each one reports.

A cue is a verb whose lemma is in ``data/cue_verbs.txt`` or a phrase of ``data/cue_phrases.txt``.
What it reports is read off the dependency parse: the clausal complement ("said [that] X"), the
clause it interrupts or follows ("X, he said"), or for "according to" the clause the phrase
attaches to. Belief and evidence verbs count only with a finite clause ("thinks that X"), which
keeps "thinks about" and "shows up" out.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from quotewire.extract.filters import is_title_case
from quotewire.extract.lexicon import (
    cue_lemma, cue_nouns, cue_objects, cue_phrases, cue_verbs, cue_word_ids, document_nouns, naming_verbs, not_cues,
    object_content_verbs, phrase_starts,
)

CLAUSE_DEPS = ("ccomp",)
"""Dependencies of a cue's complement clause."""
HOST_DEPS = ("parataxis", "advcl", "ccomp", "conj")
"""A cue attached to the clause it reports: "X, she said" parses as said -parataxis-> X's verb."""
NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos")
"""A gerund tagged as a verb in one of these positions is a noun ("repeated her warning that")."""
VERBAL_DEPS = ("ROOT", "advcl", "xcomp", "acl", "pcomp", "conj", "ccomp", "relcl", "parataxis")
"""A cue form the tagger called a noun is still a verb in these positions ("..., writing “...”")."""
REPORTED_MARKS = ("if", "although", "though", "unless", "because")
"""Conjunctions of a clause before the cue that is part of the statement ("Even if X, she said, Y")."""
MIN_REST_WORDS = 2
"""Words after an interrupting cue that make a second piece of the statement."""
MIN_NOUN_CLAUSE_WORDS = 4
"""Words (with "that") a cue noun's clause needs: "the claim that he made" is a relative clause."""
AS_CLAUSE_DEPS = ("mark", "nsubj", "aux", "advmod", "npadvmod", "punct", "prep")
"""All an as-clause of attribution holds: "as Rutte put it", "as the mayor said on Friday"."""
SPEECH_OBJECT_DEPS = ("dobj", "attr", "oprd")
"""Objects that carry content for speech verbs when quoted: "called it “a disaster”"."""


@dataclass
class Cue:
    """A cue token (or phrase) and the character range of the clause it reports, if any."""

    token: Token
    lemma: str
    cls: str
    start: int  # cue span, relative to the paragraph
    end: int
    content: tuple[int, int] | None  # reported clause, relative to the paragraph
    rest: tuple[int, int] | None = None  # the reported clause's part after an interrupting cue
    phrase: bool = False  # "according to": the speaker is its object
    noun: bool = False  # "the claim that": the speaker is its possessor


def _other_side(head: Token, phrase: Token) -> list[Token]:
    """"About 10 p.m., according to the timeline, the team left": the words of the clause on the
    side of the phrase that ``_subtree_range`` cut off, a piece of the statement of its own."""
    doc = head.doc
    ex_left, ex_right = phrase.left_edge.i, phrase.right_edge.i
    if head.left_edge.i <= ex_left and ex_right <= head.right_edge.i:
        if phrase.i < head.i:
            return [doc[i] for i in range(head.left_edge.i, ex_left)]
        return [doc[i] for i in range(ex_right + 1, head.right_edge.i + 1)]
    return []


def _trim(doc: Doc, tokens: list[Token]) -> tuple[int, int] | None:
    """Character range of ``tokens`` without a leading "that"/"whether" mark or "and", and
    without edge punctuation."""
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if")
                      or tokens[0].dep_ == "cc"
                      or tokens[0].is_punct and tokens[0].text not in "“‘\"'«"
                      or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].is_punct and tokens[-1].text not in "”’\"'»"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _subtree_range(token: Token, exclude: Token | None = None) -> list[Token]:
    """The contiguous tokens of ``token``'s subtree, cut before ``exclude``'s subtree."""
    doc = token.doc
    left, right = token.left_edge.i, token.right_edge.i
    if exclude is not None and left <= exclude.i <= right:
        ex_left, ex_right = exclude.left_edge.i, exclude.right_edge.i
        if ex_left <= token.i <= ex_right:
            return []
        if exclude.i < token.i:
            left = ex_right + 1
        else:
            right = ex_left - 1
    return [doc[i] for i in range(left, right + 1)]


def _finite(token: Token) -> bool:
    """The clause headed by ``token`` has a subject or a finite verb ("that X will go")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in token.children) or token.tag_ in ("VBD", "VBZ", "VBP", "MD")


def _fronted_condition(token: Token) -> list[Token]:
    """"Even if X, she said, Y": a conditional or concessive clause before the cue belongs to
    what was said; the parser may hang it on the cue instead of on Y."""
    for child in token.lefts:
        if child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in REPORTED_MARKS for c in child.children):
            return _subtree_range(child)
    return []


def _has_own_cue(token: Token) -> bool:
    """``token``'s clause is a statement of its own: a cue verb with its own subject and a clause
    it reports ("though she acknowledged it was unlikely", not "since the roadworks began")."""
    return any(cue_lemma(t.text) is not None and t.pos_ == "VERB"
               and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
               and any(c.dep_ in ("ccomp", "xcomp") for c in t.children)
               for t in token.subtree)


def _participle_cue(token: Token) -> bool:
    """", adding that ...", ", saying “...”": a cue participle trailing a clause starts a statement of
    its own (the same speaker's), not more of this one."""
    return token.tag_ == "VBG" and cue_lemma(token.text) is not None and any(
        c.dep_ in ("ccomp", "xcomp") or c.is_punct and c.text in "“\"" for c in token.children)


def _coordinated_cue(token: Token) -> bool:
    """"X said A and called on B to ...": a cue verb coordinated with the reported clause is the
    speaker's next statement, not more of this one."""
    return token.dep_ == "conj" and token.pos_ == "VERB" and cue_lemma(token.text) is not None


def _second_that_clause(cue: Token, clause: list[Token]) -> list[Token]:
    """"said A, but that B": a second that-clause the parser coordinated with the cue itself is
    more of the same statement; the tokens from the end of ``clause`` to its end, or none."""
    for child in cue.rights:
        if child.dep_ == "conj" and clause and child.i > clause[-1].i \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children):
            doc = cue.doc
            return [doc[i] for i in range(clause[-1].i + 1, child.right_edge.i + 1)]
    return []


def _clause(head: Token) -> list[Token]:
    """The subtree of a reported clause, cut before a trailing clause that is a statement of its
    own ("..., though she acknowledged it was unlikely"), which gets its own cue."""
    tokens = _subtree_range(head)
    for child in head.rights:
        if child.dep_ in ("advcl", "conj") and (_has_own_cue(child) or _participle_cue(child) or _coordinated_cue(child)):
            cut = child.left_edge.i
            tokens = [t for t in tokens if t.i < cut]
            break
    while tokens and (tokens[-1].dep_ in ("cc", "punct", "mark") or tokens[-1].is_space) and tokens[-1].text not in "”’\"'»":
        tokens = tokens[:-1]
    return tokens


def _verb_content(token: Token, cls: str) -> tuple[list[Token], list[Token]]:
    """The tokens a cue verb reports, and the rest of them when the cue interrupts its clause
    ("Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt")."""
    clauses = [c for c in token.children if c.dep_ in CLAUSE_DEPS and (cls in ("speech", "stance") or _finite(c))]
    if clauses:  # the clause after the cue first: "“...,” Trump said, after Quick said Y" reports Y,
        # unless it is the cue repeated by a syndication slip ("“...,” said X said in ...")
        clause = next((c for c in clauses if c.i > token.i and c.lower_ != token.lower_), clauses[0])
        tokens = _clause(clause)
        return tokens + _second_that_clause(token, tokens), _fronted_condition(token)
    that_clause = _clause_after_phrase(token)
    if that_clause is not None and cls in ("speech", "stance"):
        return _clause(that_clause), []
    after_that = _after_that(token)
    if after_that and cls in ("speech", "stance"):
        return after_that, []
    if cls == "speech" and _as_clause(token):
        host = _subtree_range(token.head, exclude=token)  # "As Rutte put it, X": X
        return host, []
    if cls in ("speech", "stance") and _reports_host(token):
        host = _subtree_range(token.head)
        before = [t for t in host if t.i < token.left_edge.i]
        after = [t for t in host if t.i > token.right_edge.i]
        main, rest = (before, after) if token.head.i < token.i else (after, before or _fronted_condition(token))
        return main, rest
    if cls in ("speech", "stance"):
        quoting = _quoting_object(token) or _request(token) or _said_object(token)
        if quoting or cls == "speech":
            return quoting, []
    if cls == "stance" or cls == "evidence" and _subject_is_document(token):
        return _object_phrase(token), []
    return [], []


def _said_object(token: Token) -> list[Token]:
    """"said yes", "said no to the war", "said families of victims file lawsuits" (a clause the
    parser read as an object): the object of a verb of ``object_content_verbs.txt``, unless it is
    a pronoun or a courtesy of a word or two ("said it", "said goodbye")."""
    lemma = cue_lemma(token.text)
    if lemma not in object_content_verbs():
        return []
    for child in token.rights:
        if child.dep_ == "dobj":
            tokens = _subtree_range(child)
            if child.pos_ == "PRON" or len(tokens) <= 2 and child.lower_ not in ("yes", "no"):
                return []
            return tokens
    return []


def _request(token: Token) -> list[Token]:
    """"asked the committee to investigate X": whom a speech verb asks or tells, and what to do."""
    objects = [c for c in token.rights if c.dep_ in ("dobj", "dative")]
    actions = [c for c in token.rights if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.lefts)]
    if not objects or not actions or actions[0].i < objects[0].i:
        return []
    doc = token.doc
    return [doc[i] for i in range(objects[0].left_edge.i, actions[0].right_edge.i + 1)]


def _after_that(token: Token) -> list[Token]:
    """"told reporters outside the gate that X": the parser sometimes hangs the that-clause on
    the last noun before it. Read the words after a "that" that follows the cue with no verb in
    between, to the end of the cue's sentence."""
    doc = token.doc
    end = token.sent.end
    for i in range(token.i + 1, min(end, token.i + 12)):
        t = doc[i]
        if t.pos_ in ("VERB", "AUX") or t.is_punct and t.text not in (",", "—"):
            return []
        if t.lower_ == "that" and i + 1 < end and not doc[i + 1].is_punct:
            return [doc[k] for k in range(i + 1, end)]
    return []


def _that_clause_of_noun(noun: Token) -> Token | None:
    """The complement clause of a cue noun, introduced by the conjunction "that" (not a relative
    "that": "the claim that he made" has "that" as the object)."""
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
                c.dep_ == "mark" and c.lower_ == "that" for c in child.children) \
                and sum(1 for t in child.subtree if t.is_alpha) >= MIN_NOUN_CLAUSE_WORDS:
            return child
    return None


def _clause_after_phrase(token: Token) -> Token | None:
    """"says in a statement that X": the parser hangs the that-clause on the noun of the phrase."""
    for prep in token.rights:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            for clause in obj.rights:
                if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                        c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                    return clause
    return None


def _as_clause(token: Token) -> bool:
    """"As Rutte put it, X" / "X, as Rutte said": a cue in an as-clause reports the clause it
    hangs on."""
    return token.dep_ == "advcl" and token.head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in token.children) and all(
        c.dep_ in AS_CLAUSE_DEPS or c.dep_ == "dobj" and c.lower_ == "it" for c in token.children)


def _reports_host(token: Token) -> bool:
    """"X, she said" or "Back home, she said, X": a finite cue set off by commas (or quote
    marks) with its own subject and nothing else to report, attached to the clause it reports."""
    head = token.head
    if token.dep_ not in HOST_DEPS or head.i == token.i or head.pos_ not in ("VERB", "AUX"):
        return False
    if head.i > token.i:
        edge = token.right_edge.i
        after = token.doc[edge + 1] if edge + 1 < len(token.doc) else None
        if token.doc[edge].text != "," and (after is None or after.text != ","):
            return False
    if token.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("mark", "dobj", "xcomp", "ccomp") for c in token.children):
        return False
    subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    first = min(token.i, subjects[0].left_edge.i)
    before = token.doc[first - 1] if first > 0 else None
    return before is not None and before.text in (",", "”", "’", "\"", "'", "»", "''", "—", "–")


def _quotes_a_name(tokens: list[Token], k: int) -> bool:
    """The quote opening at ``tokens[k]`` is a Title Case name ("on “Face the Nation”")."""
    words = []
    for t in tokens[k + 1:]:
        if t.text in "”\"»":
            break
        words.append(t.text_with_ws)
    return is_title_case("".join(words))


def _subject_is_document(token: Token) -> bool:
    """"The poll shows ...": evidence verbs report content only when a document is the source."""
    return any(c.dep_ == "nsubj" and {c.lower_, c.lower_[:-1]} & (document_nouns() | {"poll", "survey", "data"})
               for c in token.children)


def _object_phrase(token: Token) -> list[Token]:
    """What a stance verb says about its object: "praised the plan for its ambition" ->
    "the plan for its ambition", "called for all sides to talk" -> "all sides to talk"; cut at
    the first comma (narration follows)."""
    rights = [c for c in token.rights if c.dep_ in ("dobj", "prep", "attr", "oprd", "xcomp", "advcl")]
    if not rights:
        return []
    first = rights[0]
    if first.dep_ == "prep":  # "called for", "pointed to": the object of the particle
        if first.i != token.i + 1:
            return []
        start = first.i + 1
    elif first.dep_ in ("dobj", "attr", "oprd", "xcomp"):
        start = first.left_edge.i
    else:
        return []
    doc = token.doc
    tokens = [doc[i] for i in range(start, max(c.right_edge.i for c in rights) + 1)]
    for k, t in enumerate(tokens):
        if t.text == ",":
            tokens = tokens[:k]
            break
    while tokens and tokens[-1].dep_ in ("cc", "punct"):
        tokens = tokens[:-1]
    return tokens


def _quoting_object(token: Token) -> list[Token]:
    """What a verb says about its object when a quote is in there: "lauded X for trying to “break
    the deadlock” in Ukraine" -> from the object to the end of the phrase holding the quote,
    cut at the first comma after it (a relative clause that follows is narration)."""
    rights = [c for c in token.rights if c.dep_ in SPEECH_OBJECT_DEPS + ("prep", "advcl", "xcomp", "pcomp")]
    if not rights:
        return []
    doc = token.doc
    tokens = [doc[i] for i in range(rights[0].left_edge.i, rights[-1].right_edge.i + 1)]
    marks = [k for k, t in enumerate(tokens) if t.text in "“\"«"]
    if not marks or all(_quotes_a_name(tokens, k) for k in marks):
        return []
    closes = [k for k, t in enumerate(tokens) if t.text in "”\"»"]
    after = max(closes) if closes else marks[-1]
    for k in range(after, len(tokens)):
        if tokens[k].text == ",":
            return tokens[:k]
    return tokens


def _phrase_at(doc: Doc, i: int) -> tuple[str, ...] | None:
    for phrase in cue_phrases():
        words = tuple(t.lower_ for t in doc[i:i + len(phrase)])
        if words == phrase:
            return phrase
    return None


def _says_nothing(token: Token, lemma: str) -> bool:
    """A cue verb used for something else: with a particle of ``not_cues.txt`` ("called off"), or
    a participle naming the noun before it ("a program called EB-5", "so-called")."""
    doc = token.doc
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if (lemma, after) in not_cues() or lemma in cue_objects() and after != cue_objects()[lemma]:
        return True
    before = doc[token.i - 1] if token.i else None
    if lemma not in naming_verbs() or token.tag_ != "VBN" or before is None:
        return False
    # the named noun is an object ("leads a program called X"); a subject or a date before the
    # participle ("one lawmaker called", "on Tuesday called") means the tagger misread a past tense
    return before.lower_ in ("so-", "so") or token.dep_ == "acl" and token.head.i == before.i \
        and before.pos_ in ("NOUN", "PROPN") and before.dep_ in ("dobj", "pobj", "attr", "appos", "conj")


def _rest_range(doc: Doc, rest: list[Token]) -> tuple[int, int] | None:
    """The second piece of an interrupted statement, when it has words enough to be one."""
    return _trim(doc, rest) if sum(1 for t in rest if t.is_alpha) >= MIN_REST_WORDS else None


def _possible_cues(doc: Doc) -> list[Token]:
    """Tokens whose lower-case form is a cue verb form, cue noun or phrase start, picked by hash
    from the doc's array: visiting every token in Python cost more than the cue logic itself."""
    wanted = cue_word_ids()
    return [doc[i] for i, h in enumerate(doc.to_array(LOWER).tolist()) if h in wanted]


def find_cues(doc: Doc) -> list[Cue]:
    """Every cue in the paragraph with the clause it reports (``content`` None when it has none)."""
    verbs = cue_verbs()
    starts = phrase_starts()
    out = []
    for token in _possible_cues(doc):
        phrase = _phrase_at(doc, token.i) if token.lower_ in starts else None
        if phrase:
            last = doc[token.i + len(phrase) - 1]
            head = token.head
            for _ in range(len(doc)):  # a head chain is never longer than the doc
                if head.dep_ not in ("prep", "pobj", "pcomp") or head.head.i == head.i:
                    break
                head = head.head
            content = _trim(doc, _subtree_range(head, exclude=token)) if head.i != token.i else None
            rest = _other_side(head, token) if head.i != token.i else []
            out.append(Cue(token, " ".join(phrase), "speech", token.idx, last.idx + len(last.text), content,
                           _rest_range(doc, rest), phrase=True))
            continue
        if token.lower_ in cue_nouns() and (token.pos_ == "NOUN" or token.dep_ in NOMINAL_DEPS):
            clause = _that_clause_of_noun(token)
            if clause is not None:
                out.append(Cue(token, token.lower_, "speech", token.idx, token.idx + len(token.text),
                               _trim(doc, _clause(clause)), noun=True))
            continue
        if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBD", "VBZ", "VBP", "VBG", "VBN", "VB") \
                and not (token.lower_.endswith("ing") and token.dep_ in VERBAL_DEPS):
            continue
        lemma = cue_lemma(token.text)
        if lemma is None or _says_nothing(token, lemma):
            continue
        cls = verbs[lemma]
        tokens, rest = _verb_content(token, cls)
        out.append(Cue(token, lemma, cls, token.idx, token.idx + len(token.text), _trim(doc, tokens),
                       _rest_range(doc, rest)))
    return out
