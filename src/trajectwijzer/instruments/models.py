"""Stored instrument versions and the responses to them.

A definition file is synced into an :class:`InstrumentVersion`. Once someone has
answered a version it is never changed: a changed file becomes a new version
(``services.sync_definitions``), and each :class:`Response` keeps the version it
answered, so its scores always say which definition produced them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InstrumentVersion(models.Model):
    instrument = models.CharField(_("instrument"), max_length=60, db_index=True)
    version = models.PositiveIntegerField(_("version"))
    declared_version = models.PositiveIntegerField(
        _("version in the file"), help_text=_("The version the definition file declares.")
    )
    checksum = models.CharField(max_length=64)
    definition = models.JSONField()
    audience = models.CharField(max_length=20, default="learner")
    is_current = models.BooleanField(default=True)
    synced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version"], name="instrument_version_once"
            ),
            models.UniqueConstraint(
                fields=["instrument"], condition=Q(is_current=True), name="instrument_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.version}"

    def parsed(self):
        from .services import definition_of

        return definition_of(self)


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """One person's answers to one instrument version.

    ``subject`` is the learner the answers are about (the respondent for the
    learner's own scans); staff instruments (the lecturer self-scan) and workplace
    instruments (the leerscan) have no subject: their answers belong to the
    respondent and, for the leerscan, to the workplace ``organisation``.
    """

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.PROTECT, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instrument_results",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instrument_responses",
    )
    group = models.ForeignKey(
        "trajectories.Group",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instrument_responses",
        help_text="The learner's class group when the response was started (cohort figures).",
    )
    academic_year = models.CharField(max_length=9, blank=True)
    moment = models.CharField(_("moment"), max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.IN_PROGRESS
    )
    answers = models.JSONField(default=dict, blank=True)
    section = models.PositiveIntegerField(default=0)  # where to resume
    scores = models.JSONField(null=True, blank=True)  # only once submitted
    feedback = models.JSONField(default=list, blank=True)  # ids of rules that applied
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_progress", scores__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False, scores__isnull=False),
                name="response_scored_only_when_submitted",
            )
        ]
        indexes = [
            models.Index(fields=["version", "status"]),
            models.Index(fields=["group", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.respondent} — {self.version}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class WorkshopRequest(models.Model):
    """A lecturer asks their head of programme for a workshop after the self-scan."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="workshops")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    message = models.TextField(_("message"), blank=True)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.requested_by}: {self.topic}"


class GroupFigureRelease(models.Model):
    """What one published group figure is computed from, so that it moves only in
    steps of at least five people (docs/privacy-group-figures.md).

    ``key`` names the figure's smallest part (an instruments cell, a barometer moment
    or month, a class's competence figures). ``members`` maps each included person's
    id to what of theirs is included: a response or entry id, or a fingerprint of
    their data. ``figures`` keeps the published numbers for figures that cannot be
    recomputed from ids (competences). A release advances only when at least five
    people differ between ``members`` and the current data (``releases.settle``).
    Used by the instruments, the barometer and the competences.
    """

    key = models.CharField(max_length=255, unique=True)
    members = models.JSONField(default=dict)
    figures = models.JSONField(null=True, blank=True)
    released_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group figure release")
        verbose_name_plural = _("group figure releases")

    def __str__(self) -> str:
        return f"{self.key} ({len(self.members)})"
