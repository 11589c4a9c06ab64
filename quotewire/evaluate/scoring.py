"""Score predicted statements against gold annotations in the shared gold/prediction JSONL format.

This is the project's reference scorer shipped inside the package, so ``quotewire eval`` works for
users who do not have the shared tools checkout. It implements the rules documented in
``shared/tools/score_quotes.py`` and must give identical numbers (``tests/test_scoring.py``
checks that on real files):

* ``exact``: content spans equal once whitespace, punctuation and quotation marks are stripped
  from both ends; one-to-one.
* ``partial``: word-token F1 >= 0.5; one-to-one, greedy by best overlap first.
* ``lenient``: shared characters / gold length >= 0.3 (the Gender Gap Tracker's published rule,
  only for comparing with figures published under it); one-to-one, greedy.
* ``speaker_acc``: over matched quotes whose gold has a speaker; correct if the spans overlap, the
  normalised names are equal, or their last tokens are equal.
* ``e2e``: matched and speaker correct (a gold quote without speaker needs a prediction without one).

Per-type rows compare quotes of that type only; ``overall`` ignores types, so a statement found
with the wrong type still counts there.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from quotewire.errors import DETAIL, BadInput, InputError, one_line
from quotewire.models import Failure
from quotewire.sources.lines import bounded_lines
from quotewire.sources.text import MAX_DOCUMENT_BYTES as MAX_LINE_BYTES
from quotewire.vocabulary import QUOTE_TYPES

MODES: tuple[str, ...] = ("exact", "partial", "lenient")
PARTIAL_MIN_TOKEN_F1 = 0.5
LENIENT_MIN_GOLD_COVERAGE = 0.3

Doc = dict[str, Any]
QuoteDict = dict[str, Any]
Pairs = list[tuple[int, int]]

_TOKEN = re.compile(r"\w+")
_NON_WORD = re.compile(r"[^\w\s]")
_EXTRA_STRIP = frozenset("`'\"$+<=>^|~")


def _is_edge_junk(ch: str) -> bool:
    """Whitespace, punctuation and symbol-like quote marks: annotators disagree on these at edges."""
    return ch.isspace() or unicodedata.category(ch).startswith("P") or ch in _EXTRA_STRIP


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past edge junk, so ``"Yes,"`` and ``Yes`` count as the same span."""
    s, e = max(0, int(start)), min(len(text), int(end))
    while s < e and _is_edge_junk(text[s]):
        s += 1
    while e > s and _is_edge_junk(text[e - 1]):
        e -= 1
    return s, e


def _token_set(text: str, span: tuple[int, int]) -> set[tuple[int, int]]:
    """Word tokens as absolute offsets, so overlap means the same words, not equal strings."""
    s, e = span
    return {(m.start() + s, m.end() + s) for m in _TOKEN.finditer(text[s:e])}


def token_f1(gold: set[tuple[int, int]], pred: set[tuple[int, int]]) -> float:
    """F1 of shared word tokens between two spans."""
    shared = len(gold & pred)
    if not shared:
        return 0.0
    p, r = shared / len(pred), shared / len(gold)
    return 2 * p * r / (p + r)


def _gold_coverage(gold: tuple[int, int], pred: tuple[int, int]) -> float:
    """Share of the gold span's characters that the prediction covers (the lenient rule)."""
    length = gold[1] - gold[0]
    overlap = min(gold[1], pred[1]) - max(gold[0], pred[0])
    return overlap / length if length > 0 and overlap > 0 else 0.0


def norm_name(name: str | None) -> str:
    """Casefolded words only, so "Rutte," and "rutte" compare equal."""
    if not name:
        return ""
    name = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", name).casefold())
    return " ".join(name.split())


def _speaker_string(quote: QuoteDict, text: str) -> str:
    """The canonical name when given, else the mention's text: either may be all a system has."""
    if quote.get("speaker_name"):
        return quote["speaker_name"]
    span = quote.get("speaker")
    return text[span[0] : span[1]] if span and text else ""


def _spans_overlap(a: Sequence[int] | None, b: Sequence[int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _has_speaker(quote: QuoteDict) -> bool:
    return quote.get("speaker") is not None or bool(quote.get("speaker_name"))


def speaker_correct(gold: QuoteDict, pred: QuoteDict, gold_text: str, pred_text: str) -> bool:
    """Whether the prediction names the gold speaker (same mention, same name or same surname).

    A gold quote without a speaker is only right when the prediction does not invent one.
    """
    pred_name = norm_name(_speaker_string(pred, pred_text))
    if not _has_speaker(gold):
        return pred.get("speaker") is None and not pred_name
    if _spans_overlap(gold.get("speaker"), pred.get("speaker")):
        return True
    gold_name = norm_name(_speaker_string(gold, gold_text))
    if not (gold_name and pred_name):
        return False
    return gold_name == pred_name or gold_name.split()[-1] == pred_name.split()[-1]


def _match_exact(golds: list[QuoteDict], preds: list[QuoteDict], text: str) -> Pairs:
    """Pair each prediction with the first unused gold quote of identical stripped span."""
    by_span: dict[tuple[int, int], list[int]] = {}
    for gi, g in enumerate(golds):
        span = strip_span(text, *g["content"])
        if span[1] > span[0]:
            by_span.setdefault(span, []).append(gi)
    used: set[int] = set()
    pairs: Pairs = []
    for pi, p in enumerate(preds):
        free = [gi for gi in by_span.get(strip_span(text, *p["content"]), []) if gi not in used]
        if free:
            used.add(free[0])
            pairs.append((free[0], pi))
    return pairs


def _match_greedy(gold_keys: list[Any], pred_keys: list[Any], similarity: Callable[[Any, Any], float],
                  threshold: float) -> Pairs:
    """One-to-one matching taking the most similar candidate pairs first (ties: document order)."""
    candidates = []
    for gi, g in enumerate(gold_keys):
        for pi, p in enumerate(pred_keys):
            sim = similarity(g, p)
            if sim > 0 and sim >= threshold:
                candidates.append((-sim, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: Pairs = []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def _stripped(quotes: list[QuoteDict], text: str) -> list[tuple[int, int]]:
    return [strip_span(text, *q["content"]) for q in quotes]


def match(golds: list[QuoteDict], preds: list[QuoteDict], text: str, mode: str) -> Pairs:
    """The (gold index, pred index) pairs that ``mode`` counts as the same statement."""
    if mode == "exact":
        return _match_exact(golds, preds, text)
    if mode == "partial":
        gold_tokens = [_token_set(text, s) for s in _stripped(golds, text)]
        pred_tokens = [_token_set(text, s) for s in _stripped(preds, text)]
        return _match_greedy(gold_tokens, pred_tokens, token_f1, PARTIAL_MIN_TOKEN_F1)
    if mode == "lenient":
        return _match_greedy(_stripped(golds, text), _stripped(preds, text), _gold_coverage,
                             LENIENT_MIN_GOLD_COVERAGE)
    raise ValueError(f"unknown match mode {mode!r}; expected one of {MODES}")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1; predicting nothing where there is nothing counts as perfect."""
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else (1.0 if n_pred == 0 else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _select(quotes: Iterable[QuoteDict], types: tuple[str, ...], untyped_ok: bool) -> list[QuoteDict]:
    """Quotes of the wanted types; in the overall row an untyped prediction still counts."""
    return [q for q in quotes if q.get("type") in types or (untyped_ok and q.get("type") is None)]


def _empty_counts() -> dict[str, dict[str, int]]:
    return {m: {"tp": 0, "sp_ok": 0, "sp_n": 0, "e2e": 0} for m in MODES}


def _count_doc(counts: dict[str, dict[str, int]], golds: list[QuoteDict], preds: list[QuoteDict],
               gold_text: str, pred_text: str) -> None:
    """Add one document's matches, speaker hits and end-to-end hits to ``counts`` (all modes)."""
    for mode in MODES:
        c = counts[mode]
        for gi, pi in match(golds, preds, gold_text, mode):
            ok = speaker_correct(golds[gi], preds[pi], gold_text, pred_text)
            c["tp"] += 1
            c["e2e"] += ok
            if _has_speaker(golds[gi]):
                c["sp_n"] += 1
                c["sp_ok"] += ok


def _row(counts: dict[str, dict[str, int]], n_gold: int, n_pred: int) -> dict[str, Any]:
    row: dict[str, Any] = {"n_gold": n_gold, "n_pred": n_pred}
    for mode, c in counts.items():
        p, r, f = prf(c["tp"], n_pred, n_gold)
        ep, er, ef = prf(c["e2e"], n_pred, n_gold)
        row[mode] = {
            "tp": c["tp"], "precision": p, "recall": r, "f1": f,
            "speaker_acc": c["sp_ok"] / c["sp_n"] if c["sp_n"] else None,
            "speaker_n": c["sp_n"],
            "e2e_tp": c["e2e"], "e2e_precision": ep, "e2e_recall": er, "e2e_f1": ef,
        }
    return row


def score(gold_docs: dict[str, Doc], pred_docs: dict[str, Doc],
          types: Sequence[str] = QUOTE_TYPES) -> dict[str, dict[str, Any]]:
    """Rows per type in ``types`` plus ``overall``; gold docs missing from ``pred_docs`` score zero.

    Prediction-only documents are ignored: a scorer must not reward or punish text it has no gold for.
    """
    types = tuple(types)
    rows: dict[str, dict[str, Any]] = {}
    for name, wanted in [(t, (t,)) for t in types] + [("overall", types)]:
        counts, n_gold, n_pred = _empty_counts(), 0, 0
        for doc_id, gold in gold_docs.items():
            gold_text = gold.get("text", "")
            pred = pred_docs.get(doc_id, {})
            golds = _select(gold.get("quotes", []), wanted, untyped_ok=False)
            preds = _select(pred.get("quotes", []), wanted, untyped_ok=name == "overall")
            n_gold += len(golds)
            n_pred += len(preds)
            _count_doc(counts, golds, preds, gold_text, pred.get("text") or gold_text)
        rows[name] = _row(counts, n_gold, n_pred)
    return rows


def parse_doc(line: bytes | str | None, where: str, require_text: bool = True) -> Doc:
    """One JSONL line as a document, or an ``InputError`` naming ``where`` (``file:line``).

    Predictions may leave ``text`` out (the gold document's text is used), gold may not.
    ``None`` is a line ``iter_doc_lines`` found too long to read.
    """
    if line is None:
        raise InputError(where, "too_big", f"line too big (over {MAX_LINE_BYTES // 2**20} MB)")
    try:
        text = line.decode("utf-8") if isinstance(line, bytes) else line
    except UnicodeDecodeError as e:
        raise InputError(where, "encoding", f"not UTF-8 ({e.reason} at byte {e.start})") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(where, "json", f"invalid JSON ({e.msg} at column {e.colno})") from None
    except RecursionError:
        raise InputError(where, "json", "invalid JSON (nested too deeply)") from None
    except ValueError as e:  # an integer over Python's 4,300-digit conversion limit
        raise InputError(where, "json", f"invalid JSON ({one_line(str(e), DETAIL)})") from None
    if not isinstance(doc, dict):
        raise InputError(where, "format", "expected a JSON object with doc_id and text")
    if not isinstance(doc.get("doc_id"), str):
        raise InputError(where, "format", "missing doc_id (a string)")
    if not isinstance(doc.get("text"), str) and (require_text or "text" in doc):
        raise InputError(where, "format", "missing text (a string)")
    return doc


def _is_span(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value)


def _check_quotes(quotes: Any, where: str) -> None:
    """Quotes the scorer can read: a bad span must be an error naming its line, not a KeyError later."""
    if not isinstance(quotes, list):
        raise InputError(where, "format", "quotes must be a list")
    for n, q in enumerate(quotes, 1):
        if not isinstance(q, dict) or not _is_span(q.get("content")):
            raise InputError(where, "format", f"quote {n}: content must be [start, end]")
        if q.get("speaker") is not None and not _is_span(q["speaker"]):
            raise InputError(where, "format", f"quote {n}: speaker must be [start, end] or null")


def _span_problem(span: list[int], text_length: int) -> str | None:
    """Why a gold span cannot be scored (reversed, empty or outside the text), or ``None``."""
    start, end = span
    if start > end:
        return f"[{start}, {end}] is reversed"
    if start == end:
        return f"[{start}, {end}] is empty"
    if start < 0 or end > text_length:
        return f"[{start}, {end}] is outside the text ({text_length} characters)"
    return None


def _scorable_quotes(doc: Doc, where: str, on_error: Callable[[Failure], None]) -> list[QuoteDict]:
    """The gold quotes whose spans lie inside the text; each other one is reported and left out.

    A reversed or out-of-range gold span would be scored as a statement nobody can find (or one
    clipped to the text), silently lowering recall; one bad quote must not cost the file either.
    """
    kept = []
    for n, quote in enumerate(doc.get("quotes", []), 1):
        problem = next(((field, why) for field in ("content", "speaker", "cue")
                        if _is_span(quote.get(field)) and (why := _span_problem(quote[field], len(doc["text"])))), None)
        if problem is None:
            kept.append(quote)
        else:
            field, why = problem
            on_error(Failure(where, "bad_span", f"{where}: gold quote {n} left out: its {field} span {why}"))
    return kept


def iter_doc_lines(path: str | Path) -> Iterator[tuple[bytes | None, str]]:
    """Non-blank raw lines of a JSONL file with their ``file:line`` names, for per-line errors.

    Lines stay bytes until ``parse_doc``, so broken UTF-8 is one line's error, not the file's.
    A line over ``MAX_LINE_BYTES`` is ``None``: read past without being held in memory.
    """
    try:
        with open(path, "rb") as f:
            for n, line in bounded_lines(f, MAX_LINE_BYTES):
                if line is None or line.strip():
                    yield line, f"{path}:{n}"
    except FileNotFoundError:
        raise InputError(str(path), "missing", "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), "missing", "is a directory, expected a JSONL file") from None


def load_docs(path: str | Path, require_text: bool = True,
              on_error: Callable[[Failure], None] | None = None) -> dict[str, Doc]:
    """All documents of a gold or prediction file keyed by doc_id; any bad line is an ``InputError``.

    Scoring is all-or-nothing per line: silently dropping a gold document would inflate the figures.
    With ``on_error`` (gold files), a quote whose span is reversed or outside its text is reported
    there and left out, and the rest of the file is scored.
    """
    docs: dict[str, Doc] = {}
    for line, where in iter_doc_lines(path):
        doc = parse_doc(line, where, require_text)
        _check_quotes(doc.get("quotes", []), where)
        if on_error is not None and isinstance(doc.get("text"), str):
            doc["quotes"] = _scorable_quotes(doc, where, on_error)
        if doc["doc_id"] in docs:
            raise InputError(where, "duplicate", f"duplicate doc_id {doc['doc_id']!r}")
        docs[doc["doc_id"]] = doc
    return docs


def report(gold_docs: dict[str, Doc], pred_docs: dict[str, Doc],
           types: Sequence[str] = QUOTE_TYPES, **about: Any) -> dict[str, Any]:
    """The JSON report ``eval --out`` writes: scores plus how many documents lined up."""
    return {
        **about,
        "types": list(types),
        "n_docs_gold": len(gold_docs),
        "n_docs_pred_matched": sum(1 for d in gold_docs if d in pred_docs),
        "n_docs_pred_unmatched": sum(1 for d in pred_docs if d not in gold_docs),
        "scores": score(gold_docs, pred_docs, types),
    }


def parse_types(spec: str) -> tuple[str, ...]:
    """``"direct,mixed"`` -> ``("direct", "mixed")``; an unknown type is ``BadInput``."""
    types = tuple(t.strip() for t in spec.split(",") if t.strip())
    unknown = [t for t in types if t not in QUOTE_TYPES]
    if unknown or not types:
        raise BadInput(f"unknown quote type(s) {unknown or [spec]}; choose from {','.join(QUOTE_TYPES)}")
    return types


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_table(rows: dict[str, dict[str, Any]]) -> str:
    """A fixed-width table of the scores, laid out like the shared scorer's for side-by-side reading."""
    lines = [
        f"{'type':9} {'gold':>6} {'pred':>6} | {'exP':>5} {'exR':>5} {'exF1':>5} {'exSpk':>5} {'exE2E':>5}"
        f" | {'paP':>5} {'paR':>5} {'paF1':>5} {'paSpk':>5} {'paE2E':>5} | {'leF1':>5} {'leSpk':>5}"
    ]
    for name, r in rows.items():
        e, p, l = r["exact"], r["partial"], r["lenient"]
        cells = [e["precision"], e["recall"], e["f1"], e["speaker_acc"], e["e2e_f1"]]
        pcells = [p["precision"], p["recall"], p["f1"], p["speaker_acc"], p["e2e_f1"]]
        lines.append(
            f"{name:9} {r['n_gold']:>6} {r['n_pred']:>6} | {' '.join(map(_fmt, cells))} | "
            f"{' '.join(map(_fmt, pcells))} | {_fmt(l['f1'])} {_fmt(l['speaker_acc'])}"
        )
    return "\n".join(lines)
