"""The committed learned tagger (quotewire/data/tagger) and the extractors that use it, on
sentences written for these tests. CI never trains: these load the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotewire.cli import app
from quotewire.extract.learned import tagged
from quotewire.extract.parse import nlp
from quotewire.extract.statements import extract_statements
from quotewire.run.config import RunConfig

TAGGER = Path(__file__).resolve().parents[1] / "quotewire" / "data" / "tagger"

SAID = "The harbour master said the ferry would resume sailing on Monday."
THAT = "The mayor said on Tuesday that the bridge would reopen in May, weeks ahead of schedule."
NOTHING = "The ferry sails at dawn and returns to the island at dusk."
ARTICLE = (
    "The harbour master said the ferry would resume sailing on Monday.\n\n"
    "“We have waited long enough,” a fisherman told reporters on the quay.\n\n"
    "The librarian told the council the archive should stay open, adding that volunteers were ready to help.\n"
)


def test_the_shipped_model_is_small_enough_to_commit() -> None:
    size = sum(f.stat().st_size for f in TAGGER.rglob("*") if f.is_file())
    assert 0 < size <= 30 * 1024 * 1024


def test_the_tagger_reads_source_cue_and_content_of_a_said_clause() -> None:
    doc = nlp()(SAID)
    spans = {(s.label, doc[s.start:s.end].text) for s in tagged(doc)}
    assert spans == {("SOURCE", "The harbour master"), ("CUE", "said"),
                     ("CONTENT", "the ferry would resume sailing on Monday")}
    assert all(0.0 < s.confidence <= 1.0 for s in tagged(doc))


def test_the_learned_extractor_finds_an_unmarked_indirect_statement_and_its_source() -> None:
    (q,) = extract_statements(SAID, extractor="learned")
    assert (q.rule, q.type, q.content.text, q.cue.text) == ("model", "indirect",
                                                             "the ferry would resume sailing on Monday", "said")
    assert q.speaker_mention.text == "The harbour master" and 0.5 < q.confidence <= 1.0


def test_no_attribution_no_statement() -> None:
    assert extract_statements(NOTHING, extractor="learned") == []


def test_hybrid_keeps_the_rules_statements_and_takes_the_taggers_extent() -> None:
    # PolNeAR's content starts at "that"; the rules' complement clause starts after it
    (rules,) = extract_statements(THAT, extractor="rules")
    (hybrid,) = extract_statements(THAT, extractor="hybrid")
    assert rules.content.text == "the bridge would reopen in May, weeks ahead of schedule"
    assert hybrid.content.text == "that the bridge would reopen in May, weeks ahead of schedule"
    assert (hybrid.rule, hybrid.type, hybrid.cue, hybrid.speaker) == (rules.rule, rules.type, rules.cue, rules.speaker)


def test_hybrid_reads_the_same_statements_as_the_rules() -> None:
    rules = extract_statements(ARTICLE, extractor="rules")
    hybrid = extract_statements(ARTICLE, extractor="hybrid")
    assert len(rules) == len(hybrid) == 4
    for r, h in zip(rules, hybrid):
        assert (h.rule, h.type, h.cue, h.speaker_mention) == (r.rule, r.type, r.cue, r.speaker_mention)
        assert h.content == r.content or r.type != "direct"


def test_an_unknown_extractor_fails_loudly() -> None:
    with pytest.raises(ValueError, match="unknown extractor"):
        RunConfig(extractor="neural")
    with pytest.raises(ValueError, match="unknown extractor"):
        extract_statements(SAID, extractor="neural")


def test_extract_command_takes_the_extractor(tmp_path: Path) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(SAID + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(article), "--format", "json", "--extractor", "learned"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.output.splitlines()]
    assert line["rule"] == "model" and line["content"]["text"] == "the ferry would resume sailing on Monday"
    bad = runner.invoke(app, ["extract", str(article), "--extractor", "neural"])
    assert bad.exit_code == 2 and "neural" in bad.output
