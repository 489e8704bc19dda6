"""Template filters that show catalogue records in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.dates import MONTHS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..models import Delivery, Region, TranslatedMixin

register = template.Library()

_CHOICE_LABELS = {"delivery": Delivery, "region": Region}


@register.filter
def localized(record: TranslatedMixin, field: str) -> str:
    """``{{ programme|localized:"summary" }}``: the text in the active language if any."""
    return record.localized(field)


@register.filter
def fallback_language(record: TranslatedMixin, field: str) -> str:
    """The language of the shown text when it is not the reader's, else "".

    A text without a translation in the reader's language is shown as written, in the
    record's own language; the page says so and marks it with ``lang``.
    """
    language = (get_language() or "nl")[:2]
    if not getattr(record, field, "") or (record.translations or {}).get(language, {}).get(field):
        return ""
    own = getattr(record, "language", "") or "nl"
    return "" if own == language else own


WRITTEN_IN = {
    "nl": _("The description is only available in Dutch."),
    "fr": _("The description is only available in French."),
    "en": _("The description is only available in English."),
}


@register.filter
def written_in_note(language: str) -> str:
    """The note above a description shown in ``language`` because none is translated."""
    return str(WRITTEN_IN.get(language, ""))


@register.filter
def choice_labels(values: Any, kind: str) -> list[str]:
    """Labels of a JSON list of choice values; unknown values are left out."""
    choices = dict(_CHOICE_LABELS[kind].choices)
    return [str(choices[v]) for v in values or [] if v in choices]


@register.filter
def month_names(months: Any) -> list[str]:
    """Localised names of a list of month numbers, in calendar order."""
    return [str(MONTHS[m]) for m in sorted(set(months or [])) if isinstance(m, int) and m in MONTHS]
