"""Signals about a learner that ask for a coach's attention, and what the coach did.

Any part of the platform raises a signal through ``services.raise_signal``: the
motivation barometer (a low score, a drop, a missed moment), an intake or another
instrument whose feedback rules flag a threshold. The coach's caseload lists the
learners with open signals first.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignalSource(models.TextChoices):
    BAROMETER = "barometer", _("Motivation barometer")
    INSTRUMENT = "instrument", _("Questionnaire")
    INTAKE = "intake", _("Intake")
    COACH = "coach", _("Coach")
    PLAN = "plan", _("Study plan")
    RECOGNITION = "recognition", _("Recognition of prior learning")


class Signal(models.Model):
    """One reason to look at a learner, open until a coach acknowledges it.

    ``code`` names what happened (e.g. ``barometer.low_score``); the raising app
    registers the sentence shown for it (``services.register_signal_text``) and puts
    the values that sentence needs in ``details``. ``key`` makes raising idempotent:
    an open signal with the same learner, code and key is not raised twice.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signals",
        verbose_name=_("learner"),
    )
    source = models.CharField(_("source"), max_length=20, choices=SignalSource.choices)
    code = models.CharField(_("code"), max_length=100)
    key = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "code", "key"],
                condition=Q(acknowledged_at__isnull=True),
                name="signal_open_once",
            )
        ]
        indexes = [models.Index(fields=["learner", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"{self.learner}: {self.code}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


NOTE_MAX_LENGTH = 4000
SHORT_TEXT_MAX_LENGTH = 300


class CoachNote(models.Model):
    """A dated note of a coach about a learner, read only by the learner's coaches.

    Notes are working notes of the central contact point: the learner's current
    coaches read and write them; teachers, mentors, employers and the learner do not
    see them in the product (a learner's request to see their data covers them).
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("coach note")
        verbose_name_plural = _("coach notes")
        ordering = ["-written_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.learner} ({self.written_on})"


class FollowUp(models.Model):
    """Something a coach plans to do for a learner by a date."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    due_on = models.DateField(_("due on"))
    what = models.CharField(_("what"), max_length=SHORT_TEXT_MAX_LENGTH)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.what}"

    def is_overdue_on(self, day) -> bool:
        return self.done_at is None and self.due_on < day

    def is_due_on(self, day) -> bool:
        return self.done_at is None and self.due_on == day

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on(timezone.localdate())

    @property
    def is_due(self) -> bool:
        return self.is_due_on(timezone.localdate())


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed to the learner")
    CONTACTED = "contacted", _("Service contacted")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class Referral(models.Model):
    """A coach refers a learner to a service (student services, OCMW, VDAB, …)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrals"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    service = models.CharField(_("service or organisation"), max_length=200)
    reason = models.TextField(_("why"), max_length=2000)
    referred_on = models.DateField(_("date"), default=timezone.localdate)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.learner} → {self.service}"


class QuestionKind(models.TextChoices):
    CONTENT = "content", _("About the course content (goes to your teacher)")
    TRAJECTORY = (
        "trajectory",
        _(
            "About your trajectory: planning, combining work and study, support "
            "(goes to your coach)"
        ),
    )


class Question(models.Model):
    """A learner's question, routed to their teacher or coach and answered here."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions_asked"
    )
    kind = models.CharField(_("kind of question"), max_length=20, choices=QuestionKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="questions_received",
        verbose_name=_("asked to"),
    )
    subject = models.CharField(_("subject"), max_length=SHORT_TEXT_MAX_LENGTH)
    body = models.TextField(_("question"), max_length=NOTE_MAX_LENGTH)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    answer = models.TextField(_("answer"), max_length=NOTE_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
