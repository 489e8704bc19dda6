"""Charts as server-rendered inline SVG (no JavaScript, no network), each with a text
alternative in the page: a progress line per role for a competence, and a heatmap
comparing the roles' latest levels per competence.

The SVGs scale to their container (``viewBox`` and ``width=100%``), so they fit a
390 px phone screen, and render in WeasyPrint for the PDF report.
"""

from __future__ import annotations

import datetime

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import AssessorRole

# Colour and dash per role, so lines differ without colour too (WCAG 1.4.1).
ROLE_STYLE = {
    AssessorRole.SELF: ("#b45309", ""),
    AssessorRole.TEACHER: ("#0b5394", "6 3"),
    AssessorRole.MENTOR: ("#116329", "2 3"),
}
ROLE_ORDER = [AssessorRole.SELF, AssessorRole.TEACHER, AssessorRole.MENTOR]


def _role_label(role: str) -> str:
    """Short role names: they fit the legend of a phone-wide chart."""
    return {
        AssessorRole.SELF: _("Self"),
        AssessorRole.TEACHER: _("Teacher"),
        AssessorRole.MENTOR: _("Mentor"),
    }[role]


def progress_chart(
    series: dict[str, list[tuple[datetime.date, float]]],
    scale_size: int,
    title: str,
    start: datetime.date,
    end: datetime.date,
) -> SafeString:
    """Mean step per role over time, as step lines on a shared date axis."""
    width, height, left, right, top, bottom = 360, 170, 28, 8, 10, 42
    plot_w, plot_h = width - left - right, height - top - bottom
    first = min([start] + [p[0] for points in series.values() for p in points])
    last = max([end] + [p[0] for points in series.values() for p in points])
    span = max((last - first).days, 1)

    def x(day: datetime.date) -> float:
        return left + plot_w * (day - first).days / span

    def y(step: float) -> float:
        return top + plot_h * (1 - (step - 1) / max(scale_size - 1, 1))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" class="chart" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for step in range(1, scale_size + 1):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(step):.1f}" y2="{y(step):.1f}" '
            'stroke="#cfd8e3" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(step) + 4:.1f}" font-size="10" text-anchor="end" '
            f'fill="#4a5563">{step}</text>'
        )
    parts.append(
        f'<text x="{left}" y="{height - 28}" font-size="10" fill="#4a5563">'
        f"{first.strftime('%d/%m/%Y')}</text>"
        f'<text x="{width - right}" y="{height - 28}" font-size="10" text-anchor="end" '
        f'fill="#4a5563">{last.strftime("%d/%m/%Y")}</text>'
    )
    legend_x = left
    for role in ROLE_ORDER:
        points = series.get(role)
        colour, dash = ROLE_STYLE[role]
        if points:
            path = []
            for index, (day, value) in enumerate(points):
                if index == 0:
                    path.append(f"M{x(day):.1f},{y(value):.1f}")
                else:  # the level holds until the next score
                    path.append(f"H{x(day):.1f} V{y(value):.1f}")
            path.append(f"H{x(last):.1f}")
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
            for day, value in points:
                parts.append(
                    f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="2.5" fill="{colour}"/>'
                )
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 18}" y1="{height - 8}" y2="{height - 8}" '
            f'stroke="{colour}" stroke-width="2.5"'
            f"{f' stroke-dasharray={chr(34)}{dash}{chr(34)}' if dash else ''}/>"
            f'<text x="{legend_x + 22}" y="{height - 4}" font-size="10" fill="#1b1f23">'
            f"{escape(_role_label(role))}</text>"
        )
        legend_x += 112
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _cell_colour(fraction: float | None) -> tuple[str, str]:
    """Background and text colour for a level fraction: light (low) to dark blue (high)."""
    if fraction is None:
        return "#f3f6f9", "#4a5563"
    shades = ["#dbe8f5", "#9cc1e6", "#4f8fcc", "#0b5394"]
    index = min(len(shades) - 1, max(0, round(fraction * len(shades)) - 1))
    return shades[index], "#1b1f23" if index < 2 else "#ffffff"


def heatmap(rows: list[tuple[str, dict[str, float]]], scale_size: int, title: str) -> SafeString:
    """Competences (rows) × roles (columns); each cell the mean latest step, written in it."""
    label_w, cell_w, cell_h, head_h = 150, 70, 26, 30
    width = label_w + cell_w * len(ROLE_ORDER)
    height = head_h + cell_h * max(len(rows), 1) + 4
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" class="chart heatmap" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for column, role in enumerate(ROLE_ORDER):
        cx = label_w + column * cell_w + cell_w / 2
        parts.append(
            f'<text x="{cx:.0f}" y="{head_h - 10}" font-size="11" font-weight="bold" '
            f'text-anchor="middle" fill="#1b1f23">{escape(_role_label(role))}</text>'
        )
    for row_index, (label, by_role) in enumerate(rows):
        top = head_h + row_index * cell_h
        text = label if len(label) <= 24 else label[:23] + "…"
        parts.append(
            f'<text x="0" y="{top + cell_h / 2 + 4:.0f}" font-size="11" fill="#1b1f23">'
            f"{escape(text)}</text>"
        )
        for column, role in enumerate(ROLE_ORDER):
            value = by_role.get(role)
            fill, ink = _cell_colour(value / scale_size if value else None)
            x0 = label_w + column * cell_w
            parts.append(
                f'<rect x="{x0 + 1}" y="{top + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{fill}" rx="3"/>'
                f'<text x="{x0 + cell_w / 2:.0f}" y="{top + cell_h / 2 + 4:.0f}" font-size="11" '
                f'text-anchor="middle" fill="{ink}">{"–" if value is None else f"{value:.1f}"}'
                "</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
