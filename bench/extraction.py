"""Main-text extraction, cross-validated: quotewire's cleaner and each of its rules beside trafilatura.

Reads the article-extraction benchmark pages in ../shared/data/aeb (``html/<id>.html.gz`` and
``ground-truth.json``) and scores with ../shared/tools/score_extraction.py. Prints, in one run:

1. what ``quotewire clean FILE`` prints for each page (``clean_article`` without the headline, the
   page read as the CLI reads a file: no URL), quotewire ``main_text`` (all rules; the function the
   rules below are switched in), trafilatura 2.3.1 ``extract()`` at its defaults and with
   ``favor_precision=True``: precision, recall, F1, empty pages, pages per CPU-second;
2. per rule (each switch of ``main_text.Rules``, each line of the furniture data files): how many
   pages and sites turning it off changes, how many sites it helps and hurts, and the F1 change
   it makes per fold;
3. k-fold cross-validation, folds grouped by site (a site's pages are all in one fold): for each
   fold, a rule is kept only if, on the OTHER folds, it raises F1 and helps pages from at least
   ``--min-sites`` sites; the fold is then scored with the rules kept. Per fold: quotewire with all
   rules, quotewire cross-validated, trafilatura default and favor_precision. The SAFEGUARDS are
   measured but always kept: they exist for what quotewire must do whatever a benchmark's ground
   truth counts (statements in embedded posts and ``<q>``, no empty page where there is text).

The cross-validated figure estimates what the rules score on pages they were not written from;
a rule that the folds do not keep everywhere is one to remove (docs/evaluation.md).
CPU time of this process is what is timed (one core), so other jobs disturb the ratio less.

    .venv/bin/python bench/extraction.py                 # everything (2-3 CPU-minutes)
    .venv/bin/python bench/extraction.py --no-rules      # systems only
    .venv/bin/python bench/extraction.py --repeat 3 --out /tmp/ours.json
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import importlib.util
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
Extract = Callable[[bytes, "str | None"], str]
SAFEGUARDS = frozenset({"embedded_posts", "inline_quotes", "balanced_retry"})


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Bench:
    """The pages, their sites and folds; predictions scored once per page (``counts``)."""

    def __init__(self, aeb: Path, scorer: Path, folds: int) -> None:
        self.scorer = load_scorer(scorer)
        self.truth = json.loads((aeb / "ground-truth.json").read_text("utf-8"))
        self.pages = {k: gzip.decompress((aeb / "html" / f"{k}.html.gz").read_bytes()) for k in self.truth}
        self.urls = {k: v.get("url") for k, v in self.truth.items()}
        self.sites = {k: (urlsplit(u or "").hostname or k).removeprefix("www.") for k, u in self.urls.items()}
        self.fold = {k: int(hashlib.sha1(site.encode()).hexdigest(), 16) % folds for k, site in self.sites.items()}
        self.folds = folds

    def predict(self, extract: Extract, keys=None) -> dict[str, str]:
        return {k: extract(self.pages[k], self.urls[k]) or "" for k in (keys or self.truth)}

    def timed(self, extract: Extract, repeat: int) -> tuple[dict[str, str], float]:
        """Predictions and pages per CPU-second (best of ``repeat`` runs)."""
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            pred = self.predict(extract)
            best = min(best, time.process_time() - started)
        return pred, len(pred) / best

    def counts(self, pred: dict[str, str]) -> dict[str, tuple[float, float, float]]:
        """The scorer's per-page (TP, FP, FN) shares of each predicted page."""
        return {k: self.scorer.page_counts(self.truth[k].get("articleBody", ""), text) for k, text in pred.items()}

    def page_f1(self, c: tuple[float, float, float]) -> float:
        p, r = self.scorer._prec(*c), self.scorer._rec(*c)
        return 2 * p * r / (p + r) if p + r else 0.0

    def score(self, counts: dict[str, tuple[float, float, float]], keys=None) -> tuple[float, float, float]:
        """Precision, recall, F1 over ``keys`` (the scorer's averaging, on a subset of pages)."""
        c = [counts[k] for k in (keys or self.truth)]
        ps = [self.scorer._prec(*x) for x in c if x[0] + x[1] > 0]
        rs = [self.scorer._rec(*x) for x in c if x[0] + x[2] > 0]
        p, r = (statistics.mean(ps) if ps else 0.0), (statistics.mean(rs) if rs else 0.0)
        return p, r, 2 * p * r / (p + r) if p + r else 0.0

    def in_fold(self, i: int) -> list[str]:
        return [k for k in self.truth if self.fold[k] == i]

    def out_of_fold(self, i: int) -> list[str]:
        return [k for k in self.truth if self.fold[k] != i]


def cleaned_text(html: bytes, input: str) -> str:
    """What ``quotewire clean`` prints for a page file: its main text, "" when cleaning fails."""
    from quotewire.clean import clean_article
    from quotewire.errors import InputError
    from quotewire.sources.articles import html_article

    try:
        return clean_article(html_article(html, input), with_headline=False).text
    except InputError:
        return ""


def rule_switches(rules) -> dict[str, object]:
    """Each rule (a field of ``Rules``: a switch or a data file) and the ``Rules`` without it."""
    off = {f.name: False if isinstance(getattr(rules, f.name), bool) else () for f in dataclasses.fields(rules)}
    return {name: dataclasses.replace(rules, **{name: value}) for name, value in off.items()}


def entry_switches(rules) -> dict[str, object]:
    """Each line of a data-file rule and the ``Rules`` without that line."""
    switches = {}
    for f in dataclasses.fields(rules):
        value = getattr(rules, f.name)
        if not isinstance(value, bool):
            for i, entry in enumerate(value):
                switches[f"{f.name}[{i}] {entry[:40]}"] = dataclasses.replace(rules, **{f.name: value[:i] + value[i + 1 :]})
    return switches


def effect(bench: Bench, full: dict, off: dict, keys=None) -> tuple[list[str], set[str], set[str]]:
    """Pages the rule changes, sites where it raises page F1, sites where it lowers it."""
    changed = [k for k in (keys or bench.truth) if full[k] != off[k]]
    up = {bench.sites[k] for k in changed if bench.page_f1(full[k]) > bench.page_f1(off[k])}
    down = {bench.sites[k] for k in changed if bench.page_f1(full[k]) < bench.page_f1(off[k])}
    return changed, up, down


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--aeb", type=Path, default=SHARED / "data" / "aeb")
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_extraction.py")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--min-sites", type=int, default=3, help="a rule must help pages from this many sites")
    parser.add_argument("--no-rules", action="store_true", help="only the three systems, no per-rule runs")
    parser.add_argument("--out", type=Path, help="write what quotewire clean prints here (score_extraction.py format)")
    args = parser.parse_args()
    if not (args.aeb / "ground-truth.json").exists():
        print(f"benchmark data not found in {args.aeb}", file=sys.stderr)
        return 1
    logging.disable(logging.WARNING)  # trafilatura warns on every page it finds little in

    import trafilatura

    from quotewire.clean.main_text import Rules, main_text

    bench = Bench(args.aeb, args.scorer, args.folds)
    rules = Rules()
    systems: dict[str, Extract] = {
        "quotewire clean": lambda html, url: cleaned_text(html, "page.html"),
        "quotewire main_text": lambda html, url: main_text(html, url, rules),
        "trafilatura default": lambda html, url: trafilatura.extract(html, url=url),
        "trafilatura precision": lambda html, url: trafilatura.extract(html, url=url, favor_precision=True),
    }
    print(f"{len(bench.pages)} pages, {len(set(bench.sites.values()))} sites, {args.folds} folds by site, from {args.aeb}")
    print(f"{'system':24s} {'precision':>9s} {'recall':>7s} {'F1':>7s} {'empty':>5s} {'pages/s':>8s}")
    preds, rates, counted = {}, {}, {}
    for name, extract in systems.items():
        preds[name], rates[name] = bench.timed(extract, args.repeat)
        counted[name] = bench.counts(preds[name])
        p, r, f = bench.score(counted[name])
        empty = sum(not t.strip() for t in preds[name].values())
        print(f"{name:24s} {p:9.3f} {r:7.3f} {f:7.4f} {empty:5d} {rates[name]:8.1f}")
    ours, default, precise = rates["quotewire clean"], rates["trafilatura default"], rates["trafilatura precision"]
    print(f"speed ratio quotewire/trafilatura default {ours / default:.2f}, /favor_precision {ours / precise:.2f}")
    if args.out:
        args.out.write_text(json.dumps({k: {"articleBody": v} for k, v in preds["quotewire clean"].items()}, ensure_ascii=False), "utf-8")
    if args.no_rules:
        return 0

    full = counted["quotewire main_text"]

    def ablate(off) -> dict:
        return bench.counts(bench.predict(lambda html, url: main_text(html, url, off)))

    print("\nper rule, turned off: pages and sites it changes, sites it helps/hurts, F1 it adds per fold and overall")
    rules_off = {name: ablate(off) for name, off in rule_switches(rules).items()}
    entries_off = {name: ablate(off) for name, off in entry_switches(rules).items()}
    for name, off in (rules_off | entries_off).items():
        changed, up, down = effect(bench, full, off)
        gains = [bench.score(full, bench.in_fold(i))[2] - bench.score(off, bench.in_fold(i))[2] for i in range(args.folds)]
        print(f"  {name:58s} pages {len(changed):3d} sites {len({bench.sites[k] for k in changed}):3d} +{len(up):2d}/-{len(down):2d} "
              + " ".join(f"{g:+.4f}" for g in gains) + f"  {bench.score(full)[2] - bench.score(off)[2]:+.4f}")

    print(f"\ncross-validation: per fold, a rule is kept if on the other folds it adds F1 and helps >= {args.min_sites} sites"
          f" ({', '.join(sorted(SAFEGUARDS))} always kept)")
    print(f"{'fold':>4s} {'pages':>5s} {'sites':>5s} {'qw all rules':>12s} {'qw CV':>7s} {'traf default':>12s} {'traf precision':>14s}  rules dropped")
    cv: dict = {}
    systems_counts = (full, cv, counted["trafilatura default"], counted["trafilatura precision"])
    for i in range(args.folds):
        train, test = bench.out_of_fold(i), bench.in_fold(i)
        dropped = []
        for name, off in rules_off.items():
            if name in SAFEGUARDS:
                continue
            _, up, _ = effect(bench, full, off, train)
            if bench.score(full, train)[2] <= bench.score(off, train)[2] or len(up) < args.min_sites:
                dropped.append(name)
        kept = dataclasses.replace(rules, **{name: getattr(rule_switches(rules)[name], name) for name in dropped})
        if kept == rules:  # every rule kept: the fold's pages as already extracted
            cv.update({k: full[k] for k in test})
        else:
            cv.update(bench.counts(bench.predict(lambda html, url: main_text(html, url, kept), test)))
        f = [bench.score(c, test)[2] for c in systems_counts]
        print(f"{i:4d} {len(test):5d} {len({bench.sites[k] for k in test}):5d} {f[0]:12.4f} {f[1]:7.4f} {f[2]:12.4f} {f[3]:14.4f}  {', '.join(dropped) or '-'}")
    f = [bench.score(c)[2] for c in systems_counts]
    print(f"{'all':>4s} {len(bench.truth):5d} {len(set(bench.sites.values())):5d} {f[0]:12.4f} {f[1]:7.4f} {f[2]:12.4f} {f[3]:14.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
