"""Statement scope: the cue class each statement carries, and the speech/all filter on it (our own sentences)."""

from __future__ import annotations

import pytest

from quotewire.extract.lexicon import Lexicon
from quotewire.extract.scope import in_scope, scoped
from quotewire.extract.statements import extract_statements
from quotewire.models import AnalyzedArticle, Article, Quote, Span
from quotewire.vocabulary import CUE_CLASSES, SCOPES

STORY = (
    "The mayor criticized the council for the delay at the harbour.\n\n"
    "The mayor lauded the engineers for trying to “clear the backlog” at the port.\n\n"
    "The councillor believes the new bridge will open in May.\n\n"
    "A survey of ferry passengers found that most of them want later sailings.\n\n"
    "According to the harbour master, the night ferry left at midnight.\n\n"
    "The port authority denied that the budget for dredging had been cut.\n\n"
    "“We will rebuild the pier before the summer,” the mayor said.\n\n"
    "Jo Park, the harbour master, reportedly turned down the offer from the council."
)


@pytest.fixture(scope="module")
def story() -> dict[str, Quote]:
    """The story's statements by their first words."""
    return {" ".join(q.content.text.split()[:3]): q for q in extract_statements(STORY)}


def _find(story: dict[str, Quote], words: str) -> Quote:
    found = [q for key, q in story.items() if key.startswith(words)]
    assert len(found) == 1, (words, list(story))
    return found[0]


@pytest.mark.parametrize("words, cue_class, object_phrase, speech", [
    ("the council for", "stance", True, False),  # "criticized X for Y": no clause, no quoted words
    ("the engineers for", "stance", False, True),  # a stance object holding quoted words is a mixed quote
    ("the new bridge", "belief", False, False),
    ("most of them", "evidence", False, False),
    ("the night ferry", "speech", False, True),  # "according to"
    ("the budget for", "stance", False, True),  # a stance cue with a clause
    ("We will rebuild", "speech", False, True),
    ("turned down the", "speech", False, True),  # "reportedly": unnamed sources said so
])
def test_each_statement_carries_its_cue_class_and_speech_scope_keeps_what_was_said(
        story: dict[str, Quote], words: str, cue_class: str, object_phrase: bool, speech: bool) -> None:
    quote = _find(story, words)
    assert (quote.cue_class, quote.object_phrase) == (cue_class, object_phrase)
    assert in_scope(quote, "speech") is speech
    assert in_scope(quote, "all")
    assert quote.to_gold()["cue_class"] == cue_class


def _quote(type_: str, cue_class: str | None, object_phrase: bool = False) -> Quote:
    return Quote(type=type_, content=Span(0, 4, "text"), cue_class=cue_class, object_phrase=object_phrase)  # type: ignore[arg-type]


@pytest.mark.parametrize("quote, speech", [
    (_quote("direct", "belief"), True),  # quoted words were said, whatever verb frames them
    (_quote("mixed", "evidence"), True),
    (_quote("indirect", "belief"), False),
    (_quote("indirect", "evidence"), False),
    (_quote("indirect", "stance", object_phrase=True), False),
    (_quote("indirect", "stance"), True),
    (_quote("indirect", "speech"), True),
])
def test_speech_scope_drops_unquoted_beliefs_findings_and_stance_objects(quote: Quote, speech: bool) -> None:
    assert in_scope(quote, "speech") is speech
    assert in_scope(quote, "all")


def test_scope_all_is_the_analysis_unchanged_and_speech_filters_a_copy() -> None:
    kept, dropped = _quote("indirect", "speech"), _quote("indirect", "belief")
    result = AnalyzedArticle(Article(id="a", text="text"), [kept, dropped])
    assert scoped(result, "all") is result
    narrowed = scoped(result, "speech")
    assert narrowed.quotes == [kept] and result.quotes == [kept, dropped]
    assert SCOPES == ("speech", "all")


def test_every_cue_file_has_a_class_column_read_one_way() -> None:
    lex = Lexicon.from_lines({
        "cue_verbs.txt": ["say speech", "think belief"], "cue_nouns.txt": ["fear belief", "warning speech"],
        "cue_phrases.txt": ["according to speech"], "hearsay_adverbs.txt": ["reportedly speech"],
    })
    assert lex.cue_nouns == {"fear": "belief", "warning": "speech"}
    assert lex.cue_phrases == {("according", "to"): "speech"}
    assert lex.hearsay_adverbs == {"reportedly": "speech"}
    assert set(lex.cue_verbs.values()) <= set(CUE_CLASSES)


@pytest.mark.parametrize("name, line", [
    ("cue_nouns.txt", "warning"), ("cue_nouns.txt", "warning rumour"), ("cue_phrases.txt", "according to"),
    ("hearsay_adverbs.txt", "reportedly said speech"), ("cue_verbs.txt", "say"),
])
def test_a_cue_line_without_a_known_class_is_refused_naming_the_file(name: str, line: str) -> None:
    with pytest.raises(ValueError, match=name):
        Lexicon.from_lines({name: [line]})


def test_the_shipped_cue_files_parse_with_every_class_known() -> None:
    from quotewire.extract.lexicon import default_lexicon

    lex = default_lexicon()
    for table in (lex.cue_verbs, lex.cue_nouns, lex.cue_phrases, lex.hearsay_adverbs):
        assert table and set(table.values()) <= set(CUE_CLASSES)
    assert lex.cue_phrases[("according", "to")] == "speech" and lex.cue_nouns["belief"] == "belief"


def test_extract_and_annotate_take_the_scope_and_say_each_statements_class(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from typer.testing import CliRunner

    from quotewire.cli import app

    runner = CliRunner()
    article = tmp_path / "harbour.txt"
    article.write_text(STORY, encoding="utf-8")
    classes = {}
    for scope in ("speech", "all"):
        result = runner.invoke(app, ["extract", "--format", "json", "--scope", scope, str(article)])
        assert result.exit_code == 0, result.output
        classes[scope] = sorted(json.loads(line)["cue_class"] for line in result.stdout.splitlines())
    assert "belief" in classes["all"] and "evidence" in classes["all"]
    assert "belief" not in classes["speech"] and "evidence" not in classes["speech"]
    assert len(classes["all"]) - len(classes["speech"]) == 3  # a belief, a finding, an unquoted stance object
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc_id": "harbour", "text": STORY, "quotes": []}) + "\n", encoding="utf-8")
    default = runner.invoke(app, ["annotate", str(gold), "-o", str(tmp_path / "pred.jsonl")])
    assert default.exit_code == 0
    [pred] = [json.loads(line) for line in (tmp_path / "pred.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(q["cue_class"] for q in pred["quotes"]) == classes["speech"]  # speech is the default
    assert runner.invoke(app, ["annotate", str(gold), "-o", str(tmp_path / "p.jsonl"), "--scope", "some"]).exit_code == 2


def test_ingest_keeps_the_statements_of_its_scope(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    from collections import Counter

    from quotewire.run.config import RunConfig
    from quotewire.run.ingest import ingest
    from quotewire.run.workers import Limits

    article = tmp_path / "harbour.txt"
    article.write_text(STORY, encoding="utf-8")
    classes = {}
    for scope in SCOPES:
        out = tmp_path / f"{scope}.jsonl"
        ingest([str(article)], out=str(out), save=False, config=RunConfig(scope=scope, limits=Limits(workers=1)))
        classes[scope] = sorted(json.loads(line)["cue_class"] for line in out.read_text(encoding="utf-8").splitlines())
    # the belief, the finding and the unquoted stance object go; everything else is the same
    assert Counter(classes["all"]) - Counter(classes["speech"]) == Counter(["belief", "evidence", "stance"])
    assert not Counter(classes["speech"]) - Counter(classes["all"])
