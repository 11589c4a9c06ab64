"""Speaker gender against hand labels: precision, recall and F1 for women and for men quoted, and
women's share of people quoted per outlet, labelled beside predicted.

The sample is the collection a user would ingest (../shared/hooks/collection.py's choice: every
sixth PolNeAR dev article, N of them; ``--offset 3`` another sixth, held out), ingested with
`quotewire ingest`. Every person speaker the
store lists is one case; `bench/gender_labels.tsv` gives each name's gender as labelled by hand
(our own labels: names and genders only, no article text). A name labelled "-" is no person or
could not be told, and is left out; a name with no label is counted as unlabelled and left out.
A prediction of "unknown" is a miss for the gold class (recall), never a hit.

    .venv/bin/python bench/gender_eval.py [--n 150] [--db FILE] [--list]

``--list`` prints the person speakers with no label yet (name, statements, one outlet), without
the system's calls, for labelling blind.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "polnear" / "dev.jsonl"
LABELS = Path(__file__).with_name("gender_labels.tsv")


def sample(n: int, offset: int, out: Path) -> None:
    """Every sixth article from ``offset``, as ingest JSONL (read from ../shared at run time):
    offset 0 is the collection hook's sample."""
    kept = 0
    with SHARED.open(encoding="utf-8") as f, out.open("w", encoding="utf-8") as w:
        for i, line in enumerate(f):
            if i % 6 != offset:
                continue
            d = json.loads(line)
            m = d.get("meta") or {}
            w.write(json.dumps({"id": d["doc_id"], "text": d["text"], "source": m.get("publisher"),
                                "published": m.get("date"), "title": m.get("title")}) + "\n")
            kept += 1
            if kept >= n:
                return


def labels() -> dict[str, str]:
    found = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.rsplit("\t", 1)
            found[name.strip()] = gender.strip()
    return found


def people(db: str) -> list[dict]:
    """Every person speaker with their statements' outlets (by article source)."""
    import sqlalchemy as sa

    from quotewire.store import open_store
    from quotewire.store.schema import articles, occurrences, speakers

    store = open_store(db)
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(speakers.c.name, speakers.c.gender, speakers.c.gender_source, articles.c.source)
                            .select_from(occurrences.join(speakers, speakers.c.id == occurrences.c.speaker_id)
                                         .join(articles, articles.c.id == occurrences.c.article_id))
                            .where(speakers.c.kind == "person")).all()
    store.close()
    found: dict[str, dict] = {}
    for r in rows:
        p = found.setdefault(r.name, {"name": r.name, "gender": r.gender, "source": r.gender_source,
                                      "outlets": Counter()})
        p["outlets"][r.source] += 1
    return sorted(found.values(), key=lambda p: (-sum(p["outlets"].values()), p["name"]))


def scores(cases: list[tuple[str, str]], cls: str) -> tuple[float, float, float, int]:
    tp = sum(g == cls and p == cls for g, p in cases)
    fp = sum(g != cls and p == cls for g, p in cases)
    fn = sum(g == cls and p != cls for g, p in cases)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, tp + fn


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--offset", type=int, default=0, choices=range(6),
                    help="which sixth of PolNeAR dev: 0 the collection hook's (the rules were written on it), "
                         "3 a held-out one")
    ap.add_argument("--db", help="the sample's database, ingested into it when the file is missing "
                    "(default: a temporary one)")
    ap.add_argument("--list", action="store_true", help="print unlabelled person speakers, blind")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "gender.db")
        if not os.path.exists(db):
            news = Path(tmp) / "news.jsonl"
            sample(args.n, args.offset, news)
            subprocess.run([str(ROOT / ".venv" / "bin" / "quotewire"), "ingest", str(news), "--db", db],
                           check=False, capture_output=True, timeout=900)
        found = people(db)
    gold = labels()
    if args.list:
        for p in found:
            if p["name"] not in gold:
                print(f"{p['name']}\t{sum(p['outlets'].values())}\t{p['outlets'].most_common(1)[0][0]}")
        return
    cases, unlabelled = [], []
    per_outlet: dict[str, dict[str, Counter]] = defaultdict(lambda: {"gold": Counter(), "pred": Counter()})
    by_source = Counter()
    for p in found:
        g = gold.get(p["name"])
        if g is None:
            unlabelled.append(p["name"])
            continue
        if g not in ("female", "male"):
            continue
        cases.append((g, p["gender"] or "unknown"))
        by_source[(p["source"] or "none", g == p["gender"])] += 1
        for outlet in p["outlets"]:
            per_outlet[outlet]["gold"][g] += 1
            per_outlet[outlet]["pred"][p["gender"] or "unknown"] += 1
    print(f"{len(found)} person speakers in {args.n} articles; {len(cases)} labelled female/male, "
          f"{len(found) - len(cases) - len(unlabelled)} labelled not a person or untold, {len(unlabelled)} unlabelled")
    for cls in ("female", "male"):
        p, r, f, n = scores(cases, cls)
        print(f"{cls:<7} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  (gold {n})")
    predicted = Counter(pred for _, pred in cases)
    print(f"calls: {dict(predicted)}; by source (source, right): {dict(sorted(by_source.items()))}")
    print("outlet          gold women share   predicted women share (of known)   people")
    for outlet, c in sorted(per_outlet.items()):
        gs = c["gold"]["female"] / max(c["gold"]["female"] + c["gold"]["male"], 1)
        known = c["pred"]["female"] + c["pred"]["male"]
        ps = c["pred"]["female"] / known if known else float("nan")
        print(f"{outlet:<15} {gs:>8.3f}           {ps:>8.3f}                          {sum(c['gold'].values())}")
    wrong = [(g, pred) for g, pred in cases if pred not in (g, "unknown")]
    print(f"wrong calls: {len(wrong)}; unknown: {predicted['unknown']}")
    sys.exit(0)


if __name__ == "__main__":
    main()
