"""The ingest pipeline over our own short articles, with a stand-in analyser (no spaCy) and the real
store on SQLite and PostgreSQL (conftest's ``store``): counts, clusters and quotation ids,
idempotent reruns, failures and interruptions."""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from conftest import stored_articles

from quotewire.models import AnalyzedArticle, Article, Failure, Quote, Span, Speaker
from quotewire.run.config import RunConfig
from quotewire.run.ingest import IngestReport, ingest_articles
from quotewire.run.sinks import statement_record
from quotewire.run.sinks.statements_jsonl import StatementsJsonl
from quotewire.store import open_store

_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"]+)[\u201d\"]")

STORY = (
    "Lakeside harbour pilots ended their overtime ban on Friday after the port authority agreed to hire "
    "twelve more pilots before the summer season.\n\n"
    "\u201cWe have been asking for this for three years and it finally happened,\u201d said Anneke Holm, "
    "who speaks for the pilots' association. She said ships had waited for up to a day to enter the harbour.\n\n"
    "The authority's director, Pavel Strand, said the new pilots would be trained at the harbour's own school "
    "and that the first of them would start work in May.\n\n"
    "Shipping companies welcomed the agreement but said they would ask the authority to pay for the delays "
    "caused by the ban, which began in January and affected more than two hundred ships."
)
OTHER = (
    "The Lakeside library will open on Sundays from next month, the town council said on Wednesday, after "
    "a survey found that most readers wanted longer weekend hours.\n\n"
    "\u201cPeople work during the week and the library should be there when they are free,\u201d said "
    "councillor Ruth Ibsen, who proposed the change. Two extra staff will be hired to cover the new hours."
)
GERMAN = (
    "Der Hafen von Lakeside hat am Freitag angekündigt, dass die Lotsen ihre Arbeit wieder aufnehmen. "
    "Die Behörde will zwölf neue Lotsen einstellen, und die ersten sollen im Mai mit der Arbeit beginnen. "
    "Die Reedereien haben die Einigung begrüßt, aber sie wollen eine Entschädigung für die Verspätungen."
)


def fake_analyze(articles: Iterable[Article], batch_size: int) -> Iterator[AnalyzedArticle]:
    """Every double-quoted passage is a direct quote by "Speaker"; an article containing FAIL fails."""
    batch = list(articles)
    for a in batch:
        if "FAIL" in a.text:
            yield AnalyzedArticle(a, error=f"{a.id}: analysis failed (test)")
            continue
        quotes = [Quote("direct", Span.of(a.text, m.start(1), m.end(1)), speaker=Speaker("Speaker"))
                  for m in _QUOTED.finditer(a.text)]
        yield AnalyzedArticle(a, quotes)


def article(i: str, text: str, **meta: str) -> Article:
    return Article(id=i, text=text, input=f"in/{i}.txt", **meta)


def copies() -> list[Article]:
    return [
        article("orig", STORY, source="lakeside-news.example", published="2026-03-01"),
        article("repost", "Pilots back at work\n\n" + STORY.replace("\u201c", '"').replace("\u201d", '"')
                + "\n\nThe post Pilots back at work appeared first on Harbour Wire.",
                source="aggregator.example", published="2026-03-02"),
        article("ws", STORY.replace("\n\n", "\n"), source="mirror.example"),
        article("other", OTHER, source="lakeside-news.example"),
    ]


def run(items, store=None, batch_size: int | None = None, **kw) -> tuple[IngestReport, list[dict]]:
    out = io.StringIO()
    config = RunConfig(store_batch=batch_size) if batch_size else None
    report = ingest_articles(items, store, config=config, sinks=[StatementsJsonl(out)], **{"analyze": fake_analyze} | kw)
    return report, [json.loads(line) for line in out.getvalue().splitlines()]


def test_copies_share_a_cluster_and_their_quote_one_quotation_id() -> None:
    report, lines = run(copies())
    assert (report.articles_read, report.cleaned) == (4, 4)
    assert (report.exact_duplicates, report.near_duplicates, report.new_clusters) == (1, 1, 2)
    by_article = {line["article_id"]: line for line in lines}
    assert len({by_article[i]["cluster_id"] for i in ("orig", "repost", "ws")}) == 1
    assert by_article["other"]["cluster_id"] != by_article["orig"]["cluster_id"]
    assert len({by_article[i]["quotation_id"] for i in ("orig", "repost", "ws")}) == 1
    assert report.statements == 4


def test_statement_lines_carry_article_metadata_and_the_quote() -> None:
    _, lines = run(copies()[:2])
    repost = next(line for line in lines if line["article_id"] == "repost")
    assert repost["republisher"] == "Harbour Wire"
    assert repost["source"] == "aggregator.example" and repost["published"] == "2026-03-02"
    assert repost["type"] == "direct" and repost["speaker"] == "Speaker"
    assert repost["content"].startswith("We have been asking")
    assert repost["content_span"][1] - repost["content_span"][0] == len(repost["content"])


def test_store_receives_clusters_and_a_rerun_changes_nothing(store) -> None:
    first = ingest_articles(copies(), store, analyze=fake_analyze, inputs=["in"])
    stats = store.stats()
    assert first.statements == 4 and first.run_id is not None
    rows = {r[0]: r for r in stored_articles(store)}
    assert rows["orig"][1] == rows["repost"][1] == rows["ws"][1] != rows["other"][1]
    assert all(r[3] for r in rows.values())

    again = ingest_articles(copies(), store, analyze=fake_analyze)
    assert (again.already_ingested, again.statements, again.new_clusters) == (4, 0, 0)
    assert store.stats() == stats | {"runs": stats["runs"] + 1}


def test_a_later_run_merges_copies_into_earlier_clusters(store) -> None:
    ingest_articles(copies()[:1], store, analyze=fake_analyze)
    report, lines = run(copies()[1:2], store)
    assert report.near_duplicates == 1
    assert lines[0]["cluster_id"] == "orig"


def test_writers_share_the_stores_story_index_without_reading_every_signature(
        store, db_url, monkeypatch) -> None:
    ingest_articles(copies()[:1], store, analyze=fake_analyze)
    with open_store(db_url) as other:  # another process's writer: sees the first one's cluster at once
        report = ingest_articles(copies()[1:2], other, analyze=fake_analyze)
    assert report.near_duplicates == 1
    assert {a["cluster_id"] for a in (store.article("orig"), store.article("repost"))} == {"orig"}


def test_failures_are_counted_by_reason_and_the_run_goes_on(store) -> None:
    items = [
        Failure("missing.txt", "not_found", "missing.txt: no such file"),
        article("blank", "   \n  "),
        article("bad", OTHER + " FAIL"),
        *copies()[:1],
    ]
    report = ingest_articles(items, store, analyze=fake_analyze)
    assert report.failures_by_reason == {"not_found": 1, "no_text": 1, "analysis": 1}
    assert report.statements == 1
    assert {r[0] for r in stored_articles(store)} == {"orig"}  # the failed analysis is not kept...
    retry = ingest_articles([article("bad", OTHER)], store, analyze=fake_analyze)
    assert retry.analysed == 1 and not retry.failures  # ...so a rerun tries it again


def test_non_english_articles_are_stored_but_not_analysed(store) -> None:
    seen: list[str] = []

    def analyze(articles, batch_size):
        batch = list(articles)
        seen.extend(a.id for a in batch)
        return fake_analyze(batch, batch_size)

    tagged = [article("gb", OTHER, language="en-GB"), article("us", STORY.replace("Friday", "Thursday"), language="EN_us")]
    report = ingest_articles([article("de", GERMAN), *copies()[:1], *tagged], store, analyze=analyze)
    assert seen == ["orig", "gb", "us"]
    assert (report.non_english, report.analysed) == (1, 3)
    assert {r[0] for r in stored_articles(store)} == {"de", "orig", "gb", "us"}


def test_an_interrupted_run_keeps_committed_batches_and_a_rerun_finishes(store) -> None:
    items = [article(f"n{i}", f"Story number {i}. " + OTHER.replace("library", f"library {i} " * (i + 1)))
             for i in range(6)]
    calls = 0

    def dies_on_second_batch(articles, batch_size):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return fake_analyze(articles, batch_size)

    with pytest.raises(KeyboardInterrupt):
        ingest_articles(items, store, analyze=dies_on_second_batch, config=RunConfig(store_batch=2))
    assert len(list(stored_articles(store))) == 2
    rest = ingest_articles(items, store, analyze=fake_analyze, config=RunConfig(store_batch=2))
    assert (rest.already_ingested, rest.analysed) == (2, 4)


def test_articles_stream_through_a_batch_at_a_time() -> None:
    pulled = analysed = 0

    def source():
        nonlocal pulled
        for i in range(100):
            pulled += 1
            yield article(f"s{i}", f"Report {i} of {i * 7} was filed" + " and it said that the work goes on" * (i % 9))

    in_hand: list[int] = []

    def analyze(articles, batch_size):
        nonlocal analysed
        batch = list(articles)
        in_hand.append(pulled - analysed)
        analysed += len(batch)
        return fake_analyze(batch, batch_size)

    report = ingest_articles(source(), analyze=analyze, config=RunConfig(store_batch=10))
    assert report.analysed == 100 and len(in_hand) == 10
    assert max(in_hand) <= 20  # the batch being saved and the one being analysed, never the whole input


def test_statement_record_without_speaker_or_cue() -> None:
    a = Article(id="x", text="He said \u201cyes indeed\u201d.", cluster_id="c1")
    record = statement_record(a, Quote("direct", Span.of(a.text, 9, 19)))
    assert record["content"] == "yes indeed" and record["speaker"] is None and record["cue"] is None
    assert record["cluster_id"] == "c1" and record["quotation_id"]


def test_report_is_json_serialisable_with_a_one_line_summary() -> None:
    report, _ = run([Failure("x", "empty", "x: empty file"), *copies()])
    d = json.loads(json.dumps(report.to_dict()))
    assert d["duplicates_merged"] == 2 and d["failures_by_reason"] == {"empty": 1}
    assert "\n" not in report.summary() and "2 articles were copies of a story" in report.summary()


def test_a_long_lived_store_sees_articles_another_process_wrote(db_url: str) -> None:
    with open_store(db_url) as api_store, open_store(db_url) as cli_store:
        ingest_articles([copies()[3]], api_store, analyze=fake_analyze)
        ingest_articles(copies()[:1], cli_store, analyze=fake_analyze)
        report = ingest_articles(copies()[1:2], api_store, analyze=fake_analyze)
    assert report.near_duplicates == 1


def test_ingest_is_the_public_api_and_writes_its_report(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quotewire
    import quotewire.run.ingest

    monkeypatch.setattr(quotewire.run.ingest, "_default_analyzer", lambda limits: fake_analyze)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = quotewire.ingest([str(story), str(tmp_path / "gone.txt")], out=str(tmp_path / "s.jsonl"),
                              report=str(tmp_path / "r.json"), save=False)
    assert (result.articles_read, result.statements, len(result.failures)) == (1, 1, 1)
    assert json.loads((tmp_path / "r.json").read_text())["statements"] == 1
    assert len((tmp_path / "s.jsonl").read_text().splitlines()) == 1


@pytest.mark.parametrize("batch_size", [1, 8])
def test_identical_copies_are_analysed_once(batch_size: int) -> None:
    analysed: list[str] = []

    def analyze(articles, batch_size):
        batch = list(articles)
        analysed.extend(a.id for a in batch)
        return fake_analyze(batch, batch_size)

    items = [article(f"c{i}", STORY, source=f"site{i}.example") for i in range(3)] + [article("o", OTHER)]
    report, lines = run(items, analyze=analyze, batch_size=batch_size)
    assert analysed == ["c0", "o"]
    assert (report.analysed, report.analyses_reused, report.exact_duplicates) == (4, 2, 2)
    assert sorted(line["article_id"] for line in lines) == ["c0", "c1", "c2", "o"]


def test_a_copy_of_a_text_whose_analysis_failed_fails_under_its_own_name() -> None:
    report, _ = run([article("f1", OTHER + " FAIL"), article("f2", OTHER + " FAIL")])
    assert [f.input for f in report.failures] == ["in/f1.txt", "in/f2.txt"]
    assert report.failures[1].message.startswith("in/f2.txt: same text as in/f1.txt")


def test_progress_display_changes_nothing_in_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    quiet, quiet_lines = run(copies())
    shown, shown_lines = run(copies(), progress=True)
    assert (shown.statements, shown.near_duplicates) == (quiet.statements, quiet.near_duplicates)
    assert shown_lines == quiet_lines
    assert capsys.readouterr().out == ""  # progress never goes to stdout, where --out - writes


def test_failures_are_told_as_they_happen() -> None:
    told: list[tuple[str, int]] = []
    analysed = 0

    def analyze(articles, batch_size):
        nonlocal analysed
        batch = list(articles)
        analysed += len(batch)
        return fake_analyze(batch, batch_size)

    items = [Failure("a", "missing", "a: no such file"), *copies()[:2], article("blank", " "), copies()[3]]
    report = ingest_articles(items, analyze=analyze, config=RunConfig(store_batch=2),
                             on_failure=lambda f: told.append((f.input, analysed)))
    assert [name for name, _ in told] == ["a", "in/blank.txt"]
    assert told[0][1] == 0 and told[1][1] < 3  # each as it is found, not when the run ends
    assert [f.input for f in report.failures] == ["a", "in/blank.txt"]


def test_after_cleaning_ten_reposts_are_one_story_and_ten_topic_mates_ten() -> None:
    from test_dedup import BODY, SAME_TOPIC, _variants

    reposts, _ = run([article(f"v{i}", text) for i, text in enumerate([BODY, *_variants()])])
    assert (reposts.new_clusters, reposts.duplicates_merged, reposts.failures) == (1, 10, [])
    mates, _ = run([article(f"t{i}", text) for i, text in enumerate(SAME_TOPIC)])
    assert (mates.new_clusters, mates.duplicates_merged) == (10, 0)


def test_a_lone_surrogate_from_json_input_does_not_break_the_statements_file(tmp_path) -> None:
    text = 'The harbour master said "the north wall \ud800 is safe again" on Monday.'
    with (tmp_path / "s.jsonl").open("w", encoding="utf-8") as out:
        report = ingest_articles([article("s", text)], sinks=[StatementsJsonl(out)], analyze=fake_analyze)
    line = json.loads((tmp_path / "s.jsonl").read_text(encoding="utf-8"))
    assert report.statements == 1 and line["content"] == "the north wall \ud800 is safe again"


def test_an_article_the_database_refuses_fails_alone(store) -> None:
    refused = article("bad", 'The mayor said "the bridge \ud800 will reopen in May" on Friday.')
    report = ingest_articles([copies()[0], refused, copies()[3]], store, analyze=fake_analyze)
    assert [(f.input, f.reason) for f in report.failures] == [("in/bad.txt", "store")]
    assert "\n" not in report.failures[0].message
    assert {r[0] for r in stored_articles(store)} == {"orig", "other"}
    assert report.statements == 2  # the refused article's statement is not counted


def test_a_cleaner_crash_costs_one_article() -> None:
    from quotewire.run.stages import clean as real_clean

    def clean(a: Article) -> Article:
        if a.id == "odd":
            raise RecursionError("maximum recursion depth exceeded\nin a deeply nested page")
        return real_clean(a)

    report, _ = run([article("odd", OTHER.upper()), *copies()[:1]], clean_stage=clean)
    assert [(f.input, f.reason) for f in report.failures] == [("in/odd.txt", "clean")]
    assert "\n" not in report.failures[0].message and report.statements == 1


def test_remembered_analyses_survive_eviction_within_a_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    import quotewire.run.ingest

    monkeypatch.setattr(quotewire.run.ingest, "REUSED_ANALYSES", 1)
    first = [article("p", STORY.replace("Friday", "Sunday")), article("q", OTHER.replace("Sundays", "Mondays")),
             article("a", STORY)]  # "a" is what is remembered when the batch ends
    second = [article("b", OTHER), article("a2", STORY), article("c", STORY.replace("May", "June"))]
    report, lines = run([*first, *second], batch_size=3)  # "b" evicts "a" before "a2" is reached
    assert not report.failures and report.analyses_reused == 1
    assert {line["article_id"] for line in lines} == {"p", "q", "a", "b", "a2", "c"}


def test_the_pipelines_own_process_does_not_import_spacy(tmp_path) -> None:
    """Reading, cleaning, dedup and the store run in the calling process (a Dask worker, the API
    server); spaCy belongs to the analysis workers alone: importing it costs each such process
    ~1.3 CPU s and ~100 MB for nothing."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from test_pipeline import copies, fake_analyze\n"
        "from quotewire.run.ingest import ingest_articles\n"
        "from quotewire.store import open_store\n"
        f"with open_store({str(tmp_path / 'q.db')!r}) as store:\n"
        "    report = ingest_articles(copies(), store, analyze=fake_analyze)\n"
        "assert report.statements, report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))\n"
    )
    tests = str(Path(__file__).parent)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tests, env=os.environ | {"PYTHONPATH": os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")])})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"
