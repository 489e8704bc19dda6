"""Forms of the matrix, plan and re-orientation pages; services do the validation
that needs the database, these check the shape of the input."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectwijzer.catalogue.models import CompetenceFramework
from trajectwijzer.web.forms import CleanTextForm, IsoDateInput

from .models import ActionKind, ItemStatus, PlanStatus


class MatrixForm(CleanTextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    framework = forms.ModelChoiceField(
        label=_("Competence framework"), queryset=CompetenceFramework.objects.order_by("title")
    )


class TeamForm(CleanTextForm):
    name = forms.CharField(label=_("Team name"), max_length=100)


def _level_choices(scale, *, with_none: str | None = None) -> list[tuple[int, str]]:
    choices = [(rank, scale.label(rank)) for rank in sorted(scale.levels)]
    return [(0, with_none), *choices] if with_none else choices


class JobRoleForm(CleanTextForm):
    title = forms.CharField(label=_("Job role"), max_length=100)

    def __init__(self, *args, competences, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.competence_fields = []
        for competence in competences:
            name = f"level_{competence.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{competence.code} {competence.localized('title')}",
                choices=_level_choices(scale, with_none=_("Not needed")),
                coerce=int,
                initial=0,
            )
            self.competence_fields.append((competence, name))

    def levels(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[name] for c, name in self.competence_fields}


class RowForm(CleanTextForm):
    employee = forms.TypedChoiceField(label=_("Employee"), coerce=int)
    job_role = forms.TypedChoiceField(label=_("Job role"), coerce=int, required=False)
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, required=False)

    def __init__(self, *args, employees, job_roles, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [(u.pk, f"{u.full_name} ({u.email})") for u in employees]
        self.fields["job_role"].choices = [("", _("None"))] + [(j.pk, j.title) for j in job_roles]
        self.fields["team"].choices = [("", _("None"))] + [(t.pk, t.name) for t in teams]


class ObservationForm(CleanTextForm):
    competence = forms.TypedChoiceField(label=_("Competence"), coerce=int)
    level = forms.TypedChoiceField(label=_("Observed level"), coerce=int)
    observed_on = forms.DateField(label=_("Observed on"), widget=IsoDateInput())
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)

    def __init__(self, *args, competences, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [
            (c.pk, f"{c.code} {c.localized('title')}") for c in competences
        ]
        self.fields["level"].choices = _level_choices(scale)
        self.fields["observed_on"].initial = timezone.localdate()


class PlanHeaderForm(CleanTextForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class GoalForm(CleanTextForm):
    competence = forms.ChoiceField(label=_("Competence"))
    target_level = forms.TypedChoiceField(label=_("Target level"), coerce=int)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=IsoDateInput())
    description = forms.CharField(label=_("Description"), max_length=500, required=False)

    def __init__(self, *args, competences, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competence"].choices = [
            (c.code, f"{c.code} {c.localized('title')}") for c in competences
        ]
        self.fields["target_level"].choices = _level_choices(scale)


class ActionForm(CleanTextForm):
    kind = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=500,
        required=False,
        help_text=_("For internal training, a buddy or workplace learning: what and with whom."),
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=IsoDateInput())


STATUS_CHOICES = ItemStatus.choices
