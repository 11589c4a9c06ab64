"""Exporting the quote database: JSON lines, CSV, Parquet, and Quotebank's JSON-lines layout.

Quotebank (EPFL) is what existing notebooks read, so ``quotebank`` keeps its field names and
types exactly: quoteID, quotation, speaker ("None" when unknown), qids (the speaker's external id
from a people file, ``--people``, such as a Wikidata QID; else []), date ("YYYY-MM-DD HH:MM:SS", first seen), numOccurrences, probas ([[speaker,
"probability"], ...] as strings like Quotebank's: per speaker, the confidence of the occurrences
crediting them summed over all occurrences, and what no speaker holds under "None"), urls and
phase ("quotewire", where Quotebank has its release phase A–E).

CSV is one row per occurrence, one column per field (``CSV_COLUMNS``), for spreadsheets: it starts
with a UTF-8 byte-order mark (so curly quotes are not garbled) and no cell can start a formula
(``spreadsheet.safe_cell``). Every CSV quotewire writes goes through ``spreadsheet.csv_writer``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from quotewire.spreadsheet import csv_writer

FORMATS = ("jsonl", "csv", "parquet", "quotebank")
COLUMNS = ("id", "quotation", "display", "type", "cue_class", "speaker", "speaker_id", "speaker_gender", "first_seen",
           "last_seen", "num_occurrences",
           "urls", "sources", "clusters", "provenance",
           "lineage_id", "original_id", "relation", "changes")
"""``provenance``: one entry per occurrence (``PROVENANCE_FIELDS``) -- article id and cluster, input
(path or URL), input_offset (a WARC record's byte offset), url, published (the publication day;
None when unknown), ingested_at, rule, the article's title and outlet, and what was found there:
type, cue, cue_class, confidence, the speaker credited with their role and organisation.
``first_seen``/``last_seen`` are publication days only (None when no copy has a known date).
``cue_class``: what the quotation's cue attributes (speech, stance, belief, evidence; ``Quote.cue_class``).
``quotation`` is the exact stored span, ``display`` the form shown and cited (``display.py``).
``speaker_gender``: the speaker's female, male or unknown (a person; None for others; docs/gender.md).
``lineage_id``: the quote this wording belongs to; ``original_id``: its earliest wording's id;
``relation``: original, verbatim, excerpt or altered; ``changes``: [{op, attested, claimed}] against
the original (docs/lineage.md)."""
CHANGE_FIELDS = ("op", "attested", "claimed")

PROVENANCE_FIELDS = ("article_id", "cluster_id", "input", "input_offset", "url", "published", "ingested_at", "rule", "title",
                     "outlet", "type", "cue", "cue_class", "confidence", "speaker", "speaker_id", "role", "organisation")
CSV_COLUMNS = ("quotation_id", "quotation", "exact_text", "title", "outlet", "url", "published", "speaker",
               "speaker_id", "role", "organisation", "gender", "cue", "type", "cue_class", "confidence",
               "first_seen", "last_seen", "num_occurrences", "article_id", "cluster_id", "input", "input_offset",
               "ingested_at", "rule", "lineage_id", "original_id", "relation", "changes")
"""One row per occurrence: the quotation (``quotation`` as displayed, ``exact_text`` as stored), the
article carrying it, and what was found there (speaker credited, role, organisation, cue, type,
confidence). ``gender`` is the gender stored for the speaker the occurrence credits, when that is the
quotation's speaker (docs/gender.md)."""


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    return {c: record[c] for c in COLUMNS}


def quotebank(record: dict[str, Any]) -> dict[str, Any]:
    """One quotation in Quotebank's layout."""
    n = len(record["provenance"]) or 1
    shares = {name or "None": 0.0 for name in record["votes"]}
    for name, confidence in record["votes"].items():
        shares[name or "None"] += confidence / n
    unclaimed = 1.0 - sum(shares.values())
    if unclaimed > 5e-5:
        shares["None"] = shares.get("None", 0.0) + unclaimed
    probas = [[name, f"{p:.4f}"] for name, p in sorted(shares.items(), key=lambda kv: -kv[1])]
    return {
        "quoteID": record["id"], "quotation": record["quotation"], "speaker": record["speaker"] or "None",
        "qids": [record["speaker_external_id"]] if record.get("speaker_external_id") else [],
        "date": f"{record['first_seen']} 00:00:00" if record["first_seen"] else None,
        "numOccurrences": record["num_occurrences"], "probas": probas, "urls": record["urls"],
        "phase": "quotewire",
    }


def write_lines(records: Iterable[dict[str, Any]], out: IO[str], quotebank_layout: bool = False) -> int:
    n = 0
    for n, record in enumerate(records, 1):
        out.write(json.dumps(quotebank(record) if quotebank_layout else _plain(record), ensure_ascii=False) + "\n")
    return n


def csv_rows(record: dict[str, Any]) -> Iterator[list[Any]]:
    """The CSV rows (``CSV_COLUMNS``) of one quotation: one per occurrence."""
    for p in record["provenance"]:
        row = {"quotation_id": record["id"], "quotation": record["display"], "exact_text": record["quotation"],
               "first_seen": record["first_seen"], "last_seen": record["last_seen"],
               "num_occurrences": record["num_occurrences"],
               "lineage_id": record["lineage_id"], "original_id": record["original_id"],
               "relation": record["relation"], "changes": json.dumps(record["changes"], ensure_ascii=False),
               "gender": record["speaker_gender"] if p.get("speaker_id") == record["speaker_id"] else None, **p}
        yield [row.get(c) for c in CSV_COLUMNS]


class _Lines:
    """A text sink that hands back what was written since the last ``take``."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def take(self) -> str:
        text, self.parts = "".join(self.parts), []
        return text


def csv_stream(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The CSV of ``write_csv`` as chunks of text, one quotation's rows at a time (a download)."""
    sink = _Lines()
    writer = csv_writer(sink, CSV_COLUMNS)  # type: ignore[arg-type]
    yield sink.take()
    for record in records:
        for row in csv_rows(record):
            writer.writerow(row)
        yield sink.take()


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """CSV for spreadsheets (``CSV_COLUMNS``, one row per occurrence); returns the quotations written."""
    writer = csv_writer(out, CSV_COLUMNS)
    n = 0
    for n, record in enumerate(records, 1):
        for row in csv_rows(record):
            writer.writerow(row)
    return n


def write_parquet(records: Iterable[dict[str, Any]], path: str, batch_rows: int = 10_000) -> int:
    """Parquet written in row groups, so the export stays in bounded memory."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"input_offset": pa.int64(), "confidence": pa.float64()}
    schema = pa.schema([("id", pa.string()), ("quotation", pa.string()), ("display", pa.string()), ("type", pa.string()),
                        ("cue_class", pa.string()), ("speaker", pa.string()), ("speaker_id", pa.string()),
                        ("speaker_gender", pa.string()), ("first_seen", pa.string()),
                        ("last_seen", pa.string()), ("num_occurrences", pa.int64()),
                        ("urls", pa.list_(pa.string())), ("sources", pa.list_(pa.string())),
                        ("clusters", pa.list_(pa.string())),
                        ("provenance", pa.list_(pa.struct([(f, types.get(f, pa.string()))
                                                           for f in PROVENANCE_FIELDS]))),
                        ("lineage_id", pa.string()), ("original_id", pa.string()), ("relation", pa.string()),
                        ("changes", pa.list_(pa.struct([(f, pa.string()) for f in CHANGE_FIELDS])))])
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
    writer = csv_writer(out, columns) if fmt == "csv" else None
    n = 0
    for n, row in enumerate(rows, 1):
        if writer is not None:
            writer.writerow([row.get(c) for c in columns])
        else:
            out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
    return n
