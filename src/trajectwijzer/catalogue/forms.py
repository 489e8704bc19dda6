"""Forms for provider admins who maintain their own programmes and modules.

Limits on numbers come from ``importing`` so the form, the import and the API accept
the same values; the model's own validation runs on top through the ModelForm.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from trajectwijzer.web.forms import CleanTextMixin

from . import importing
from .models import Competence, CompetenceFramework, Delivery, Module, Programme, Provider, Region
from .services import merged_translations, new_external_id

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]
TRANSLATION_FIELDS = [
    (f"{name}_{language}", language, name)
    for name in importing.TRANSLATED_FIELDS
    for language in importing.TRANSLATED_LANGUAGES
]


def _limit_number(field: forms.Field, minimum: int | None, maximum: int | None) -> None:
    """Enforce the limits on the server and announce them to browsers and screen readers."""
    if minimum is not None:
        field.validators.append(MinValueValidator(minimum))
        field.widget.attrs["min"] = minimum
    if maximum is not None:
        field.validators.append(MaxValueValidator(maximum))
        field.widget.attrs["max"] = maximum


class ProgrammeForm(CleanTextMixin, forms.ModelForm):
    delivery_modes = forms.MultipleChoiceField(
        label=_("Delivery modes"),
        choices=Delivery.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    locations = forms.CharField(
        label=_("Locations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One city or campus per line."),
    )
    keywords = forms.CharField(
        label=_("Search keywords"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_(
            "Words people may search for that your texts do not use, e.g. the job the "
            "programme leads to. One word or phrase per line."
        ),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Where the programme is taught."),
    )
    start_months = forms.TypedMultipleChoiceField(
        label=_("Start months"),
        choices=MONTH_CHOICES,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Months in which a learner can start."),
    )
    leave_recognised_regions = forms.MultipleChoiceField(
        label=_("Recognised for paid training leave in"),
        choices=Region.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For Flanders: registered in the Opleidingsdatabank."),
    )
    parent_external_id = forms.CharField(
        label=_("Part of programme (external id)"),
        required=False,
        max_length=100,
        help_text=_("For a microdegree: the external id of the programme it is part of."),
    )
    next_step_external_id = forms.CharField(
        label=_("Next step on the learning ladder (external id)"),
        required=False,
        max_length=100,
        help_text=_(
            "The external id of the programme a graduate can continue with towards a higher "
            "qualification, e.g. verzorgende → zorgkundige."
        ),
    )
    title_fr = forms.CharField(label=_("Title in French"), required=False, max_length=255)
    title_en = forms.CharField(label=_("Title in English"), required=False, max_length=255)
    summary_fr = forms.CharField(label=_("Summary in French"), required=False, max_length=500)
    summary_en = forms.CharField(label=_("Summary in English"), required=False, max_length=500)

    class Meta:
        model = Programme
        fields = [
            "provider",
            "external_id",
            "title",
            "summary",
            "description",
            "kind",
            "study_area",
            "keywords",
            "language",
            "vks_level",
            "qualification",
            "framework",
            "delivery_modes",
            "locations",
            "regions",
            "start_months",
            "duration_months",
            "study_credits",
            "contact_hours",
            "classroom_hours",
            "workplace_learning_share",
            "price_eur",
            "leave_recognised_regions",
            "url",
            "is_published",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    fieldsets = [
        (
            _("The programme"),
            [
                "provider",
                "external_id",
                "title",
                "summary",
                "description",
                "kind",
                "study_area",
                "keywords",
            ],
        ),
        (_("Translations"), [name for name, _language, _field in TRANSLATION_FIELDS]),
        (
            _("Level and qualification"),
            [
                "vks_level",
                "qualification",
                "framework",
                "parent_external_id",
                "next_step_external_id",
            ],
        ),
        (
            _("How and where"),
            ["delivery_modes", "locations", "regions", "language", "start_months"],
        ),
        (
            _("Size and price"),
            [
                "duration_months",
                "study_credits",
                "contact_hours",
                "classroom_hours",
                "workplace_learning_share",
                "price_eur",
            ],
        ),
        (_("Recognition and publication"), ["leave_recognised_regions", "url", "is_published"]),
    ]

    def __init__(self, *args: Any, providers: list[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider_field = self.fields["provider"]
        provider_field.queryset = Provider.objects.filter(pk__in=[p.pk for p in providers])
        if len(providers) == 1 and not self.instance.pk:
            provider_field.initial = providers[0].pk
        self.fields["external_id"].required = False
        self.fields["external_id"].help_text = _(
            "Your own code for this programme; imports recognise the programme by it. "
            "Left empty, one is made up."
        )
        for name, (minimum, maximum) in importing.INTEGER_FIELDS.items():
            _limit_number(self.fields[name], minimum, maximum)
        for name in importing.DECIMAL_FIELDS:
            _limit_number(self.fields[name], 0, None)
        if self.instance.pk:
            self.initial["locations"] = "\n".join(self.instance.locations or [])
            self.initial["keywords"] = "\n".join(self.instance.keywords or [])
            self.initial["parent_external_id"] = (
                self.instance.parent.external_id if self.instance.parent_id else ""
            )
            self.initial["next_step_external_id"] = (
                self.instance.next_step.external_id if self.instance.next_step_id else ""
            )
            translations = self.instance.translations or {}
            for name, language, field in TRANSLATION_FIELDS:
                self.initial[name] = translations.get(language, {}).get(field, "")

    def grouped_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean_locations(self) -> list[str]:
        lines = self.cleaned_data.get("locations") or ""
        return [line.strip() for line in lines.splitlines() if line.strip()]

    def clean_keywords(self) -> list[str]:
        lines = self.cleaned_data.get("keywords") or ""
        return list(dict.fromkeys(line.strip() for line in lines.splitlines() if line.strip()))

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data.get("external_id") or ""
        if external_id or self.instance.pk:
            return external_id or self.instance.external_id
        provider = self.cleaned_data.get("provider")
        # Without a valid provider the form fails on that field; no id is made up then.
        return new_external_id(provider) if provider else ""

    def _linked_programme(self, name: str, itself_message: str) -> Programme | None:
        """The programme whose external id was entered in field ``name``, if any."""
        external_id = self.cleaned_data.get(name)
        if not external_id:
            return None
        linked = Programme.objects.filter(external_id=external_id).first()
        if linked is None:
            raise forms.ValidationError(
                _("No programme has the external id %(id)s."), params={"id": external_id}
            )
        if self.instance.pk and linked.pk == self.instance.pk:
            raise forms.ValidationError(itself_message)
        return linked

    def clean_parent_external_id(self) -> Programme | None:
        return self._linked_programme(
            "parent_external_id", _("A programme cannot be part of itself.")
        )

    def clean_next_step_external_id(self) -> Programme | None:
        return self._linked_programme(
            "next_step_external_id", _("A programme cannot be its own next step.")
        )

    def clean(self) -> dict[str, Any]:
        # Parent, next step and translations are not model fields of the form; set them
        # on the instance here so the model validation that follows sees them.
        cleaned_data = super().clean()
        if "parent_external_id" in cleaned_data:
            self.instance.parent = cleaned_data["parent_external_id"]
        if "next_step_external_id" in cleaned_data:
            self.instance.next_step = cleaned_data["next_step_external_id"]
        self.instance.translations = merged_translations(
            self.instance.translations,
            {
                (language, field): cleaned_data.get(name, "")
                for name, language, field in TRANSLATION_FIELDS
                if name in cleaned_data
            },
        )
        return cleaned_data


class ModuleForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Module
        fields = [
            "code",
            "title",
            "study_credits",
            "hours",
            "term",
            "is_workplace_learning",
            "is_exemptable",
            "is_elective",
            "elective_group",
            "competences",
        ]
        widgets = {"competences": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, framework: CompetenceFramework | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        competences = self.fields["competences"]
        competences.queryset = (
            Competence.objects.filter(framework=framework)
            if framework
            else Competence.objects.none()
        )
        competences.help_text = (
            _("Competences of the programme's framework that this module covers.")
            if framework
            else _("Choose a competence framework for the programme and save it first.")
        )
        for name in ("study_credits", "hours", "term"):
            _limit_number(self.fields[name], 0, None)


# The most modules one programme takes, on the page as through the API (api_manage).
MAX_MODULES = 200

ModuleFormSet = forms.inlineformset_factory(
    Programme,
    Module,
    form=ModuleForm,
    extra=1,
    can_delete=True,
    max_num=MAX_MODULES,
    validate_max=True,
    absolute_max=MAX_MODULES,
)
