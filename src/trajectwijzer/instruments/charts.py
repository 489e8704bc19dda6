"""Charts as inline SVG, drawn on the server (no JavaScript, no chart library).

Every chart has ``role="img"`` and a title and description; the page shows the same
figures in a table next to it, so nothing is only in the picture.
"""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

COLOURS = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000")


def _num(value: float) -> str:
    return f"{value:.1f}"


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _fraction(score, low, high) -> float:
    if score is None or (isinstance(score, float) and math.isnan(score)) or high == low:
        return 0.0
    return max(0.0, min(1.0, (score - low) / (high - low)))


def _svg(width: int, height: int, title: str, body: str) -> str:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def bars(title: str, rows: list[dict]) -> str:
    """Horizontal bars, one per row {label, score, low, high, text}."""
    width, label_w, row_h = 360, 165, 26
    height = row_h * len(rows) + 10
    parts = []
    for i, row in enumerate(rows):
        y = 5 + i * row_h
        frac = _fraction(row.get("score"), row["low"], row["high"])
        bar_w = (width - label_w - 40) * frac
        parts.append(
            f'<text x="0" y="{y + 16}" font-size="13">{escape(_short(row["label"], 21))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{width - label_w - 40}" '
            'height="16" fill="#eee"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{_num(bar_w)}" height="16" '
            f'fill="{COLOURS[0]}"/>'
            f'<text x="{width - 36}" y="{y + 16}" font-size="13">'
            f"{escape(row.get('text', ''))}</text>"
        )
    return _svg(width, height, title, "".join(parts))


def radar(title: str, axes: list[dict], series: list[dict], legend: bool = False) -> str:
    """A radar (spider) chart: axes [{label, low, high}], series [{label, values}]."""
    width, size, centre_x, centre, radius = 460, 320, 230, 160, 112
    n = len(axes)
    if n < 3:
        return bars(
            title, [dict(a, score=series[0]["values"][i], text="") for i, a in enumerate(axes)]
        )
    parts = []

    def point(i: int, frac: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return centre_x + radius * frac * math.cos(angle), centre + radius * frac * math.sin(angle)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#ccc"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, 1.0)
        lx, ly = point(i, 1.18)
        anchor = "middle" if abs(lx - centre_x) < 10 else ("start" if lx > centre_x else "end")
        parts.append(
            f'<line x1="{centre_x}" y1="{centre}" x2="{_num(x)}" y2="{_num(y)}" stroke="#ccc"/>'
        )
        parts.append(
            f'<text x="{_num(lx)}" y="{_num(ly)}" font-size="12" text-anchor="{anchor}">'
            f"{escape(_short(axis['label'], 16))}</text>"
        )
    for k, serie in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        pts = " ".join(
            f"{_num(x)},{_num(y)}"
            for x, y in (
                point(i, _fraction(serie["values"][i], axis["low"], axis["high"]))
                for i, axis in enumerate(axes)
            )
        )
        parts.append(
            f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.18" stroke="{colour}" '
            f'stroke-width="2"><title>{escape(serie["label"])}</title></polygon>'
        )
    height = size
    if legend:
        for k, serie in enumerate(series):
            y = size + 4 + k * 16
            parts.append(
                f'<rect x="10" y="{y}" width="12" height="12" fill="{COLOURS[k % len(COLOURS)]}"/>'
                f'<text x="28" y="{y + 11}" font-size="13">{escape(serie["label"])}</text>'
            )
        height = size + 8 + 16 * len(series)
    return _svg(width, height, title, "".join(parts))


def _by_group(definition) -> list[tuple[str, list[int]]] | None:
    """Dimensions that come in groups with a label (e.g. factors per target group):
    [(group label, [dimension indexes])], when every group has the same length."""
    dims = definition.dimensions
    if not dims or not all(d.group and d.group_label for d in dims):
        return None
    groups: dict[str, list[int]] = {}
    for index, dim in enumerate(dims):
        groups.setdefault(dim.group, []).append(index)
    sizes = {len(v) for v in groups.values()}
    if len(groups) < 2 or len(sizes) != 1:
        return None
    return [(dims[v[0]].group_label.get(), v) for v in groups.values()]


def for_dimensions(definition, dimensions: list[dict]) -> str:
    title = _("Scores per dimension")
    if not dimensions:
        return ""
    grouped = _by_group(definition)
    if definition.chart == "radar" and grouped:
        axes = [dimensions[i] for i in grouped[0][1]]
        series = [
            {"label": label, "values": [dimensions[i]["score"] for i in idx]}
            for label, idx in grouped
        ]
        return radar(title, axes, series, legend=True)
    if definition.chart == "radar":
        return radar(
            title,
            dimensions,
            [{"label": definition.title.get(), "values": [d["score"] for d in dimensions]}],
        )
    return bars(title, [dict(d, text=d["score_text"]) for d in dimensions])


def for_groups(definition, series: list[dict]) -> str:
    """Mean per dimension, one colour per group or moment compared."""
    if not series or not series[0]["dimensions"]:
        return ""
    title = _("Mean score per dimension")
    dims = series[0]["dimensions"]
    grouped = _by_group(definition)
    if definition.chart == "radar" and grouped and len(series) == 1:
        axes = [dims[i] for i in grouped[0][1]]
        lines = [
            {"label": label, "values": [dims[i]["mean"] for i in idx]} for label, idx in grouped
        ]
        return radar(title, axes, lines, legend=True)
    if definition.chart == "radar" and not grouped:
        lines = [
            {"label": s["label"], "values": [d["mean"] for d in s["dimensions"]]} for s in series
        ]
        return radar(title, dims, lines, legend=len(series) > 1)
    width, label_w, bar_h = 360, 165, 14
    block = bar_h * len(series) + 10
    parts = []
    for i, dim in enumerate(dims):
        y0 = 5 + i * block
        parts.append(
            f'<text x="0" y="{y0 + 12}" font-size="13">{escape(_short(dim["label"], 21))}</text>'
        )
        for k, serie in enumerate(series):
            d = serie["dimensions"][i]
            frac = _fraction(d["mean"], d["low"], d["high"])
            y = y0 + k * bar_h
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{_num((width - label_w - 40) * frac)}" '
                f'height="{bar_h - 2}" fill="{COLOURS[k % len(COLOURS)]}">'
                f"<title>{escape(serie['label'])}: {escape(d['mean_text'])}</title></rect>"
                f'<text x="{width - 36}" y="{y + bar_h}" font-size="12">'
                f"{escape(d['mean_text'])}</text>"
            )
    return _svg(width, block * len(dims) + 10, title, "".join(parts))


def distribution(dimension: dict) -> str:
    """How many respondents fall in each band (or bin) of one dimension."""
    rows = dimension["distribution"]
    total = max(1, max((r["count"] for r in rows), default=1))
    title = _("Distribution: %(dimension)s") % {"dimension": dimension["label"]}
    return bars(
        title,
        [
            {
                "label": r["label"],
                "score": r["count"],
                "low": 0,
                "high": total,
                "text": f"{r['count']}",
            }
            for r in rows
        ],
    )
