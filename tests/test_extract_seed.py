"""The seed article's gold (../shared, read at run time, never copied): the extractor's acceptance test.

Skips when ../shared is missing, fails under CI=true.
"""

from __future__ import annotations

import json

import pytest
from shared_data import SEED_GOLD, require

from quotewire.evaluate.scoring import score
from quotewire.extract.statements import extract_statements


@pytest.fixture(scope="module")
def seed() -> tuple[dict, list]:
    gold = json.loads(require(SEED_GOLD).read_text(encoding="utf-8").splitlines()[0])
    return gold, extract_statements(gold["text"])


def test_seed_statements_found_with_the_right_speaker(seed: tuple[dict, list]) -> None:
    gold, quotes = seed
    rows = score({gold["doc_id"]: gold}, {gold["doc_id"]: {"doc_id": gold["doc_id"], "quotes": [q.to_gold() for q in quotes]}})
    assert rows["overall"]["partial"]["e2e_tp"] >= 25, rows["overall"]
    direct = rows["direct"]["exact"]
    assert rows["direct"]["n_gold"] == 12 and direct["e2e_tp"] == 12, rows["direct"]


def test_seed_has_no_statement_from_footer_or_show_titles(seed: tuple[dict, list]) -> None:
    gold, quotes = seed
    banned = [tuple(r) for r in gold["boilerplate"]] + [tuple(r) for r in gold["not_quotes"]]
    for q in quotes:
        for start, end in banned:
            assert not (q.content.start < end and start < q.content.end), (q.content.text, (start, end))


def test_seed_speakers_are_canonical(seed: tuple[dict, list]) -> None:
    gold, quotes = seed
    rutte = [q.speaker for q in quotes if q.speaker and q.speaker.name == "Mark Rutte"]
    assert len(rutte) >= 20
    assert rutte[0].role == gold["speakers"]["Mark Rutte"]["role"]
    assert rutte[0].organisation == gold["speakers"]["Mark Rutte"]["org"]
    by_mention = {q.speaker_mention.text: q.speaker.name for q in quotes if q.speaker_mention and q.speaker}
    assert by_mention.get("He") == "Mark Rutte" and by_mention.get("Rubio") == "Marco Rubio"


def test_seed_in_the_default_scope_is_its_26_statements_and_no_more(seed: tuple[dict, list]) -> None:
    """The two predictions the gold lacks are unquoted stance objects ("questioning Russia’s
    commitment to the process"): the default scope, speech, leaves them out and loses nothing."""
    from quotewire.extract.scope import in_scope
    from quotewire.vocabulary import DEFAULT_SCOPE

    gold, quotes = seed
    kept = [q for q in quotes if in_scope(q, DEFAULT_SCOPE)]
    assert len(kept) <= len(gold["quotes"]) == 26
    rows = score({gold["doc_id"]: gold}, {gold["doc_id"]: {"doc_id": gold["doc_id"], "quotes": [q.to_gold() for q in kept]}})
    assert rows["overall"]["partial"]["e2e_tp"] == rows["overall"]["n_gold"], rows["overall"]
    assert all(q.object_phrase for q in quotes if q not in kept)
