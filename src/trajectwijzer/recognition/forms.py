"""Forms of the recognition pages: they check the shape of the input; the services
(``services.py``) check everything that needs the database or the procedure definition
and raise ``ValidationError`` naming the field, which :func:`add_service_errors` puts
on the form."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectwijzer.web.forms import CleanTextForm, IsoDateInput

from .models import AssessorRole, DecisionOutcome, EvidenceKind, Grounds, MappingJudgement

# What the evidence upload accepts (the service sniffs the content; this only helps the
# browser's file picker).
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.odt,.docx"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: on the field it names when the
    form has that field, else as a form error that still names the field."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            mapped = getattr(form, "field_for_service_error", lambda n: None)(name)
            if mapped:
                form.add_error(mapped, messages)
            elif name in form.fields:
                form.add_error(name, messages)
            else:
                for message in messages:
                    form.add_error(None, f"{name}: {message}" if name != "__all__" else message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class StartRequestForm(CleanTextForm):
    modules = forms.TypedMultipleChoiceField(
        label=_("Modules you ask an exemption for"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.MultipleChoiceField(
        label=_("On what grounds"),
        choices=Grounds.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you ask for recognition: your experience, earlier qualifications."),
    )
    submit = forms.BooleanField(
        label=_("Submit the request now (otherwise it is kept as a draft)"), required=False
    )

    def __init__(self, *args, modules, grounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].choices = [
            (m.pk, f"{m.code} {m.localized('title')}") for m in modules
        ]
        allowed = set(grounds)
        self.fields["grounds"].choices = [
            (v, label) for v, label in Grounds.choices if v in allowed
        ]


class EvidenceForm(CleanTextForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(EvidenceKind.FILE, _("A file")), (EvidenceKind.LINK, _("A link"))],
        initial=EvidenceKind.FILE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    dated_on = forms.DateField(label=_("Date of the evidence"), widget=IsoDateInput())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    upload = forms.FileField(
        label=_("File (PDF, JPEG, PNG, ODT or DOCX)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dated_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == EvidenceKind.FILE and not data.get("upload"):
            self.add_error("upload", _("Choose a file to upload, or give a link instead."))
        if kind == EvidenceKind.LINK and not data.get("url"):
            self.add_error("url", _("Give the link (https://…), or upload a file instead."))
        return data


def outcome_choices(competences) -> list[tuple[str, str]]:
    """Learning outcomes of the target: each competence ("c<pk>") and each of its
    indicators ("i<pk>"); ``competences`` carry ``indicator_list``."""
    choices = []
    for competence in competences:
        choices.append((f"c{competence.pk}", f"{competence.code} {competence.localized('title')}"))
        for indicator in competence.indicator_list:
            choices.append(
                (f"i{indicator.pk}", f"— {indicator.code} {indicator.localized('title')}")
            )
    return choices


class MappingForm(CleanTextForm):
    outcomes = forms.MultipleChoiceField(
        label=_("Learning outcomes this evidence shows"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, competences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcomes"].choices = outcome_choices(competences)
        self._indicator_competence = {i.pk: c.pk for c in competences for i in c.indicator_list}

    def outcome_pairs(self) -> list[tuple[int, int | None]]:
        """(competence id, indicator id or None) per chosen outcome, for ``map_evidence``."""
        pairs = []
        for value in self.cleaned_data["outcomes"]:
            pk = int(value[1:])
            if value[0] == "c":
                pairs.append((pk, None))
            else:
                pairs.append((self._indicator_competence[pk], pk))
        return pairs


class JudgeMappingForm(CleanTextForm):
    judgement = forms.ChoiceField(
        label=_("Judgement"),
        choices=[c for c in MappingJudgement.choices if c[0] != MappingJudgement.PENDING],
    )
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000)


class StepJudgementForm(CleanTextForm):
    """Per competence the step assesses: a value of the step's scale, a value per
    criterion of its framework, and a comment; the assessors' time once for the step."""

    minutes_spent = forms.IntegerField(
        label=_("Time spent on this step (minutes)"), min_value=0, max_value=10000, initial=0
    )

    def __init__(self, *args, step, competences, **kwargs):
        super().__init__(*args, **kwargs)
        scale = [(v.value, str(v.label)) for v in step.framework.scale]
        self.rows = []
        for competence in competences:
            value_name = f"value_{competence.pk}"
            self.fields[value_name] = forms.ChoiceField(
                label=f"{competence.code} {competence.localized('title')}",
                choices=[("", _("Not judged")), *scale],
                required=False,
            )
            criteria = []
            for criterion in step.framework.criteria:
                name = f"criterion_{competence.pk}_{criterion.key}"
                self.fields[name] = forms.ChoiceField(
                    label=str(criterion.title), choices=[("", "–"), *scale], required=False
                )
                criteria.append((criterion.key, name))
            comment_name = f"comment_{competence.pk}"
            self.fields[comment_name] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000
            )
            self.rows.append((competence, value_name, criteria, comment_name))

    def field_rows(self):
        """For the template: (competence, value field, [criterion fields], comment field)."""
        return [
            (c, self[value], [self[name] for _key, name in criteria], self[comment])
            for c, value, criteria, comment in self.rows
        ]

    def field_for_service_error(self, name: str) -> str | None:
        """``judgements.<i>.<part>`` (the service's naming) → this form's field."""
        parts = name.split(".")
        if parts[0] != "judgements" or len(parts) < 2 or not parts[1].isdigit():
            return None
        judged = getattr(self, "_judged_rows", [])
        index = int(parts[1])
        if index >= len(judged):
            return None
        _competence, value_name, criteria, comment_name = judged[index]
        part = parts[2] if len(parts) > 2 else "value"
        if part == "comment":
            return comment_name
        if part == "criteria" and len(parts) > 3:
            return dict(criteria).get(parts[3], value_name)
        return value_name

    def judgements(self) -> list[dict]:
        data = self.cleaned_data
        result = []
        self._judged_rows = []
        for competence, value_name, criteria, comment_name in self.rows:
            if not data.get(value_name):
                continue
            self._judged_rows.append((competence, value_name, criteria, comment_name))
            result.append(
                {
                    "competence": competence.pk,
                    "value": data[value_name],
                    "criteria": {key: data[name] for key, name in criteria if data.get(name)},
                    "comment": data.get(comment_name, ""),
                }
            )
        return result

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(value) for _c, value, _cr, _co in self.rows):
            raise ValidationError(_("Judge at least one competence."))
        return data


def _verdict(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CompleteStepForm(CleanTextForm):
    """Closing a step; ``passed`` only for a step judged as a whole (intake, jury)."""

    passed = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("", "–"), ("yes", _("Passed")), ("no", _("Not passed"))],
        coerce=_verdict,
        empty_value=None,
        required=False,
    )
    minutes_spent = forms.IntegerField(
        label=_("Time spent (minutes)"), required=False, min_value=0, max_value=10000
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class DecideForm(CleanTextForm):
    """One block per requested module, pre-filled from ``services.proposed_outcomes``."""

    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=IsoDateInput())

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for module in modules:
            pk = module.pk
            names = {
                "outcome": f"outcome_{pk}",
                "hours_exempted": f"hours_{pk}",
                "credits_exempted": f"credits_{pk}",
                "internship_weeks_reduced": f"weeks_{pk}",
                "remaining_part": f"remaining_{pk}",
                "reasoning": f"reasoning_{pk}",
            }
            self.fields[names["outcome"]] = forms.ChoiceField(
                label=_("Outcome"), choices=DecisionOutcome.choices
            )
            self.fields[names["hours_exempted"]] = forms.IntegerField(
                label=_("Hours exempted"), required=False, min_value=0, max_value=10000
            )
            self.fields[names["credits_exempted"]] = forms.DecimalField(
                label=_("Credits exempted"),
                required=False,
                min_value=0,
                max_value=999,
                decimal_places=1,
            )
            self.fields[names["internship_weeks_reduced"]] = forms.IntegerField(
                label=_("Internship weeks reduced"), required=False, min_value=0, max_value=52
            )
            self.fields[names["remaining_part"]] = forms.CharField(
                label=_("Remaining part (what the learner still follows)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[names["reasoning"]] = forms.CharField(
                label=_("Reasoning"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.rows.append((module, names))

    def field_for_service_error(self, name: str) -> str | None:
        """``decisions.<i>.<field>`` (the service's naming) → this form's field."""
        parts = name.split(".")
        if parts[0] != "decisions" or len(parts) < 3 or not parts[1].isdigit():
            return "valid_from" if name == "valid_from" else None
        index = int(parts[1])
        if index >= len(self.rows):
            return None
        names = self.rows[index][1]
        return names.get(parts[2], names["outcome"])

    def module_rows(self):
        return [
            (module, {key: self[name] for key, name in names.items()})
            for module, names in self.rows
        ]

    def decisions(self) -> list[dict]:
        data = self.cleaned_data
        result = []
        for module, names in self.rows:
            item = {"module": module.pk}
            for key, name in names.items():
                value = data.get(name)
                item[key] = (
                    "" if value is None and key in ("remaining_part", "reasoning") else value
                )
            result.append(item)
        return result


class SupersedeForm(CleanTextForm):
    """A correction of a communicated decision: a new decision replaces it."""

    outcome = forms.ChoiceField(label=_("New outcome"), choices=DecisionOutcome.choices)
    hours_exempted = forms.IntegerField(
        label=_("Hours exempted"), required=False, min_value=0, max_value=10000
    )
    credits_exempted = forms.DecimalField(
        label=_("Credits exempted"), required=False, min_value=0, max_value=999, decimal_places=1
    )
    internship_weeks_reduced = forms.IntegerField(
        label=_("Internship weeks reduced"), required=False, min_value=0, max_value=52
    )
    remaining_part = forms.CharField(
        label=_("Remaining part (what the learner still follows)"),
        required=False,
        max_length=2000,
    )
    reasoning = forms.CharField(
        label=_("Reasoning of the correction"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AdmissibilityForm(CleanTextForm):
    admissible = forms.TypedChoiceField(
        label=_("Admissible"),
        choices=[("yes", _("Admissible")), ("no", _("Not admissible"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when not admissible)"), required=False, max_length=2000
    )

    def clean(self):
        data = super().clean()
        if data.get("admissible") is False and not data.get("reason"):
            self.add_error("reason", _("Say why the request is not admissible."))
        return data


class AssignAssessorForm(CleanTextForm):
    assessor = forms.TypedChoiceField(label=_("Assessor"), coerce=int)
    role = forms.ChoiceField(label=_("Role"), choices=AssessorRole.choices)

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].choices = [(u.pk, f"{u.full_name} ({u.email})") for u in assessors]


class AppealForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Why you appeal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(CleanTextForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
