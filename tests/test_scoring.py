"""The package's scorer: its rules on our own small documents, and parity with the shared scorer."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from quotewire.errors import InputError
from quotewire.evaluate.scoring import format_table, load_docs, parse_types, score
from shared_data import SHARED, require


TEXT = ('The mayor said: "We will rebuild the bridge by spring." She added that the budget is secure. '
        '"Nobody asked us," a resident complained.')


def span(sub: str) -> list[int]:
    i = TEXT.index(sub)
    return [i, i + len(sub)]


def quote(kind: str, content: str, speaker: str | None, name: str | None = None) -> dict:
    return {"type": kind, "content": span(content), "speaker": span(speaker) if speaker else None,
            "speaker_name": name, "cue": None}


BRIDGE = quote("direct", "We will rebuild the bridge by spring.", "The mayor", "Ada Mayor")
BUDGET = quote("indirect", "the budget is secure", "She", "Ada Mayor")
NOBODY = quote("direct", "Nobody asked us,", "a resident")
GOLD = {"d": {"doc_id": "d", "text": TEXT, "quotes": [BRIDGE, BUDGET, NOBODY]}}


def pred(*quotes: dict) -> dict:
    return {"d": {"doc_id": "d", "quotes": list(quotes)}}


def test_gold_against_itself_is_perfect_in_every_row_and_mode():
    rows = score(GOLD, GOLD)
    assert list(rows) == ["direct", "mixed", "indirect", "overall"]
    for name in ("direct", "indirect", "overall"):
        for mode in ("exact", "partial", "lenient"):
            assert rows[name][mode]["f1"] == 1.0 and rows[name][mode]["e2e_f1"] == 1.0
    assert rows["mixed"]["n_gold"] == 0 and rows["mixed"]["exact"]["speaker_acc"] is None


def test_exact_ignores_enclosing_quote_marks_and_punctuation():
    s, e = BRIDGE["content"]
    rows = score(GOLD, pred(dict(BRIDGE, content=[s - 1, e + 1])), types=("direct",))
    assert rows["direct"]["exact"]["tp"] == 1


def test_partial_needs_half_the_tokens_and_lenient_a_third_of_the_characters():
    half = quote("direct", "We will rebuild the bridge", "The mayor")  # 5 of 7 tokens
    rows = score(GOLD, pred(half), types=("direct",))
    assert rows["direct"]["exact"]["tp"] == 0
    assert rows["direct"]["partial"]["tp"] == 1 and rows["direct"]["lenient"]["tp"] == 1
    tiny = quote("direct", "bridge", "The mayor")  # 1 of 7 tokens, 6 of 36 characters
    rows = score(GOLD, pred(tiny), types=("direct",))
    assert rows["direct"]["partial"]["tp"] == 0 and rows["direct"]["lenient"]["tp"] == 0


def test_each_gold_statement_is_matched_once():
    rows = score(GOLD, pred(BRIDGE, dict(BRIDGE)))
    assert rows["overall"]["exact"]["tp"] == 1
    assert rows["overall"]["exact"]["precision"] == 0.5


def test_speaker_counts_by_overlapping_mention_or_same_surname():
    by_surname = dict(BRIDGE, speaker=None, speaker_name="mayor")
    wrong = dict(BRIDGE, speaker=span("a resident"), speaker_name="A Resident")
    rows = score(GOLD, pred(by_surname), types=("direct",))
    assert rows["direct"]["exact"]["speaker_acc"] == 1.0
    rows = score(GOLD, pred(wrong), types=("direct",))
    assert rows["direct"]["exact"]["speaker_acc"] == 0.0 and rows["direct"]["exact"]["e2e_tp"] == 0


def test_unattributed_gold_quote_needs_an_unattributed_prediction():
    gold = {"d": {"doc_id": "d", "text": TEXT, "quotes": [dict(NOBODY, speaker=None)]}}
    assert score(gold, pred(dict(NOBODY, speaker=None)))["overall"]["exact"]["e2e_tp"] == 1
    assert score(gold, pred(NOBODY))["overall"]["exact"]["e2e_tp"] == 0


def test_wrong_type_counts_only_in_overall():
    as_mixed = dict(BUDGET, type="mixed")
    rows = score(GOLD, pred(as_mixed))
    assert rows["indirect"]["exact"]["tp"] == 0 and rows["mixed"]["n_pred"] == 1
    assert rows["overall"]["exact"]["tp"] == 1


def test_missing_prediction_doc_scores_zero_recall():
    rows = score(GOLD, {})
    assert rows["overall"]["exact"]["recall"] == 0.0 and rows["overall"]["n_pred"] == 0


def test_table_has_a_line_per_row():
    lines = format_table(score(GOLD, GOLD)).splitlines()
    assert len(lines) == 5 and lines[-1].startswith("overall") and "1.000" in lines[-1]


def test_parse_types_rejects_unknown():
    assert parse_types("direct, mixed") == ("direct", "mixed")
    with pytest.raises(ValueError, match="quoted"):
        parse_types("direct,quoted")


def test_load_docs_names_file_and_line_of_bad_input(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "text": "x", "quotes": []}) + "\n\n{oops\n")
    with pytest.raises(InputError, match=r"gold\.jsonl:3: invalid JSON"):
        load_docs(path)
    path.write_text(json.dumps({"doc_id": "a", "text": "x"}) + "\n" + json.dumps({"doc_id": "a", "text": "y"}))
    with pytest.raises(InputError, match=r"gold\.jsonl:2: duplicate doc_id"):
        load_docs(path)


# -- parity with shared/tools/score_quotes.py -------------------------------------------------------


@pytest.fixture(scope="module")
def shared() -> Path:
    return require(SHARED)


@pytest.fixture(scope="module")
def reference(shared: Path):
    spec = importlib.util.spec_from_file_location("shared_score_quotes", shared / "tools" / "score_quotes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturb(doc: dict, rng: random.Random) -> dict:
    """A plausible imperfect prediction: shifted, truncated, retyped, dropped and invented statements."""
    text, quotes = doc["text"], []
    for q in doc["quotes"]:
        roll = rng.random()
        if roll < 0.15:
            continue
        s, e = q["content"]
        if roll < 0.45:
            s, e = max(0, s + rng.randint(-6, 6)), min(len(text), e + rng.randint(-25, 6))
        p = dict(q, content=[s, max(s, e)])
        if rng.random() < 0.2:
            p["type"] = rng.choice(["direct", "mixed", "indirect"])
        if rng.random() < 0.25:
            p["speaker"], p["speaker_name"] = None, rng.choice([None, "Someone Else"])
        quotes.append(p)
    for _ in range(rng.randint(0, 2)):
        s = rng.randrange(max(1, len(text) - 40))
        quotes.append({"type": "direct", "content": [s, s + 40], "speaker": None, "speaker_name": None})
    return {"doc_id": doc["doc_id"], "quotes": quotes}


def assert_same(ours: dict, theirs: dict) -> None:
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)


def test_same_numbers_as_shared_scorer_on_seed(shared, reference):
    gold = load_docs(shared / "examples" / "nato-rutte-syndicated.gold.jsonl")
    rng = random.Random(7)
    for _ in range(5):
        preds = {d: perturb(doc, rng) for d, doc in gold.items()}
        assert_same(score(gold, preds), reference.score(gold, preds))
        assert_same(score(gold, preds, ("direct", "mixed")), reference.score(gold, preds, ("direct", "mixed")))
    assert format_table(score(gold, preds)) == reference.table(reference.score(gold, preds))


def test_same_numbers_as_shared_scorer_on_polnear_sample(shared, reference):
    path = shared / "data" / "polnear" / "dev.jsonl"
    with open(path, encoding="utf-8") as f:
        lines = [line for _, line in zip(range(80), f)]
    gold = {d["doc_id"]: d for d in map(json.loads, lines)}
    rng = random.Random(11)
    preds = {d: perturb(doc, rng) for d, doc in gold.items() if rng.random() < 0.9}
    ours = score(gold, preds)
    assert ours["overall"]["n_gold"] > 500
    assert 0 < ours["overall"]["exact"]["f1"] < ours["overall"]["partial"]["f1"] < 1
    assert_same(ours, reference.score(gold, preds))


def test_load_docs_rejects_unreadable_quotes_and_lets_predictions_omit_text(tmp_path):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"doc_id": "a", "quotes": [{"type": "direct", "content": [0, 3]}]}) + "\n")
    assert load_docs(path, require_text=False)["a"]["quotes"][0]["content"] == [0, 3]
    with pytest.raises(InputError, match="missing text"):
        load_docs(path)
    path.write_text(json.dumps({"doc_id": "a", "text": "abc", "quotes": [{"type": "direct", "content": "0-3"}]}))
    with pytest.raises(InputError, match=r"pred\.jsonl:1: quote 1: content must be \[start, end\]"):
        load_docs(path)
