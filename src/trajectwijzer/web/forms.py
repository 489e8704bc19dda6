"""What every form with free text shares: text the database cannot store is a field error.

Django's ``forms.CharField`` already refuses NUL; this adds lone UTF-16 surrogates
(which reach a form when its data comes from JSON or from code rather than from a
browser) with the same kind of error, and gives pages that used to read ``request.POST``
directly a form to go through. Use ``CleanTextForm`` (or ``CleanTextMixin`` beside a
``ModelForm``) for every form that takes text: each of its text fields gets the check.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajectwijzer.safe_input import NUL_MESSAGE, text_problem


def unstorable_text_error(value: str) -> str | None:
    """The field error (in the reader's language) for text the database cannot store,
    or None; for services that take text from pages reading ``request.POST`` directly."""
    problem = text_problem(value)
    if problem is None:
        return None
    if problem == NUL_MESSAGE:
        return str(_("Null characters are not allowed."))  # Django's own wording
    return str(_("Remove the invalid character (a lone UTF-16 surrogate): it cannot be stored."))


def refuse_unstorable_text(value) -> None:
    """A field error for a lone surrogate, which the database cannot store. (NUL, which
    it cannot store either, every ``forms.CharField`` refuses already.)"""
    if isinstance(value, str) and text_problem(value.replace("\x00", "")):
        raise ValidationError(
            _("Remove the invalid character (a lone UTF-16 surrogate): it cannot be stored."),
            code="lone_surrogate",
        )


class CleanCharField(forms.CharField):
    """A ``CharField`` that also refuses lone surrogates (it refuses NUL already)."""

    default_validators = [refuse_unstorable_text]


class CleanTextMixin:
    """Adds ``refuse_unstorable_text`` to every text field of the form (``CharField`` and
    its kinds: e-mail, URL, slug, …), also the fields a ``ModelForm`` makes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and refuse_unstorable_text not in field.validators
            ):
                field.validators.append(refuse_unstorable_text)


class CleanTextForm(CleanTextMixin, forms.Form):
    """The base form for free text."""


class IsoDateInput(forms.DateInput):
    """An ``<input type="date">`` whose value is always ISO 8601 (``2026-12-03``).

    A browser's date field only accepts (and only sends) ``YYYY-MM-DD``, whatever the
    reader's language; Django's ``DateInput`` renders a date in the active locale's
    ``DATE_INPUT_FORMATS`` (``03-12-2026`` in Dutch), which the browser rejects so the
    field looks empty. Every date field of every form uses this widget; the test
    ``web/tests/test_date_inputs.py`` finds the forms by introspection.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
