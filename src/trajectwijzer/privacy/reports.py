"""A readable summary of a person's export as PDF (WeasyPrint, no network).

Headings come from the providers (the app's name, each section's label) and column
headings from the models' translated field names, so the PDF speaks the reader's
language while the JSON keeps stable keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst

from .registry import providers


def _no_network(url: str, *args: Any, **kwargs: Any):
    raise ValueError(f"the privacy export loads no external resources ({url})")


def column_heading(model_label: str | None, lookup: str) -> str:
    """``programme__title`` → the translated name of the field ``programme``, followed by
    the last field's name unless that is just the record's name or title."""
    parts = lookup.split("__")
    if model_label is None:
        return capfirst(lookup.replace("_", " "))
    model = apps.get_model(model_label)
    names = []
    for part in parts:
        try:
            found = model._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            names.append(part.replace("_", " "))
            break
        names.append(str(getattr(found, "verbose_name", part)))
        model = found.related_model
        if model is None:
            break
    if len(parts) > 1 and parts[-1] in {"name", "title", "full_name"}:
        names = names[:-1]
    return capfirst(" · ".join(names))


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass
class Table:
    label: str
    headings: list[str]
    rows: list[list[str]]


@dataclass
class AppPart:
    label: str
    tables: list[Table]


def summary(person, data: dict[str, Any]) -> list[AppPart]:
    parts = []
    for provider in sorted(providers(), key=lambda p: p.verbose_name):
        sections = data.get(provider.app_label, {})
        tables = []
        for key, value in sections.items():
            section = provider.sections.get(key)
            label = str(section.label) if section else capfirst(key.replace("_", " "))
            model = section.model if section else None
            records = [value] if isinstance(value, dict) else list(value)
            fields = list(records[0]) if records else []
            tables.append(
                Table(
                    label=label,
                    headings=[column_heading(model, f) for f in fields],
                    rows=[[_cell(record.get(f)) for f in fields] for record in records],
                )
            )
        parts.append(AppPart(provider.verbose_name, tables))
    return parts


def render_pdf(person, data: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes a while

    html = render_to_string(
        "privacy/export_pdf.html",
        {"person": person, "parts": summary(person, data), "today": timezone.localdate()},
    )
    return HTML(string=html, base_url=None, url_fetcher=_no_network).write_pdf()
