"""Forms of the incentives wizard: one question of the contract, and the report e-mail.

The answer form only turns the posted text into the contract's types (choice, yes/no,
number, list); whether the value is allowed is decided by the contract's own validation
(``contract.validate_situation``), so its messages are the ones people read.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectwijzer.web.forms import CleanTextForm

from .contract import FIELDS_BY_PATH
from .texts import load

ANSWER = "answer"


def _to_bool(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class AnswerForm(CleanTextForm):
    """One question: a radio group, checkboxes, or a number or text input."""

    def __init__(self, path: str, language: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.path = path
        field = FIELDS_BY_PATH[path]
        self.kind = field.kind
        texts = load("texts")["questions"][path]
        label = texts["question"][language]
        required = {"required": _("Choose an answer, or choose “I don't know”.")}
        if field.kind == "choice":
            choices = [(value, texts["options"][value][language]) for value in field.choices]
            self.fields[ANSWER] = forms.ChoiceField(
                label=label, choices=choices, widget=forms.RadioSelect, error_messages=required
            )
        elif field.kind == "bool":
            choices = [
                ("true" if option["value"] else "false", option["label"][language])
                for option in load("texts")["yes_no_options"]
            ]
            self.fields[ANSWER] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=_to_bool,
                widget=forms.RadioSelect,
                error_messages=required,
            )
        elif field.kind == "regions":
            choices = [(value, texts["options"][value][language]) for value in field.choices]
            self.fields[ANSWER] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Tick none if it is recognised in none of these regions."),
            )
        elif field.kind in ("number", "integer"):
            # No min/max validators here: the contract checks the range, in the person's
            # language; the input's min and max only help the browser.
            attrs = {"min": f"{field.minimum:g}", "max": f"{field.maximum:g}"}
            attrs["step"] = "1" if field.kind == "integer" else "any"
            number = forms.IntegerField if field.kind == "integer" else forms.FloatField
            self.fields[ANSWER] = number(
                label=label,
                # Accept "0,8" as Dutch and French readers type it, and "0.8" as browsers send it.
                localize=True,
                widget=forms.NumberInput(attrs=attrs),
                error_messages={"required": _("Enter a number, or choose “I don't know”.")},
            )
        else:
            self.fields[ANSWER] = forms.CharField(
                label=label,
                max_length=20,
                error_messages={"required": _("Enter an answer, or choose “I don't know”.")},
            )

    @property
    def value(self) -> Any:
        """The cleaned answer in the contract's type."""
        value = self.cleaned_data[ANSWER]
        if self.kind == "text":
            return value.strip()
        return value


class ReportEmailForm(CleanTextForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
