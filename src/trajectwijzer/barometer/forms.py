from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Moment, MomentKind


class MomentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MomentKind.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(
        label=_("Label (optional)"),
        max_length=Moment._meta.get_field("label").max_length,
        required=False,
    )
