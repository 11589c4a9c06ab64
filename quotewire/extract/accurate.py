"""The accurate extractor's tagger: a fine-tuned MiniLM encoder tagging SOURCE / CUE / CONTENT spans.

The first 4 layers of all-MiniLM-L6-v2, fine-tuned on PolNeAR (``training/accurate.py``,
``make model-accurate``, docs/model-card-accurate.md), tags each word piece of a document with BIO labels;
it ships as an int8 ONNX graph under ``quotewire/data/accurate/`` and runs on onnxruntime with the
``tokenizers`` library, with no torch and no network. A document is read whole, in overlapping
windows (statements cross sentences, and the context tells a reported clause from the reporter's
own): each word piece takes its label probabilities from the window where it lies farthest from
an edge, and the labels are the most probable valid BIO sequence over the whole text
(``best_labels``, Viterbi: raw content exact F1 0.26 -> 0.33 with the step-64 model on PolNeAR dev).

``tag_all`` tags the paragraphs of one document in one call and keeps, in each paragraph ``Doc``,
the spans as ``Tagged`` token ranges, which the paragraph rules read (``rules/model_spans.py``:
the rules' statements take the model's extents; ``rules/model.py``: the statements the rules
missed). A span's **confidence** is the mean probability of its labels over its word pieces. The
windowing and decoding here are the training script's too, so what the model learned and what it
is asked line up piece for piece.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from quotewire.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_DIR = "accurate"
"""The model's folder under ``quotewire/data/``: ``model.onnx`` and ``tokenizer.json``."""
KINDS = ("CONTENT", "CUE", "SOURCE")
LABELS = ("O", *(f"{p}-{k}" for k in KINDS for p in "BI"))
"""BIO labels, index = the model's output class."""
WINDOW = 256
"""Word pieces per window, [CLS] and [SEP] included (the model's training length)."""
STRIDE = 192
"""Word pieces between window starts: windows share 64, and a piece is read in the one where it lies
farthest from an edge (32 pieces of context at least on each side)."""
BATCH = 16
"""Windows per call to the model."""
USER_DATA_KEY = "quotewire.accurate"
PARAGRAPH_JOIN = "\n\n"
THREADS_ENV = "QUOTEWIRE_MODEL_THREADS"
"""Threads per process for the model; unset: the CPUs shared out among the analysis workers."""


@dataclass(frozen=True)
class Tagged:
    """A span the model found in one paragraph ``Doc``: label, token range ``[start, end)`` and
    confidence (what the paragraph rules read)."""

    label: str
    start: int
    end: int
    confidence: float

    def chars(self, doc: Doc) -> tuple[int, int]:
        """The span's character range in ``doc`` (the paragraph)."""
        last = doc[self.end - 1]
        return doc[self.start].idx, last.idx + len(last.text)


@dataclass(frozen=True)
class CharSpan:
    """A tagged span of a text: label, character range ``[start, end)`` and confidence."""

    label: str
    start: int
    end: int
    confidence: float


def windows(n: int, size: int = WINDOW - 2, stride: int = STRIDE - 2) -> list[tuple[int, int, int, int]]:
    """Windows over ``n`` word pieces as ``(start, end, core_start, core_end)``: each piece lies in
    the core of exactly one window, the one where it is farthest from an edge."""
    if n <= size:
        return [(0, n, 0, n)]
    starts = list(range(0, n - size, stride)) + [n - size]
    out = []
    for i, start in enumerate(starts):
        end = start + size
        core_start = out[-1][3] if out else 0
        core_end = n if i == len(starts) - 1 else (starts[i + 1] + end) // 2
        out.append((start, end, core_start, core_end))
    return out


def decode(labels: Sequence[int], probs: Sequence[float], offsets: Sequence[tuple[int, int]]) -> list[CharSpan]:
    """BIO labels of word pieces as character spans; an I- after a different label opens a span."""
    out: list[CharSpan] = []
    current: list[Any] | None = None  # [kind, start, end, sum of probs, pieces]
    for label, prob, (start, end) in zip(labels, probs, offsets):
        tag = LABELS[label]
        if tag == "O":
            current = None
            continue
        prefix, kind = tag.split("-", 1)
        if current is not None and prefix == "I" and current[0] == kind:
            current[2] = end
            current[3] += prob
            current[4] += 1
            continue
        current = [kind, start, end, prob, 1]
        out.append(current)  # type: ignore[arg-type]
    return [CharSpan(k, s, e, round(p / n, 4)) for k, s, e, p, n in out]  # type: ignore[misc]


def threads() -> int:
    """Threads for the model's session: ``QUOTEWIRE_MODEL_THREADS`` if set, else one."""
    return max(1, int(os.environ.get(THREADS_ENV) or 1))


@cache
def model() -> tuple[Any, Any]:
    """The ONNX session and the tokenizer, loaded once per process from the package (no network)."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    folder = resources.files("quotewire.data").joinpath(MODEL_DIR)
    if not folder.joinpath("model.onnx").is_file():
        raise ModelMissing(f"no accurate model in quotewire/data/{MODEL_DIR} (run `make model-accurate`)")
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads()
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(folder.joinpath("model.onnx").read_bytes(), options,
                                   providers=["CPUExecutionProvider"])
    tokenizer = Tokenizer.from_str(folder.joinpath("tokenizer.json").read_text(encoding="utf-8"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return session, tokenizer


def tag_texts(texts: Sequence[str], run: Callable[[Any, Any], Any] | None = None,
              tokenizer: Any = None) -> list[list[CharSpan]]:
    """The model's spans in each text, its windows batched across texts. ``run`` maps word-piece
    ids and attention mask (int64 arrays) to logits: the shipped ONNX model unless given (the
    training script passes its torch model, to select checkpoints with this same decoding)."""
    import numpy as np

    if run is None:
        session, tokenizer = model()

        def run(ids: Any, mask: Any) -> Any:
            return session.run(None, {"input_ids": ids, "attention_mask": mask,
                                      "token_type_ids": np.zeros_like(ids)})[0]

    encodings = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    jobs = [(t, w) for t, enc in enumerate(encodings) for w in windows(len(enc.ids))]
    probs = [np.zeros((len(e.ids), len(LABELS)), dtype=np.float32) for e in encodings]
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    for b in range(0, len(jobs), BATCH):
        batch = jobs[b:b + BATCH]
        ids, mask = pack([encodings[t].ids[start:end] for t, (start, end, _, _) in batch], cls, sep)
        logits = run(ids, mask)
        exp = np.exp(logits - logits.max(-1, keepdims=True))
        p = exp / exp.sum(-1, keepdims=True)
        for row, (t, (start, _, core_start, core_end)) in enumerate(batch):
            probs[t][core_start:core_end] = p[row, core_start - start + 1:core_end - start + 1]
    out = []
    for t, enc in enumerate(encodings):
        labels = best_labels(probs[t])
        out.append(decode(labels, probs[t][np.arange(len(labels)), labels].tolist(), enc.offsets))
    return out


def _allowed() -> Any:
    """Log-weights of label transitions (from, to): 0 where BIO allows it, -inf where an I- label
    would continue a span of another kind or follow O."""
    import numpy as np

    allowed = np.zeros((len(LABELS), len(LABELS)), dtype=np.float32)
    for to, tag in enumerate(LABELS):
        if tag.startswith("I-"):
            for frm, prev in enumerate(LABELS):
                if prev[2:] != tag[2:]:
                    allowed[frm, to] = -np.inf
    return allowed


def best_labels(probs: Any) -> list[int]:
    """The most probable label sequence that is valid BIO (Viterbi over the pieces' label
    probabilities): greedy labels can open a span with I- or switch kinds mid-span, and a span
    cut that way is a misquote. Pieces where the greedy labels are valid already are not searched."""
    import numpy as np

    n = len(probs)
    greedy = probs.argmax(-1) if n else np.zeros(0, dtype=np.int64)
    allowed = _allowed()
    starts_ok = allowed[LABELS.index("O")]  # a text starts as if after O
    prev = np.concatenate(([LABELS.index("O")], greedy[:-1])) if n else greedy
    if n == 0 or np.isfinite(allowed[prev, greedy]).all():
        return greedy.tolist()
    logp = np.log(np.maximum(probs, 1e-9))
    score = logp[0] + starts_ok
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + allowed
        back[i] = cand.argmax(0)
        score = cand[back[i], np.arange(len(LABELS))] + logp[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]


def pack(pieces: Sequence[Sequence[int]], cls: int, sep: int) -> tuple[Any, Any]:
    """Windows of word-piece ids as one padded batch (``[CLS] ... [SEP]``): ids and attention mask."""
    import numpy as np

    width = max(len(p) for p in pieces) + 2
    ids = np.zeros((len(pieces), width), dtype=np.int64)
    mask = np.zeros((len(pieces), width), dtype=np.int64)
    for row, piece in enumerate(pieces):
        ids[row, :len(piece) + 2] = [cls, *piece, sep]
        mask[row, :len(piece) + 2] = 1
    return ids, mask


def tag_all(docs: list[Doc]) -> None:
    """Tag the paragraphs of one document (in order) not tagged yet, read as one text; each keeps
    its spans as ``Tagged`` token ranges (``tagged``). A span that crosses a paragraph break is
    cut at it, and a content span leaves out a leading complementizer (``reported_words``)."""
    todo = [doc for doc in docs if USER_DATA_KEY not in doc.user_data]
    if not todo:
        return
    starts, pos = [], 0
    for doc in todo:
        starts.append(pos)
        pos += len(doc.text) + len(PARAGRAPH_JOIN)
    spans = tag_texts([PARAGRAPH_JOIN.join(doc.text for doc in todo)])[0]
    for doc, offset in zip(todo, starts):
        found = []
        for span in spans:
            start, end = max(span.start - offset, 0), min(span.end - offset, len(doc.text))
            if start >= end:
                continue
            chars = doc.char_span(start, end, alignment_mode="expand")
            if chars is not None and len(chars):
                first = reported_words(chars) if span.label == "CONTENT" else chars.start
                found.append(Tagged(span.label, first, chars.end, span.confidence))
        doc.user_data[USER_DATA_KEY] = found


def reported_words(span: Any) -> int:
    """Where the reported words of a content span start: after a leading subordinator ("said
    [that] Russia must do more", ``clauses.leads_in``), as the rules draw contents. PolNeAR's
    annotation counts "that" in the content and the model learned it; quotewire's convention (the
    seed's) leaves it out: a statement is what was said (docs/extraction.md, "The accurate extractor")."""
    from quotewire.extract.clauses import leads_in

    start = span.start
    while start < span.end - 1 and leads_in(span.doc[start]):
        start += 1
    return start


def tagged(doc: Doc) -> list[Tagged]:
    """The accurate model's spans in one parsed paragraph (tagged alone unless ``tag_all`` did it)."""
    tag_all([doc])
    return doc.user_data[USER_DATA_KEY]
