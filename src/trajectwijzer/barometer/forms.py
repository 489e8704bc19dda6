from django import forms
from django.utils.translation import gettext_lazy as _

from trajectwijzer.web.forms import CleanCharField, CleanTextForm, IsoDateInput

from .models import Moment, MomentKind


class EntryForm(CleanTextForm):
    """The one-tap score with its note. Only the text is checked here (so a NUL is a
    field error, not a database error); the score and the note's length are the
    service's (``services.validate_entry``), with the same messages as the API."""

    score = forms.CharField(required=False, strip=False)
    note = CleanCharField(required=False, strip=False)


class MomentForm(CleanTextForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MomentKind.choices)
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=Moment._meta.get_field("label").max_length,
        required=False,
    )
