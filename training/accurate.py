"""Fine-tune MiniLM to tag PolNeAR's SOURCE / CUE / CONTENT spans, export it to int8 ONNX.

Run by ``make model-accurate`` in its own environment (torch + transformers, the ``train`` extra;
never the runtime's). ``train``: PolNeAR's official train documents (``meta.official_split``) are
cut into the runtime's overlapping windows (``quotewire.extract.accurate.windows``) and their word
pieces labelled BIO from the gold spans that ``training/convert.py`` keeps (distinct, longest
first, no overlap); the encoder is fine-tuned with AdamW for a fixed number of steps (fixed seed),
and every ``--eval-every`` steps the model decodes the dev documents exactly as the runtime does
(``accurate.tag_texts``): content exact / overlap F1 go to ``curve.jsonl`` and the best
checkpoint to ``best/``. ``--deadline`` stops a run early, keeping what it saved. ``export``:
the best checkpoint to ONNX, quantized to int8 (dynamic) with onnxruntime, beside its tokenizer.
PolNeAR's text is read from ../shared and never written into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "training")]

from convert import gold_spans  # noqa: E402

from quotewire.extract.accurate import LABELS, STRIDE, WINDOW, pack, tag_texts, windows  # noqa: E402

SEED = 26


def load(source: Path) -> dict[str, list[dict]]:
    """PolNeAR's documents by official split, in file order."""
    by_split: dict[str, list[dict]] = {"train": [], "dev": []}
    for line in source.open(encoding="utf-8"):
        row = json.loads(line)
        by_split.setdefault(row["meta"]["official_split"], []).append(row)
    return by_split


def piece_labels(offsets: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[int]:
    """BIO label ids of a document's word pieces: each gold span (longest first) takes the pieces
    it touches unless one is taken already (convert.py's rule, on word pieces)."""
    labels = [0] * len(offsets)
    for start, end, kind in spans:
        inside = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
        if not inside or any(labels[i] for i in inside):
            continue
        labels[inside[0]] = LABELS.index(f"B-{kind}")
        for i in inside[1:]:
            labels[i] = LABELS.index(f"I-{kind}")
    return labels


def examples(rows: list[dict], tokenizer) -> list[tuple[list[int], list[int]]]:
    """(word-piece ids, label ids) of every window of every document."""
    out = []
    for row, enc in zip(rows, tokenizer.encode_batch([r["text"] for r in rows], add_special_tokens=False)):
        labels = piece_labels(enc.offsets, gold_spans(row))
        for start, end, _, _ in windows(len(enc.ids)):
            out.append((enc.ids[start:end], labels[start:end]))
    return out


def content_f1(rows: list[dict], found: list[list]) -> dict[str, float]:
    """Content spans against the gold contents: exact (same characters, surrounding whitespace and
    punctuation aside) and overlap F1."""
    def norm(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and not text[s].isalnum() and text[s] not in "\"'“‘":
            s += 1
        while e > s and not text[e - 1].isalnum() and text[e - 1] not in "\"'”’":
            e -= 1
        return s, e

    tp = ov_p = ov_g = n_pred = n_gold = 0
    for row, spans in zip(rows, found):
        gold = {norm(row["text"], s, e) for s, e, k in gold_spans(row) if k == "CONTENT"}
        pred = {norm(row["text"], s.start, s.end) for s in spans if s.label == "CONTENT"}
        tp += len(gold & pred)
        ov_p += sum(any(a < d and c < b for c, d in gold) for a, b in pred)
        ov_g += sum(any(a < d and c < b for c, d in pred) for a, b in gold)
        n_pred, n_gold = n_pred + len(pred), n_gold + len(gold)

    def f1(p: float, r: float) -> float:
        return round(2 * p * r / (p + r), 4) if p + r else 0.0

    return {"exact_f1": f1(tp / max(n_pred, 1), tp / max(n_gold, 1)),
            "overlap_f1": f1(ov_p / max(n_pred, 1), ov_g / max(n_gold, 1)), "pred": n_pred, "gold": n_gold}


def train(args: argparse.Namespace) -> None:
    import numpy as np
    import torch
    from tokenizers import Tokenizer
    from transformers import AutoModelForTokenClassification, get_linear_schedule_with_warmup

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    deadline = datetime.fromisoformat(args.deadline).timestamp() if args.deadline else float("inf")
    tokenizer = Tokenizer.from_file(str(args.encoder / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    splits = load(args.source)
    train_rows, dev_rows = splits["train"], splits["dev"][: args.dev_docs or None]
    data = examples(train_rows, tokenizer)
    print(f"{len(train_rows)} train documents, {len(data)} windows; {len(dev_rows)} dev documents", flush=True)
    model = AutoModelForTokenClassification.from_pretrained(
        args.encoder, num_labels=len(LABELS), id2label=dict(enumerate(LABELS)),
        label2id={k: i for i, k in enumerate(LABELS)})
    if args.layers:  # the encoder's lower layers alone: a shorter run sees more windows, and runs faster
        model.bert.encoder.layer = model.bert.encoder.layer[: args.layers]
        model.config.num_hidden_layers = args.layers
    if args.freeze_embeddings:  # 12M of 19M weights: a run of a few hundred windows cannot move them well
        model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * args.steps), args.steps)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    curve = (out / "curve.jsonl").open("w", encoding="utf-8")
    order: list[int] = []
    best, losses, began = -1.0, [], time.time()

    def run(ids, mask):
        with torch.no_grad():
            return model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)).logits.numpy()

    def evaluate(step: int) -> None:
        nonlocal best, losses
        model.eval()
        scores = content_f1(dev_rows, tag_texts([r["text"] for r in dev_rows], run=run, tokenizer=tokenizer))
        model.train()
        point = {"step": step, "windows_seen": step * args.batch, "minutes": round((time.time() - began) / 60, 1),
                 "train_loss": round(sum(losses) / max(len(losses), 1), 4), **scores}
        losses = []
        curve.write(json.dumps(point) + "\n")
        curve.flush()
        print(point, flush=True)
        model.save_pretrained(out / "last")
        if scores["exact_f1"] > best:
            best = scores["exact_f1"]
            model.save_pretrained(out / "best")

    model.train()
    for step in range(1, args.steps + 1):
        if not order:
            order = list(range(len(data)))
            random.shuffle(order)
        batch = [data[order.pop()] for _ in range(min(args.batch, len(order)))]
        ids, mask = pack([ids for ids, _ in batch], cls, sep)
        labels = np.full(ids.shape, -100, dtype=np.int64)
        for row, (_, lab) in enumerate(batch):
            labels[row, 1:len(lab) + 1] = lab
        loss = model(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask),
                     labels=torch.from_numpy(labels)).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        if step <= 3 or step % 10 == 0:
            print(f"step {step} loss {loss.item():.4f} {time.time() - began:.0f}s", flush=True)
        if step % args.eval_every == 0 or step == args.steps or time.time() > deadline:
            evaluate(step)
        if time.time() > deadline:
            print(f"deadline reached at step {step}", flush=True)
            break
    shutil.copy(args.encoder / "tokenizer.json", out / "best" / "tokenizer.json")


def export(args: argparse.Namespace) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModelForTokenClassification

    model = AutoModelForTokenClassification.from_pretrained(args.checkpoint).eval()
    model.config.return_dict = False
    args.out.mkdir(parents=True, exist_ok=True)
    full = args.checkpoint / "model-fp32.onnx"
    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {0: "batch", 1: "pieces"}
    torch.onnx.export(model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), str(full),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
                      dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                    "logits": axes}, opset_version=17, dynamo=False)
    quantize_dynamic(str(full), str(args.out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(args.checkpoint / "tokenizer.json", args.out / "tokenizer.json")
    print(f"{args.out / 'model.onnx'}: {(args.out / 'model.onnx').stat().st_size / 1e6:.1f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("source", type=Path, help="PolNeAR dev.jsonl (train + dev documents)")
    t.add_argument("encoder", type=Path, help="folder of the base encoder (safetensors + tokenizer.json)")
    t.add_argument("out", type=Path, help="folder for checkpoints (best/, last/) and curve.jsonl")
    t.add_argument("--steps", type=int, default=3000)
    t.add_argument("--batch", type=int, default=8)
    t.add_argument("--lr", type=float, default=1e-4)
    t.add_argument("--eval-every", type=int, default=250)
    t.add_argument("--dev-docs", type=int, default=0, help="evaluate on the first N dev documents; 0 = all")
    t.add_argument("--layers", type=int, default=4, help="keep the encoder's first N layers; 0 = all")
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--freeze-embeddings", action="store_true", help="keep the word-piece embeddings as they are")
    t.add_argument("--deadline", help="UTC time (ISO) after which training stops, keeping its checkpoints")
    e = sub.add_parser("export")
    e.add_argument("checkpoint", type=Path)
    e.add_argument("out", type=Path, help="folder for model.onnx + tokenizer.json (quotewire/data/accurate)")
    args = parser.parse_args()
    train(args) if args.command == "train" else export(args)
    print(f"window {WINDOW}, stride {STRIDE}", flush=True)


if __name__ == "__main__":
    main()
