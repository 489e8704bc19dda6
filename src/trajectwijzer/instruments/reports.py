"""Reports as PDF (WeasyPrint), without any network access: inline CSS and SVG only."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def _no_network(url: str, *args: Any, **kwargs: Any):
    raise ValueError(f"instrument reports load no external resources ({url})")


def report_document(template: str, context: dict[str, Any]):
    """The report laid out in pages (a WeasyPrint document)."""
    from weasyprint import HTML  # imported here: loading it takes a while

    html = render_to_string(template, context)
    return HTML(string=html, base_url=None, url_fetcher=_no_network).render()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return report_document(template, context).write_pdf()
