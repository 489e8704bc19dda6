from django import forms
from django.utils.translation import gettext_lazy as _

from trajectwijzer.web.forms import CleanTextForm, IsoDateInput

from .models import NOTE_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH, QuestionKind, ReferralStatus

DATE = IsoDateInput()


class NoteForm(CleanTextForm):
    prefix = "note"
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    written_on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class FollowUpForm(CleanTextForm):
    prefix = "follow_up"
    due_on = forms.DateField(label=_("Follow up on"), widget=DATE)
    what = forms.CharField(label=_("What"), max_length=SHORT_TEXT_MAX_LENGTH)


class ReferralForm(CleanTextForm):
    prefix = "referral"
    service = forms.CharField(
        label=_("Service or organisation"),
        max_length=200,
        help_text=_("E.g. student services, study guidance, OCMW, VDAB."),
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    referred_on = forms.DateField(label=_("Date"), widget=DATE, required=False)


class ReferralStatusForm(CleanTextForm):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)


class QuestionForm(CleanTextForm):
    kind = forms.ChoiceField(
        label=_("What is your question about?"),
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Subject"), max_length=SHORT_TEXT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX_LENGTH,
    )


class AnswerForm(CleanTextForm):
    answer = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=NOTE_MAX_LENGTH
    )
