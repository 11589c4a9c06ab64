"""The accurate extractor: the committed fine-tuned encoder (quotewire/data/accurate), its
windowing and decoding, and ``--extractor accurate``, on sentences written for these tests.
CI never trains and never installs torch: these load the shipped ONNX model."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotewire.cli import app
from quotewire.extract import accurate
from quotewire.extract.parse import nlp
from quotewire.extract.pipeline import ACCURATE_RULES, extractor_rules
from quotewire.extract.statements import extract_statements
from quotewire.run.config import RunConfig

MODEL = Path(__file__).resolve().parents[1] / "quotewire" / "data" / "accurate"

SAID = "The harbour master said the ferry would resume sailing on Monday."
QUOTED = "“We have waited long enough,” a fisherman told reporters on the quay."
NOTHING = "The ferry sails at dawn and returns to the island at dusk."
ARTICLE = f"{SAID}\n\n{QUOTED}\n\n{NOTHING}\n"


def test_the_shipped_model_is_small_enough_to_commit() -> None:
    size = sum(f.stat().st_size for f in MODEL.iterdir() if f.is_file())
    assert 0 < size <= 30 * 1024 * 1024


@given(st.integers(min_value=0, max_value=3000))
def test_every_word_piece_is_read_in_exactly_one_window(n: int) -> None:
    wins = accurate.windows(n)
    cores = [i for _, _, lo, hi in wins for i in range(lo, hi)]
    assert cores == list(range(n))
    assert all(start <= lo <= hi <= end and end - start <= accurate.WINDOW - 2 for start, end, lo, hi in wins)


def test_decoding_bio_labels_into_character_spans() -> None:
    ids = [accurate.LABELS.index(x) for x in ("B-SOURCE", "B-CUE", "B-CONTENT", "I-CONTENT", "O", "I-CUE")]
    offsets = [(0, 3), (4, 8), (9, 12), (13, 17), (18, 20), (21, 26)]
    spans = accurate.decode(ids, [0.9, 0.8, 0.6, 1.0, 0.99, 0.5], offsets)
    assert [(s.label, s.start, s.end) for s in spans] == [
        ("SOURCE", 0, 3), ("CUE", 4, 8), ("CONTENT", 9, 17), ("CUE", 21, 26)]  # a stray I- opens a span
    assert spans[2].confidence == 0.8


def test_labels_are_the_most_probable_valid_bio_sequence() -> None:
    import numpy as np

    def row(**p: float) -> list[float]:
        rest = (1 - sum(p.values())) / (len(accurate.LABELS) - len(p))
        return [p.get(label.replace("-", "_"), rest) for label in accurate.LABELS]

    labels = lambda names: [accurate.LABELS.index(n) for n in names]  # noqa: E731
    valid = np.array([row(B_CONTENT=0.6), row(I_CONTENT=0.7), row(O=0.9)])
    assert accurate.best_labels(valid) == labels(["B-CONTENT", "I-CONTENT", "O"])  # greedy, untouched
    # greedy would switch kinds mid-span (I-CUE after B-CONTENT) and open a span with I-CONTENT after O
    torn = np.array([row(B_CONTENT=0.6), row(I_CUE=0.45, I_CONTENT=0.4), row(I_CONTENT=0.8), row(O=0.9),
                     row(I_CONTENT=0.5, B_CONTENT=0.4)])
    assert accurate.best_labels(torn) == labels(["B-CONTENT", "I-CONTENT", "I-CONTENT", "O", "B-CONTENT"])
    assert accurate.best_labels(np.zeros((0, len(accurate.LABELS)))) == []


def test_the_model_loads_with_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network use in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    accurate.model.cache_clear()
    session, tokenizer = accurate.model()
    assert [i.name for i in session.get_inputs()] == ["input_ids", "attention_mask", "token_type_ids"]
    assert tokenizer.token_to_id("[CLS]") is not None


def test_one_thread_per_process_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(accurate.THREADS_ENV, raising=False)
    assert accurate.threads() == 1  # --workers N: N processes, N cores
    monkeypatch.setenv(accurate.THREADS_ENV, "3")
    assert accurate.threads() == 3


def test_the_tagger_reads_source_cue_and_content_of_a_said_clause() -> None:
    (spans,) = accurate.tag_texts([SAID])
    found = {(s.label, SAID[s.start:s.end]) for s in spans}
    assert ("CUE", "said") in found
    assert any(label == "CONTENT" and "ferry would resume sailing" in text for label, text in found)
    assert all(0.0 < s.confidence <= 1.0 for s in spans)


def test_windows_of_a_long_text_are_batched_and_read_alike() -> None:
    long = " ".join([NOTHING] * 60 + [SAID])  # far past one window
    alone, in_long = accurate.tag_texts([SAID, long])
    offset = long.index(SAID)
    cue = [(s.start, s.end) for s in alone if s.label == "CUE"]
    assert cue and [(s.start - offset, s.end - offset) for s in in_long if s.label == "CUE" and s.start >= offset] == cue


def test_a_content_span_starts_after_its_complementizer() -> None:
    doc = nlp()("The mayor said that the bridge will reopen. That is all.")
    assert doc[accurate.reported_words(doc[3:8]):8].text == "the bridge will reopen"  # "that": a clause marker
    assert accurate.reported_words(doc[9:12]) == 9  # "That is all": a pronoun, part of what was said
    assert accurate.reported_words(doc[3:4]) == 3  # never an empty span


def test_paragraph_docs_keep_the_spans_as_token_ranges() -> None:
    docs = [nlp()(p) for p in (SAID, NOTHING)]
    accurate.tag_all(docs)
    said = {(s.label, docs[0][s.start:s.end].text) for s in accurate.tagged(docs[0])}
    assert ("CUE", "said") in said
    assert not [s for s in accurate.tagged(docs[1]) if s.label == "CONTENT"]


def test_the_accurate_extractor_keeps_the_quote_and_finds_the_unmarked_statement() -> None:
    found = extract_statements(ARTICLE, extractor="accurate")
    by_text = {q.content.text: q for q in found}
    quote = by_text["We have waited long enough,"] if "We have waited long enough," in by_text else \
        by_text["We have waited long enough"]
    assert quote.type == "direct" and quote.speaker_mention.text == "a fisherman"
    said = next(q for q in found if "ferry would resume sailing" in q.content.text)
    assert said.type == "indirect" and said.speaker_mention.text == "The harbour master"
    assert all(q.rule and q.confidence is not None for q in found)
    assert not [q for q in found if "dawn" in q.content.text]


def test_extract_command_takes_the_accurate_extractor(tmp_path: Path) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--format", "json", "--extractor", "accurate"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert any("ferry would resume sailing" in line["content"]["text"] for line in lines)


def test_the_extractors_differ_only_by_the_encoder_rules() -> None:
    rules, accurate_ = extractor_rules("rules"), extractor_rules("accurate")
    assert not set(ACCURATE_RULES) & set(rules.paragraph)
    assert accurate_.paragraph == rules.paragraph + ACCURATE_RULES
    assert (accurate_.document, accurate_.content) == (rules.document, rules.content)


def test_an_unknown_extractor_fails_loudly(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown extractor 'neural' \\(expected one of rules, accurate\\)"):
        RunConfig(extractor="neural")
    with pytest.raises(ValueError, match="unknown extractor"):
        extract_statements(SAID, extractor="neural")
    article = tmp_path / "ferry.txt"
    article.write_text(SAID + "\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["extract", str(article), "--extractor", "neural"])
    assert bad.exit_code == 2 and "unknown extractor 'neural'" in bad.stderr


@pytest.mark.parametrize("retired", ["learned", "hybrid"])
def test_a_retired_extractor_is_an_error_that_names_accurate(retired: str, tmp_path: Path) -> None:
    """The spaCy tagger's extractors were removed (issue 24): whoever still names one is told to
    use ``accurate``, from the library and from every command."""
    message = f"extractor '{retired}' was retired (issue 24): use 'accurate' instead"
    with pytest.raises(ValueError, match=re.escape(message)):
        RunConfig(extractor=retired)
    with pytest.raises(ValueError, match=re.escape(message)):
        extract_statements(SAID, extractor=retired)
    article = tmp_path / "ferry.txt"
    article.write_text(SAID + "\n", encoding="utf-8")
    for command in (["extract", str(article)], ["ingest", str(article), "--db", str(tmp_path / "q.db")]):
        result = CliRunner().invoke(app, [*command, "--extractor", retired.capitalize()])
        assert result.exit_code == 2, result.output
        said = " ".join(re.sub("[│╭╮╰╯─]", " ", result.stderr).split())
        assert message in said and "Traceback" not in result.stderr
    assert not (tmp_path / "q.db").exists()


def test_the_extractor_option_takes_any_case(tmp_path: Path) -> None:
    article = tmp_path / "ferry.txt"
    article.write_text(SAID + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(article), "--format", "json", "--extractor", "RULES"])
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.output.splitlines()]
    assert line["content"]["text"] == "the ferry would resume sailing on Monday"
