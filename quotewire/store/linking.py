"""Speakers across articles: each statement's speaker linked to one stored speaker, as a decision
recorded with its score and evidence.

Identity is decided the way entity linkers do it (candidates, features, a threshold), on evidence
that does not depend on the order articles arrive in:

- a person named in full is identified by given name + surname (``names.parse_name``): "Donald
  J. Trump" is "Donald Trump", "Ivanka Trump" is someone else. The speaker id is a hash of that key,
  so every writer, in any order, gives the same id;
- a person named by surname alone ("Trump" in an article that never gives the full name) is a
  mention to link: its candidates are the people stored under that surname with a given name, and
  each is scored on what the article itself says (``score_candidate``): the full name in the text,
  the same role or organisation, the candidate's organisation named, the given name, names quoted
  with the candidate elsewhere, the same story, the same outlet near the same date; a gender or
  organisation that disagrees counts against. The best candidate is taken at ``THRESHOLD`` and a
  ``MARGIN`` over the next, else the mention stays a speaker of its own under the surname. All of a
  surname's bare mentions are decided again whenever a batch brings that surname (``relink_surnames``),
  from the full-name mentions alone, so the result is the same whichever article came first;
- organisations, countries and documents are identified by their name;
- an *unresolved* speaker (a pronoun nobody could be found for, a description of an unnamed person)
  is no speaker: the statement is stored and searchable, and linked to nobody.

A user's merge or split is an override consulted before all of this (``overrides.py``), so it
survives re-ingest and ``relink``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from quotewire.extract.lexicon import default_lexicon
from quotewire.models import Speaker, clean_name, normalize_text, stable_hash
from quotewire.store.names import HONORIFICS, NameParts, comparable, is_alias, is_honorific, parse_name
from quotewire.store.schema import articles, occurrences, speaker_aliases, speaker_overrides, speakers
from quotewire.store.sql import in_chunks, insert_ignore, insert_new
from quotewire.vocabulary import UNRESOLVED

THRESHOLD = 0.5
"""The score a candidate needs for a bare surname to join them: one piece of evidence from the
article (its role or organisation, the candidate's organisation named, the same story)."""
MARGIN = 0.25
"""How far the best candidate must lead the next: two people who fit equally well are not guessed between."""
WEIGHTS = {
    "full name in the article": 1.0,
    "most quoted of the surname": 0.4,  # times the candidate's share of the surname's full-name statements
    "same role": 0.6,
    "same organisation": 0.6,
    "same story": 0.6,
    "organisation named in the article": 0.5,
    "a title, and most of the surname's statements": 0.2,
    "given name in the article": 0.3,
    "co-mentioned names": 0.2,  # per person quoted with the candidate elsewhere named here too, at most two
    "same outlet within a week": 0.1,
    "most of the surname's statements, quoted in several articles": 0.2,
    "different organisation": -0.6,
    "different gender": -1.0,
}
"""What each feature adds to a candidate's score (``score_candidate``)."""
SEVERAL_ARTICLES = 2
"""Full-name articles that make the person of a surname a public figure when they also have
``DOMINANT_SHARE`` of its statements: with that, a bare surname with nothing against it joins them
("Trudeau said" in an article that never writes "Justin": 0.4 × share + 0.2 ≥ 0.5), unless a
gender, organisation or another given name says otherwise."""
DOMINANT_SHARE = 0.75
"""The part of a surname's full-name statements that makes its person *the* person of the surname
for a bare mention with a title or a public figure's: Justin Trudeau beside one quote of a "Pierre
Trudeau" (or a headline's "Derelict Obama" beside Barack Obama), but not Danielle Smith, quoted in
two articles, beside Karen and Dave Smith quoted in one each: a bare "Smith" stays unlinked."""
GENDERS_TOLD = ("female", "male")
"""The calls of ``occurrences.speaker_gender`` that say something (not "unknown")."""
RECENT_DAYS = 365
"""A speaker's role and organisation are the most frequent in their last year of statements."""


@dataclass
class Profile:
    """What the full-name statements of one stored person say about them."""

    id: str
    name: str
    given: str
    roles: Counter[str] = field(default_factory=Counter)
    organisations: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)
    clusters: set[str] = field(default_factory=set)
    outlets: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # outlet -> days
    co_mentioned: set[str] = field(default_factory=set)  # surnames of other persons quoted in their articles
    share: float = 0.0  # their part of the surname's full-name statements


@dataclass
class Mention:
    """A bare surname's statements in one article, with what the article says around them."""

    article_id: str
    text: str  # the article's text, normalised (``normalize_text``) and without accents (``names.comparable``), as names are compared
    cluster: str | None
    outlet: str | None
    day: str | None
    roles: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    genders: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)  # title words right before the surname in the text ("president obama")
    occurrence_ids: list[str] = field(default_factory=list)


def _words_in(phrase: str, text: str) -> bool:
    return bool(phrase) and re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


def _role_words(roles: Iterable[str]) -> set[str]:
    """The title words of roles ("president" of "u.s. president"): roles agree when they share one."""
    titles = default_lexicon().titles
    return {w for r in roles for w in (x.rstrip(".,") for x in r.split()) if w in titles and w not in HONORIFICS}


def _titles_before(surname: str, text: str) -> set[str]:
    """The title words the article puts right before the surname ("president" of "President Obama")."""
    titles = default_lexicon().titles
    return {m.group(1) for m in re.finditer(r"(\w+)\.? " + re.escape(surname) + r"(?!\w)", text)
            if m.group(1) in titles and m.group(1) not in HONORIFICS}


def _days_apart(a: str, b: str) -> int | None:
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def score_candidate(mention: Mention, candidate: Profile, surname: str) -> tuple[float, list[str]]:
    """The candidate's score for a bare-surname mention, and the features that gave it."""
    text = mention.text
    found: list[str] = []
    if _words_in(f"{candidate.given} {surname}", text) or _words_in(comparable(candidate.name), text):
        found.append("full name in the article")
    elif _words_in(candidate.given, text):
        found.append("given name in the article")
    if mention.roles & set(candidate.roles) or (_role_words(mention.roles) | mention.titles) & _role_words(candidate.roles):
        found.append("same role")
    elif (mention.roles or mention.titles) and candidate.share >= DOMINANT_SHARE and not candidate.roles:
        found.append("a title, and most of the surname's statements")  # "President Obama"
    if mention.organisations and candidate.organisations:
        found.append("same organisation" if mention.organisations & set(candidate.organisations)
                     else "different organisation")
    if "same organisation" not in found and any(len(o) > 2 and _words_in(o, text) for o in candidate.organisations):
        found.append("organisation named in the article")
    if mention.cluster and mention.cluster in candidate.clusters and mention.article_id not in candidate.articles:
        found.append("same story")
    shared = sum(1 for name in candidate.co_mentioned if _words_in(name, text))
    if mention.outlet and mention.day and any(
            (apart := _days_apart(mention.day, d)) is not None and apart <= 7
            for d in candidate.outlets.get(mention.outlet, ())):
        found.append("same outlet within a week")
    if candidate.share >= DOMINANT_SHARE and len(candidate.articles) >= SEVERAL_ARTICLES:
        found.append("most of the surname's statements, quoted in several articles")  # "Trudeau said" alone
    gender = candidate.genders.most_common(1)[0][0] if candidate.genders else None
    if gender and mention.genders and gender not in mention.genders:
        found.append("different gender")
    score = sum(WEIGHTS[f] for f in found) + WEIGHTS["co-mentioned names"] * min(shared, 2)
    if shared:
        found.append(f"co-mentioned names ({shared})")
    if candidate.share >= 0.5:
        score += WEIGHTS["most quoted of the surname"] * candidate.share
        found.append(f"most quoted of the surname ({candidate.share:.0%})")
    return round(score, 3), found


def decide(mention: Mention, candidates: list[Profile], surname: str) -> tuple[str | None, float, dict[str, Any]]:
    """The candidate a bare surname is, if the evidence picks one: (id or None, score, evidence)."""
    scored = sorted(((*score_candidate(mention, c, surname), c) for c in candidates),
                    key=lambda s: (-s[0], s[2].id))
    evidence: dict[str, Any] = {"decision": "surname only", "candidates": [
        {"id": c.id, "name": c.name, "score": score, "features": features} for score, features, c in scored[:3]]}
    if not scored:
        evidence["decision"] = "surname only, no known person of that surname"
        return None, 0.0, evidence
    best, runner_up = scored[0][0], (scored[1][0] if len(scored) > 1 else 0.0)
    if best >= THRESHOLD and best - runner_up >= MARGIN:
        evidence["decision"] = "linked by evidence in the article"
        return scored[0][2].id, best, evidence
    evidence["decision"] = "surname only, no candidate fits well enough" if best < THRESHOLD else \
        "surname only, two candidates fit equally"
    return None, best, evidence


class SpeakerLinker:
    """Links the speakers of one batch inside its transaction; ``finish`` settles bare surnames,
    speakers' names, roles and aliases for everything the batch touched."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._overridden = {r[0] for r in conn.execute(sa.select(speaker_overrides.c.name_key).distinct())}
        self._existing: set[str] = set()
        self._known_aliases: dict[str, str | None] = {}
        self.surnames: set[str] = set()  # persons' surnames the batch brought
        self.touched: set[str] = set()  # speaker ids the batch gave statements to

    def link(self, speaker: Speaker, article_id: str) -> tuple[str | None, float | None, dict[str, Any] | None]:
        """(speaker id, score, evidence) for one statement's speaker. A bare surname gets its
        surname's own speaker until ``finish`` decides it."""
        if speaker.kind == UNRESOLVED:
            return None, None, None
        parts = parse_name(speaker.name, speaker.kind)
        if not parts.key or (speaker.kind == "person" and not parts.surname) or not is_alias(parts.display):
            return None, None, None  # an epithet ("the NATO chief"), "the report": descriptions, never linked
        pinned = self._pinned(parts.key, article_id)
        if pinned is not None:
            self.touched.add(pinned)
            return pinned, 1.0, {"decision": "a user's merge or split"}
        if parts.surname:
            self.surnames.add(parts.surname)
        if speaker.kind == "person" and not parts.full:
            return self._ensure(parts, speaker.kind), None, None
        known = self._known_person(parts) if parts.full else None
        if known is not None:
            self.touched.add(known)
            return known, 1.0, {"decision": "a known person's name or alias (people file)", "key": parts.key}
        return self._ensure(parts, speaker.kind), 1.0, {"decision": "same full name" if parts.full else "same name",
                                                         "key": parts.key}

    def _ensure(self, parts: NameParts, kind: str) -> str:
        speaker_id = stable_hash(kind, parts.key)
        if speaker_id not in self._existing:
            insert_new(self.conn, speakers, {"id": speaker_id, "name": parts.display, "kind": kind, "role": None,
                                             "organisation": None, "name_key": parts.key, "surname": parts.surname},
                       ["id"])
            self._existing.add(speaker_id)
        self.touched.add(speaker_id)
        return speaker_id

    def _known_person(self, parts: NameParts) -> str | None:
        """A person from a people file whose name or alias this full name is."""
        if parts.key not in self._known_aliases:
            s, a = speakers.c, speaker_aliases.c
            row = self.conn.execute(
                sa.select(s.id).where(s.external_id.is_not(None), s.kind == "person",
                                      sa.or_(s.name_key == parts.key, s.id.in_(
                                          sa.select(a.speaker_id).where(a.alias_key == parts.key))))
                .order_by(s.id).limit(1)).first()
            self._known_aliases[parts.key] = row[0] if row else None
        return self._known_aliases[parts.key]

    def _pinned(self, key: str, article_id: str) -> str | None:
        """A user's decision for this name, in this article first, then everywhere."""
        if key not in self._overridden:
            return None
        o = speaker_overrides
        row = self.conn.execute(
            sa.select(o.c.speaker_id).join(speakers, speakers.c.id == o.c.speaker_id)
            .where(o.c.name_key == key, sa.or_(o.c.article_id == article_id, o.c.article_id.is_(None)))
            .order_by(o.c.article_id.is_(None), o.c.id.desc()).limit(1)).first()
        return row[0] if row else None

    def finish(self) -> set[str]:
        """Decide the bare surnames the batch touched and refresh the speakers it touched; the
        quotations whose occurrences changed speaker (to recount)."""
        moved, touched = relink_surnames(self.conn, self.surnames, self._pinned)
        self.touched |= touched
        refresh_speakers(self.conn, self.touched)
        return moved


def _occurrences_of_surname(conn: sa.Connection, surname: str) -> list[sa.Row]:
    o, a, s = occurrences.c, articles.c, speakers.c
    return list(conn.execute(
        sa.select(o.id, o.quotation_id, o.article_id, o.speaker_id, o.speaker_name, o.role, o.organisation,
                  o.speaker_gender, a.cluster_id, a.source, a.date)
        .join(speakers, s.id == o.speaker_id).join(articles, a.id == o.article_id)
        .where(s.kind == "person", s.surname == surname).order_by(o.id)))


def _co_speakers(conn: sa.Connection, article_ids: Iterable[str]) -> dict[str, set[str]]:
    """Article id -> the surnames of the persons named in full who speak in it."""
    o, s = occurrences.c, speakers.c
    stmt = (sa.select(o.article_id, s.surname).distinct().join(speakers, s.id == o.speaker_id)
            .where(s.kind == "person", s.name_key.contains(" ")))
    found: dict[str, set[str]] = defaultdict(set)
    for r in in_chunks(conn, stmt, o.article_id, article_ids):
        found[r.article_id].add(r.surname)
    return found


def role_of(speaker: Speaker) -> str | None:
    """The role a statement gives its speaker: the extractor's, else the title in front of the name
    ("Finance Minister" of "Finance Minister Lukas Brandt"); honorifics are none."""
    role = speaker.role or (parse_name(speaker.name, speaker.kind).title if speaker.kind == "person" else None)
    return clean_name(role) if role and not is_honorific(role) else None


def _role_key(role: str | None) -> str | None:
    """A role as compared: normalised, honorifics ("Mr.") are no role."""
    if not role or is_honorific(role):
        return None
    return normalize_text(role)


def relink_surnames(conn: sa.Connection, surnames: Iterable[str], pinned: Any) -> tuple[set[str], set[str]]:
    """Decide every bare mention of these surnames again against the people named in full under
    them. Returns the quotations whose occurrences moved and the speakers that gained or lost."""
    moved: set[str] = set()
    touched: set[str] = set()
    for surname in sorted(surnames):
        rows = _occurrences_of_surname(conn, surname)
        parsed = {r.id: parse_name(r.speaker_name or "", "person") for r in rows}
        full = [r for r in rows if parsed[r.id].full]
        bare = [r for r in rows if not parsed[r.id].full and parsed[r.id].surname == surname]
        if not bare:
            continue
        co = _co_speakers(conn, {r.article_id for r in full})
        candidates = _profiles(conn, full, parsed, co, surname)
        texts = dict(conn.execute(sa.select(articles.c.id, articles.c.text)
                                  .where(articles.c.id.in_(sorted({r.article_id for r in bare})))).all())
        by_article: dict[str, Mention] = {}
        for r in bare:
            if r.article_id not in by_article:
                text = comparable(texts.get(r.article_id, ""))
                by_article[r.article_id] = Mention(r.article_id, text, r.cluster_id, r.source, r.date,
                                                   titles=_titles_before(surname, text))
            m = by_article[r.article_id]
            m.roles |= {k for k in (_role_key(r.role), _role_key(parsed[r.id].title)) if k}
            m.organisations |= {comparable(r.organisation)} if r.organisation else set()
            m.genders |= {r.speaker_gender} if r.speaker_gender in GENDERS_TOLD else set()
            m.occurrence_ids.append(r.id)
        own = stable_hash("person", surname)
        updates = []
        for mention in by_article.values():
            user = pinned(surname, mention.article_id)
            if user is not None:
                target, score, evidence = user, 1.0, {"decision": "a user's merge or split"}
            else:
                chosen, score, evidence = decide(mention, candidates, surname)
                target = chosen or own
            updates += [{"oid": oid, "sid": target, "score": score, "evidence": evidence}
                        for oid in mention.occurrence_ids]
        before = {r.id: r.speaker_id for r in bare}
        if own in {u["sid"] for u in updates}:
            insert_ignore(conn, speakers, [{"id": own, "name": _display_surname(bare, parsed), "kind": "person",
                                            "role": None, "organisation": None, "name_key": surname,
                                            "surname": surname}], ["id"])
        conn.execute(sa.update(occurrences).where(occurrences.c.id == sa.bindparam("oid")).values(
            speaker_id=sa.bindparam("sid"), link_score=sa.bindparam("score"),
            link_evidence=sa.bindparam("evidence", type_=occurrences.c.link_evidence.type)), updates)
        quotation_of = {r.id: r.quotation_id for r in bare}
        for u in updates:
            if before[u["oid"]] != u["sid"]:
                moved.add(quotation_of[u["oid"]])
                touched |= {before[u["oid"]], u["sid"]}
    return moved, touched


def _display_surname(rows: list[sa.Row], parsed: dict[str, NameParts]) -> str:
    return Counter(parsed[r.id].display for r in rows).most_common(1)[0][0]


def _profiles(conn: sa.Connection, full: list[sa.Row], parsed: dict[str, NameParts], co: dict[str, set[str]],
              surname: str) -> list[Profile]:
    """The people named in full under a surname, from their full-name statements only (so a
    profile does not depend on which bare mentions were linked to it before)."""
    profiles: dict[str, Profile] = {}
    for r in full:
        p = profiles.get(r.speaker_id)
        if p is None:
            p = profiles[r.speaker_id] = Profile(r.speaker_id, parsed[r.id].display, parsed[r.id].given or "")
        role = _role_key(r.role) or _role_key(parsed[r.id].title)
        if role:
            p.roles[role] += 1
        if r.organisation:
            p.organisations[comparable(r.organisation)] += 1
        if r.speaker_gender in GENDERS_TOLD:
            p.genders[r.speaker_gender] += 1
        p.articles.add(r.article_id)
        if r.cluster_id:
            p.clusters.add(r.cluster_id)
        if r.source and r.date:
            p.outlets[r.source].add(r.date)
        p.co_mentioned |= co.get(r.article_id, set()) - {surname}
    s = speakers.c
    for row in conn.execute(sa.select(s.id, s.name).where(s.kind == "person", s.surname == surname,
                                                          s.external_id.is_not(None))):
        if row.id not in profiles:  # a known person from a people file, quoted nowhere yet
            parts = parse_name(row.name, "person")
            profiles[row.id] = Profile(row.id, parts.display, parts.given or "")
    said = Counter(r.speaker_id for r in full)
    total = sum(said.values())
    for p in profiles.values():
        p.share = said[p.id] / total if total else 0.0
    return sorted(profiles.values(), key=lambda p: p.id)


def refresh_speakers(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Derive each speaker's name, role, organisation and aliases from their statements (the most
    frequent recent ones, not the first saved; the aliases are the names the statements used), and
    drop speakers left with no statement that no user and no people file named. A speaker a user
    named in a split keeps that name."""
    o, a, s = occurrences.c, articles.c, speakers.c
    ids = sorted(set(ids) - {None})  # type: ignore[arg-type]
    if not ids:
        return
    rows: dict[str, list[sa.Row]] = defaultdict(list)
    for r in in_chunks(conn, sa.select(o.speaker_id, o.speaker_name, o.mention, o.role, o.organisation, a.date)
                       .join(articles, a.id == o.article_id), o.speaker_id, ids):
        rows[r.speaker_id].append(r)
    pinned = {r[0] for r in in_chunks(conn, sa.select(speaker_overrides.c.speaker_id).distinct(),
                                      speaker_overrides.c.speaker_id, ids)}
    for row in in_chunks(conn, sa.select(speakers), s.id, ids):
        said = rows.get(row.id, [])
        if not said:
            if row.id not in pinned and not row.external_id:
                conn.execute(sa.delete(speaker_aliases).where(speaker_aliases.c.speaker_id == row.id))
                conn.execute(sa.delete(speakers).where(s.id == row.id))
            continue
        values: dict[str, Any] = {"role": _recent_most_frequent([(r.role, r.date) for r in said if _role_key(r.role)]),
                                  "organisation": _recent_most_frequent([(r.organisation, r.date) for r in said])}
        names = [parse_name(r.speaker_name or "", row.kind) for r in said]
        if row.id == stable_hash(row.kind, row.name_key) and not row.external_id:
            values["name"] = _most_common_name([n.display for n in names if n.key == row.name_key] or [row.name])
        conn.execute(sa.update(speakers).where(s.id == row.id).values(values))
        aliases = {clean_name(n.display) for n in names} | {
            clean_name(r.mention) for r in said if r.mention and is_alias(r.mention) and _mentions_name(r.mention, row)}
        if not row.external_id:  # derived from the statements alone (a people file's aliases stay)
            conn.execute(sa.delete(speaker_aliases).where(speaker_aliases.c.speaker_id == row.id))
        insert_ignore(conn, speaker_aliases, [{"speaker_id": row.id, "alias_key": normalize_text(n), "alias": n}
                                              for n in sorted(aliases) if n], ["speaker_id", "alias_key"])


def _mentions_name(mention: str, speaker: sa.Row) -> bool:
    """Whether a mention is a name of this speaker: for a person it holds their surname ("Rutte",
    "Mr. Rutte"), not a description ("Donald Trump's campaign manager" is not Trump)."""
    parts = parse_name(mention, speaker.kind)
    if speaker.kind != "person":
        return parts.key == speaker.name_key
    return bool(parts.surname) and parts.surname == speaker.surname and (not parts.given or parts.key == speaker.name_key)


def _most_common_name(names: list[str]) -> str:
    """The form most statements use; on a tie the shorter, then the first in order."""
    counts = Counter(names)
    return min(counts, key=lambda n: (-counts[n], len(n), n))


def _recent_most_frequent(values: list[tuple[str | None, str | None]]) -> str | None:
    """The value given most often in the speaker's last ``RECENT_DAYS`` of dated statements (all of
    them when none is dated), case aside, in its most frequent casing; on a tie the latest."""
    known = [(v, d) for v, d in values if v]
    if not known:
        return None
    days = [d for _, d in known if d]
    if days:
        last = max(days)
        recent = [(v, d) for v, d in known if d and (_days_apart(d, last) or 0) <= RECENT_DAYS]
        known = recent or known
    counts = Counter(v.casefold() for v, _ in known)  # "former Secretary of State" is "former secretary of State"
    latest: dict[str, str] = {}
    for v, d in known:
        latest[v.casefold()] = max(latest.get(v.casefold(), ""), d or "")
    best = max(counts, key=lambda v: (counts[v], latest[v], v))
    return Counter(v for v, _ in known if v.casefold() == best).most_common(1)[0][0]
