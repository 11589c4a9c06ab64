"""bench/identity.py: the cross-article identity scorer on hand-made inputs, the dev set's
integrity against the shared PolNeAR, and one small run through the quotewire CLI."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests.shared_data import POLNEAR, require

BENCH = Path(__file__).resolve().parents[1] / "bench" / "identity.py"
_spec = importlib.util.spec_from_file_location("bench_identity", BENCH)
identity = sys.modules.setdefault("bench_identity", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(identity)
Gold, Found, score = identity.Gold, identity.Found, identity.score


def person(doc: str, start: int, pid: str, name: str | None = None) -> Gold:
    return Gold(doc, start, start + 10, "person", name or pid.replace("-", " ").title(), pid)


def test_bcubed_of_one_speaker_holding_two_people():
    gold = [person("a", 0, "ann-lee"), person("a", 20, "ann-lee"), person("a", 40, "bo-lee")]
    found = {i: Found("s1", "Ann Lee") for i in range(3)}
    r = score(gold, found)
    assert r["bcubed_precision"] == pytest.approx(5 / 9)  # (2/3 + 2/3 + 1/3) / 3
    assert r["bcubed_recall"] == pytest.approx(1.0)
    assert r["bcubed_f1"] == pytest.approx(2 * (5 / 9) / (5 / 9 + 1))
    assert r["speakers_mixing"] == 1 and r["speakers_mixing_across_articles"] == 0
    assert r["name_accuracy"] == pytest.approx(2 / 3)
    assert r["mixing_speakers"] == [{"speaker": "Ann Lee", "people": ["Ann Lee", "Bo Lee"], "across_articles": False}]


def test_a_person_split_over_two_speakers_in_two_articles():
    gold = [person("a", 0, "ann-lee"), person("b", 0, "ann-lee"), person("b", 30, "ann-lee")]
    found = {0: Found("s1", "Ann Lee"), 1: Found("s2", "Lee"), 2: Found("s2", "Lee")}
    r = score(gold, found)
    assert r["bcubed_precision"] == pytest.approx(1.0)
    assert r["bcubed_recall"] == pytest.approx((1 / 3 + 2 / 3 + 2 / 3) / 3)
    assert (r["people_split"], r["people_split_in_several_articles"]) == (1, 1)
    assert r["split_people"] == [{"person": "Ann Lee", "speakers": ["Ann Lee", "Lee"]}]
    assert r["people_in_several_articles"] == 1


def test_two_people_of_different_articles_under_one_speaker_is_a_mix_across_articles():
    gold = [person("a", 0, "ted-cole"), person("b", 0, "heidi-cole")]
    r = score(gold, {0: Found("s1", "Cole"), 1: Found("s1", "Cole")})
    assert (r["speakers_mixing"], r["speakers_mixing_across_articles"]) == (1, 1)
    assert (r["people_split"], r["bcubed_recall"], r["bcubed_precision"]) == (0, 1.0, 0.5)


def test_perfect_linking_and_names_compared_case_space_and_apostrophe_blind():
    gold = [person("a", 0, "martin-omalley", "Martin O'Malley"), person("b", 0, "martin-omalley", "Martin O'Malley")]
    r = score(gold, {0: Found("s1", "martin  O’Malley"), 1: Found("s1", "Martin O'Malley")})
    assert (r["name_accuracy"], r["bcubed_f1"], r["people_split"], r["speakers_mixing"]) == (1.0, 1.0, 0, 0)


def test_unmatched_quotes_count_in_coverage_only_and_quotes_without_speaker_are_singletons():
    gold = [person("a", 0, "ann-lee"), person("a", 20, "ann-lee"), person("a", 40, "ann-lee"),
            Gold("a", 60, 70, "group"), Gold("a", 80, 90, "unnamed")]
    found = {0: Found(None, None), 1: Found("s1", "he"), 3: Found("s9", "officials")}
    r = score(gold, found)
    assert (r["gold_quotes"], r["matched_quotes"], r["named_person_quotes"], r["named_person_matched"]) == (5, 3, 3, 2)
    assert r["coverage"] == pytest.approx(3 / 5) and r["named_coverage"] == pytest.approx(2 / 3)
    assert r["bcubed_recall"] == pytest.approx(0.5)  # two quotes of one person, in two clusters
    assert (r["credited_to_none"], r["credited_to_pronoun"], r["credited_to_non_name"]) == (1, 1, 0)
    assert r["speakers"] == 1  # speakers of named-person quotes only


def test_speaker_problems():
    assert [identity.speaker_problem(n) for n in (None, " ", "She", "the mayor", "Ann Lee", "29 percent")] == [
        "none", "none", "pronoun", "not_a_name", None, "not_a_name"]


def test_match_takes_the_occurrence_overlapping_most_in_the_same_article():
    gold = [Gold("a", 100, 200, "person", "Ann Lee", "ann-lee"), Gold("b", 100, 200, "person", "Bo Lee", "bo-lee")]
    occ = [("a", 90, 120, Found("s1", "x")), ("a", 110, 190, Found("s2", "y")), ("a", 300, 400, Found("s3", "z")),
           ("c", 100, 200, Found("s4", "w"))]
    assert identity.match(gold, occ) == {0: Found("s2", "y")}


def test_occurrences_are_placed_by_input_line_and_found_text():
    texts = {"d1": "He said: “we will\n  win the vote” on Monday.", "d2": "Nothing here."}
    rows = [{"quotation": "we will win the vote", "speaker_id": "s1", "speaker": "Ann Lee",
             "provenance": [{"input": "/tmp/x/articles.jsonl:2"}, {"input": "/tmp/x/articles.jsonl:1"}]}]
    occ = list(identity.occurrences(rows, texts, {1: "d2", 2: "d1"}))
    assert occ == [("d1", 10, 32, Found("s1", "Ann Lee"))]
    assert texts["d1"][10:32] == "we will\n  win the vote"


def test_write_input_orders(tmp_path):
    docs = {k: {"text": k, "meta": {"publisher": "p", "date": "2016-01-01", "title": k}} for k in "abcde"}
    assert list(identity.write_input(docs, tmp_path / "f.jsonl", "reverse", 0).values()) == list("edcba")
    shuffled = identity.write_input(docs, tmp_path / "f.jsonl", "shuffle", 3)
    assert sorted(shuffled.values()) == list("abcde") and shuffled == identity.write_input(docs, tmp_path / "g.jsonl", "shuffle", 3)
    line = json.loads((tmp_path / "g.jsonl").read_text().splitlines()[0])
    assert set(line) == {"id", "text", "source", "published", "title"}


def test_the_dev_set_holds_only_ids_offsets_kinds_and_names():
    records = [json.loads(line) for line in identity.GOLD.read_text(encoding="utf-8").splitlines()]
    assert all(set(r) == {"doc_id", "content", "speaker", "kind", "name", "person_id"} for r in records)
    assert all(r["kind"] in identity.KINDS and (r["person_id"] is None) == (r["name"] is None) for r in records)
    assert all(r["name"] for r in records if r["kind"] == "person")
    names = {}
    for r in records:  # one person id, one name
        assert names.setdefault(r["person_id"], r["name"]) == r["name"]
    assert len(records) >= 1000 and len({r["doc_id"] for r in records}) >= 150


def test_every_dev_set_record_is_a_gold_quote_of_the_shared_polnear():
    records = [json.loads(line) for line in identity.GOLD.read_text(encoding="utf-8").splitlines()]
    with open(require(POLNEAR), encoding="utf-8") as f:
        docs = {d["doc_id"]: d for d in map(json.loads, f)}
    for r in records:
        quotes = {(tuple(q["content"]), tuple(q["speaker"] or ())) for q in docs[r["doc_id"]]["quotes"]}
        assert (tuple(r["content"]), tuple(r["speaker"])) in quotes, r


def test_a_small_slice_through_the_quotewire_cli(tmp_path):
    require(POLNEAR)
    quotewire = Path(sys.executable).parent / "quotewire"
    gold = identity.load_gold()
    first = list(dict.fromkeys(g.doc_id for g in gold))[:3]
    gold = [g for g in gold if g.doc_id in first]
    r = identity.evaluate(str(quotewire), gold, POLNEAR, order="reverse", workdir=tmp_path)
    assert r["articles"] == 3 and r["order"] == "reverse"
    assert r["matched_quotes"] > len(gold) // 3  # quotewire finds most of these quotes
    assert (tmp_path / "export.jsonl").exists() and 0 <= r["bcubed_f1"] <= 1


FAKE_QUOTEWIRE = '''#!{python}
"""A stand-in for the quotewire CLI: ingest remembers its input; export credits each article's
“quoted words” to the capitalised word before ' said', as one speaker id per name."""
import json, re, sys
args = sys.argv[1:]
db = args[args.index("--db") + 1]
if args[0] == "ingest":
    open(db, "w").write(args[1])
    sys.exit(0)
source = open(db).read()
with open(args[args.index("-o") + 1], "w") as out:
    for n, line in enumerate(open(source), 1):
        text = json.loads(line)["text"]
        for m in re.finditer(r"“([^”]+)”,? (\\w+) said", text):
            out.write(json.dumps({{"quotation": m.group(1), "speaker": m.group(2), "speaker_id": "id-" + m.group(2),
                                  "provenance": [{{"input": f"{{source}}:{{n}}"}}]}}) + "\\n")
'''


def test_the_command_line_compares_runs_side_by_side(tmp_path, capsys):
    """main() end to end on our own two-article corpus and a stand-in executable: both orders give
    the same figures (the stand-in is order-blind), and the table has a column per run."""
    texts = {"d1": "“The harbour will reopen,” Okafor said. “Wages come first,” Lindqvist said.",
             "d2": "“We keep talking,” Okafor said on Monday."}
    polnear = tmp_path / "polnear.jsonl"
    polnear.write_text("".join(json.dumps({"doc_id": k, "text": t, "quotes": [], "meta": {}}) + "\n"
                               for k, t in texts.items()))
    gold = tmp_path / "gold.jsonl"
    records = [("d1", "The harbour will reopen", "Maria Okafor"), ("d1", "Wages come first", "Thomas Lindqvist"),
               ("d2", "We keep talking", "Maria Okafor")]
    gold.write_text("".join(json.dumps({"doc_id": d, "content": [texts[d].index(q), texts[d].index(q) + len(q)],
                                        "speaker": [0, 1], "kind": "person", "name": n,
                                        "person_id": n.lower().replace(" ", "-")}) + "\n" for d, q, n in records))
    fake = tmp_path / "after" / ".venv" / "bin" / "quotewire"
    fake.parent.mkdir(parents=True)
    fake.write_text(FAKE_QUOTEWIRE.format(python=sys.executable))
    fake.chmod(0o755)
    argv = ["--quotewire", str(fake), "--gold", str(gold), "--polnear", str(polnear), "--order", "file",
            "--order", "reverse", "--keep", str(tmp_path / "runs")]
    assert identity.main(argv + ["--json"]) == 0
    file_run, reverse_run = json.loads(capsys.readouterr().out)
    assert file_run["order"] == "file" and reverse_run["order"] == "reverse"
    for r in (file_run, reverse_run):
        assert (r["matched_quotes"], r["bcubed_f1"], r["name_accuracy"], r["people_split"]) == (3, 1.0, 0.0, 0)
    assert identity.main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["after", "file", "after", "reverse"]
    assert len(lines) == 1 + len(identity.ROWS) and lines[2].split()[-2:] == ["3/3", "(1.000)"]
    assert sorted(p.name for p in (tmp_path / "runs").iterdir()) == ["run1-file", "run2-reverse"]


def test_labels_name_the_checkout_of_a_venv_executable():
    assert identity.label("/work/main/.venv/bin/quotewire") == "main"
    assert identity.label(".venv/bin/quotewire") == Path.cwd().name
    assert identity.label("/usr/local/bin/quotewire") == "/usr/local/bin/quotewire"


def test_an_executable_that_cannot_run_or_fails_stops_with_one_line(tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"id": "d1", "text": "x"}\n')
    with pytest.raises(SystemExit, match=r"nowhere/quotewire: cannot run it .*--quotewire"):
        identity.run_quotewire(str(tmp_path / "nowhere" / "quotewire"), jsonl, tmp_path / "db", tmp_path / "e", [])
    failing = tmp_path / "failing"
    failing.write_text("#!/bin/sh\necho 'first line' >&2\necho 'no such option --frobnicate' >&2\nexit 2\n")
    failing.chmod(0o755)
    with pytest.raises(SystemExit, match=r"ingest failed \(2\): first line \| no such option --frobnicate$"):
        identity.run_quotewire(str(failing), jsonl, tmp_path / "db", tmp_path / "e", ["--frobnicate"])


def test_a_kept_database_is_replaced_not_added_to(tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"id": "d1", "text": "x"}\n')
    (tmp_path / "identity.db").write_text("stale")
    recorder = tmp_path / "recorder"
    recorder.write_text(f"#!{sys.executable}\nimport sys, os\n"
                        "db = sys.argv[sys.argv.index('--db') + 1]\n"
                        "if sys.argv[1] == 'ingest':\n    assert not os.path.exists(db)\n    open(db, 'w').write('new')\n"
                        "else:\n    open(sys.argv[-1], 'w').write('{\"quotation\": \"q\"}\\n')\n")
    recorder.chmod(0o755)
    rows = identity.run_quotewire(str(recorder), jsonl, tmp_path / "identity.db", tmp_path / "e.jsonl", [])
    assert rows == [{"quotation": "q"}] and (tmp_path / "identity.db").read_text() == "new"


def test_the_commands_run_in_the_database_folder_not_the_callers_checkout(tmp_path, monkeypatch):
    """Ingest's worker processes import the quotewire of their working directory: run from a
    checkout, a before/after pair would both measure that checkout. Relative paths still work."""
    (tmp_path / "run").mkdir()
    (tmp_path / "a.jsonl").write_text('{"id": "d1", "text": "x"}\n')
    recorder = tmp_path / "recorder"
    recorder.write_text(f"#!{sys.executable}\nimport sys, os\n"
                        "if sys.argv[1] == 'ingest':\n    open(sys.argv[sys.argv.index('--db') + 1], 'w').write(os.getcwd())\n"
                        "else:\n    open(sys.argv[-1], 'w').write('{\"cwd\": \"' + os.getcwd() + '\"}\\n')\n")
    recorder.chmod(0o755)
    monkeypatch.chdir(tmp_path)
    rows = identity.run_quotewire("./recorder", Path("a.jsonl"), Path("run/identity.db"), Path("run/e.jsonl"), [])
    assert rows == [{"cwd": str(tmp_path / "run")}] and (tmp_path / "run" / "identity.db").read_text() == str(tmp_path / "run")


@pytest.mark.slow
def test_the_dev_set_figures_hold_and_each_half_alike(tmp_path):
    """The figures docs/identity.md reports for this checkout, as floors (a change that loses
    identity fails here): the whole set, and the held-out half b alone (rules are written on half
    a). Measured 0.915 / 0.936 / 5 on all, 0.905 / 0.930 on half b after its sixth round (after
    its third: 0.872 / 0.904 / 7, 0.856 / 0.896; before its second: 0.825 / 0.872 / 7, 0.835 /
    0.881; before its first: 0.745 / 0.832 / 11, 0.778 / 0.859)."""
    require(POLNEAR)
    quotewire = str(Path(sys.executable).parent / "quotewire")
    gold = identity.load_gold()
    r = identity.evaluate(quotewire, gold, POLNEAR, workdir=tmp_path / "all")
    assert r["name_accuracy"] >= 0.91 and r["bcubed_f1"] >= 0.93
    assert r["speakers_mixing_across_articles"] <= 5 and r["credited_to_pronoun"] == 0
    b = identity.evaluate(quotewire, [g for g in gold if identity.half_of(g.doc_id) == "b"], POLNEAR,
                          workdir=tmp_path / "b")
    assert b["name_accuracy"] >= 0.90 and b["bcubed_f1"] >= 0.925


def test_the_halves_split_the_articles_by_id_alone():
    ids = sorted({g.doc_id for g in identity.load_gold()})
    halves = {d: identity.half_of(d) for d in ids}
    assert set(halves.values()) == {"a", "b"} and min(list(halves.values()).count(h) for h in "ab") >= 80
    assert halves == {d: identity.half_of(d) for d in reversed(ids)}  # no state, no order
