"""Punctuation that differs by language, available in every template (a builtin).

French puts a no-break space before a colon ("Statut : brouillon"); Dutch and English
do not. Templates write ``{% translate "Status" %}{% colon %}`` instead of a bare ":".
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()

NO_BREAK_SPACE = "\u00a0"


def colon_for(language: str | None) -> str:
    return f"{NO_BREAK_SPACE}:" if (language or "").startswith("fr") else ":"


@register.simple_tag
def colon() -> str:
    return colon_for(get_language())
