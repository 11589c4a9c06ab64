"""Speakers across articles: each quote's speaker resolved to one stored speaker.

Within an article the extractor already resolved "He", "Rutte" and "the NATO chief" to one
``Speaker``. Across articles the store decides, conservatively: a full name links to the same
full name; a surname alone links only when exactly one known person fits and nothing contradicts
it (a different organisation), or when context picks one (their organisation named in the
article). Two Smiths with different first names never merge. A user's merge or split is stored
as an override that is consulted first, so it survives re-ingest.
"""

from __future__ import annotations

import sqlalchemy as sa

from quotewire.models import Speaker, normalize_text, stable_hash
from quotewire.store.genders import move_override
from quotewire.store.names import NameParts, is_alias, parse_name, same_organisation
from quotewire.store.schema import occurrences, quotations, speaker_aliases, speaker_overrides, speakers
from quotewire.store.sql import insert_ignore, insert_new


def _same_name(*alternatives: sa.ColumnElement[bool]) -> sa.Select:
    """Speakers of one kind whose name key, or one of ``alternatives``, is the key looked up."""
    s = speakers
    by_alias = sa.select(speaker_aliases.c.speaker_id).where(speaker_aliases.c.alias_key == sa.bindparam("key"))
    return sa.select(s).where(s.c.kind == sa.bindparam("kind"),
                              sa.or_(s.c.name_key == sa.bindparam("key"), *alternatives, s.c.id.in_(by_alias))
                              ).order_by(s.c.id)


# Built once: resolving runs them for most statements saved, and building one costs more than running it.
_SAME_NAME_OR_ALIAS = _same_name()
_SAME_NAME_SURNAME_OR_ALIAS = _same_name(speakers.c.surname == sa.bindparam("key"))
_ORGANISATIONS_OF = sa.select(occurrences.c.organisation).distinct().where(
    occurrences.c.speaker_id == sa.bindparam("speaker"), occurrences.c.organisation.is_not(None))
_FILL_IF_UNKNOWN = {column: sa.update(speakers).where(speakers.c.id == sa.bindparam("speaker"),
                                                      speakers.c[column].is_(None))
                    .values({column: sa.bindparam("value", type_=speakers.c[column].type)})
                    for column in ("role", "organisation")}


class SpeakerLinker:
    """Resolves speakers inside one transaction; remembers answers for the rest of the batch."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn
        self._in_article: dict[tuple[str, ...], str] = {}  # answers that used the article's text or pins
        self._anywhere: dict[tuple[str, ...], str] = {}  # answers that hold for every article
        self._remembered: set[tuple[object, ...]] = set()
        # Rows this transaction knows to exist: later inserts and fills of them would change nothing.
        self._aliased: set[tuple[str, str]] = set()  # (speaker id, alias key)
        self._filled: set[tuple[str, str]] = set()  # (speaker id, column) known not to be NULL
        self._overridden = {r[0] for r in conn.execute(sa.select(speaker_overrides.c.name_key).distinct())}

    def resolve(self, speaker: Speaker, article_id: str, article_text: str) -> str | None:
        parts = parse_name(speaker.name, speaker.kind)
        if not parts.key:
            return None
        general = (speaker.kind, parts.key, speaker.organisation or "")
        local = (*general, article_id)
        speaker_id = self._anywhere.get(general) or self._in_article.get(local)
        if speaker_id is None:
            pinned = self._pinned(parts.key, article_id)
            matched, used_text = (pinned, True) if pinned else self._match(parts, speaker, article_text)
            speaker_id = matched or self._create(parts, speaker)
            (self._in_article if used_text else self._anywhere)[local if used_text else general] = speaker_id
        self._remember_aliases(speaker_id, parts, speaker)
        return speaker_id

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

    def _candidates(self, parts: NameParts, kind: str, full_name: bool) -> list[sa.Row]:
        """Stored speakers of this kind under this name or alias (a person's surname alone also
        matches surnames), noting which of their role and organisation are known."""
        stmt = _SAME_NAME_SURNAME_OR_ALIAS if kind == "person" and not full_name else _SAME_NAME_OR_ALIAS
        rows = list(self.conn.execute(stmt, {"kind": kind, "key": parts.key}))
        self._filled |= {(r.id, column) for r in rows for column in _FILL_IF_UNKNOWN if r._mapping[column]}
        return rows

    def _match(self, parts: NameParts, speaker: Speaker, text: str) -> tuple[str | None, bool]:
        """The existing speaker this one is, if any, and whether the article's text decided it."""
        full_name = speaker.kind == "person" and bool(parts.surname) and " " in parts.key
        candidates = self._candidates(parts, speaker.kind, full_name)
        if not candidates and full_name:
            return self._upgrade_surname_only(parts, speaker), False
        if full_name and len(candidates) == 1:
            return candidates[0].id, False
        orgs = {c.id: self._organisations(c) for c in candidates}
        if not full_name:  # a surname or an organisation: a different organisation is a different speaker
            candidates = [c for c in candidates if not speaker.organisation or not orgs[c.id]
                          or any(same_organisation(o, speaker.organisation) for o in orgs[c.id])]
        if len(candidates) <= 1:
            return (candidates[0].id if candidates else None), False
        return _best_by_context(candidates, orgs, speaker, text, ambiguous_ok=full_name), True

    def _organisations(self, candidate: sa.Row) -> set[str]:
        """Every organisation a speaker has been named with: people move, their past still identifies them."""
        rows = self.conn.execute(_ORGANISATIONS_OF, {"speaker": candidate.id})
        return {r[0] for r in rows} | ({candidate.organisation} if candidate.organisation else set())

    def _upgrade_surname_only(self, parts: NameParts, speaker: Speaker) -> str | None:
        """A person first seen only as "Rutte" gets their full name when an article gives it, and
        the id the full name gives (``_create``): so the speaker's id is the same whichever of the
        two articles was saved first (parallel writers save in no fixed order)."""
        rows = [r for r in self.conn.execute(
            sa.select(speakers).where(speakers.c.kind == "person", speakers.c.name_key == parts.surname))
            if same_organisation(r.organisation, speaker.organisation) is not False]
        if len(rows) != 1:
            return None
        old, new = rows[0].id, stable_hash("person", parts.key)
        named = {"name": parts.display, "name_key": parts.key}
        if not insert_new(self.conn, speakers, {**rows[0]._mapping, **named, "id": new}, ["id"]):
            # that id is someone's already (a user's split named them so): keep this one's
            self.conn.execute(sa.update(speakers).where(speakers.c.id == old).values(named))
            return old
        for table in (occurrences, quotations, speaker_aliases, speaker_overrides):
            self.conn.execute(sa.update(table).where(table.c.speaker_id == old).values(speaker_id=new))
        move_override(self.conn, old, new)
        self.conn.execute(sa.delete(speakers).where(speakers.c.id == old))
        for answers in (self._anywhere, self._in_article):
            answers.update({k: new for k, v in answers.items() if v == old})
        self._aliased |= {(new, key) for sid, key in self._aliased if sid == old}
        self._filled |= {(new, column) for sid, column in self._filled if sid == old}
        return new

    def _create(self, parts: NameParts, speaker: Speaker) -> str:
        speaker_id = stable_hash(speaker.kind, parts.key)
        row = {"id": speaker_id, "name": parts.display, "kind": speaker.kind, "role": speaker.role or parts.title,
               "organisation": speaker.organisation, "name_key": parts.key, "surname": parts.surname}
        if insert_new(self.conn, speakers, row, ["id"]):
            self._filled |= {(speaker_id, column) for column in _FILL_IF_UNKNOWN if row[column]}
        return speaker_id

    def _remember_aliases(self, speaker_id: str, parts: NameParts, speaker: Speaker) -> None:
        names = {parts.display, speaker.name, *(a for a in speaker.aliases if is_alias(a))}
        done = (speaker_id, frozenset(names), speaker.role or parts.title, speaker.organisation)
        if done in self._remembered:
            return
        self._remembered.add(done)
        rows = {}
        for name in sorted(names):
            if name and (speaker_id, key := normalize_text(name)) not in self._aliased:
                rows.setdefault(key, {"speaker_id": speaker_id, "alias_key": key, "alias": name})
        insert_ignore(self.conn, speaker_aliases, list(rows.values()), ["speaker_id", "alias_key"])
        self._aliased |= {(speaker_id, key) for key in rows}
        known = {"role": speaker.role or parts.title, "organisation": speaker.organisation}
        for column, value in known.items():
            if value and (speaker_id, column) not in self._filled:
                self.conn.execute(_FILL_IF_UNKNOWN[column], {"speaker": speaker_id, "value": value})
                self._filled.add((speaker_id, column))


def _best_by_context(candidates: list[sa.Row], orgs: dict[str, set[str]], speaker: Speaker, text: str,
                     ambiguous_ok: bool) -> str | None:
    """The one candidate the article's own words point to; with a full name, the first on a tie."""
    folded = normalize_text(text)

    def score(c: sa.Row) -> int:
        org_match = 2 if any(same_organisation(o, speaker.organisation) for o in orgs[c.id]) else 0
        named_here = 1 if any(normalize_text(o) in folded for o in orgs[c.id]) else 0
        return org_match + named_here

    ranked = sorted(candidates, key=score, reverse=True)
    if score(ranked[0]) > score(ranked[1]) or ambiguous_ok:
        return ranked[0].id
    return None
