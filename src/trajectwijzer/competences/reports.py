"""The competence progress report of one learner as a PDF (WeasyPrint, no network)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone


def _no_network(url: str, *args: Any, **kwargs: Any):
    """The report loads nothing: CSS inline, charts as inline SVG, no fonts or images."""
    raise ValueError(f"the competence report loads no external resources ({url})")


def report_document(context: dict[str, Any]):
    from weasyprint import HTML  # imported here: loading it takes a while

    html = render_to_string(
        "competences/report_pdf.html", {**context, "today": timezone.localdate()}
    )
    return HTML(string=html, base_url=None, url_fetcher=_no_network).render()


def render_pdf(context: dict[str, Any]) -> bytes:
    return report_document(context).write_pdf()
