"""Exporting the quote database: JSON lines, CSV, Parquet, and Quotebank's JSON-lines layout.

Quotebank (EPFL) is what existing notebooks read, so ``quotebank`` keeps its field names and
types exactly: quoteID, quotation, speaker ("None" when unknown), qids (Wikidata ids; we have
none, so []), date ("YYYY-MM-DD HH:MM:SS", first seen), numOccurrences, probas ([[speaker,
"share"], ...] — the share of occurrences crediting each speaker, as strings like Quotebank's),
urls and phase ("quotewire", where Quotebank has its release phase A–E).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet", "quotebank")
COLUMNS = ("id", "quotation", "type", "cue_class", "speaker", "speaker_id", "speaker_gender", "first_seen", "last_seen", "num_occurrences",
           "urls", "sources", "clusters", "provenance")
"""``provenance``: one entry per occurrence -- article id, input (path or URL), input_offset (a WARC
record's byte offset), url, published (the publication day; None when unknown), ingested_at, rule.
``first_seen``/``last_seen`` are publication days only (None when no copy has a known date).
``cue_class``: what the quotation's cue attributes (speech, stance, belief, evidence; ``Quote.cue_class``).
``speaker_gender``: the speaker's female, male or unknown (a person; None for others; docs/gender.md)."""
PROVENANCE_FIELDS = ("article_id", "input", "input_offset", "url", "published", "ingested_at", "rule")


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {c: record[c] for c in COLUMNS}


def quotebank(record: dict[str, Any]) -> dict[str, Any]:
    """One quotation in Quotebank's layout."""
    total = sum(record["votes"].values())
    probas = [[name or "None", f"{count / total:.4f}"] for name, count in record["votes"].most_common()]
    return {
        "quoteID": record["id"], "quotation": record["quotation"], "speaker": record["speaker"] or "None",
        "qids": [], "date": f"{record['first_seen']} 00:00:00" if record["first_seen"] else None,
        "numOccurrences": record["num_occurrences"], "probas": probas, "urls": record["urls"],
        "phase": "quotewire",
    }


def write_lines(records: Iterable[dict[str, Any]], out: IO[str], quotebank_layout: bool = False) -> int:
    n = 0
    for n, record in enumerate(records, 1):
        out.write(json.dumps(quotebank(record) if quotebank_layout else _plain(record), ensure_ascii=False) + "\n")
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV with list fields joined by spaces (URLs and ids contain no spaces), readable by any
    spreadsheet; ``provenance`` (paths may hold spaces) is a JSON array in its cell."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    n = 0
    for n, record in enumerate(records, 1):
        row = _plain(record)
        writer.writerow(row | {"urls": " ".join(row["urls"]), "sources": " ".join(row["sources"]),
                               "clusters": " ".join(row["clusters"]),
                               "provenance": json.dumps(row["provenance"], ensure_ascii=False)})
    return n


def write_parquet(records: Iterable[dict[str, Any]], path: str, batch_rows: int = 10_000) -> int:
    """Parquet written in row groups, so the export stays in bounded memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.string()), ("quotation", pa.string()), ("type", pa.string()), ("cue_class", pa.string()),
                        ("speaker", pa.string()), ("speaker_id", pa.string()), ("speaker_gender", pa.string()),
                        ("first_seen", pa.string()),
                        ("last_seen", pa.string()), ("num_occurrences", pa.int64()),
                        ("urls", pa.list_(pa.string())), ("sources", pa.list_(pa.string())),
                        ("clusters", pa.list_(pa.string())),
                        ("provenance", pa.list_(pa.struct([(f, pa.int64() if f == "input_offset" else pa.string())
                                                           for f in PROVENANCE_FIELDS])))])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches((_plain(r) for r in records), batch_rows):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(schema.empty_table())
    return n


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_table(rows: Iterable[dict[str, Any]], columns: Iterable[str], out: IO[str], fmt: str) -> int:
    """A table of plain rows (a report's, ``store/report.py``) as CSV with a header, or as JSON lines."""
    columns = list(columns)
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore") if fmt == "csv" else None
    if writer is not None:
        writer.writeheader()
    n = 0
    for n, row in enumerate(rows, 1):
        if writer is not None:
            writer.writerow(row)
        else:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
    return n
