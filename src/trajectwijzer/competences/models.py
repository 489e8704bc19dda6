"""Competence assessments per indicator by role (MICOON).

The learner (self-assessment), a teacher and the workplace mentor each record, per
indicator of a competence of the learner's programme, a mastery level on the
framework's scale. History is append-only: a change is a new row, never an update, so
the starting situation, the learning process and the current state all stay visible.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _


class AssessorRole(models.TextChoices):
    SELF = "self", _("Learner (self-assessment)")
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Workplace mentor")


def evidence_path(instance: Assessment, filename: str) -> str:
    """Evidence is stored per learner under an unguessable folder; served only through a
    view that checks the policy (never from MEDIA_URL directly)."""
    name = get_valid_filename(filename)
    return f"competences/evidence/{instance.learner_id}/{uuid.uuid4().hex}/{name}"


class AppendOnlyError(Exception):
    """An assessment is never changed once recorded; record a new one instead."""


class Assessment(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="competence_assessments",
        verbose_name=_("learner"),
    )
    enrolment = models.ForeignKey(
        "trajectories.Enrolment",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("enrolment"),
    )
    indicator = models.ForeignKey(
        "catalogue.Indicator",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("indicator"),
    )
    role = models.CharField(_("assessed as"), max_length=10, choices=AssessorRole.choices)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    level = models.ForeignKey(
        "catalogue.MasteryLevel",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
    )
    observed_on = models.DateField(_("date"), default=timezone.localdate)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("competence assessment")
        verbose_name_plural = _("competence assessments")
        ordering = ["observed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["self", "teacher", "mentor"]), name="assessment_role_known"
            )
        ]
        indexes = [
            # Latest per (learner, indicator, role): DISTINCT ON / window over this order.
            models.Index(
                fields=["learner", "indicator", "role", "-observed_on", "-id"],
                name="assessment_latest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.indicator.code} · {self.role} · {self.observed_on}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Assessments are append-only; record a new one instead.")
        super().save(*args, **kwargs)

    @property
    def evidence_name(self) -> str:
        return self.evidence_file.name.rsplit("/", 1)[-1] if self.evidence_file else ""


class LatestAssessment(models.Model):
    """The latest assessment per (learner, indicator, role): a derived index over the
    append-only history, kept current by ``services.record_assessments`` in the same
    transaction, so group pages read one row per series instead of the whole history.

    It holds nothing of its own: ``services.rebuild_latest`` recomputes it from the
    history (one ``DISTINCT ON`` query), and a test checks both always agree.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey("catalogue.Indicator", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=AssessorRole.choices)
    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="+")
    level = models.ForeignKey("catalogue.MasteryLevel", on_delete=models.PROTECT, related_name="+")
    observed_on = models.DateField()

    class Meta:
        verbose_name = _("latest competence assessment")
        verbose_name_plural = _("latest competence assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "indicator", "role"], name="latestassessment_unique_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.indicator_id} · {self.role} → {self.assessment_id}"
