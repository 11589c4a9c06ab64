"""The dashboard's charts as geometry for server-rendered SVG (``templates/_charts.html``).

No script and no chart library: each mark carries a <title> that the browser shows on hover
("The Washington Post, 2016-03: women 24% of 41 people quoted"), and every chart is drawn from
one report table (``store/report.py``) that its "download data" link serves as it is.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from quotewire.server.highlight import speaker_hue

WIDTH = 720
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 44, 12, 10, 34
GENDER_HUES = {"female": 330, "male": 210}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def line_chart(rows: list[dict[str, Any]], series_key: str, value_key: str, describe: Any,
               share: bool, height: int = 260) -> dict[str, Any]:
    """One line per ``series_key`` value over the months of ``rows``; y is a share (0-100%) or a
    count. ``describe(row)`` is a point's hover text. A month a series has no value for breaks
    its line instead of drawing through it."""
    months = sorted({r["month"] for r in rows})
    top = 1.0 if share else max((r[value_key] or 0 for r in rows), default=0) or 1
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, height - PAD_TOP - PAD_BOTTOM
    step = inner_w / max(len(months) - 1, 1)
    x_of = {m: round(PAD_LEFT + k * step, 1) for k, m in enumerate(months)}

    def y_of(value: float) -> float:
        return round(PAD_TOP + inner_h * (1 - value / top), 1)

    by_series: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        by_series[r[series_key]][r["month"]] = r
    lines = []
    for name in sorted(by_series):
        points = by_series[name]
        runs: list[list[str]] = [[]]
        dots = []
        for m in months:
            r = points.get(m)
            if r is None or r[value_key] is None:
                runs.append([])
                continue
            runs[-1].append(f"{x_of[m]},{y_of(r[value_key])}")
            dots.append({"x": x_of[m], "y": y_of(r[value_key]), "title": describe(r)})
        lines.append({"name": name, "hue": speaker_hue(name), "paths": [" ".join(p) for p in runs if len(p) > 1],
                      "dots": dots})
    ticks = [0, .25, .5, .75, 1] if share else [0, top / 2, top]
    label_every = max(1, len(months) // 8)
    return {"width": WIDTH, "height": height, "lines": lines,
            "x_labels": [{"x": x_of[m], "text": m} for k, m in enumerate(months) if k % label_every == 0],
            "y_labels": [{"y": y_of(t * top if share else t), "text": _pct(t) if share else f"{t:g}"} for t in ticks],
            "left": PAD_LEFT, "right": WIDTH - PAD_RIGHT, "bottom": height - PAD_BOTTOM}


def bar_chart(bars: list[dict[str, Any]], share: bool, row_height: int = 22) -> dict[str, Any]:
    """Horizontal bars: each ``{"label", "value", "title", "hue"}``; the longest fills the width
    (a share: 100% does)."""
    label_w = 210
    inner = WIDTH - label_w - 60
    top = 1.0 if share else max((b["value"] or 0 for b in bars), default=0) or 1
    drawn = [b | {"y": k * row_height, "w": round(inner * (b["value"] or 0) / top, 1),
                  "text": _pct(b["value"]) if share else str(b["value"])} for k, b in enumerate(bars)]
    return {"width": WIDTH, "height": max(len(bars), 1) * row_height, "bars": drawn, "x0": label_w,
            "row": row_height}


def share_over_time(outlet_month: list[dict[str, Any]]) -> dict[str, Any]:
    """Women's share of the people each outlet quoted, month by month."""
    return line_chart(outlet_month, "outlet", "women_share_people", lambda r: (
        f"{r['outlet']}, {r['month']}: women are {_pct(r['women_share_people'])} of people quoted "
        f"({r['women']} women, {r['men']} men; {r['people_unknown']} of unknown gender)"), share=True)


def outlets_compared(outlets: list[dict[str, Any]]) -> dict[str, Any]:
    """Per outlet, women's share of people quoted and of statements, side by side."""
    bars = []
    for r in outlets:
        bars.append({"label": r["outlet"], "value": r["women_share_people"], "hue": GENDER_HUES["female"],
                     "title": f"{r['outlet']}: women are {_pct(r['women_share_people'])} of people quoted "
                              f"({r['women']} of {r['women'] + r['men']}; {r['people_unknown']} unknown)"})
        bars.append({"label": "", "value": r["women_share_statements"], "hue": 280,
                     "title": f"{r['outlet']}: women make {_pct(r['women_share_statements'])} of statements "
                              f"({r['statements_women']} of {r['statements_women'] + r['statements_men']})"})
    return bar_chart(bars, share=True)


def top_quoted(top: list[dict[str, Any]], gender: str) -> dict[str, Any]:
    """The most quoted people of one gender over the whole period."""
    rows = [r for r in top if r["period"] == "all" and r["gender"] == gender]
    return bar_chart([{"label": r["name"], "value": r["statements"], "hue": GENDER_HUES[gender],
                       "title": f"{r['name']}: {r['statements']} statements", "href": f"/speakers/{r['speaker_id']}"}
                      for r in rows], share=False)


def attention_over_time(attention: list[dict[str, Any]]) -> dict[str, Any]:
    """Statements (containing the words searched) per month, one line per outlet."""
    return line_chart(attention, "outlet", "statements",
                      lambda r: f"{r['outlet']}, {r['month']}: {r['statements']} statements", share=False)
