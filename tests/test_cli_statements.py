"""extract / annotate / eval through the CLI, on sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotewire.cli import app

ARTICLE = (
    'Mayor Ada Lindqvist said on Tuesday: "The new bridge will open in May."\n\n'
    '"We are ahead of schedule," she told reporters at the site.\n\n'
    "The council said that the budget for the project had not changed.\n"
)

runner = CliRunner()


def assert_no_crash(result) -> None:
    """Exited on purpose (typer.Exit), not through an exception the command let escape."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def span_of(text: str, sub: str) -> list[int]:
    i = text.index(sub)
    return [i, i + len(sub)]


def gold_line(doc_id: str, text: str, quotes: list[dict] | None = None) -> str:
    return json.dumps({"doc_id": doc_id, "text": text, "quotes": quotes or []})


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def gold(tmp_path: Path) -> Path:
    quote = {"type": "direct", "content": span_of(ARTICLE, "The new bridge will open in May."),
             "speaker": span_of(ARTICLE, "Mayor Ada Lindqvist"), "speaker_name": "Ada Lindqvist",
             "cue": span_of(ARTICLE, "said")}
    path = tmp_path / "gold.jsonl"
    path.write_text(gold_line("bridge", ARTICLE, [quote]) + "\n" + gold_line("quiet", "Nothing to report.") + "\n")
    return path


def test_extract_prints_who_said_what(article):
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    assert "Lindqvist" in result.stdout
    assert "The new bridge will open in May" in result.stdout
    assert "direct" in result.stdout


def test_extract_json_is_one_statement_per_line_with_input(article):
    result = runner.invoke(app, ["extract", "--format", "json", str(article)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(r["input"] == str(article) for r in rows)
    bridge = next(r for r in rows if "new bridge" in r["content"]["text"])
    assert bridge["type"] == "direct" and "Lindqvist" in bridge["speaker_name"]
    assert ARTICLE[bridge["content"]["start"]:bridge["content"]["end"]] == bridge["content"]["text"]


def test_extract_reads_stdin():
    result = runner.invoke(app, ["extract", "-f", "json", "-"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert any("new bridge" in json.loads(line)["content"]["text"] for line in result.stdout.splitlines())


def test_extract_goes_on_past_a_missing_file_and_exits_1(article, tmp_path):
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(missing), str(article)])
    assert result.exit_code == 1
    assert "The new bridge will open in May" in result.stdout
    assert str(missing) in result.stderr
    assert_no_crash(result)


def test_extract_records_a_cleaner_crash_as_that_inputs_failure_and_goes_on(article, tmp_path, monkeypatch):
    """The run's one error policy: a stage's bug on one input fails that input (as ``ingest`` does)."""
    import quotewire.clean

    real = quotewire.clean.clean_article

    def fragile(a):
        if "odd" in (a.input or ""):
            raise RecursionError("maximum recursion depth exceeded")
        return real(a)

    monkeypatch.setattr(quotewire.clean, "clean_article", fragile)
    odd = tmp_path / "odd.txt"
    odd.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(odd), str(article)])
    assert result.exit_code == 1
    assert f"{odd}: cleaning failed (RecursionError: maximum recursion depth exceeded)" in result.stderr
    assert "The new bridge will open in May" in result.stdout
    assert_no_crash(result)


def test_extract_rejects_unknown_format(article):
    result = runner.invoke(app, ["extract", "--format", "xml", str(article)])
    assert result.exit_code == 1 and "--format" in result.stderr


def test_annotate_writes_gold_format_and_reports_bad_lines(tmp_path):
    gold = tmp_path / "docs.jsonl"
    gold.write_text("\n".join([gold_line("a", ARTICLE), "{not json", json.dumps({"doc_id": "b"}),
                               gold_line("c", "No statements here.")]) + "\n")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(out)])
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert any(f"{gold}:2: invalid JSON" in line for line in errors)
    assert any(f"{gold}:3: missing text" in line for line in errors)
    preds = [json.loads(line) for line in out.read_text().splitlines()]
    assert [p["doc_id"] for p in preds] == ["a", "c"]
    a = preds[0]
    assert a["text"] == ARTICLE and a["quotes"]
    assert set(a["quotes"][0]) == {"type", "content", "speaker", "speaker_name", "speaker_gender", "cue", "cue_class", "rule"}  # extra keys the scorer ignores


def test_annotate_clean_input_exits_0(gold, tmp_path):
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert len(out.read_text().splitlines()) == 2


def fragile_analysis(articles, batch_size):
    """The real analysis with a bug on one document; module-level, so analysis workers can import it."""
    import quotewire.extract.statements as statements

    if any("Nothing" in a.text for a in articles):
        raise RuntimeError("extractor bug")
    return statements.analyze_many(articles, batch_size)


def test_annotate_isolates_a_document_the_extractor_crashes_on(gold, tmp_path, monkeypatch):
    import quotewire.run.workers as workers

    monkeypatch.setattr(workers, "_default_analysis", fragile_analysis)
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{gold}:2: analysis failed (RuntimeError: extractor bug)" in result.stderr
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["bridge"]
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--out", str(report)])
    assert result.exit_code == 1 and "overall" in result.stdout
    assert json.loads(report.read_text())["failures"] == [f"{gold}:2: analysis failed (RuntimeError: extractor bug)"]


def test_eval_prints_table_and_writes_report_and_predictions(gold, tmp_path):
    report, pred = tmp_path / "report.json", tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--types", "direct",
                                 "--out", str(report), "--pred-out", str(pred)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["type", "gold", "pred"]
    assert [line.split()[0] for line in lines[1:]] == ["direct", "overall"]
    scores = json.loads(report.read_text())["scores"]
    assert scores["direct"]["n_gold"] == 1
    assert scores["direct"]["partial"]["tp"] == 1  # the one clear direct quote is found
    assert len(pred.read_text().splitlines()) == 2


def test_eval_rejects_unknown_type_and_broken_gold_without_traceback(gold, tmp_path):
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--types", "direct,quoted"])
    assert result.exit_code == 1 and "quoted" in result.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text(gold_line("a", "x") + "\n{oops\n")
    result = runner.invoke(app, ["eval", "--gold", str(broken)])
    assert result.exit_code == 1 and f"{broken}:2: invalid JSON" in result.stderr
    assert_no_crash(result)


@pytest.mark.parametrize("command", ["extract", "annotate", "eval"])
def test_help_teaches_with_examples(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"quotewire {command}" in result.stdout


def test_brackets_in_text_and_names_are_printed_not_read_as_markup(tmp_path):
    path = tmp_path / "notes[1].txt"
    path.write_text('The chair said: "We heard [inaudible] and [/] from the floor." Then she left.\n')
    result = runner.invoke(app, ["extract", str(path), str(tmp_path / "gone[/].txt")])
    assert result.exit_code == 1
    assert "[inaudible]" in result.stdout and "[/]" in result.stdout and str(path) in result.stdout
    assert "gone[/].txt" in result.stderr
    assert_no_crash(result)


def test_eval_scores_a_given_prediction_file_without_annotating(gold, tmp_path, monkeypatch):
    import quotewire.evaluate.annotate as evaluation

    monkeypatch.setattr(evaluation, "ingest_articles", None)  # would fail if annotation ran
    pred = tmp_path / "other.jsonl"
    docs = [json.loads(line) for line in gold.read_text().splitlines()]
    pred.write_text("\n".join(json.dumps({"doc_id": d["doc_id"], "quotes": d["quotes"]}) for d in docs))
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--out", str(report)])
    assert result.exit_code == 0, result.output
    overall = json.loads(report.read_text())["scores"]["overall"]
    assert overall["exact"]["f1"] == 1.0 and overall["n_pred"] == 1


def test_annotate_refuses_to_overwrite_its_input(gold):
    before = gold.read_text()
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(gold)])
    assert result.exit_code == 1 and "is the input file" in result.stderr
    assert gold.read_text() == before


def test_annotate_reads_only_doc_id_and_text(tmp_path):
    gold = tmp_path / "odd.jsonl"
    gold.write_text(json.dumps({"doc_id": "a", "text": ARTICLE, "quotes": "not a list", "extra": 1}) + "\n")
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["annotate", str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["quotes"]


def test_speaker_cell_shows_role_and_organisation_beneath_the_name():
    from quotewire.cli.statements_cmds import _speaker_cell
    from quotewire.models import Quote, Span, Speaker

    quote = Quote("direct", Span(0, 3, "Yes"), speaker=Speaker("Ada Lindqvist", role="mayor", organisation="Alder City"))
    assert _speaker_cell(quote).plain == "Ada Lindqvist\nmayor, Alder City"
    assert _speaker_cell(Quote("direct", Span(0, 3, "Yes"))).plain == "unknown"
