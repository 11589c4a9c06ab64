"""Who a cue attributes its content to (the speaker mention) and whom it was said to (addressee).

The speaker is the cue's grammatical subject in either order ("Rutte said", "said Rutte"), the
agent of a passive ("was told by the U.S."), the subject of the clause a participle hangs on
("..., telling Brennan that"), or the object of "according to". The mention is the noun phrase
without relative clauses and appositions, so "Rutte, who spoke with Brennan Friday," gives "Rutte".
"""

from __future__ import annotations

from spacy.tokens import Token

from quotewire.extract.cues import Cue
from quotewire.extract.lexicon import Lexicon
from quotewire.extract.marks import DOUBLE_OPENING_TOKENS
from quotewire.extract.nearby import NOUNISH, adjacent_noun, hyphen_joined
from quotewire.extract.syntax import is_root, nearest_first

ACTIVE_SUBJECT_DEPS = ("nsubj", "csubj")
"""A cue's own subject, nominal or clausal; a passive subject is whoever was told (see ``_passive_subject``)."""
MENTION_LEFT_DEPS = ("compound", "amod", "det", "poss", "nmod", "case", "nummod", "quantmod", "punct", "cc", "conj")
"""Left dependents kept in a mention: "NATO Secretary General Mark Rutte", "NATO’s top official"."""
MENTION_RIGHT_DEPS = ("prep", "pobj", "compound", "case", "nummod", "cc")
"""Right dependents kept: "a reporter for USA Today"; relative clauses and appositions are not."""
CLIMB_DEPS = ("advcl", "xcomp", "conj", "ccomp", "acl", "pcomp", "relcl", "prep", "acomp")
"""A cue without a subject takes the subject of the clause it hangs on this way ("was quick to add")."""
ADDRESSEE_DEPS = ("dobj", "dative", "iobj")
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "warn", "ask", "urge", "remind", "advise", "brief", "caution",
                             "promise", "instruct", "order", "beg", "thank", "write"})
"""Cues whose object is the person spoken to ("told reporters"), not the content."""
ADDRESSEE_MODIFIER_DEPS = ("prep", "npadvmod")
CLAUSE_START_DEPS = ("mark", "nsubj", "nsubjpass", "aux", "auxpass", "relcl", "ccomp", "acl", "advcl")
"""A word that begins the reported clause, where an addressee's modifiers end."""
QUESTION_VERBS = frozenset({"ask", "question"})
"""Cues whose passive subject was put a question: "Asked whether ..., X said" is not X's statement."""
PERFECT_AUX = frozenset({"has", "have", "had", "having", "'ve", "’ve", "'d", "’d"})


def mention_tokens(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by ``head`` that name the speaker."""
    if head.pos_ == "PRON":
        return [head]
    doc = head.doc
    if hyphen_joined(head):  # "co" of "said radio co-host Dana Pruitt": the name the title leads to
        j = head.i
        while j + 1 < len(doc) and (hyphen_joined(doc[j + 1]) or doc[j + 1].pos_ == "PROPN" and doc[j + 1].is_title):
            j += 1
        if j > head.i and doc[j].pos_ == "PROPN":
            whole = mention_tokens(doc[j])
            first = min(whole[0].i, head.left_edge.i)
            return [doc[i] for i in range(first, whole[-1].i + 1)]
    left = head.i
    for child in head.lefts:
        if child.dep_ in MENTION_LEFT_DEPS and not child.is_punct:
            left = min(left, child.left_edge.i)
    right = head.i
    for child in head.rights:
        if child.dep_ in MENTION_RIGHT_DEPS and "," not in [t.text for t in child.subtree]:
            right = max(right, child.right_edge.i)
        else:
            break
    while left > 1 and hyphen_joined(doc[left - 1]):  # "Blaze co-host Stu Burguiere": the whole title
        left -= 2
        while left > 0 and doc[left - 1].dep_ == "compound" and doc[left - 1].head.i >= left:
            left -= 1
    tokens = [doc[i] for i in range(left, right + 1)]
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].dep_ in ("cc", "prep", "case")):
        tokens = tokens[:-1]
    return tokens or [head]


def addressed_passive(cue: Cue) -> bool:
    """The cue is a passive participle of a verb of telling with no agent ("Asked whether ...",
    "was told that ..."): its subject, or the subject of the clause it hangs on, is the one spoken
    to, never the speaker."""
    token = cue.token
    if cue.phrase or cue.noun or cue.lemma not in ADDRESSEE_VERBS or token.tag_ != "VBN":
        return False
    return not any(c.dep_ == "agent" or c.dep_ == "aux" and c.lower_ in PERFECT_AUX for c in token.children)


def _subject(verb: Token) -> Token | None:
    active = nearest_first([c for c in verb.children if c.dep_ in ACTIVE_SUBJECT_DEPS], verb)
    if active:
        return active[0]
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def speaker_head(cue: Cue, lex: Lexicon) -> Token | None:
    """The head token of the speaker of ``cue``, or None when the text does not say."""
    token = cue.token
    if cue.phrase:
        return _phrase_object(cue)
    if cue.noun:
        return _noun_owner(token)
    if addressed_passive(cue):
        return None
    if token.dep_ == "amod" and token.head.pos_ == "PROPN" and token.i < token.head.i:
        return token.head  # "Continued Stone: “...”": the parser read the cue as an adjective
    seen = 0
    verb = token
    while verb is not None and seen < 4:
        if seen and verb.dep_ == "ccomp" and lex.cue_lemma(verb.head.text) is not None:
            verb = verb.head  # "X said Y was wrong, adding ...": the cue hangs inside X's content
            seen += 1
            continue
        subject = _subject(verb) or (_passive_subject(verb) if seen else None) or _aside_subject(verb)
        if subject is not None:
            return subject
        if verb.dep_ in CLIMB_DEPS and not is_root(verb):
            if verb.dep_ == "relcl" or verb.dep_ == "acl" and verb.head.pos_ in NOUNISH:
                return _issuer(verb.head, lex) or verb.head  # "Rutte, who said", "staff members suggesting"
            verb = verb.head
            seen += 1
            continue
        break
    if _passive(token):
        return None  # "was accused of", "has been criticized": the words before are the target
    return _repeated_cue_subject(token) or adjunct_subject(token) or adjacent_noun(token, lex)


def adjunct_subject(token: Token) -> Token | None:
    """"Clinton seemed ready to riff on the incident in Iowa, telling the crowd, “…”": a participle
    set off by a comma with no subject of its own, which the parser hung too deep or on the quote's
    verb, is said by the nearest subject before it among the verbs it hangs on, not by the noun
    before the comma ("Iowa")."""
    doc = token.doc
    if token.tag_ != "VBG" or token.i == 0 or doc[token.i - 1].text != ",":
        return None
    return next((c for head in token.ancestors for c in head.children
                 if c.dep_ in ACTIVE_SUBJECT_DEPS and c.i < token.i), None)


def _aside_subject(verb: Token) -> Token | None:
    """"France's central bank governor, asked about the decision in Paris, said: …": the parser
    makes the aside the governor's clause and leaves the cue with no subject; the aside is set off
    by commas on both sides (a clause before a cue without them is what was said), and its subject
    is the cue's."""
    doc = verb.doc
    for child in verb.lefts:
        if child.dep_ not in ("ccomp", "advcl") or child.i == 0 or doc[child.i - 1].text != ",":
            continue
        last = child.right_edge.i  # the closing comma, whether the parser gave it to the aside or not
        if doc[last].text == "," or last + 1 < verb.i and doc[last + 1].text == ",":
            return _subject(child)
    return None


def _phrase_object(cue: Cue) -> Token | None:
    """"according to the timeline" -> "timeline": the object of the phrase."""
    token = cue.token
    phrase = [t for t in token.doc[token.i:token.i + 4] if t.idx < cue.end]
    ids = {t.i for t in phrase}
    for t in phrase:
        for child in t.children:
            if child.dep_ == "pobj" and child.i not in ids:
                return child
    return None


def _noun_owner(noun: Token) -> Token | None:
    """"her warning that", "made the argument that": the possessor, or the subject of the verb
    the noun is the object of."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
        return _subject(noun.head)
    return None


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb a cue hangs on: "Trump was prompted to say", "she is
    expected to announce": the one who says."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _passive(token: Token) -> bool:
    """A past participle that is passive ("was charged", "a deal now called", not "has said"); one
    with no auxiliary heading its clause is a past tense the tagger misread ("Okonjo pressed")."""
    if token.tag_ != "VBN":
        return False
    aux = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(c.dep_ == "auxpass" for c in aux):
        return True
    if aux:
        return not any(c.lower_ in PERFECT_AUX | {"'s", "’s"} for c in aux)
    return token.dep_ in ("acl", "amod")


def _issuer(noun: Token, lex: Lexicon) -> Token | None:
    """Who put out the document a participle describes: "Trump issued a statement saying ..." is
    Trump's, "a statement announcing" with nobody issuing it is the statement's own."""
    if noun.dep_ != "dobj" or not lex.is_document(noun.lower_):
        return None
    return _subject(noun.head)


def _repeated_cue_subject(token: Token) -> Token | None:
    """The subject of a cue repeated right after this one ("said NATO chief Rutte said"), a slip
    of syndicated copy that leaves the first cue without a subject."""
    for child in token.rights:
        if child.dep_ in ("ccomp", "conj", "parataxis") and child.lower_ == token.lower_:
            return _subject(child)
    return None


def _with_modifiers(tokens: list[Token], cue: Token) -> list[Token]:
    """The addressee with the phrases the parser hung on the cue between it and the reported
    clause ("told reporters outside the main gate that ..."): where they were told, not what."""
    doc = cue.doc
    end = tokens[-1].i
    for child in cue.rights:
        if child.i <= end:
            continue
        if child.i != end + 1 or child.dep_ not in ADDRESSEE_MODIFIER_DEPS:
            break
        for t in doc[child.i:child.right_edge.i + 1]:
            if t.dep_ in CLAUSE_START_DEPS or t.lower_ in ("that", "whether") or t.is_punct:  # the reported clause begins
                return tokens + [doc[i] for i in range(tokens[-1].i + 1, end + 1)]
            end = t.i
    return tokens + [doc[i] for i in range(tokens[-1].i + 1, end + 1)]


def addressee_tokens(cue: Cue) -> list[Token]:
    """The person or group spoken to ("told reporters", "telling Brennan"), empty when none."""
    if cue.phrase:
        return []
    token = cue.token
    if cue.lemma not in ADDRESSEE_VERBS:
        return []
    for child in token.children:
        if child.dep_ in ADDRESSEE_DEPS and not any(t.text in DOUBLE_OPENING_TOKENS for t in child.subtree):
            tokens = mention_tokens(child)
            if cue.content is None or cue.content[0] < tokens[-1].idx:
                return tokens
            return _with_modifiers(tokens, token)
    for child in token.children:
        if child.dep_ == "nsubjpass":
            return mention_tokens(child)
    return []
