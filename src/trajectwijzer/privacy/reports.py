"""A readable summary of a person's export as PDF (WeasyPrint, no network).

Headings come from the providers (the app's name, each section's label) and column
headings from the models' translated field names, so the PDF speaks the reader's
language while the JSON keeps stable keys.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from .registry import providers


def _no_network(url: str, *args: Any, **kwargs: Any):
    raise ValueError(f"the privacy export loads no external resources ({url})")


def _resolve(model_label: str | None, lookup: str):
    """The translated heading of ``lookup`` and the field it ends on (None if unknown).

    ``programme__title`` → the name of the field ``programme``, followed by the last
    field's name unless that is just the record's name or title."""
    parts = lookup.split("__")
    if model_label is None:
        return capfirst(lookup.replace("_", " ")), None
    model = apps.get_model(model_label)
    names = []
    found = None
    for part in parts:
        try:
            found = model._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            names.append(part.replace("_", " "))
            found = None
            break
        names.append(str(getattr(found, "verbose_name", part)))
        model = found.related_model
        if model is None:
            break
    if len(parts) > 1 and parts[-1] in {"name", "title", "full_name"}:
        names = names[:-1]
    return capfirst(" · ".join(names)), found


def column_heading(model_label: str | None, lookup: str) -> str:
    return _resolve(model_label, lookup)[0]


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _cell(value: Any, choices: dict | None = None) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
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
            resolved = [_resolve(model, f) for f in fields]
            choices = [dict(getattr(found, "flatchoices", None) or ()) for _h, found in resolved]
            tables.append(
                Table(
                    label=label,
                    headings=[heading for heading, _found in resolved],
                    rows=[
                        [_cell(record.get(f), c) for f, c in zip(fields, choices, strict=True)]
                        for record in records
                    ],
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
