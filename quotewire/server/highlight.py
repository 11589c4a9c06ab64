"""What the article and speaker pages draw: highlighted statements, speaker colours, timelines.

Pure functions from store records to plain values; the templates only place them, and Jinja's
autoescaping makes every piece of article text inert.
"""

from __future__ import annotations

from typing import Any

from quotewire.models import stable_hash


def speaker_hue(speaker_id: str | None) -> int | None:
    """A stable colour per speaker (hue in degrees), so one speaker looks the same on every page."""
    return int(stable_hash(speaker_id)[:4], 16) % 360 if speaker_id else None


def article_hues(speaker_ids: list[str]) -> dict[str, int]:
    """Hues for the speakers of one article, in order of appearance, as far apart as they can be.

    Hashed hues can land next to each other; on an article page every speaker must be told apart,
    so hues step by the golden angle (137.5°), which never repeats and spreads any count evenly.
    """
    return {sid: round(i * 137.508) % 360 for i, sid in enumerate(dict.fromkeys(speaker_ids))}


def hover_text(statement: dict[str, Any]) -> str:
    speaker = (statement["speaker"] or {}).get("name") or statement["speaker_name"] or statement["mention"]
    return f"{statement['type']} · cue: {statement['cue'] or '–'} · speaker: {speaker or 'unknown'}"


def segments(text: str, statements: list[dict[str, Any]], hues: dict[str, int]) -> list[dict[str, Any]]:
    """The text cut into plain and highlighted pieces, in order; overlapping statements are clipped.

    Offsets come from the store and index this exact text, so nothing is searched for again.
    """
    pieces: list[dict[str, Any]] = []
    pos = 0
    for st in sorted(statements, key=lambda s: (s["content"][0], -s["content"][1])):
        start, end = max(st["content"][0], pos), min(st["content"][1], len(text))
        if start >= end:
            continue
        if start > pos:
            pieces.append({"text": text[pos:start]})
        pieces.append({"text": text[start:end], "statement": st, "title": hover_text(st),
                       "hue": hues.get((st["speaker"] or {}).get("id"))})
        pos = end
    if pos < len(text):
        pieces.append({"text": text[pos:]})
    return pieces


def timeline_bars(buckets: list[dict[str, Any]], width: int = 640, height: int = 120) -> dict[str, Any]:
    """Bar geometry for statements per bucket (week, month, …), drawn as inline SVG by the speaker
    page; the store bounds the number of buckets, so the drawing is bounded too."""
    top = max((b["count"] for b in buckets), default=0) or 1
    step = width / max(len(buckets), 1)
    bars = [{"x": round(i * step, 2), "width": round(min(max(step - 1, 1), 40), 2),
             "height": round(b["count"] / top * (height - 20), 2), "start": b["start"], "count": b["count"]}
            for i, b in enumerate(buckets)]
    for bar in bars:
        bar["y"] = round(height - 20 - bar["height"], 2)
    return {"width": width, "height": height, "bars": bars, "max": top}
