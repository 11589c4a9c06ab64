"""Quote lineage and the verifier, measured on generated re-quotations of real articles.

Not a test. Takes PolNeAR articles (../shared, read at run time, never copied into the repo),
stores each with its annotated statements as the *original* printing, and for each attributed
direct or mixed quote makes a later article from another outlet that cites it in one of six
ways: verbatim, an excerpt, words omitted, one word substituted, words inserted, or verbatim but
credited to another person. Everything is saved through ``Store.save_batch`` (the writer's path,
lineages included). Then it scores:

- lineage: each later wording shares its original's ``lineage_id`` (recall), and how many
  lineages hold two different originals (wrong merges);
- ``GET /api/verify`` (FastAPI's test client) for a *fresh* claim of each kind (a new excerpt or
  change, not the stored one) with the credited speaker's name, plus sentences of the articles that
  are no quote: the original first, the verdict per kind, the changes named, the speaker flag;
- the score distributions the thresholds in ``quotewire/lineage/align.py`` are chosen from.

Two sets: ``--split train --seed 1`` (thresholds chosen here) and ``--split dev --seed 2`` (other
articles, confirms them). ``--repeats`` instead stores every article's statements and prints the
lineages that several outlets' articles share, for checking by hand (text shown, not saved).

    .venv/bin/python bench/lineage.py --split train --seed 1
    .venv/bin/python bench/lineage.py --split dev --seed 2
    .venv/bin/python bench/lineage.py --repeats --sample 25
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from quotewire.lineage import MIN_SHARED, align, link, words
from quotewire.models import AnalyzedArticle, Article, Quote, Span, Speaker, quotation_key
from quotewire.store import open_store
from quotewire.store.names import is_alias
from quotewire.store.schema import quotation_lineages

POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear" / "dev.jsonl"
KINDS = ("verbatim", "excerpt", "omitted", "substituted", "inserted", "credited")
EXPECTED = {"verbatim": "verbatim", "excerpt": "verbatim", "credited": "verbatim", "omitted": "altered",
            "substituted": "altered", "inserted": "altered", "not_a_quote": "not_found"}
MIN_WORDS = 10
INSERTS = ("never", "really", "not", "truly", "certainly", "again", "also", "perhaps", "all", "only")


def _docs(split: str) -> list[dict[str, Any]]:
    with open(POLNEAR, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    return [d for d in docs if split == "all" or d["meta"]["official_split"] == split]


def _original(doc: dict[str, Any]) -> AnalyzedArticle:
    text = doc["text"]
    quotes = [Quote(q["type"], Span.of(text, *q["content"]),
                    speaker=Speaker(q["speaker_name"]) if q.get("speaker_name") else None) for q in doc["quotes"]]
    meta = doc["meta"]
    return AnalyzedArticle(Article(id=doc["doc_id"], text=text, source=f"{meta['publisher']}.example",
                                   published=meta["date"], title=meta.get("title")), quotes)


def _derivable(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(the stored content, its words without outer quotation marks, the speaker's name) of the
    direct and mixed quotes with a name and enough words."""
    out = []
    for q in doc["quotes"]:
        name = q.get("speaker_name") or ""
        said = doc["text"][q["content"][0]:q["content"][1]]
        if q["type"] in ("direct", "mixed") and is_alias(name) and len(words(said)) >= MIN_WORDS:
            out.append((said, said.strip().strip('"“”').strip(), name))
    return out


def _tokens(text: str) -> list[str]:
    return text.split()


def derive(text: str, kind: str, rng: random.Random, vocabulary: list[str]) -> tuple[str, list[dict[str, str]]]:
    """A later wording of ``text`` of the given kind, and the changes it makes (against the words)."""
    toks = _tokens(text)
    n = len(toks)
    if kind in ("verbatim", "credited"):
        return text, []
    if kind == "excerpt":
        size = rng.randint(6, max(6, n - 3))
        start = rng.randint(0, n - size)
        return " ".join(toks[start:start + size]), []
    at = rng.randint(2, n - 3)
    if kind == "omitted":
        size = rng.randint(1, min(3, n - 5))
        at = rng.randint(2, n - size - 2)
        return " ".join(toks[:at] + toks[at + size:]), [
            {"op": "omitted", "attested": " ".join(words(" ".join(toks[at:at + size]))), "claimed": ""}]
    if kind == "substituted":
        choices = [i for i in range(2, n - 2) if len(words(toks[i])) == 1 and len(words(toks[i])[0]) >= 4]
        at = rng.choice(choices or [at])
        old = words(toks[at])
        new = rng.choice([w for w in vocabulary if [w] != old])
        return " ".join(toks[:at] + [new] + toks[at + 1:]), [
            {"op": "substituted", "attested": " ".join(old), "claimed": new}]
    added = rng.sample(INSERTS, rng.randint(1, 2))
    return " ".join(toks[:at] + added + toks[at:]), [{"op": "inserted", "attested": "", "claimed": " ".join(added)}]


def _later(i: int, said: str, name: str, day: str, outlet: str) -> AnalyzedArticle:
    prefix = f"In remarks reported on {day}, {name} said: \""
    text = f"{prefix}{said}\" The comments drew wide attention."
    speaker_at = text.index(name)
    quote = Quote("direct", Span.of(text, len(prefix), len(prefix) + len(said)), speaker=Speaker(name),
                  speaker_mention=Span.of(text, speaker_at, speaker_at + len(name)))
    return AnalyzedArticle(Article(id=f"later-{i:05d}", text=text, source=outlet, published=day,
                                   title=f"Later story {i}"), [quote])


def _sentences(doc: dict[str, Any]) -> list[str]:
    """Sentences of the article outside every annotated statement: no quote of anyone."""
    text = doc["text"]
    covered = [(q["content"][0], q["content"][1]) for q in doc["quotes"]]
    out, start = [], 0
    for i, ch in enumerate(text + "."):
        if ch in ".?!\n" and i - start > 40:
            s, e = start, i
            if not any(a < e and s < b for a, b in covered) and len(words(text[s:e])) >= 8 and '"' not in text[s:e]:
                out.append(text[s:e].strip())
            start = i + 1
        elif ch in ".?!\n":
            start = i + 1
    return out


def build(split: str, seed: int, articles: int) -> tuple[list[AnalyzedArticle], list[AnalyzedArticle], list[dict[str, Any]]]:
    rng = random.Random(seed)
    docs = _docs(split)
    rng.shuffle(docs)
    docs = docs[:articles]
    vocabulary = sorted({w for d in docs for w in words(d["text"]) if len(w) >= 5 and w.isalpha()})
    originals = [_original(d) for d in docs]
    picked: list[tuple[dict[str, Any], str, str, str]] = []
    seen: list[list[str]] = []
    for d in docs:
        for content, said, name in _derivable(d):
            w = words(said)
            if any(link(w, other) is not None for other in seen):  # a real repeat: not a separate original
                continue
            seen.append(w)
            picked.append((d, content, said, name))
    names = sorted({name for *_, name in picked})
    later, cases = [], []
    for i, (d, content, said, name) in enumerate(picked):
        kind = KINDS[i % len(KINDS)]
        credited = name
        if kind == "credited":
            surname = words(name)[-1]
            credited = rng.choice([n for n in names if words(n)[-1] != surname])
        stored, changes = derive(said, kind, rng, vocabulary)
        claim, claim_changes = derive(said, kind, rng, vocabulary)
        day = (date.fromisoformat(d["meta"]["date"]) + timedelta(days=rng.randint(1, 20))).isoformat()
        later.append(_later(i, stored, credited, day, f"outlet{rng.randint(1, 40)}.example"))
        cases.append({"kind": kind, "original": said, "content": content, "speaker": name, "credited": credited, "stored": stored,
                      "stored_changes": changes, "claim": claim, "changes": claim_changes})
    for d in docs:
        for s in _sentences(d)[:1]:
            cases.append({"kind": "not_a_quote", "claim": s, "credited": None, "original": None})
    return originals, later, cases


def _key(text: str) -> str:
    return quotation_key(Quote("direct", Span(0, len(text), text)))


def measure(split: str, seed: int, articles: int, db: str | None) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from quotewire.server.app import create_app

    originals, later, cases = build(split, seed, articles)
    tmp = tempfile.TemporaryDirectory()
    store = open_store(db or f"{tmp.name}/lineage.db")
    started = time.perf_counter()
    for i in range(0, len(originals), 20):
        store.save_batch(originals[i:i + 20])
    order = list(range(len(later)))
    random.Random(seed).shuffle(order)  # later printings arrive in any order
    for i in range(0, len(order), 50):
        store.save_batch([later[k] for k in order[i:i + 50]])
    saved = time.perf_counter() - started
    with store.engine.connect() as conn:
        lineage_of = {r[0]: r[1] for r in conn.execute(sa.select(quotation_lineages.c.quotation_id,
                                                                  quotation_lineages.c.lineage_id))}
    quoted = [c for c in cases if c["original"]]
    same = [lineage_of.get(_key(c["stored"])) == lineage_of.get(_key(c["content"])) for c in quoted]
    originals_in: dict[str, set[str]] = defaultdict(set)
    for c in quoted:
        originals_in[lineage_of.get(_key(c["content"]), "")].add(_key(c["content"]))
    merged = sum(len(v) - 1 for v in originals_in.values())

    pairs = _pair_scores(store, cases)
    client = TestClient(create_app(store))
    per_kind: dict[str, Counter[str]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(list)
    took = []
    for c in cases:
        params = {"q": c["claim"]} | ({"speaker": c["credited"]} if c["credited"] else {})
        t0 = time.perf_counter()
        answer = client.get("/api/verify", params=params).json()
        took.append(time.perf_counter() - t0)
        k = per_kind[c["kind"]]
        k["n"] += 1
        k["verdict"] += answer["verdict"] == EXPECTED[c["kind"]]
        top = answer["matches"][0] if answer["matches"] else None
        if c["original"]:
            k["original_first"] += bool(top and top["quotation_id"] == _key(c["content"]))
            scores[c["kind"]].append(align(words(c["claim"]), words(c["original"])).score)
        if c["kind"] in ("omitted", "substituted", "inserted"):
            k["named"] += bool(top and top["changes"] == c["changes"])
        if c["kind"] == "credited":
            k["flagged"] += bool(top and top["speaker_match"] is False)
        elif c["original"]:
            k["speaker_true"] += bool(top and top["speaker_match"] is True)
        if c["kind"] == "not_a_quote":
            scores["not_a_quote"].append(top["score"] if top else 0.0)
    store.close()
    tmp.cleanup()
    took.sort()
    return {"split": split, "seed": seed, "articles": len(originals), "later": len(later), "save_s": round(saved, 1),
            "lineage_recall": sum(same) / len(same), "wrong_merges": merged, "originals": len(originals_in and quoted),
            "per_kind": {k: dict(v) for k, v in per_kind.items()}, "scores": scores, "pairs": pairs,
            "p95_ms": 1000 * took[int(0.95 * (len(took) - 1))]}


def _pair_scores(store: Any, cases: list[dict[str, Any]]) -> dict[str, list[float]]:
    """The linking score of every two stored wordings that share a fingerprint (0 when they share
    fewer than ``MIN_SHARED`` words): "same" when one is a generated printing of the other,
    "different" otherwise (what a threshold must keep apart)."""
    import numpy as np

    from quotewire.store.schema import quotations

    family = {}
    for i, c in enumerate(cases):
        if c["original"]:
            family.setdefault(_key(c["content"]), i)
            family.setdefault(_key(c["stored"]), i)
    with store.engine.connect() as conn:
        text = {r[0]: words(r[1]) for r in conn.execute(sa.select(quotations.c.id, quotations.c.text))}
        sharing: dict[int, list[str]] = defaultdict(list)
        for qid, blob in conn.execute(sa.select(quotation_lineages.c.quotation_id, quotation_lineages.c.prints)):
            for p in np.frombuffer(blob or b"", dtype="<i8").tolist():
                sharing[p].append(qid)
    seen, out = set(), {"same": [], "different": []}
    for ids in sharing.values():
        for a in ids:
            for b in ids:
                if a < b and (a, b) not in seen:
                    seen.add((a, b))
                    short, long = sorted((text[a], text[b]), key=lambda w: (len(w), w))
                    same = a in family and family.get(a) == family.get(b)
                    found = align(short, long)
                    out["same" if same else "different"].append(found.score if found.shared >= MIN_SHARED else 0.0)
    return out


def report(r: dict[str, Any]) -> None:
    print(f"split {r['split']} seed {r['seed']}: {r['articles']} articles, {r['later']} later printings, "
          f"saved in {r['save_s']} s; verify p95 {r['p95_ms']:.1f} ms (test client, small db)")
    print(f"lineage recall {r['lineage_recall']:.3f}; lineages holding two originals: {r['wrong_merges']} "
          f"of {r['originals']} quotes")
    total = Counter()
    print(f"{'kind':12} {'n':>4} {'verdict':>8} {'orig 1st':>8} {'named':>6} {'flagged':>7} {'spk ok':>6}")
    for kind in (*KINDS, "not_a_quote"):
        k = Counter(r["per_kind"].get(kind, {}))
        total.update(k)
        n = k["n"] or 1
        cells = [k["verdict"] / n, k["original_first"] / n if kind != "not_a_quote" else None,
                 k["named"] / n if kind in ("omitted", "substituted", "inserted") else None,
                 k["flagged"] / n if kind == "credited" else None,
                 k["speaker_true"] / n if kind not in ("credited", "not_a_quote") else None]
        print(f"{kind:12} {k['n']:>4} " + " ".join(f"{c:>8.3f}" if c is not None else f"{'':>8}" for c in cells))
    quoted = total["n"] - Counter(r["per_kind"].get("not_a_quote", {}))["n"]
    altered = sum(Counter(r["per_kind"].get(k, {}))["n"] for k in ("omitted", "substituted", "inserted"))
    print(f"overall: verdict {total['verdict'] / total['n']:.3f}, original first {total['original_first'] / quoted:.3f}, "
          f"changes named {total['named'] / altered:.3f}")
    for name, values in r["pairs"].items():
        values = sorted(values)
        print(f"  linking score, {name:9} pairs sharing a fingerprint: {len(values)}; "
              + "  ".join(f">={t}: {sum(v >= t for v in values)}" for t in (0.6, 0.7, 0.75, 0.8, 0.85, 0.9)))
    for kind, values in r["scores"].items():
        values = sorted(values)
        q = statistics.quantiles(values, n=20) if len(values) > 1 else values
        print(f"  score vs original, {kind:12}: min {values[0]:.3f}  p5 {q[0]:.3f}  median {statistics.median(values):.3f}"
              f"  max {values[-1]:.3f}")


def repeats(sample: int, seed: int) -> None:
    """Store every PolNeAR article's statements; print lineages carried by several outlets."""
    docs = _docs("all")
    with tempfile.TemporaryDirectory() as tmp, open_store(f"{tmp}/repeats.db") as store:
        for i in range(0, len(docs), 50):
            store.save_batch([_original(d) for d in docs[i:i + 50]])
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT l.lineage_id, l.relation, q.id, q.text, a.source FROM quotation_lineages l "
                "JOIN quotations q ON q.id = l.quotation_id JOIN occurrences o ON o.quotation_id = q.id "
                "JOIN articles a ON a.id = o.article_id")).all()
        by_lineage: dict[str, list[Any]] = defaultdict(list)
        for r in rows:
            by_lineage[r.lineage_id].append(r)
        shared = {lid: rs for lid, rs in by_lineage.items() if len({r.source for r in rs}) >= 2}
        print(f"{len(by_lineage)} lineages; {len(shared)} carried by two or more outlets")
        for lid in random.Random(seed).sample(sorted(shared), min(sample, len(shared))):
            print(f"--- {lid}")
            for r in sorted(shared[lid], key=lambda r: r.relation != "original"):
                print(f"  [{r.relation:8}] {r.source:22} {r.text[:160]!r}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--split", default="train", choices=["train", "dev", "all"])
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--articles", type=int, default=84)
    p.add_argument("--db", help="a database to fill instead of a temporary SQLite file (a postgresql:// URL)")
    p.add_argument("--repeats", action="store_true")
    p.add_argument("--sample", type=int, default=25)
    args = p.parse_args()
    if args.repeats:
        repeats(args.sample, args.seed)
        return
    report(measure(args.split, args.seed, args.articles, args.db))


if __name__ == "__main__":
    sys.exit(main())
