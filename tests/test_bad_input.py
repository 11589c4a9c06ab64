"""Bad input never gives a traceback: a one-line message naming the input, or an empty result.

Each kind is generated here, run through the library and through the CLI, and a batch over all of
them together still produces the good document's statements.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from test_cli_statements import assert_no_crash, runner

from quotewire.cli import app
from quotewire.errors import InputError
from quotewire.models import Article
from quotewire.run.analysis import analyze_guarded
from quotewire.sources import read_text

GOOD = 'The harbour master said: "Ships will dock again on Monday."\n'
TEN_MB = 10 * 1024 * 1024


def binary_junk() -> bytes:
    rng = random.Random(3)
    return b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(rng.randrange(256) for _ in range(4000))


def invalid_utf8() -> bytes:
    """Windows-1252 bytes (curly quotes, an accent) that are not valid UTF-8."""
    return b"The caf\xe9 owner said \x93we will reopen\x94 next week.\n"


def ten_mb_text() -> str:
    sentence = 'Officials said the ferry "will run as usual" despite the storm warnings. '
    return sentence * (TEN_MB // len(sentence) + 1)


def unbalanced_quotes() -> str:
    """500 quotation marks that never pair up: opening curly marks, stray straight ones."""
    return " ".join(f"“word{i} and \"more" if i % 2 else f"“word{i}" for i in range(500)) + "\n"


def texts() -> dict[str, str]:
    return {"empty": "", "blank": " \n\n \t", "junk": binary_junk().decode("latin-1"),
            "unbalanced": unbalanced_quotes()}


def one_line(message: str, name: str) -> None:
    assert "\n" not in message and name in message and "Traceback" not in message


# -- library --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["empty", "blank", "junk", "unbalanced"])
def test_analysis_of_bad_text_gives_a_result_not_an_exception(kind):
    (result,) = analyze_guarded([Article(id=kind, text=texts()[kind], input=kind)])
    assert result.error is None or "\n" not in result.error
    for q in result.quotes:
        assert result.article.text[q.content.start:q.content.end] == q.content.text


@pytest.mark.parametrize("kind,data,reason", [
    ("empty", b"", "empty"),
    ("blank", b" \n\t\n", "empty"),
    ("junk", binary_junk(), "binary"),
])
def test_unreadable_files_raise_input_error_naming_the_file(tmp_path, kind, data, reason):
    path = tmp_path / f"{kind}.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_text(str(path))
    assert err.value.reason == reason
    one_line(err.value.message, str(path))


def test_ten_megabyte_text_is_refused_before_parsing_and_the_batch_goes_on():
    big = Article(id="big", text=ten_mb_text(), input="big.txt")
    small = Article(id="small", text=GOOD, input="small.txt")
    refused, done = analyze_guarded([big, small])
    one_line(refused.error, "big.txt")
    assert "too long to analyse" in refused.error and not refused.quotes
    assert done.error is None and done.quotes


def test_invalid_utf8_is_read_as_windows_1252(tmp_path):
    path = tmp_path / "cp1252.txt"
    path.write_bytes(invalid_utf8())
    assert "café owner said “we will reopen”" in read_text(str(path))


# -- CLI ------------------------------------------------------------------------------------------



def write_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {"empty": b"", "junk": binary_junk(), "cp1252": invalid_utf8(), "big": ten_mb_text().encode(),
             "unbalanced": unbalanced_quotes().encode(), "good": GOOD.encode()}
    paths = {}
    for kind, data in files.items():
        paths[kind] = tmp_path / f"{kind}.txt"
        paths[kind].write_bytes(data)
    return paths


def test_extract_reports_each_bad_file_in_one_line_and_goes_on(tmp_path):
    paths = write_inputs(tmp_path)
    result = runner.invoke(app, ["extract", *map(str, paths.values())])
    assert result.exit_code == 1
    assert "Ships will dock again on Monday" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3
    assert any(str(paths["empty"]) in e and "empty" in e for e in errors)
    assert any(str(paths["big"]) in e and "too long" in e for e in errors)
    assert any(str(paths["junk"]) in e and "binary" in e for e in errors)
    assert_no_crash(result)


def test_annotate_goes_on_past_every_kind_of_bad_document(tmp_path):
    gold = tmp_path / "bad.jsonl"
    lines = [json.dumps({"doc_id": kind, "text": text}).encode() for kind, text in texts().items()]
    lines += [b'{"doc_id": "broken", "text": "caf\xe9"}', b"\x00\x01\x02 not json",
              json.dumps({"doc_id": "big", "text": ten_mb_text()}).encode(),
              json.dumps({"doc_id": "good", "text": GOOD}).encode()]
    gold.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(out)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(e.startswith(f"error: {gold}:5: not UTF-8") for e in errors)
    assert any(e.startswith(f"error: {gold}:6: invalid JSON") for e in errors)
    assert any(e.startswith(f"error: {gold}:7: too long to analyse") for e in errors)
    assert_no_crash(result)
    with open(out, encoding="utf-8") as f:  # not str.splitlines: it also splits at U+0085 in the junk
        preds = {p["doc_id"]: p for p in map(json.loads, f)}
    assert preds["good"]["quotes"] and preds["good"]["quotes"][0]["type"] == "direct"
    assert {"empty", "blank", "good"} <= set(preds)


def test_eval_leaves_out_gold_quotes_with_impossible_spans_and_scores_the_rest(tmp_path):
    text = 'The harbour master said: "Ships will dock again on Monday." Then she left.'
    start = text.index("Ships")
    good = {"type": "direct", "content": [start, text.index('."') + 1], "speaker": [4, 18], "cue": None}
    quotes = [good, dict(good, content=[40, 10]), dict(good, content=[start, 10_000]),
              dict(good, speaker=[-3, 4]), dict(good, content=[7, 7])]
    gold, pred, report = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl", tmp_path / "report.json"
    gold.write_text(json.dumps({"doc_id": "d1", "text": text, "quotes": quotes}) + "\n"
                    + json.dumps({"doc_id": "d2", "text": text, "quotes": [good]}) + "\n")
    pred.write_text(json.dumps({"doc_id": "d1", "quotes": [good]}) + "\n" + json.dumps({"doc_id": "d2", "quotes": [good]}) + "\n")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--out", str(report)])
    assert result.exit_code == 1
    assert_no_crash(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {gold}:1: gold quote 2 left out: its content span [40, 10] is reversed",
        f"error: {gold}:1: gold quote 3 left out: its content span [{start}, 10000] is outside the text ({len(text)} characters)",
        f"error: {gold}:1: gold quote 4 left out: its speaker span [-3, 4] is outside the text ({len(text)} characters)",
        f"error: {gold}:1: gold quote 5 left out: its content span [7, 7] is empty",
    ]
    overall = json.loads(report.read_text())["scores"]["overall"]
    assert overall["n_gold"] == 2 and overall["exact"]["recall"] == 1.0, "only the scorable quotes count"
