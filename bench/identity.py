"""Who is who across articles: quotewire's speaker ids and names against our own identity dev set.

The dev set (``bench/data/identity-dev.jsonl``, docs/identity.md) gives, for PolNeAR gold quotes
(doc id + content offsets; the texts stay in ../shared), the canonical person behind each: name,
a person id and a kind (person, organisation, group, document, unnamed, unresolved). This script
writes those articles as a JSONL input, ingests them with a quotewire executable into a scratch
SQLite database through the CLI a user has (``quotewire ingest``, ``quotewire export --format
jsonl``), maps every exported occurrence back to a gold quote (article: the ``input`` line of its
provenance; span: the quotation's text found in the article, overlapping the gold content span)
and scores:

- coverage: gold quotes with a matching exported occurrence (all kinds, and named persons);
- name accuracy: the exported speaker name is the canonical name (case, whitespace and
  apostrophe blind), over matched quotes of named persons;
- B-cubed precision/recall/F1 of speaker ids against person ids, over matched named-person quotes
  (a quote without a speaker id is a cluster of its own);
- people split over several speaker ids (and those quoted in several articles);
- speaker ids that mix different people (and those mixing people of different articles);
- matched named-person quotes credited to nobody, to a pronoun or to a non-name.

    .venv/bin/python bench/identity.py                                   # this checkout's quotewire
    .venv/bin/python bench/identity.py --quotewire /work/main/.venv/bin/quotewire --json
    .venv/bin/python bench/identity.py --order file --order shuffle --seed 3   # order independence
    .venv/bin/python bench/identity.py --quotewire /work/main/.venv/bin/quotewire \
        --quotewire .venv/bin/quotewire                                  # before / after, side by side
    .venv/bin/python bench/identity.py --limit 20 --show 10              # a slice; list errors
    .venv/bin/python bench/identity.py --half b                          # the held-out half of the articles

``score(gold, found)`` is the core, on plain data, for tests and for other harnesses.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE / "data" / "identity-dev.jsonl"
POLNEAR = HERE.parents[1] / "shared" / "data" / "polnear" / "dev.jsonl"
KINDS = ("person", "organisation", "group", "document", "unnamed", "unresolved")
PRONOUNS = frozenset("i me my we us our you he him his she her they them their it its who whom which that "
                     "this these those one".split())
_INPUT_LINE = re.compile(r":(\d+)$")


@dataclass(frozen=True)
class Gold:
    """One gold quote: its article, content span, and who said it (``person_id`` None: no named entity)."""
    doc_id: str
    start: int
    end: int
    kind: str
    name: str | None = None
    person_id: str | None = None

    @property
    def named_person(self) -> bool:
        return self.kind == "person" and self.person_id is not None


@dataclass(frozen=True)
class Found:
    """What quotewire exported for a gold quote: the quotation's speaker id and name (None: unattributed)."""
    speaker_id: str | None
    speaker: str | None


def normalised(name: str | None) -> str:
    """A name compared case-, whitespace- and apostrophe-blind ("O’Malley" is "O'Malley")."""
    return " ".join((name or "").replace("\u2019", "'").split()).casefold()


def load_gold(path: Path = GOLD) -> list[Gold]:
    """The dev set's records (one JSON object a line: doc_id, content [s, e], kind, name, person_id)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            if r["kind"] not in KINDS:
                raise ValueError(f"{path}:{n}: unknown kind {r['kind']!r}")
            s, e = r["content"]
            out.append(Gold(r["doc_id"], s, e, r["kind"], r.get("name"), r.get("person_id")))
    return out


HALVES = ("a", "b")


def half_of(doc_id: str) -> str:
    """The half of the dev set an article belongs to, by a hash of its id ("a" or "b"): rules are
    written looking at one half's errors and measured on the other, so that they are not fitted
    to the examples they were written from."""
    return HALVES[zlib.crc32(doc_id.encode("utf-8")) % 2]


def speaker_problem(name: str | None) -> str | None:
    """Why an exported speaker name is not a person's name: ``none``, ``pronoun``, ``not_a_name``."""
    if not name or not name.strip():
        return "none"
    if normalised(name) in PRONOUNS:
        return "pronoun"
    if not any(w[:1].isupper() for w in name.split()):
        return "not_a_name"
    return None


def _bcubed(items: list[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of (predicted cluster, true cluster) pairs, one per item."""
    by_pred: dict[str, list[int]] = defaultdict(list)
    by_true: dict[str, list[int]] = defaultdict(list)
    for i, (p, t) in enumerate(items):
        by_pred[p].append(i)
        by_true[t].append(i)
    p_sum = r_sum = 0.0
    for p, t in items:
        both = sum(1 for j in by_pred[p] if items[j][1] == t)
        p_sum += both / len(by_pred[p])
        r_sum += both / len(by_true[t])
    n = len(items)
    return (p_sum / n, r_sum / n) if n else (0.0, 0.0)


def score(gold: list[Gold], found: Mapping[int, Found]) -> dict[str, Any]:
    """The figures for gold quotes ``gold`` given ``found[i]``, quotewire's speaker for ``gold[i]``
    (a gold quote quotewire did not find is absent from ``found``)."""
    named = [i for i, g in enumerate(gold) if g.named_person]
    matched = [i for i in named if i in found]
    correct = sum(normalised(found[i].speaker) == normalised(gold[i].name) for i in matched)
    items = [(found[i].speaker_id if found[i].speaker_id is not None else f"\0none{i}", gold[i].person_id)
             for i in matched]
    precision, recall = _bcubed(items)
    ids_of: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    people_in: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for i in matched:
        g, f = gold[i], found[i]
        docs_of[g.person_id].add(g.doc_id)
        if f.speaker_id is not None:
            ids_of[g.person_id].add(f.speaker_id)
            people_in[f.speaker_id][g.person_id].add(g.doc_id)
    name_of = {gold[i].person_id: gold[i].name for i in matched}
    speaker_name = {found[i].speaker_id: found[i].speaker for i in matched}
    split = sorted(p for p, ids in ids_of.items() if len(ids) > 1)
    mixing = sorted(s for s, people in people_in.items() if len(people) > 1)
    mixing_across = [s for s in mixing if _across_articles(people_in[s])]
    problems: dict[str, int] = defaultdict(int)
    for i in matched:
        if (why := speaker_problem(found[i].speaker)) is not None:
            problems[why] += 1
    return {
        "gold_quotes": len(gold), "matched_quotes": sum(1 for i in range(len(gold)) if i in found),
        "named_person_quotes": len(named), "named_person_matched": len(matched),
        "coverage": _ratio(sum(1 for i in range(len(gold)) if i in found), len(gold)),
        "named_coverage": _ratio(len(matched), len(named)),
        "name_accuracy": _ratio(correct, len(matched)),
        "bcubed_precision": precision, "bcubed_recall": recall,
        "bcubed_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "people": len(docs_of), "people_in_several_articles": sum(1 for d in docs_of.values() if len(d) > 1),
        "people_split": len(split), "people_split_in_several_articles": sum(1 for p in split if len(docs_of[p]) > 1),
        "speakers": len(people_in), "speakers_mixing": len(mixing), "speakers_mixing_across_articles": len(mixing_across),
        "credited_to_none": problems["none"], "credited_to_pronoun": problems["pronoun"],
        "credited_to_non_name": problems["not_a_name"],
        "split_people": [{"person": name_of[p], "speakers": sorted(speaker_name[s] or "" for s in ids_of[p])}
                         for p in split],
        "mixing_speakers": [{"speaker": speaker_name[s], "people": sorted(name_of[p] for p in people_in[s]),
                             "across_articles": s in mixing_across} for s in mixing],
    }


def _across_articles(people: Mapping[str, set[str]]) -> bool:
    """Two different people of this speaker id come from different articles."""
    docs = list(people.values())
    return any(a != b or len(a) > 1 for i, a in enumerate(docs) for b in docs[i + 1:])


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def match(gold: list[Gold], occurrences: Iterable[tuple[str, int, int, Found]]) -> dict[int, Found]:
    """Each gold quote's best exported occurrence (doc_id, start, end, found): the one in its article
    whose span overlaps its content span most; a gold quote no occurrence overlaps is left out."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        by_doc[g.doc_id].append(i)
    best: dict[int, tuple[int, Found]] = {}
    for doc_id, s, e, f in occurrences:
        for i in by_doc.get(doc_id, ()):
            overlap = min(e, gold[i].end) - max(s, gold[i].start)
            if overlap > 0 and overlap > best.get(i, (0, f))[0]:
                best[i] = (overlap, f)
    return {i: f for i, (_, f) in best.items()}


def spans_in(text: str, quotation: str) -> list[tuple[int, int]]:
    """Where ``quotation`` occurs in ``text``: exactly, else with any run of whitespace between its
    words (cleaning may have joined lines); [] when it is not there."""
    hits = [(m.start(), m.start() + len(quotation)) for m in re.finditer(re.escape(quotation), text)] if quotation else []
    if hits or not quotation.split():
        return hits
    loose = r"\s+".join(re.escape(w) for w in quotation.split())
    return [(m.start(), m.end()) for m in re.finditer(loose, text)]


def occurrences(rows: Iterable[dict[str, Any]], texts: Mapping[str, str], line_doc: Mapping[int, str]):
    """(doc_id, start, end, Found) for every occurrence of every exported quotation: the article from
    its provenance ``input`` (``FILE:LINE`` of the JSONL we wrote), the span by finding its text."""
    for row in rows:
        f = Found(row.get("speaker_id"), row.get("speaker"))
        for p in row.get("provenance") or []:
            m = _INPUT_LINE.search(str(p.get("input") or ""))
            doc_id = line_doc.get(int(m.group(1))) if m else None
            if doc_id is None:
                continue
            for s, e in spans_in(texts[doc_id], row.get("quotation") or ""):
                yield doc_id, s, e, f


def read_articles(path: Path, doc_ids: set[str]) -> dict[str, dict]:
    """The PolNeAR records of ``doc_ids``, in file order."""
    with open(path, encoding="utf-8") as f:
        docs = {d["doc_id"]: d for d in map(json.loads, f) if d["doc_id"] in doc_ids}
    missing = doc_ids - docs.keys()
    if missing:
        raise SystemExit(f"{path}: {len(missing)} dev-set articles missing, e.g. {sorted(missing)[0]}")
    return docs


def write_input(docs: Mapping[str, dict], path: Path, order: str, seed: int) -> dict[int, str]:
    """The articles as quotewire JSONL (id, text, source, published, title) in ``order`` (file,
    reverse, shuffle); returns line number -> doc id."""
    ids = list(docs)
    if order == "reverse":
        ids.reverse()
    elif order == "shuffle":
        random.Random(seed).shuffle(ids)
    with open(path, "w", encoding="utf-8") as out:
        for doc_id in ids:
            d, m = docs[doc_id], docs[doc_id].get("meta") or {}
            out.write(json.dumps({"id": doc_id, "text": d["text"], "source": m.get("publisher"),
                                  "published": m.get("date"), "title": m.get("title")}) + "\n")
    return {n: doc_id for n, doc_id in enumerate(ids, 1)}


def run_quotewire(quotewire: str, jsonl: Path, db: Path, export: Path, ingest_args: list[str]) -> list[dict]:
    """``quotewire ingest`` into a fresh ``db`` (a kept one from an earlier run is removed first),
    then ``export --format jsonl``; the exported rows. A command that cannot start, or exits with
    2 or more (1: some inputs failed, the rest stored), stops the run with one line saying why.

    The commands run in the database's folder: ingest's worker processes put their working
    directory first on Python's path, so run from a checkout they would import that checkout's
    quotewire whatever executable is named, and a before/after pair would measure one code twice."""
    jsonl, db, export = jsonl.absolute(), db.absolute(), export.absolute()
    quotewire = str(Path(quotewire).absolute()) if "/" in quotewire else quotewire
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm"), export):
        stale.unlink(missing_ok=True)
    for cmd in ([quotewire, "ingest", str(jsonl), "--db", str(db), *ingest_args],
                [quotewire, "export", "--db", str(db), "--format", "jsonl", "-o", str(export)]):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, cwd=db.parent)
        except OSError as exc:
            raise SystemExit(f"{quotewire}: cannot run it ({exc.strerror}); pass --quotewire PATH") from None
        if r.returncode > 1:
            tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
            raise SystemExit(f"{' '.join(cmd[:2])} failed ({r.returncode}): {' | '.join(tail)}")
    with open(export, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(quotewire: str, gold: list[Gold], polnear: Path = POLNEAR, *, order: str = "file", seed: int = 0,
             ingest_args: Iterable[str] = (), workdir: Path | None = None) -> dict[str, Any]:
    """Ingest the dev set's articles with ``quotewire`` and score them (``score``)."""
    docs = read_articles(polnear, {g.doc_id for g in gold})
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(workdir or tmp)
        where.mkdir(parents=True, exist_ok=True)
        line_doc = write_input(docs, where / "articles.jsonl", order, seed)
        rows = run_quotewire(quotewire, where / "articles.jsonl", where / "identity.db", where / "export.jsonl",
                             list(ingest_args))
    texts = {k: d["text"] for k, d in docs.items()}
    result = score(gold, match(gold, occurrences(rows, texts, line_doc)))
    result.update(articles=len(docs), order=order, quotewire=quotewire)
    return result


ROWS = (
    ("articles", lambda r: f"{r['articles']}"),
    ("gold quotes matched (coverage)", lambda r: f"{r['matched_quotes']}/{r['gold_quotes']} ({r['coverage']:.3f})"),
    ("named-person quotes matched", lambda r: f"{r['named_person_matched']}/{r['named_person_quotes']} "
                                              f"({r['named_coverage']:.3f})"),
    ("people matched (in several articles)", lambda r: f"{r['people']} ({r['people_in_several_articles']})"),
    ("person name accuracy", lambda r: f"{r['name_accuracy']:.3f}"),
    ("B-cubed precision / recall / F1", lambda r: f"{r['bcubed_precision']:.3f} / {r['bcubed_recall']:.3f} / "
                                                  f"{r['bcubed_f1']:.3f}"),
    ("people split over speaker ids (several art.)", lambda r: f"{r['people_split']} "
                                                               f"({r['people_split_in_several_articles']})"),
    ("speaker ids mixing people (across art.) of", lambda r: f"{r['speakers_mixing']} "
                                                            f"({r['speakers_mixing_across_articles']}) of {r['speakers']}"),
    ("named-person quotes to nobody/pronoun/non-name", lambda r: f"{r['credited_to_none']} / "
                                                                f"{r['credited_to_pronoun']} / {r['credited_to_non_name']}"),
)


def label(quotewire: str) -> str:
    """A short name for an executable: the checkout of ``CHECKOUT/.venv/bin/quotewire``, else the path."""
    p = Path(quotewire).absolute()
    return p.parents[2].name if p.parent.name == "bin" and p.parent.parent.name == ".venv" else str(p)


def table(results: list[dict[str, Any]]) -> str:
    """The figures of one or more runs side by side, one column a run (its executable and order)."""
    heads = [f"{label(r.get('quotewire', '?'))} {r['order']}" + (f" half {r['half']}" if r.get("half") else "")
             for r in results]
    cells = [[fmt(r) for r in results] for _, fmt in ROWS]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(heads)]
    first = max(len(name) for name, _ in ROWS)
    lines = [" " * first + "".join(f"  {h:>{w}}" for h, w in zip(heads, widths))]
    lines += [f"{name:<{first}}" + "".join(f"  {c:>{w}}" for c, w in zip(row, widths))
              for (name, _), row in zip(ROWS, cells)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quotewire", action="append", metavar="PATH",
                    help="a quotewire executable to measure; repeat to compare (before/after) side by side "
                         "(default: this checkout's .venv/bin/quotewire)")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--order", action="append", choices=("file", "reverse", "shuffle"),
                    help="the order articles are written to the ingested JSONL; repeat to compare (default: file)")
    ap.add_argument("--seed", type=int, default=0, help="the shuffle's seed")
    ap.add_argument("--limit", type=int, default=0, help="only the first N dev-set articles (0: all)")
    ap.add_argument("--half", choices=HALVES, help="only the dev-set articles of this half (``half_of``)")
    ap.add_argument("--ingest-arg", action="append", default=[], metavar="ARG",
                    help="passed to `quotewire ingest` (repeat: --ingest-arg=--workers --ingest-arg=2)")
    ap.add_argument("--keep", type=Path, help="keep the input, database and export in this folder "
                                              "(several runs: in its subfolders runN-ORDER)")
    ap.add_argument("--show", type=int, default=0, help="list up to N split people and mixing speakers per run")
    ap.add_argument("--json", action="store_true",
                    help="print the figures as JSON (one run: an object; several: a list, in run order)")
    args = ap.parse_args(argv)
    if not Path(args.polnear).exists():
        print(f"{args.polnear}: PolNeAR not found (pass --polnear)", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    if args.half:
        gold = [g for g in gold if half_of(g.doc_id) == args.half]
    if args.limit:
        keep = set(list(dict.fromkeys(g.doc_id for g in gold))[:args.limit])
        gold = [g for g in gold if g.doc_id in keep]
    runs = [(q, o) for q in args.quotewire or [str(HERE.parent / ".venv" / "bin" / "quotewire")]
            for o in args.order or ["file"]]
    results = []
    for n, (quotewire, order) in enumerate(runs, 1):
        workdir = args.keep / f"run{n}-{order}" if args.keep and len(runs) > 1 else args.keep
        results.append(evaluate(quotewire, gold, args.polnear, order=order, seed=args.seed,
                                ingest_args=args.ingest_arg, workdir=workdir))
        results[-1]["half"] = args.half
    if args.json:
        print(json.dumps(results[0] if len(results) == 1 else results, indent=1))
        return 0
    print(table(results))
    for r in results if args.show else ():
        head = f"{label(r['quotewire'])} {r['order']}: " if len(results) > 1 else ""
        for s in r["split_people"][:args.show]:
            print(f"  {head}split: {s['person']}: {' / '.join(s['speakers'])}")
        for m in r["mixing_speakers"][:args.show]:
            across = " (across articles)" if m["across_articles"] else ""
            print(f"  {head}mixes: {m['speaker']!r}: {', '.join(m['people'])}{across}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
