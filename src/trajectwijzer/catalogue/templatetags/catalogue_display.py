"""Template filters that show catalogue records in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.dates import MONTHS

from ..models import Delivery, Region, TranslatedMixin

register = template.Library()

_CHOICE_LABELS = {"delivery": Delivery, "region": Region}


@register.filter
def localized(record: TranslatedMixin, field: str) -> str:
    """``{{ programme|localized:"summary" }}``: the text in the active language if any."""
    return record.localized(field)


@register.filter
def choice_labels(values: Any, kind: str) -> list[str]:
    """Labels of a JSON list of choice values; unknown values are left out."""
    choices = dict(_CHOICE_LABELS[kind].choices)
    return [str(choices[v]) for v in values or [] if v in choices]


@register.filter
def month_names(months: Any) -> list[str]:
    """Localised names of a list of month numbers, in calendar order."""
    return [str(MONTHS[m]) for m in sorted(set(months or [])) if isinstance(m, int) and m in MONTHS]
