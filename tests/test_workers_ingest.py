"""The analysis guard inside ``quotewire ingest``: a huge article over its time budget fails alone
with one line, the ordinary ones are stored, the run ends within the budget of the normal work;
and the two English checks (the pipeline's and the extractor's) agree on every spelling of a tag."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotewire.cli import app
from quotewire.extract.statements import analyze_many
from quotewire.models import Article, is_extractable
from quotewire.run.ingest import ingest_articles
from quotewire.store import open_store

NAMES = ["Ines Bauer", "Tom Reyes", "Mara Voss", "Rui Costa", "Iris Vale"]
BIG_WORDS = 140_000


def paragraph(i: int) -> str:
    name = NAMES[i % len(NAMES)]
    return (f'"The ferry to island {i} will run every {i % 50 + 2} minutes from Monday," said {name}. '
            f"The council said timetable {i} had been agreed after a long meeting. "
            f"{name} told reporters that pier {i} would need repairs before the winter storms.")


def write_stories(folder: Path, n: int) -> None:
    for k in range(n):
        body = "\n\n".join(paragraph(k * 100 + j) for j in range(8))
        (folder / f"story-{k:02d}.txt").write_text(f"Ferry story {k}\n\n{body}\n", encoding="utf-8")


def write_inquiry(path: Path) -> None:
    """One article of some 140,000 words in ordinary paragraphs, under the 1,000,000-character limit."""
    paragraphs, words, i = [], 0, 10_000
    while words < BIG_WORDS:
        paragraphs.append(paragraph(i))
        words += len(paragraphs[-1].split())
        i += 1
    text = "The long ferry inquiry\n\n" + "\n\n".join(paragraphs) + "\n"
    assert len(text) < 1_000_000
    path.write_text(text, encoding="utf-8")


def timed_ingest(*args: str) -> tuple[float, object]:
    started = time.monotonic()
    result = CliRunner().invoke(app, ["ingest", *args])
    return time.monotonic() - started, result


@pytest.mark.slow
def test_a_huge_article_over_its_budget_fails_alone_and_the_rest_is_stored(tmp_path: Path) -> None:
    stories, with_big = tmp_path / "stories", tmp_path / "with-big"
    stories.mkdir()
    with_big.mkdir()
    write_stories(stories, 20)
    write_stories(with_big, 20)
    write_inquiry(with_big / "inquiry.txt")

    normal, plain = timed_ingest(str(stories), "--db", str(tmp_path / "plain.db"), "--article-timeout", "2")
    assert plain.exit_code == 0, plain.output
    guarded, result = timed_ingest(str(with_big), "--db", str(tmp_path / "q.db"), "--article-timeout", "2")

    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {with_big / 'inquiry.txt'}: analysis timed out after 2 s"]
    assert "1 failures (1 timeout)" in result.stdout
    with open_store(str(tmp_path / "q.db")) as store:
        assert store.stats()["articles"] == 20
    # the budget, a chunk's deadline at most, and noise on a shared machine: not the minute or more
    # that the article itself would take
    assert guarded < normal + 2 + 15, (guarded, normal)


def test_every_spelling_of_an_english_tag_is_analysed() -> None:
    text = '"The bridge opens in May," said the mayor.'
    tagged = [Article(id=tag, text=text, language=tag) for tag in ("en", "en-US", "en_US", "EN-gb", None)]
    assert all(map(is_extractable, tagged))
    assert not is_extractable(Article(id="de", text=text, language="de_DE"))
    assert all(len(r.quotes) == 1 for r in analyze_many(tagged))
    report = ingest_articles(tagged[2:3])
    assert (report.analysed, report.statements, report.non_english) == (1, 1, 0)
