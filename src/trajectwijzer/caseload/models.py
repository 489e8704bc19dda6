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
