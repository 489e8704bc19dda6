"""Competence matrices of employers, personal development plans (POP), re-orientation.

A *matrix* maps the employees of one employer organisation against the competences of
one competence framework (seed 001 lines 987–1021: Thomas More, OCMW Mol, Sopraco).
Each employee is a *row*; the current level of a competence is the latest
*observation* (dated, by whom; observations are never changed or deleted, so the
history stays). The desired level comes from the row's *job role*. A *development
plan* (persoonlijk ontwikkelingsplan) belongs to one row and holds goals per
competence with actions; its ``version`` is checked on every save (optimistic
locking), so two people editing the same plan never silently overwrite each other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts.models import Organisation
from trajectwijzer.catalogue.models import Competence, CompetenceFramework, Module, Programme


class CompetenceMatrix(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="competence_matrices",
        verbose_name=_("employer"),
    )
    framework = models.ForeignKey(
        CompetenceFramework,
        on_delete=models.PROTECT,
        related_name="matrices",
        verbose_name=_("competence framework"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("competence matrix")
        verbose_name_plural = _("competence matrices")
        ordering = ["organisation__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="matrix_unique_title")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})"


class Team(models.Model):
    matrix = models.ForeignKey(CompetenceMatrix, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["matrix", "name"], name="team_unique_name")]

    def __str__(self) -> str:
        return self.name


class JobRole(models.Model):
    """A job at the employer with the level it needs in each competence."""

    matrix = models.ForeignKey(CompetenceMatrix, on_delete=models.CASCADE, related_name="job_roles")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "title"], name="jobrole_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class RequiredLevel(models.Model):
    job_role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="requirements")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("desired level"))

    class Meta:
        verbose_name = _("desired level")
        verbose_name_plural = _("desired levels")
        constraints = [
            models.UniqueConstraint(
                fields=["job_role", "competence"], name="requiredlevel_unique_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.job_role}: {self.competence_id} ≥ {self.level}"


class MatrixRow(models.Model):
    """One employee in a matrix, with their job role and team."""

    matrix = models.ForeignKey(CompetenceMatrix, on_delete=models.CASCADE, related_name="rows")
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="matrix_rows",
        verbose_name=_("employee"),
    )
    job_role = models.ForeignKey(
        JobRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rows",
        verbose_name=_("job role"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rows",
        verbose_name=_("team"),
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("matrix row")
        verbose_name_plural = _("matrix rows")
        ordering = ["employee__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "employee"], name="matrixrow_unique_employee")
        ]

    def __str__(self) -> str:
        return f"{self.employee} in {self.matrix}"


class LevelObservation(models.Model):
    """An observed level of one competence of one row; never changed, never deleted."""

    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="observations")
    competence = models.ForeignKey(Competence, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("observed level"))
    observed_on = models.DateField(_("observed on"))
    observed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("observed by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["row", "competence", "-observed_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["row", "competence", "observed_on"])]

    def __str__(self) -> str:
        return f"{self.row_id}/{self.competence_id}: {self.level} on {self.observed_on}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionKind(models.TextChoices):
    MODULE = "module", _("Catalogue module")
    PROGRAMME = "programme", _("Catalogue programme")
    INTERNAL_TRAINING = "internal_training", _("Internal training")
    BUDDY = "buddy", _("Buddy")
    WORKPLACE_LEARNING = "workplace_learning", _("Workplace learning")


class DevelopmentPlan(models.Model):
    """A persoonlijk ontwikkelingsplan (POP) of one employee in one matrix."""

    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    note = models.TextField(_("note"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drafted_by_employee = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PlanGoal(models.Model):
    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="goals")
    competence = models.ForeignKey(
        Competence, on_delete=models.PROTECT, related_name="+", verbose_name=_("competence")
    )
    target_level = models.PositiveSmallIntegerField(_("target level"))
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.competence_id} → {self.target_level}"


class PlanAction(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    module = models.ForeignKey(
        Module,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("module"),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["goal", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"
