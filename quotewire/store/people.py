"""Known people from a people file (``--people FILE``): names, aliases and an external id.

Quotebank links its speakers to Wikidata; a user can do the same with a file of the people they
care about, CSV (a header with ``name``, ``aliases``, ``id``, optional ``description`` and
``gender``; aliases separated by ``|``) or JSON lines with the same keys (``aliases`` a list). Each
person becomes a speaker under their name's identity key (``names.parse_name``) with the external
id, and their aliases name them: a statement whose speaker is named in full by the name or an alias
is theirs (``linking.SpeakerLinker``), a bare surname joins them on the article's evidence like
anyone's. The id appears in exports (Quotebank's ``qids``), the API and the speaker page.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from quotewire.errors import InputError
from quotewire.models import clean_name, normalize_text, stable_hash
from quotewire.store.names import parse_name
from quotewire.store.schema import speaker_aliases, speakers
from quotewire.store.sql import insert_ignore, upsert

ID_KEYS = ("id", "qid", "external_id", "wikidata")
"""The column or key that holds a person's external id, whichever a file uses."""


@dataclass(frozen=True)
class KnownPerson:
    name: str
    external_id: str
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    gender: str | None = None


def read_people(path: str | Path) -> list[KnownPerson]:
    """The people in a CSV or JSON-lines file; a line without a name of two words or an id is an
    error naming the file and line."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
                records = [(n, json.loads(line)) for n, line in enumerate(f, 1) if line.strip()]
            else:
                records = [(n, row) for n, row in enumerate(csv.DictReader(f), 2)]
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(path), "people", f"cannot read the people file: {e}") from e
    except json.JSONDecodeError as e:
        raise InputError(str(path), "people", f"not JSON lines: {e}") from e
    return [_person(path, n, record) for n, record in records]


def _person(path: Path, line: int, record: object) -> KnownPerson:
    if not isinstance(record, dict):
        raise InputError(f"{path}:{line}", "people", "a person must be an object with name and id")
    name = clean_name(str(record.get("name") or ""))
    external_id = next((clean_name(str(record[k])) for k in ID_KEYS if record.get(k)), "")
    if not parse_name(name, "person").full or not external_id:
        raise InputError(f"{path}:{line}", "people", f"a person needs a given name and surname and an id "
                         f"({'/'.join(ID_KEYS)}); got name {name!r}, id {external_id!r}")
    aliases = record.get("aliases") or []
    if isinstance(aliases, str):
        aliases = aliases.split("|")
    gender = str(record.get("gender") or "").strip().lower()[:1] or None
    return KnownPerson(name, external_id, [a for a in (clean_name(str(x)) for x in aliases) if a],
                       clean_name(str(record.get("description") or "")) or None,
                       gender if gender in ("f", "m") else None)


def load_people(conn: sa.Connection, people: list[KnownPerson]) -> int:
    """Store the people as speakers with their external id and aliases; returns how many."""
    rows = []
    aliases = []
    for p in people:
        parts = parse_name(p.name, "person")
        speaker_id = stable_hash("person", parts.key)
        rows.append({"id": speaker_id, "name": parts.display, "kind": "person", "name_key": parts.key,
                     "surname": parts.surname, "external_id": p.external_id, "description": p.description})
        for alias in [p.name, *p.aliases]:  # by identity key (linking) and as written (lookup)
            for key in {parse_name(alias, "person").key, normalize_text(alias)}:
                aliases.append({"speaker_id": speaker_id, "alias_key": key, "alias": alias})
    upsert(conn, speakers, rows, ["id"])
    insert_ignore(conn, speaker_aliases, aliases, ["speaker_id", "alias_key"])
    return len(rows)
