"""In-article coreference: every speaker mention resolves to one canonical ``Speaker``.

"NATO Secretary General Mark Rutte", "Rutte", "He", "NATO chief" and "NATO’s top official" in one
article are one person: Mark Rutte, role Secretary General, organisation NATO. The rules, in
order of trust:

1. a mention containing a person's name joins the entity of that surname (full name = the
   longest form seen; role and organisation from the words in front of it). A bare surname is
   the person the article first names in full with it, anywhere in the text ("Trump" is Donald
   Trump when "Donald Trump" comes before "Eric Trump", whichever of them speaks first);
2. a pronoun refers to the person a proper name makes the subject of the sentence before it,
   outside quotation marks ("Burton explained … “…,” he said"), else to the most recent person
   (he, she, I) or organisation (it, they, we) that was a speaker or a subject before it,
   skipping people of the other gender where the article tells it (an honorific, a role noun, a
   given name);
3. a description ("the NATO chief", "the senator") refers to the person whose organisation or
   role words it shares; a definite one headed by a title ("the former Florida governor") to the
   last speaker whose role shares a title word with it — never to the party or place inside it;
4. otherwise the mention stands for itself: an organisation, a country, a document ("Article 5")
   or a proper name of unknown kind; failing all (a pronoun with no antecedent, "the report", "a
   top adviser for President Obama", "the senator" never named) the speaker is *unresolved*: the
   statement keeps the mention as its description and is linked to nobody, never to a person named
   inside the description.

Names, roles and organisations are the article's own characters (``syntax.text_of``), and a
name holds the name only: "the 14th-ranked Schwartzman" is Schwartzman, the description his role;
words in front of a given name are descriptors ("Billionaire Donald Trump", "Surrey Doug
McCallum"), and of two forms of one surname the article's given-name form is the name.
Everything is read from spaCy's entities and parse of the paragraphs; no external knowledge.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from nameparser.config import CONSTANTS
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from quotewire.extract.attribution import QUESTION_VERBS, mention_tokens
from quotewire.extract.filters import is_title_case
from quotewire.extract.gender import MIN_NAME_BIRTHS, article_cues, births, gender_of, person_call
from quotewire.extract.lexicon import GROUP, PERSON, Lexicon, name_key
from quotewire.extract.marks import OPENING_CHARS
from quotewire.extract.nearby import hyphen_joined
from quotewire.extract.parse import Para, first_at, para_at, tokens_in
from quotewire.extract.syntax import SUBJECT_DEPS, text_of
from quotewire.models import GenderCall, Speaker
from quotewire.outlet_names import outlet_named
from quotewire.vocabulary import UNRESOLVED

ORG_LABELS = ("ORG", "NORP")
COUNTRY_LABELS = ("GPE",)
NAME_POS = ("PROPN", "ADJ")
"""Words an organisation or country is named by ("NATO", "Russian"): a common noun the
recogniser tagged ("the café owner") names nobody, the mention's head does."""
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
"""Words after a surname that are no part of it ("Joseph F. Dunford Jr.")."""
MAX_GIVEN_NAMES_BEFORE = 2
"""Given names and initials before a tagged name that still belong to it ("Christina N" of "Christina N Luis Olidem")."""
OFFICE_TITLES = frozenset({"secretary", "minister", "undersecretary"})
"""Titles whose "of"/"for" phrase names the office, not an employer: "Secretary of State",
"Minister for Finance" are roles ("President of CNN Worldwide" keeps CNN Worldwide as organisation)."""
MAX_PRONOUN_LOOKBACK = 4000
"""Characters back to look for a pronoun's antecedent; beyond that it is a guess."""
MAX_ANTECEDENT_CANDIDATES = 200
"""Earlier speakers, and earlier person mentions, a pronoun is tried against (each, latest
first). Without a bound "she" in an article of many men tried every one of them: O(pronouns x
persons). A news article names far fewer; the cap leaves PolNeAR dev and the seed unchanged."""
LEAD_CLAUSE_DEPS = ("ccomp", "parataxis")
"""Besides an advcl ("When Robby Mook was asked …, he laughed"), a clause before a pronoun's own
that introduces a quote between them, whose subject the pronoun is ("Fallon fired back: “…,” he
wrote")."""
INDEFINITE = frozenset({"a", "an", "another", "one", "some"})
"""Words opening a description of someone not identified ("a senior adviser", "one official")."""
MAIN_PERSON_MENTIONS = 3
"""Times an article must write a person's surname for a description to name them (``_main_person``)."""
MAIN_PERSON_DOMINANCE = 2.0
"""How many times as often as any other person's the main person's surname must be written."""


@dataclass
class Entity:
    """A canonical speaker being built from its mentions."""

    name: str
    kind: str
    role: str | None = None
    organisation: str | None = None
    aliases: list[str] = field(default_factory=list)
    genders_seen: set[str] = field(default_factory=set)
    descriptors: list[str] = field(default_factory=list)
    gender_cues: dict[tuple[int, int], tuple[str, str, str]] = field(default_factory=dict)
    """The text's evidence of their gender, (gender, word, "word" or "pronoun") by token (doc id,
    character in it: a word seen twice, as a name's and as a mention's, counts once)."""
    settled: GenderCall | None = None  # the call of the whole article's evidence (``Resolver.settle``)

    @property
    def gender(self) -> str | None:
        """"f" or "m" when all the article's evidence agrees, else None: one surname can stand for
        a family ("Mr. Khan", "Ms. Khan"), and then no pronoun is excluded."""
        return next(iter(self.genders_seen)) if len(self.genders_seen) == 1 else None

    def note_gender(self, tokens: list[Token], lex: Lexicon, cue: bool = True) -> None:
        """Take the gendered honorifics and role nouns among ``tokens`` as evidence (and, with
        ``cue``, as the text's cues to report: words next to the name, not near it)."""
        for t in tokens:
            if g := lex.gendered_words.get(t.lower_.rstrip(".")):
                self.genders_seen.add(g)
                if cue:
                    self.gender_cues[(id(t.doc), t.idx)] = (gender_of(g), t.text, "word")

    def gender_call(self) -> GenderCall | None:
        """What the article tells of a person's gender (None for anything but a person): once
        settled, the whole article's evidence; before, the mentions' so far."""
        if self.kind != "person":
            return None
        return self.settled or person_call(self.name, self.gender_cues.values())

    def speaker(self) -> Speaker:
        aliases = [a for a in dict.fromkeys(self.aliases) if a != self.name]
        return Speaker(name=self.name, kind=self.kind, role=self.role, organisation=self.organisation,  # type: ignore[arg-type]
                       aliases=aliases, descriptors=list(dict.fromkeys(self.descriptors)),
                       gender=self.gender_call())

    def take_name(self, full: str, descriptors: list[str], lex: Lexicon) -> None:
        """Another form of this person's name: the better of the two names them (``_name_rank``),
        the words cut from its front are descriptors."""
        self.descriptors += descriptors
        if _name_rank(full, lex) > _name_rank(self.name, lex):
            self.aliases.append(self.name)
            self.name = full


def _name_rank(name: str, lex: Lexicon) -> tuple[bool, int]:
    """Which of two forms of a surname names the person: one that starts with a given name
    ("Donald Trump" over "Washington Post Trump"), then the longer ("Donald J. Trump")."""
    words = name.split()
    return len(words) > 1 and words[0].lower() in lex.given_names, len(words)


NAME_PARTICLES = frozenset(CONSTANTS.prefixes)
"""Words that begin a surname, not a given name ("de", "van", "al"): nameparser's list."""
_AGE = re.compile(r"\d+-year-old")
"""An age used as a description ("the 56-year-old said"): like a title, the person named the
subject of the sentence before; never the article's main person (Melania Trump is "the 46-year-old"
in a story about her husband)."""
MAX_NAME_WORDS_BEFORE = 3
"""How many words before a surname a person's given and middle names may take ("James Van Der")."""
CHAIN_LEAD_BIRTHS = 10_000
"""Births a given name needs, outside the lexicon's list, to open a name of several given names:
"Carrie" of "Carrie Ann Inaba" (266,909), not "Canada" (54) or "Washington" (2,578)."""


def _namesake(words: list[str], known: str) -> bool:
    """Whether a name of two or more words is another person than the article's ``known`` person
    of the same surname: their first names differ ("Eric Trump", "Donald Trump"), and neither is an
    initial or a part of the other ("J.", "Pierre" of "Jean-Pierre"), nor the whole of one the end
    of the other (a compound surname: "Wasserman Schultz" of "Debbie Wasserman Schultz"). A
    surname alone names the first."""
    others = known.split()
    if len(words) < 2 or len(others) < 2:
        return False
    if _ends_with(others, words) or _ends_with(words, others):
        return False
    mine, theirs = words[0].rstrip(".").lower(), others[0].rstrip(".").lower()
    if mine in NAME_PARTICLES or theirs in NAME_PARTICLES:
        return False  # "De Blasio" of "Bill de Blasio"
    if mine in theirs.split("-") or theirs in mine.split("-"):
        return False  # "Pierre" of "Jean-Pierre"
    return mine != theirs and not (len(mine) == 1 and theirs.startswith(mine) or len(theirs) == 1 and mine.startswith(theirs))


def _ends_with(name: list[str], end: list[str]) -> bool:
    """Whether the words ``end`` are the last words of the longer ``name``, case aside."""
    return len(end) < len(name) and [w.lower() for w in name[-len(end):]] == [w.lower() for w in end]


def _uncapitalised(name: str) -> str:
    """A name a transcript or headline writes in capitals, as a name is written ("KATE BOLDUAN":
    "Kate Bolduan", "MCKINNON": "McKinnon"); any other name as it is."""
    if not any(c.isalpha() for c in name) or not name.isupper() or len(name.replace(" ", "")) < 4:
        return name
    return " ".join("Mc" + w[2:].title() if w.startswith("MC") and len(w) > 3 else w.title() for w in name.split())


def _inside_quotes(token: Token) -> bool:
    """Whether a token stands inside quotation marks opened earlier in its paragraph (a name in a
    quote is what the speaker talks about, not who speaks next)."""
    before = token.doc[:token.i].text
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _same_title(a: str, b: str) -> bool:
    """Two title words that are one title, the abbreviation included ("gov" of "governor")."""
    return a == b or min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))


def _word(token: Token) -> str:
    """A token's word in lower case, with the words hyphenated to it in front ("front-runner" of
    "runner": the tagger splits a hyphenated word)."""
    doc, k = token.doc, token.i
    while k >= 2 and doc[k - 1].text == "-" and not doc[k - 2].whitespace_ and not doc[k - 1].whitespace_:
        k -= 2
    return doc[k:token.i + 1].text.lower()


def _is_initial(token: Token) -> bool:
    """A middle initial ("W." of "George W. Bush")."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def _is_initial_letter(token: Token) -> bool:
    """An initial with or without its dot ("N" of "Christina N Luis Olidem", "A." of "Julie A. Diaz")."""
    return len(token.text.rstrip(".")) == 1 and token.text[0].isupper()


def is_given_name(word: str, lex: Lexicon, min_births: int = MIN_NAME_BIRTHS) -> bool:
    """Whether a lower-case word is a given name: in the lexicon's list or given to at least
    ``min_births`` in the birth counts (accents aside: "José")."""
    return word in lex.given_names or sum(births(word) or (0, 0)) >= min_births


def _unresolved(mention_text: str, role: str | None = None) -> Entity:
    """A speaker nobody can be named for: the mention is its description."""
    return Entity(mention_text, UNRESOLVED, role=role, descriptors=[mention_text])


def _strip_possessive(text: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _without_edge_punct(tokens: list[Token]) -> list[Token]:
    """``tokens`` less the punctuation at either end."""
    first = next((k for k, t in enumerate(tokens) if not t.is_punct), len(tokens))
    last = next((k for k in range(len(tokens) - 1, -1, -1) if not tokens[k].is_punct), -1)
    return tokens[first:last + 1]


def _clean_name(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The tokens of a person's name without leading titles ("Mr.", "President"; not the "Pope"
    of "Pope Francis"), a possessive or punctuation at its edges; punctuation inside stays
    ("Jean-Claude")."""
    toks = _without_edge_punct([t for t in tokens if t.tag_ != "POS" and t.text not in ("’s", "'s")])
    while len(_words(toks)) > 1 and lex.is_title(toks[0].text) and not lex.keeps_title(_words(toks)):
        toks = _without_edge_punct(toks[1:])
    return toks


def _descriptor_split(tokens: list[Token], lex: Lexicon) -> tuple[list[Token], list[Token]]:
    """(name, descriptors): the words in front of a name's first given name describe the person
    ("Billionaire Donald Trump", "Surrey Doug McCallum", "Ohio Gov. John Kasich"), when a given
    name and a surname are left; a "name" of three words after "the" is a description and a
    surname ("the Washington Post Trump")."""
    words = [t for t in tokens if not t.is_punct]
    for k, t in enumerate(words[:-1]):
        if t.lower_ in lex.given_names:
            start = tokens.index(t)
            if k == 0 or not tokens[start - 1].whitespace_:
                break  # the name's first word, or part of one ("Jean-Pierre")
            if all(is_given_name(w.lower_, lex) or _is_initial_letter(w) for w in words[:k]):
                break  # more given names and initials: "Christina N Luis Olidem", "Mary Ann Lopez"
            return tokens[start:], _without_edge_punct(tokens[:start])
    before = tokens[0].doc[tokens[0].i - 1] if tokens and tokens[0].i > 0 else None
    if len(words) >= 3 and before is not None and before.dep_ == "det" and before.lower_ == "the":
        return tokens[-1:], _without_edge_punct(tokens[:-1])  # "the Washington Post Trump said": no name takes "the"
    return tokens, []


def _last_entity(tokens: list[Token]) -> list[Token]:
    """The last of the PERSON entities among ``tokens`` ("former Obama adviser David Axelrod" has
    two: Axelrod is the one the mention names)."""
    start = len(tokens)
    while start > 0 and (start == len(tokens) or (tokens[start].ent_iob_ != "B" and tokens[start].i == tokens[start - 1].i + 1)):
        start -= 1
    return tokens[start:]


def _with_hyphenated_given_name(name: list[Token], lex: Lexicon) -> list[Token]:
    """A name whose given name the tokenizer split at its hyphen, the mention starting after it,
    whole again: "Eva-Marie Persson", not "Marie Persson"; not "Trump-Clinton" (no given name)."""
    while name and name[0].i >= 2:
        doc, k = name[0].doc, name[0].i
        hyphen, first = doc[k - 1], doc[k - 2]
        if hyphen.text != "-" or hyphen.whitespace_ or first.whitespace_ or not is_given_name(first.lower_, lex):
            break
        name = [first, hyphen, *name]
    return name


def _words(tokens: list[Token]) -> list[str]:
    """The words of a name's tokens (no punctuation, no possessive)."""
    return [w for t in tokens if not t.is_punct and (w := _strip_possessive(t.text))]


def _name(tokens: list[Token]) -> str:
    """A name as the article writes it: cut from the text, not re-joined from token texts."""
    return _strip_possessive(text_of(tokens))


def _appositive_role(name_head: Token, lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and organisation from an apposition after a name ("Maria Okafor, general secretary
    of the Harbour Workers’ Union,"): a hyphenated role is one word ("co-director", "a
    third-generation farmer"), and the organisation ends at its first comma or clause ("Wealth-X,
    a private company that …" is Wealth-X)."""
    for child in name_head.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not (hyphen_joined(child) and child.whitespace_ == ""):
            doc = child.doc
            lefts = [t for t in child.lefts if t.dep_ in ("amod", "compound")]
            first = min([t.left_edge.i for t in lefts] + [child.i])
            while first > 1 and hyphen_joined(doc[first - 1]):
                first -= 1  # "co-director": the parser hung "co" and "-" on the name
            role = text_of(list(doc[first:child.i + 1]))
            org = None
            for prep in child.rights:
                if prep.dep_ == "prep" and prep.lower_ in ("of", "for"):
                    objs = [t for t in prep.rights if t.dep_ == "pobj"]
                    if objs:
                        org = text_of(_without_edge_punct(_up_to_clause(objs[0]))) or None
                    if org and _office(child, org.split(), lex):  # "the former secretary of state": one office
                        role, org = f"{role} {prep.text} {org}", None
            return role, org
    return None, None


def _office(title: Token, words: list[str], lex: Lexicon) -> bool:
    """"Secretary of State", "Minister for Finance", "secretary of homeland security": an office
    title whose "of"/"for" phrase is a department (title words of titles.txt), one role; "general
    secretary of the Harbour Workers’ Union" keeps the union as organisation."""
    named = [w.lower() for w in words if w.lower() not in ("and", "the", "of")]
    return title.lower_.rstrip(".") in OFFICE_TITLES and bool(named) and all(
        w in lex.name_titles or lex.is_title(w) for w in named)


def _up_to_clause(head: Token) -> list[Token]:
    """The words of ``head``'s phrase before its first comma or clause, without articles."""
    out = []
    for t in head.subtree:
        if t.i > head.i and (t.text == "," or t.dep_ in ("relcl", "acl", "appos")):
            break
        if t.dep_ != "det":
            out.append(t)
    return out


def _role_words(doc: Doc, ent_start: int, lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and organisation from the words right before a name ("NATO Secretary General"); an
    office named by its title and "of"/"for" ("Minister for Finance", "Secretary of State") is one
    role, no organisation."""
    i = ent_start - 1
    role: list[Token] = []
    org: list[Token] = []
    k = i
    while k >= 0 and ent_start - k <= 4 and doc[k].is_title and doc[k].pos_ in ("PROPN", "ADJ", "NOUN"):
        k -= 1
    if k < i and k > 0 and doc[k].lower_ in ("of", "for") and _office(doc[k - 1], [t.text for t in doc[k + 1:ent_start]], lex):
        role, i = list(doc[k - 1:ent_start]), k - 2  # "Minister for Finance Lukas Brandt"
    while i >= 0:
        t = doc[i]
        if t.ent_type_ in ORG_LABELS + COUNTRY_LABELS and t.pos_ == "PROPN":
            org.insert(0, t)
        elif lex.is_title(t.lower_) and t.pos_ in ("PROPN", "NOUN", "ADJ"):
            role.insert(0, t)
        elif role and t.is_title and t.lower_ != "the" and t.lower_ in lex.name_titles and t.pos_ in ("PROPN", "NOUN", "ADJ"):
            role.insert(0, t)  # "Finance Minister", "Opposition Leader": the office's word before a title
        elif t.lower_ in ("of", "for") and (org or role) and i > 0 and _office(doc[i - 1], [x.text for x in org + role], lex):
            role, org = [t, *sorted(org + role, key=lambda x: x.i)], []  # "Secretary of State …": one office
        elif t.text in ("’s", "'s") and i > 0:
            pass
        else:
            break
        i -= 1
    role_text = text_of(role) or None
    if role_text and role_text.lower().rstrip(".") in {"mr", "mrs", "ms", "miss", "dr", "former", "then"}:
        role_text = None
    return role_text, (text_of(org) or None)


def _note_gender_evidence(entity: Entity, ent: TokenSpan, words: list[str], lex: Lexicon) -> None:
    """What one mention of a person says of their gender: an honorific or role noun in or next
    to the name ("Mrs. Clinton", "spokeswoman Ana Ruiz", "Ana Ruiz, a spokeswoman"), the given
    name ("Nancy Pelosi"). A pronoun after the name is no evidence: "Shelby said he refused" is
    about someone else."""
    doc = ent.doc
    before = doc[max(ent.sent.start, ent.start - 3):ent.start]
    appositions = [t for child in ent[-1].rights if child.dep_ == "appos" for t in child.lefts] + \
        [child for child in ent[-1].rights if child.dep_ == "appos"]
    entity.note_gender(list(before[:-1]), lex, cue=False)  # "spokesman for Sen. Ana Ruiz": not hers
    entity.note_gender(list(before[-1:]) + list(ent) + appositions, lex)
    if len(words) >= 2 and (given := lex.given_names.get(words[0].lower())):
        entity.genders_seen.add(given)


def _governing_subject(pronoun: Token) -> Token | None:
    """"Scarborough, who served in the House, has flirted with the idea, though he has denied
    it": the proper-name subject of the clause that the pronoun's clause hangs on (an adverbial
    or coordinated clause, up to three levels), when that subject comes first; None otherwise."""
    if pronoun.dep_ not in SUBJECT_DEPS:
        return None
    verb = pronoun.head
    for _ in range(3):
        if verb.dep_ not in ("advcl", "conj") or verb.head.i == verb.i:
            return None
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < pronoun.i), None)
        if subject is not None:
            return subject if subject.pos_ == "PROPN" else None
    return None


def _quote_between(first: Token, last: Token) -> bool:
    """A quotation opens between two tokens: "Fallon fired back: “…,” he wrote" — a clause before
    the quote introduces it; "Clinton lied, he said" has no quote, and its clause is what he said."""
    return any(t.text in OPENING_CHARS for t in first.doc[first.i + 1:last.i])


def _named_by_apposition(subject: Token) -> Token:
    """"The mayor's spokesman Brian Fallon fired back": the name in apposition to a common-noun
    subject, else the subject itself."""
    if subject.pos_ == "PROPN":
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), subject)


def _asked(verb: Token, lex: Lexicon) -> Token | None:
    """The proper name a question is put to ("Tom Reese asked Brill whether …": Brill): the
    quote after a question is its answer, so a pronoun there is the one asked, not the asker."""
    if lex.cue_lemma(verb.text) not in QUESTION_VERBS:
        return None
    return next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ == "PROPN"), None)


def _head(tokens: list[Token]) -> Token:
    """The token of ``tokens`` whose head lies outside them (the mention's head noun); not a
    part of a hyphenated word the parser attached on its own ("co" of "co-host")."""
    ids = {t.i for t in tokens}
    heads = [t for t in tokens if (t.head.i not in ids or t.head.i == t.i) and not hyphen_joined(t)]
    if len(heads) > 1 and all(t.dep_ == "compound" for t in heads[:-1]):
        return heads[-1]  # a name cut from a longer compound ("Elizabeth Warren" of a headline's run)
    return heads[0] if heads else tokens[-1]


DESCRIPTION_SKIP_DEPS = ("det", "poss", "case")
"""Words before a name that describe nobody: "the", "his", a possessive."""


def _description(named: list[Token], run: list[Token]) -> str | None:
    """"the 14th-ranked Schwartzman" -> "14th-ranked": the modifiers of a name before it, a
    description of whom the name names and no part of the name (articles and possessors aside)."""
    ids = {t.i for t in named}
    before = [t for t in named if t.i < run[0].i and t.dep_ not in DESCRIPTION_SKIP_DEPS]
    before = _without_edge_punct(before)
    joint = run[0].doc[run[0].i - 1]
    if not before or any(t.head.i not in ids for t in before) or not (joint.whitespace_ or joint.is_space):
        return None  # "R-WI": joined to the name, no description of it
    if all(t.like_num for t in before):
        return None  # "And a third, Daniel Traynor, said": a count, no description
    return text_of(before)


def _name_run(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The proper nouns that end a mention ("... chairwoman Ana Ruiz" -> Ana Ruiz), at most four."""
    run: list[Token] = []
    for t in reversed(tokens):
        if t.tag_ == "POS" or t.text in ("’s", "'s"):
            continue
        if t.pos_ == "PROPN" and not lex.is_title(t.lower_):
            run.insert(0, t)
        else:
            break
    return run if 0 < len(run) <= 4 else []


class Resolver:
    """Builds the article's entities from its paragraphs and resolves mentions against them."""

    def __init__(self, paras: list[Para], lex: Lexicon) -> None:
        self.paras = paras
        self.lex = lex
        self.people: dict[str, Entity] = {}  # surname key -> entity (the article's first person named in full under it)
        self.namesakes: dict[str, Entity] = {}  # full name key -> a later person of the same surname
        self.person_mentions: list[tuple[int, Entity]] = []  # (absolute offset, entity) in text order
        self.groups: dict[str, Entity] = {}
        self.recent: list[tuple[int, Entity]] = []  # speakers resolved so far, for pronouns
        self._first_name_index: dict[str, list[str]] | None = None
        self._first_word_index: dict[str, list[str]] | None = None
        self._family_first: set[str] = set()
        self._tagged_person: set[str] | None = None
        self._headlines: set[int] | None = None  # start offsets of Title Case paragraphs
        self._lower_words: set[str] | None = None
        self._word_counts: Counter[str] | None = None
        self._spoken: list[tuple[Speaker, Entity]] = []  # each speaker given out, for ``settle``
        for para in paras:
            self._collect(para)

    def _collect(self, para: Para) -> None:
        for ent in para.doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = self._with_given_names(list(ent), max(0, ent.start - MAX_GIVEN_NAMES_BEFORE))
            found = self._named(_clean_name(tokens, self.lex))
            if found is None:
                continue
            entity, full, words = found
            if len(words) > 1 and full in self._family_names_first() and self._names_by_first_word().get(words[0]) == [full]:
                self.people.setdefault(words[0].lower(), entity)  # "Park Sung Chol" before "Mina Park"
            entity.aliases.append(full)
            role, org = _role_words(para.doc, tokens[0].i, self.lex)
            after_role, after_org = _appositive_role(ent[-1], self.lex)
            entity.role = entity.role or role or after_role
            entity.organisation = entity.organisation or org or after_org
            _note_gender_evidence(entity, ent, words, self.lex)
            self.person_mentions.append((para.start + ent.start_char, entity))

    def _with_given_names(self, name: list[Token], first: int) -> list[Token]:
        """A person's name the tagger cut short, with the given names and initials written right
        before it, back to token ``first``: "Christina N Luis Olidem" where it tagged "Luis Olidem"."""
        doc, i = name[0].doc, name[0].i
        while i - 1 >= first and doc[i - 1].pos_ == "PROPN" and doc[i - 1].ent_type_ in ("", "PERSON") and (
                self._given(doc[i - 1]) or _is_initial_letter(doc[i - 1])):
            i -= 1
        return [doc[k] for k in range(i, name[0].i)] + name

    def _named(self, name: list[Token]) -> tuple[Entity, str, list[str]] | None:
        """The article's person for a name's tokens, by surname, made on first sight, with the
        name as written here and its words; None when no word is left. The surname's person is
        the one the text names first in full (``_first_full_name``): a bare surname takes that
        full name, and another given name with the surname is a namesake."""
        name, described = _descriptor_split(_with_hyphenated_given_name(name, self.lex), self.lex)
        words = _words(name)
        if not words:
            return None
        key = words[-1].lower()
        full = _uncapitalised(_name(name))
        words = full.split() if full != _name(name) else words
        entity = self.people.get(key)
        gender = self._honorific_gender(name)
        first = self._first_full_name(words[-1], gender)  # whom the article names first
        if entity is not None and len(words) == 1 and gender and entity.gender not in (None, gender):
            other = first or f"{full} ({gender})"  # "Mr. Obama" where the surname's person is Michelle Obama
            entity = self.namesakes.setdefault(other.lower(), self._person_named(first or full))
        elif entity is None and first is not None and _namesake(full.split(), first):
            entity = self.namesakes.setdefault(" ".join(words).lower(), self._person_named(full))
        elif entity is None and len(words) == 1 and (family := self._family_name_first(words[0], first)):
            entity = self.people[key] = family  # "Kim" after "Kim Jong-un", whom the text names before "Erin Kim"
        elif entity is None:
            whole = first is not None and (len(words) == 1 or _ends_with(first.split(), words))
            entity = self.people[key] = self._person_named(first if whole else full)  # "Van Der Beek": James's
        elif _namesake(full.split(), entity.name):  # "Eric Trump" after "Donald Trump": someone else
            entity = self.namesakes.setdefault(" ".join(words).lower(), self._person_named(full))
        entity.take_name(full, [text_of(described)] if described else [], self.lex)
        return entity, full, words

    def _person_named(self, full: str) -> Entity:
        """A new person entity; a known given name tells their gender ("Ada Ekwueme"), so that a
        pronoun of the other gender skips them even when no mention of theirs was read."""
        entity = Entity(full, "person")
        words = full.split()
        if len(words) > 1 and (given := self.lex.given_names.get(words[0].lower())):
            entity.genders_seen.add(given)
        return entity

    def _person_shaped(self, tokens: list[Token]) -> bool:
        """Whether an organisation's name is a person's: two or three capitalised words, the first a
        known given name and the last a word the article never writes in lower case ("Carly
        Fiorina"; not "Bernie Sanders Campaign" in an article that speaks of "the campaign")."""
        words = _words(tokens)
        return (2 <= len(words) <= 3 and all(w[:1].isupper() for w in words)
                and is_given_name(words[0].lower(), self.lex) and not self._organisation_named(tokens)
                and not any(self.lex.is_title(w) or self.lex.is_document(w.lower()) for w in words)
                and words[-1].lower() not in self._lower_case_words())

    def _organisation_named(self, tokens: list[Token]) -> bool:
        """Whether a capitalised name ends in a word that ends organisations' names
        (``data/organisation_words.txt``: "Regina Police Service", "Dick Clark Productions"): no
        person, whatever given name it starts with."""
        return bool(tokens) and _strip_possessive(tokens[-1].text).lower() in self.lex.organisation_words

    def _lower_case_words(self) -> set[str]:
        """The words the article writes in lower case somewhere ("campaign"), read once."""
        if self._lower_words is None:
            self._lower_words = {t.text for para in self.paras for t in para.doc if t.is_lower}
        return self._lower_words

    def _honorific_gender(self, name: list[Token]) -> str | None:
        """The gender a gendered word right before or in a name tells ("Mr. Obama": "m")."""
        before = [name[0].doc[name[0].i - 1]] if name[0].i > 0 else []
        found = {g for t in before + name if (g := self.lex.gendered_words.get(t.lower_.rstrip(".")))}
        return next(iter(found)) if len(found) == 1 else None

    def _tokens(self, span: tuple[int, int]) -> tuple[Para, list[Token]] | None:
        para = para_at(self.paras, span[0])
        if para is None:
            return None
        return para, tokens_in(para.doc, span[0] - para.start, span[1] - para.start)

    def resolve(self, span: tuple[int, int] | None, text: str) -> Speaker | None:
        """The canonical speaker of the mention at ``span`` (None when there is no mention)."""
        if span is None:
            return None
        found = self._tokens(span)
        mention_text = text[span[0]:span[1]]
        if found is None or not found[1]:
            return _unresolved(mention_text).speaker()
        para, tokens = found
        entity = self._entity(span[0], tokens, mention_text)
        entity.aliases.append(mention_text)
        pronoun = self.lex.pronoun(tokens[0].lower_) if len(tokens) == 1 and tokens[0].pos_ == "PRON" else None
        if entity.kind == "person" and pronoun is None:  # "Mrs. Clinton said", "the spokeswoman said"
            cut = next((k for k, t in enumerate(tokens) if t.tag_ == "POS" or t.text in ("’s", "'s")), len(tokens))
            entity.note_gender(tokens[:cut], self.lex)
            entity.note_gender(tokens[cut:], self.lex, cue=False)  # "Grayson's spokeswoman" is not his
        elif entity.kind == "person" and pronoun is not None and pronoun.gender:  # "…,” she said: resolved to this person
            entity.gender_cues[(id(tokens[0].doc), tokens[0].idx)] = (gender_of(pronoun.gender), tokens[0].text, "pronoun")
        if entity.kind not in ("unknown", UNRESOLVED):
            self.recent.append((span[0], entity))
        speaker = entity.speaker()
        self._spoken.append((speaker, entity))
        return speaker

    def settle(self, text: str) -> None:
        """Give every speaker handed out the gender call of all the article's evidence: the cues
        of every mention (not only those before their statement), the gendered words the article
        puts before their surname anywhere ("Ms. Abedin"), and, for a person known here by
        surname only, the given name the article writes before it (``extract.gender.article_cues``)."""
        starts = {id(p.doc): p.start for p in self.paras}
        for entity in {id(e): e for _, e in self._spoken if e.kind == "person"}.values():
            cues = {starts.get(doc, 0) + idx: cue for (doc, idx), cue in entity.gender_cues.items()}
            words = [w for w in entity.name.split() if w.lower().strip(".,") not in NAME_SUFFIXES]
            if not words:
                continue
            found, given = article_cues(text, _strip_possessive(words[-1]), self.lex.gendered_words,
                                        words[0] if len(words) > 1 else None)
            for offset, cue in found:
                cues.setdefault(offset, cue)
            full = entity.name if len(words) > 1 or given is None else f"{given} {entity.name}"
            entity.settled = person_call(full, (cues[k] for k in sorted(cues)))
        for speaker, entity in self._spoken:
            speaker.gender = entity.gender_call()

    def _entity(self, start: int, tokens: list[Token], mention_text: str) -> Entity:
        if len(tokens) == 1 and tokens[0].tag_ in ("WP", "WDT") and tokens[0].head.dep_ == "relcl":
            antecedent = mention_tokens(tokens[0].head.head)  # "Rutte, who said" -> Rutte
            return self._entity(start, antecedent, text_of(antecedent))
        if len(tokens) == 1 and tokens[0].pos_ == "PRON":
            return self._antecedent(start, tokens[0].lower_)
        head = _head(tokens)
        if head.dep_ == "appos" and head.head.pos_ == "PROPN" and head.head.i < tokens[0].i and head.pos_ == "NOUN":
            anchor = [t for t in mention_tokens(head.head) if t.i < tokens[0].i]  # "Jeff Merkley of Oregon, the
            return self._entity(start, anchor, text_of(anchor))  # only senator to endorse Sanders": Merkley
        outlet = outlet_named(_strip_possessive(text_of([t for t in tokens if t.dep_ != "det"])))
        if outlet is not None and (len(tokens) > 1 or self._first_full_name(_strip_possessive(tokens[0].text)) is None):
            # "Fox News said": an outlet, whatever the tagger made of "Fox"; "Bloomberg" after "Michael Bloomberg" is him
            return self._group(outlet, "organisation")
        named = self._bracketed_after_name(tokens)
        if named is not None:  # "Rep. Paul Ryan (R-WI) said": the name before the brackets
            return self._entity(start, named, text_of(named))
        capitals = self._in_capitals(tokens)
        if capitals is not None:
            return capitals
        known = self._known_surname(tokens)
        if known is not None:
            return known
        person = self._person(tokens) or self._appositive_person(tokens)
        if person is not None:
            return person
        described = self._described(tokens)
        if described is not None:
            return described
        if head.ent_type_ == "LAW" or self.lex.is_document(head.lower_) and (
                head.pos_ == "NOUN" or any(t.like_num for t in tokens)):
            owner = self._owner(start, head)
            return owner or self._group(text_of([t for t in tokens if t.dep_ != "det"]), "document")
        if len(tokens) == 1 and head.pos_ == "PROPN" and (full := self._full_name(head)) is not None:
            return full  # "Devine" after "Tad Devine", whatever the tagger made of it
        groups = [t for t in tokens if t.ent_type_ in ORG_LABELS + COUNTRY_LABELS and t.pos_ in NAME_POS
                  and t.i <= head.i]  # not "Trump" of "the contrast with Trump", "Attorneys for Clinton"
        if groups and head not in groups and (_strip_possessive(groups[0].text).lower() in self.people
                                              or self._first_full_name(_strip_possessive(groups[0].text))):
            return _unresolved(mention_text)  # "a top Trump surrogate": someone of Trump's, not Trump
        if groups and head not in groups and head.pos_ == "PROPN" and head.is_title and head.i == tokens[-1].i \
                and head.i > 0 and head.doc[head.i - 1].tag_ == "POS" and not head.ent_type_:
            return self._entity(start, [head], head.text)  # "Nigeria's Okafor said": Okafor, not Nigeria
        if groups and head not in groups and head.is_lower and self.lex.is_title(_word(head)):
            return self._definite_description(start, tokens, mention_text)  # "the Democratic nominee": not the party
        if groups:
            label = groups[0].ent_type_
            ents = [t for t in tokens if t.ent_type_ == label]
            name_tokens = [t for t in ents if t.tag_ != "POS"]
            run = _name_run([t for t in tokens if t.i <= head.i], self.lex)
            if not run or run[0].ent_type_ == label or tokens[0].lower_ == "the":
                run = []  # only "Shapiro" of "Ilya Shapiro" tagged; not "The Harbour Authority"
            shaped = next((c for c in (name_tokens, run) if c and label == "ORG" and self._person_shaped(c)), None)
            if shaped is not None:  # "Carly Fiorina" tagged an organisation
                found = self._named(shaped)
                if found is not None:
                    return found[0]
            return self._group(_name(name_tokens), "country" if label in COUNTRY_LABELS else "organisation")
        described_name = self._described_name(start, tokens)
        if described_name is not None:
            return described_name
        if head.pos_ == "PROPN" and len(tokens) == 1:
            full = self._full_name(tokens[0])
            if full is not None:
                return full
            if not head.ent_type_ and head.is_title and head.tag_ != "NNPS" and head.lower_ not in self._lower_case_words():
                # "Okafor, who ..., said": a surname speaks; not "Deadline reports" where the text writes
                # "deadline", nor a plural ("Republicans")
                word = _strip_possessive(head.text)
                return self.people.setdefault(word.lower(), Entity(word, "person"))
        if head.pos_ == "PROPN":
            return self._group(_strip_possessive(mention_text), "organisation" if len(tokens) > 1 else "unknown")
        if len(tokens) == 1 and head.is_title and not self.lex.is_title(head.lower_):
            known = self.people.get(_strip_possessive(head.text).lower()) or self._full_name(head)
            if known is not None and known.kind == "person":  # "Trump said", the tagger's noun: a surname the article knows
                return known
        if self.lex.is_title(_word(head)) or _AGE.fullmatch(_word(head)):
            return self._definite_description(start, tokens, mention_text)
        return _unresolved(mention_text)

    def _definite_description(self, start: int, tokens: list[Token], mention_text: str) -> Entity:
        """"the former Florida governor said" after "Florida Gov. Jeb Bush": a definite description
        headed by a title names the speaker the article quoted last whose role there shares a title
        word with it (and no other gender), or failing one, the person named last with such a role;
        failing that, the person a proper name makes the subject
        of the sentence before, named by a known given name and surname (``_previous_subject``: "David
        Axelrod on Wednesday called on … “…,” Obama's former campaign strategist said"; not
        "Breitbart News released …"), unless the description names them ("Trump's son"
        after "Trump said" is someone else). The same holds for a description possessed by a name
        ("Obama's former campaign strategist"); an indefinite one ("a senior adviser"), one a
        country possesses ("France's central bank governor": that country's, not the last governor
        quoted; the tagger calls too many surnames organisations to say the same of those) or one
        nobody fits is unresolved. Not the organisation or place in it: "the Democratic nominee" is
        a person, never the party."""
        head = _head(tokens)
        definite = tokens[0].lower_ == "the" and tokens[0].dep_ == "det"
        possessed = len(tokens) > 2 and tokens[0].pos_ == "PROPN" and tokens[1].tag_ == "POS"
        if not definite and not possessed or possessed and tokens[0].ent_type_ in COUNTRY_LABELS:
            return _unresolved(mention_text, role=head.text)  # "France's central bank governor": France's, no one here
        genders = {g for t in tokens if (g := self.lex.gendered_words.get(t.lower_.rstrip(".")))}
        titles = {_word(t).rstrip(".") for t in tokens if self.lex.is_title(_word(t))}

        def gender_fits(entity: Entity) -> bool:
            return entity.kind == "person" and not (len(genders) == 1 and entity.gender not in (None, *genders))

        def fits(entity: Entity) -> bool:
            theirs = {w.lower().rstrip(".,") for w in (entity.role or "").split() if self.lex.is_title(w)}
            return gender_fits(entity) and any(_same_title(a, b) for a in theirs for b in titles)

        if definite:
            for entity in self._speakers_before(start):
                if fits(entity):
                    return entity
            for pos, entity in self._persons_before(start):
                if start - pos <= MAX_PRONOUN_LOOKBACK and fits(entity):
                    return entity  # "Finance Minister Chrystia Freeland tabled …; “…,” the minister said"
        subject = self._previous_subject(start)
        named = {_strip_possessive(t.text).lower() for t in tokens if t.pos_ == "PROPN"}
        words = subject.name.split() if subject is not None else []
        if (subject is not None and gender_fits(subject) and len(words) > 1 and is_given_name(words[0].lower(), self.lex)
                and not named & {w.lower() for w in words}):
            return subject
        main = self._main_person(start) if definite and _word(head) in self.lex.epithets else None
        if main is not None and gender_fits(main) and not named & {w.lower() for w in main.name.split()}:
            return main  # "the retired neurosurgeon said" in a story about Ben Carson
        return _unresolved(mention_text, role=head.text)

    def _main_person(self, start: int) -> Entity | None:
        """The person the article is about: named in full before ``start`` (by a person entity
        the resolver read, or failing any, by a full name the text writes: ``_first_full_name``),
        and their surname written at least ``MAIN_PERSON_MENTIONS`` times in the article and
        ``MAIN_PERSON_DOMINANCE`` times as often as any other person's; None when no one stands
        out so."""
        named = {id(e): e for pos, e in self.person_mentions if pos < start and len(e.name.split()) > 1}
        counts = self._surname_counts()
        if named:
            ranked = sorted(((counts.get(_strip_possessive(e.name.split()[-1]), 0), e.name.split()[-1], e)
                             for e in named.values()), key=lambda triple: -triple[0])
        else:
            ranked = sorted(((n, w, None) for w, n in counts.items() if self._written_before(w, start)),
                            key=lambda triple: -triple[0])
        if not ranked:
            return None
        best, surname, entity = ranked[0]
        second = max((c for c, w, _ in ranked[1:] if w != surname), default=0)
        if best < MAIN_PERSON_MENTIONS or best < MAIN_PERSON_DOMINANCE * second:
            return None
        return entity or self.people.setdefault(surname.lower(), self._person_named(self._first_full_name(surname) or surname))

    def _written_before(self, surname: str, start: int) -> bool:
        """Whether the article names the person of a surname in full before ``start``."""
        full = self._first_full_name(surname)
        return full is not None and any(0 <= p.doc.text.find(full) < start - p.start for p in self.paras if p.start < start)

    def _surname_counts(self) -> Counter[str]:
        """How often each capitalised word (possessive aside) is written in the article, read once."""
        if self._word_counts is None:
            self._word_counts = Counter(_strip_possessive(t.text) for para in self.paras for t in para.doc
                                        if t.text[:1].isupper())
        return self._word_counts

    def _owner(self, start: int, document: Token) -> Entity | None:
        """The person whose document speaks ("Clinton’s statement said": Clinton), when its
        possessor is a proper name that resolves to a person; a statement is its author's."""
        owner = next((c for c in document.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is None:
            return None
        tokens = [t for t in mention_tokens(owner) if t.i < document.i]
        entity = self._entity(start, tokens, text_of(tokens)) if tokens else None
        return entity if entity is not None and entity.kind == "person" else None

    def _bracketed_after_name(self, tokens: list[Token]) -> list[Token] | None:
        """The name a bracketed mention follows ("Paul Ryan" of "Paul Ryan (R-WI)", where the
        mention is "R-WI"): a party and state, or a place, in brackets is no speaker of its own."""
        doc = tokens[0].doc
        i = tokens[0].i - 1
        while i >= 0 and doc[i].text != "(" and doc[i].text != ")" and tokens[0].i - i <= 3:
            i -= 1
        j = tokens[-1].i + 1
        while j < len(doc) and doc[j].text not in ("(", ")") and j - tokens[-1].i <= 3:
            j += 1
        if i < 1 or j >= len(doc) or doc[i].text != "(" or doc[j].text != ")":
            return None
        before = doc[i - 1]
        if before.pos_ != "PROPN" or before.ent_type_ in ORG_LABELS + COUNTRY_LABELS:
            return None
        return _name_run(list(doc[max(0, i - 4):i]), self.lex) or None

    def _in_capitals(self, tokens: list[Token]) -> Entity | None:
        """A name a transcript writes in capitals ("KATE BOLDUAN:", "BENENSON:"): a given name and
        a surname, or a surname the article names a person by; "CNN" or "NATO" stay what they are."""
        words = [t.text for t in tokens if not t.is_punct]
        if not 1 <= len(words) <= 3 or not all(w.isalpha() and w.isupper() and len(w) > 1 for w in words):
            return None
        name = _uncapitalised(" ".join(words)).split()
        if len(name) > 1 and is_given_name(name[0].lower(), self.lex):
            key, full = name[-1].lower(), " ".join(name)
            entity = self.people.get(key)
            if entity is None:
                entity = self.people[key] = self._person_named(full)
            elif _namesake(name, entity.name):
                entity = self.namesakes.setdefault(full.lower(), self._person_named(full))
            return entity
        known = self.people.get(name[-1].lower())
        if len(name) == 1 and known is not None and known.kind == "person":
            return known
        full = self._first_full_name(name[-1]) if len(name) == 1 else None
        return self.people.setdefault(name[-1].lower(), self._person_named(full)) if full else None

    def _described_name(self, start: int, tokens: list[Token]) -> Entity | None:
        """"the 14th-ranked Schwartzman", "defending champion Croatia": a proper name after words
        that describe it is the name alone, resolved as the name would be; a person keeps the
        description as the role when the article gives no other. One word a title possesses is
        an office, an organisation: "the Prime Minister's Office", never a person "Office"."""
        head = _head(tokens)
        if head.pos_ != "PROPN":
            return None
        named = [t for t in tokens if t.i <= head.i]
        run = _name_run(named, self.lex)
        description = _description(named, run) if run else None
        if description is None:
            return None
        doc = run[0].doc
        if len(run) == 1 and run[0].i > 1 and doc[run[0].i - 1].tag_ == "POS" and self.lex.is_title(doc[run[0].i - 2].text):
            return self._group(_name([t for t in named if t.dep_ != "det"]), "organisation")  # "the Prime Minister's Office"
        entity = self._entity(start, run, text_of(run))
        if entity.kind == "person" and entity.role is None:
            entity.role = description
        return entity

    def _known_surname(self, tokens: list[Token]) -> Entity | None:
        """A lone capitalised word that is the surname of a person named in full in this article
        is that person, whatever the tagger made of it: the small model often tags an unfamiliar
        surname at the start of a sentence as a noun or an organisation ("Reyes added that …")."""
        if len(tokens) != 1 or not tokens[0].is_title:
            return None
        person = self.people.get(_strip_possessive(tokens[0].text).lower())
        return person if person is not None and " " in person.name else None

    def _person(self, tokens: list[Token]) -> Entity | None:
        """The person a mention names: by a PERSON entity, or by proper nouns after a title
        ("chairwoman Ana Ruiz"), or by a surname already known in the article."""
        head = _head(tokens)
        if (head.i == tokens[0].i and head.is_title and self.lex.is_title(_word(head)) and len(tokens) > 2
                and tokens[1].lower_ in ("of", "for") and tokens[-1].ent_type_ == "PERSON"):
            head = tokens[-1]  # "Minister for Finance Lukas Brandt": the parser made the title the head
        if head.pos_ not in ("PROPN", "PRON") and head.ent_type_ != "PERSON":
            return None  # "the Obama administration", "Donald Trump's campaign manager": someone of theirs
        named = [t for t in tokens if t.i <= head.i]  # not a name inside "the head of X's PAC"
        name = _clean_name(_last_entity([t for t in named if t.ent_type_ == "PERSON"]), self.lex)
        run = _name_run(named, self.lex)
        if name and name[0].i > named[0].i:
            name = _clean_name(self._with_given_names(name, named[0].i), self.lex)
        if name and name[0].i > named[0].i and self.lex.keeps_title([name[0].doc[name[0].i - 1].text, *_words(name)]):
            name = [name[0].doc[name[0].i - 1], *name]  # "Queen Elizabeth II", the tagger's "Elizabeth II"
        if not _words(name) and run:
            before = tokens[0].doc[run[0].i - 1] if run[0].i > 0 else None
            known = _strip_possessive(run[-1].text).lower() in self.people and run[-1].ent_type_ not in COUNTRY_LABELS
            titled = before is not None and self.lex.is_title(before.lower_)
            shaped = next((run[j:] for j in range(len(run)) if 2 <= len(run) - j <= 3 and is_given_name(run[j].lower_, self.lex)
                           and not any(t.ent_type_ for t in run[j:]) and not self._organisation_named(run)), [])
            if known or titled:
                name = _clean_name(run, self.lex)
            elif shaped:  # "Ana Ruiz, the secretary of labor, said": untagged, but a given name and a surname
                run = self._with_given_names(shaped, run[0].i)  # "Secretary of State Ana Ruiz": State is no name
                name = _clean_name(run, self.lex)
        found = self._named(name)
        if found is None:
            return None
        entity = found[0]
        if run:
            role, org = _role_words(run[0].doc, run[0].i, self.lex)
            entity.role = entity.role or role or _description(named, run)
            entity.organisation = entity.organisation or org
        return entity

    def _appositive_person(self, tokens: list[Token]) -> Entity | None:
        """"The union’s negotiator, Mara Voss, said": the name in apposition; the description
        before it becomes the role when none is known."""
        head = _head(tokens)
        for child in head.rights:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and not any(
                    t.text == ":" for t in head.doc[head.i + 1:child.left_edge.i]):  # not a headline's "Label: rest"
                name = mention_tokens(child)  # not "WeWork's parent company, The We Company, said"
                if name[0].lower_ in INDEFINITE:
                    continue  # "Wilcox, an Orlando Republican, said": what he is, no name
                person = self._person(name) or (self._titled(name) if name[0].lower_ != "the" else None)
                if person is not None and person.role is None and head.pos_ == "NOUN":
                    person.role = head.text
                return person
        closing = self._closing_apposition(head) if head.pos_ == "NOUN" else None
        found = self._named(closing) if closing else None
        return found[0] if found else None

    def _closing_apposition(self, head: Token) -> list[Token] | None:
        """"The director of the European Centre, Ina Kirsch, told …", "One pastor supporting Mr.
        Cruz, Darran Whiting of …, said": a person's name set off by commas that closes the subject
        right before its verb, though the parser hung it on a noun inside the description; a name
        only when it starts with a known given name. The apposition may be a title that ends in the
        name ("Another diplomat, former special envoy to Ukraine Kurt Volker, shifted …")."""
        doc, verb = head.doc, head.head
        for t in head.subtree:
            if t.i <= head.i or t.dep_ != "appos" or t.pos_ not in ("PROPN", "NOUN"):
                continue
            end = t.right_edge.i
            if doc[t.left_edge.i - 1].text != "," or end + 1 >= len(doc) or doc[end + 1].text != "," \
                    or not 0 < verb.i - (end + 1) <= 2:
                continue
            if t.pos_ == "PROPN":
                run = _name_run([x for x in mention_tokens(t) if x.i <= t.i], self.lex)
                if 2 <= len(run) <= 3 and is_given_name(run[0].lower_, self.lex) and not self._organisation_named(run):
                    return run
                continue
            run = _name_run(list(doc[t.i:end + 1]), self.lex)  # "Another diplomat, former special
            named = next((run[j:] for j in range(len(run) - 2, -1, -1)  # envoy to Ukraine Kurt Volker,
                          if len(run) - j <= 3 and is_given_name(run[j].lower_, self.lex)), [])  # shifted"
            if named:
                return named
        return None

    def _titled(self, tokens: list[Token]) -> Entity | None:
        """A person for a bare proper name of two or three words ("Mara Voss")."""
        run = _name_run(tokens, self.lex)
        if 2 <= len(run) <= 3 and all(t.is_title for t in run) and not self._organisation_named(run):
            name = _clean_name(_with_hyphenated_given_name(run, self.lex), self.lex)  # "Eva-Marie Persson"
            return self.people.setdefault(_words(name)[-1].lower(), Entity(_name(name), "person"))
        return None

    def _full_name(self, surname: Token) -> Entity | None:
        """A person for a bare surname the article gives in full elsewhere ("Rubio" after
        "Marco Rubio", even inside a quote): a given name right before the same word."""
        word = _strip_possessive(surname.text)
        full = self._first_full_name(word)
        if full is None:
            return self._family_name_first(word)
        return self.people.setdefault(word.lower(), self._person_named(full))

    def _family_name_first(self, word: str, other: str | None = None) -> Entity | None:
        """"Kim said" after "Kim Jong-un", "Hillary" after "Hillary Clinton": the person of the one
        name the article starts with the word (a family name written first, or a given name used
        alone; ``_names_by_first_word``); none when two names start with it ("Bill Clinton and
        Bill Gates"), or when the article writes ``other``, a full name that ends with the word
        ("Erin Kim"), before it."""
        names = self._names_by_first_word().get(word, [])
        if len(names) != 1 or other is not None and self._first_written(other) < self._first_written(names[0]):
            return None
        full = names[0]
        key = full.split()[-1].lower()
        entity = self.people.get(key)
        if entity is None:
            return self.people.setdefault(key, self._person_named(full))
        return entity if entity.name == full else self.namesakes.setdefault(full.lower(), self._person_named(full))

    def _first_written(self, words: str) -> float:
        """Where the article first writes ``words`` outside Title Case headlines (an offset into
        its text; infinity: nowhere): "Clinton Hid Past Health Problems" names no Clinton Hid."""
        return min((p.start + at for p in self.paras if (at := p.doc.text.find(words)) >= 0
                    and not self._headline(p)), default=float("inf"))

    def _headline(self, para: Para) -> bool:
        """Whether a paragraph is written in Title Case, as headlines are, decided once per paragraph."""
        if self._headlines is None:
            self._headlines = {p.start for p in self.paras if is_title_case(p.doc.text, self.lex.minor_words)}
        return para.start in self._headlines

    def _person_words(self) -> set[str]:
        """The words the tagger calls (part of) a person somewhere in the article, read once."""
        if self._tagged_person is None:
            self._tagged_person = {t.text for para in self.paras for t in para.doc if t.ent_type_ == "PERSON"}
        return self._tagged_person

    def _family_names_first(self) -> set[str]:
        """The names of ``_names_by_first_word`` written family name first ("Kim Jong-un", "Xi
        Jinping"): their first word stands for them as a surname would."""
        self._names_by_first_word()
        return self._family_first

    def _names_by_first_word(self) -> dict[str, list[str]]:
        """First word -> the names the text writes with it, in text order: two capitalised proper
        nouns that are no title words, the first a known given name ("Hillary Clinton") or the
        second hyphenated ("Kim Jong-un"; not "Breitbart News"), or two or three no tag calls
        anything but a person whose last word the text never writes alone ("Xi Jinping", "Kim
        Jong Un": a family name written first; not in a Title Case headline), built in one pass
        on first use."""
        if self._first_word_index is None:
            index: dict[str, list[str]] = {}
            for para in self.paras:
                doc = para.doc
                headline = self._headline(para)
                for t in doc[:-1]:
                    if not self._name_word(t) or t.i > 0 and self._name_word(doc[t.i - 1]):
                        continue
                    end = t.i + 1
                    while end + 1 < len(doc) and hyphen_joined(doc[end + 1]) and doc[end].whitespace_ == "":
                        end += 1
                    if end == t.i + 1:
                        family = t.i if headline else self._family_name_first_end(t)  # not "Clinton Hid Past …"
                        end = max(family, t.i + 1 if self._given(t) else t.i)
                        if family > t.i:
                            self._family_first.add(doc[t.i:end + 1].text)
                    else:
                        self._family_first.add(doc[t.i:end + 1].text)  # "Kim Jong-un"
                    after = doc[end + 1] if end + 1 < len(doc) else None
                    if end > t.i and self._name_word(doc[t.i + 1]) and (after is None or after.pos_ != "PROPN"):
                        full = doc[t.i:end + 1].text
                        if full not in index.setdefault(t.text, []):
                            index[t.text].append(full)
            self._first_word_index = index
        return self._first_word_index

    def _name_word(self, t: Token) -> bool:
        """A capitalised proper noun that is no title word: a word of a name."""
        return t.pos_ == "PROPN" and t.is_title and not self.lex.is_title(t.lower_)

    def _family_name_first_end(self, first: Token) -> int:
        """The last token of a name of two or three words that starts at ``first``, none of them
        tagged anything but a person and one of them, or the first word elsewhere, tagged a person
        (the tagger reads only around speakers: "“…,” Park said" after "Park Sung Chol inspected
        …"; not "Boeing Defense"), whose last word the text never writes alone ("Xi Jinping", "Kim
        Jong Un"), else ``first``'s own index."""
        doc, counts = first.doc, self._surname_counts()
        words = [first]
        while len(words) < 3 and words[-1].i + 1 < len(doc) and self._name_word(doc[words[-1].i + 1]) \
                and not doc[words[-1].i + 1].is_stop:  # not "Trump May be Aligning"
            words.append(doc[words[-1].i + 1])
        if len(words) < 2 or any(w.ent_type_ not in ("", "PERSON") for w in words) or not (
                any(w.ent_type_ == "PERSON" for w in words) or first.text in self._person_words()):
            return first.i
        full = doc[first.i:words[-1].i + 1].text
        written = sum(p.doc.text.count(full) for p in self.paras)
        return words[-1].i if counts[words[-1].text] <= written else first.i

    def _first_full_name(self, surname: str, gender: str | None = None) -> str | None:
        """The first full name the article writes with this surname ("Donald Trump" of "Trump"), in
        text order, skipping given names of the other ``gender`` ("Mr. Obama" is not "Michelle
        Obama"): the person a bare surname names, whoever the speaker mentions named first."""
        for first in self._first_names().get(surname, ()):
            if gender is None or self.lex.given_names.get(first.split()[0].lower()) in (None, gender):
                return f"{first} {surname}"
        return None

    def _first_names(self) -> dict[str, list[str]]:
        """Word -> the given names right before it, in text order, built in one pass on first use
        (looking each surname up by scanning would be quadratic on long texts). A given name is a
        capitalised proper noun that is a known given name (``_given``: not "Crooked" of "Crooked
        Hillary" or a headline's verb); up to ``MAX_NAME_WORDS_BEFORE`` words before the surname
        may be more given names, middle initials and particles, from the first given name on:
        "George W." of Bush, "Carrie Ann" of Inaba, "James Van Der" of Beek, "Bill de" of Blasio."""
        if self._first_name_index is None:
            index: dict[str, list[str]] = {}
            for para in self.paras:
                headline = self._headline(para)  # "Black Lawmakers Rip Donald Trump"
                for t in para.doc[1:]:
                    first_text = self._given_names_before(t, headline) if t.text[:1].isupper() else None
                    if first_text is not None and first_text not in index.get(t.text, ()):
                        index.setdefault(t.text, []).append(first_text)
            self._first_name_index = index
        return self._first_name_index

    def _given_names_before(self, surname: Token, headline: bool) -> str | None:
        """The given names, middle initials and particles written right before a surname, from the
        first given name ("Kathleen Hawk" of "Kathleen Hawk Sawyer"), or a regnal title before a
        lone name ("Prince" of "Prince Andrew"); None without either.
        In a ``headline`` a capitalised verb may be a given name ("Rip"): the nearest one is taken;
        a given name further out must lead a name (``_leads_names``: not "Canada" of "envoy to
        Canada Dana Ruiz")."""
        doc, givens = surname.doc, []
        for k in range(surname.i - 1, max(-1, surname.i - 1 - MAX_NAME_WORDS_BEFORE), -1):
            word = doc[k]
            if not word.whitespace_:
                break  # part of a word: "Jean-" of "Jean-Pierre"
            if self._given(word):
                givens.append(k)
                if headline:
                    break
            elif not (_is_initial(word) or word.text in NAME_PARTICLES):
                break
        start = next((k for k in reversed(givens) if k == givens[0] or self._leads_names(doc[k])), None)
        before = doc[surname.i - 1]
        if start is None and before.whitespace_ and self.lex.keeps_title([before.text, surname.text]):
            return before.text  # "Prince" of "Prince Andrew": the name "Andrew" alone stands for
        if start is None:
            return None
        given = _with_hyphenated_given_name(list(doc[start:surname.i]), self.lex)  # "Marie-Claude" of Bibeau
        return doc[given[0].i:surname.i].text

    def _leads_names(self, token: Token) -> bool:
        """Whether a given name may open a name of several ("Kathleen" of "Kathleen Hawk Sawyer"):
        a common one (the lexicon's list or ``CHAIN_LEAD_BIRTHS`` births) and not tagged a place (an
        organisation tag is no evidence: the tagger calls "Nell" of "Nell Carden Grey" one). A
        country that is also a common given name still passes ("envoy to Israel Dana Ruiz") where
        the tagger did not run."""
        return is_given_name(token.lower_, self.lex, CHAIN_LEAD_BIRTHS) and token.ent_type_ not in COUNTRY_LABELS

    def _given(self, token: Token) -> bool:
        """Whether a token is a given name in front of a surname ("Donald" of "Donald Trump",
        "LeBron" of "LeBron James")."""
        text = token.text
        return (token.pos_ == "PROPN" and text[:1].isupper() and not text.isupper()
                and not self.lex.is_title(token.lower_) and is_given_name(token.lower_, self.lex))

    def _described(self, tokens: list[Token]) -> Entity | None:
        """The person a description names by organisation or role ("the NATO chief"), when every
        place or organisation the description names is that person's; an indefinite one ("a White
        House official") names nobody in particular."""
        if any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in tokens) or tokens[0].lower_ in INDEFINITE:
            return None  # "A White House official, who requested anonymity": someone else, never named
        key = " " + " ".join(name_key(_strip_possessive(t.text)) for t in tokens) + " "
        if not any(self.lex.is_title(t.lower_) for t in tokens):
            return None
        nouns = {name_key(t.text) for t in tokens if t.pos_ in ("NOUN", "PROPN") and not self.lex.is_title(t.lower_)}
        places = {name_key(_strip_possessive(t.text)) for t in tokens
                  if t.pos_ == "PROPN" and t.ent_type_ in ORG_LABELS + COUNTRY_LABELS}

        def theirs(e: Entity) -> bool:  # "France's central bank governor" is no governor of another bank
            return places <= set(name_key(f"{e.organisation or ''} {e.role or ''}").split())

        matches = [e for e in {id(e): e for e in self.people.values()}.values()
                   if (e.organisation and (f" {name_key(e.organisation)} " in key
                                           or nouns & set(name_key(e.organisation).split()))
                       or e.role and all(f" {w} " in key for w in name_key(e.role).split())) and theirs(e)]
        return matches[0] if len(matches) == 1 else None

    def _group(self, name: str, kind: str) -> Entity:
        canonical = self.lex.country_names.get(name_key(name), name) if kind == "country" else name
        key = name_key(canonical)
        if key not in self.groups:
            self.groups[key] = Entity(canonical, kind)
        return self.groups[key]

    def _antecedent(self, start: int, pronoun: str) -> Entity:
        """The person the sentence before ``start`` is about (``_previous_subject``), else the most
        recent fitting speaker, else the most recent person named, before ``start``."""
        known = self.lex.pronoun(pronoun)
        if known is None or known.kind not in (PERSON, GROUP):
            return _unresolved(pronoun)  # "you", "one": nobody in particular; "I", "we": the writer
        want_person = known.kind == PERSON
        gender = known.gender

        def fits(entity: Entity) -> bool:
            return (entity.kind == "person") == want_person and not (gender and entity.gender not in (None, gender))

        subject = self._previous_subject(start) if want_person else None
        if subject is not None and fits(subject):  # "Ivanka Trump wrote in an essay … “…,” she wrote"
            return subject
        for entity in self._speakers_before(start):
            if fits(entity):
                return entity
        for _, entity in self._persons_before(start) if want_person else ():
            if fits(entity):
                return entity
        return _unresolved(pronoun)

    def _speakers_before(self, start: int) -> Iterator[Entity]:
        """The speakers resolved before ``start`` and at most ``MAX_PRONOUN_LOOKBACK`` characters
        back, latest first, of the last ``MAX_ANTECEDENT_CANDIDATES`` resolved."""
        return (entity for pos, entity in islice(reversed(self.recent), MAX_ANTECEDENT_CANDIDATES)
                if pos < start and start - pos <= MAX_PRONOUN_LOOKBACK)

    def _persons_before(self, start: int) -> list[tuple[int, Entity]]:
        """The last ``MAX_ANTECEDENT_CANDIDATES`` person mentions before ``start``, latest first
        (``person_mentions`` is in text order)."""
        before = bisect_left(self.person_mentions, start, key=lambda mention: mention[0])
        return self.person_mentions[max(0, before - MAX_ANTECEDENT_CANDIDATES):before][::-1]

    def _sentence_subject(self, para: Para, sent_start: int) -> Token | None:
        """The subject of the last sentence before token ``sent_start`` that is not inside
        quotation marks, in its paragraph or the paragraph before ("Trump told the Post, “I
        really don’t … because he is …”": Trump); of a question, the one asked (``_asked``)."""
        index = bisect_left(self.paras, para.start, key=lambda p: p.start)
        docs = [(para.doc, sent_start)]
        if index > 0 and len(self.paras[index - 1].doc):
            docs.append((self.paras[index - 1].doc, len(self.paras[index - 1].doc)))
        for doc, end in docs:
            while end > 0:
                root = doc[end - 1].sent.root
                if not _inside_quotes(root):
                    return _asked(root, self.lex) or next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
                end = doc[end - 1].sent.start
        return None

    def _previous_subject(self, start: int) -> Entity | None:
        """"Burton explained from a podium. “I love cats,” he said.": the person a proper name
        (a bare surname, or a name of up to three words) names as the subject of the sentence
        before the pronoun's (in its paragraph, passing over sentences inside quotation marks, or
        the last of the paragraph before), resolved as a speaker mention would be; a name inside
        quotation marks is what someone talks about and is skipped. First, the subject of a
        clause that leads into the pronoun's own ("When Robby Mook was asked …, he laughed").
        Tried before the last speaker: entities are recognised only around speaker mentions, so
        a name that is no speaker's is in no list."""
        para = para_at(self.paras, start)
        if para is None:
            return None
        doc, k = para.doc, first_at(para.doc, start - para.start)
        if k >= len(doc):
            return None
        subject = _governing_subject(doc[k])
        if subject is None:
            lead = [c for c in doc[k].head.children if c.i < k and not _inside_quotes(c) and (
                c.dep_ == "advcl" or c.dep_ in LEAD_CLAUSE_DEPS and _quote_between(c.right_edge, doc[k]))]
            subject = next((c for clause in lead for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
            subject = _named_by_apposition(subject) if subject is not None else None
        if subject is None or subject.pos_ != "PROPN":
            subject = self._sentence_subject(para, doc[k].sent.start)
        if subject is None or subject.pos_ != "PROPN" or _inside_quotes(subject) or \
                subject.ent_type_ in ORG_LABELS + COUNTRY_LABELS and self._known_surname([subject]) is None:
            return None  # an organisation, unless a surname the article gives in full ("Trump told …")
        tokens = name = mention_tokens(subject)
        run = _name_run(tokens, self.lex)
        if 2 <= len(run) <= 3 and is_given_name(run[0].lower_, self.lex):
            name = run  # "Democratic front-runner Hillary Clinton caused …": a given name and a surname
        while len(name) > 1 and self.lex.is_title(_word(name[0])):
            name = name[1:]  # "Veteran activist Maria Lopez led …": a name after title words
        if len(name) > 3 or not all(t.pos_ == "PROPN" and t.is_title for t in name):
            return None
        if len(tokens) > 1:  # "Mara Voss explained …": a name of two or three words is a person
            entity = self._person(tokens) or self._titled(name)
        else:
            new = _strip_possessive(tokens[0].lower_) not in self.people
            entity = self._entity(start, tokens, text_of(tokens))
            given = self.lex.given_names.get(tokens[0].lower_)
            if new and entity.kind == "person" and given:  # a name no mention used before: a first
                entity.genders_seen.add(given)  # name tells ("Kevin was snoring. “…,” she said")
        return entity if entity is not None and entity.kind == "person" else None
