"""Who follows which programme, in which group, learning at which workplace.

An :class:`Enrolment` is a learner's trajectory in one programme. A :class:`Group`
(klasgroep, cohort) bundles the enrolments of one programme that run together in an
academic year, with the teachers who teach them. Competence follow-up, the
questionnaire instruments and the motivation barometer all hang off these two: a
teacher sees the learners of their groups, a programme sees its cohorts.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .persona import Persona

ACADEMIC_YEAR_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")


def validate_academic_year(value: str) -> None:
    match = ACADEMIC_YEAR_PATTERN.match(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(
            _("Enter an academic year as two consecutive years, e.g. 2026-2027."),
            code="academic_year",
        )


def academic_year_of(day) -> str:
    """The academic year (1 September – 31 August) a date falls in."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class Group(models.Model):
    """A class group or cohort: learners of one programme who run together."""

    programme = models.ForeignKey(
        "catalogue.Programme",
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    academic_year = models.CharField(
        _("academic year"), max_length=9, validators=[validate_academic_year]
    )
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="taught_groups",
        verbose_name=_("teachers"),
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["-academic_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "academic_year", "name"], name="group_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.academic_year})"


class EnrolmentQuerySet(models.QuerySet):
    def current(self, on=None) -> EnrolmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class Enrolment(models.Model):
    """A learner's trajectory in one programme, optionally in a group and at a workplace."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    programme = models.ForeignKey(
        "catalogue.Programme",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("programme"),
    )
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("group"),
    )
    workplace = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplace_enrolments",
        verbose_name=_("workplace"),
        help_text=_("The employer where the learner learns at the workplace, if any."),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "programme", "started_on"], name="enrolment_unique_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="enrolment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["group", "learner"])]

    def __str__(self) -> str:
        return f"{self.learner} — {self.programme}"

    def clean(self) -> None:
        if self.group_id and self.programme_id and self.group.programme_id != self.programme_id:
            raise ValidationError(
                {"group": _("The group belongs to another programme than the enrolment.")}
            )
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end date lies before the start date.")})

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


# Planning: the provider's calendar and settings, and the learner's plan ------------------


class PlanningSettings(models.Model):
    """A provider's planning settings: the study-load conversion (hours per credit)."""

    provider = models.OneToOneField(
        "catalogue.Provider",
        on_delete=models.CASCADE,
        related_name="planning_settings",
        verbose_name=_("provider"),
    )
    hours_per_credit = models.PositiveSmallIntegerField(
        _("hours per study credit"),
        default=27,
        validators=[MinValueValidator(25), MaxValueValidator(30)],
        help_text=_("Study load of one credit, from 25 to 30 hours."),
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_credit__gte=25, hours_per_credit__lte=30),
                name="planning_hours_per_credit_25_30",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.hours_per_credit} h/credit"


class ProviderTerm(models.Model):
    """One term (semester, trimester) of a provider's academic year, with its dates."""

    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.CASCADE,
        related_name="terms",
        verbose_name=_("provider"),
    )
    academic_year = models.CharField(
        _("academic year"), max_length=9, validators=[validate_academic_year]
    )
    number = models.PositiveSmallIntegerField(
        _("term number"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    teaching_weeks = models.PositiveSmallIntegerField(
        _("teaching weeks"),
        null=True,
        blank=True,
        help_text=_("Weeks with classes; empty: the whole weeks between start and end."),
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["provider", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "academic_year", "number"], name="provider_term_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="provider_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year} {self.name or self.number}"

    @property
    def key(self) -> str:
        return f"{self.academic_year}:{self.number}"


class ModuleEntryMoment(models.Model):
    """A moment (term number of the provider's year) in which a module starts."""

    module = models.ForeignKey(
        "catalogue.Module",
        on_delete=models.CASCADE,
        related_name="entry_moments",
        verbose_name=_("module"),
    )
    term_number = models.PositiveSmallIntegerField(
        _("term number"), validators=[MinValueValidator(1), MaxValueValidator(6)]
    )

    class Meta:
        verbose_name = _("entry moment")
        verbose_name_plural = _("entry moments")
        ordering = ["module", "term_number"]
        constraints = [
            models.UniqueConstraint(fields=["module", "term_number"], name="entry_moment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.module} @ {self.term_number}"


class AnyOfPrerequisite(models.Model):
    """An "any of" prerequisite: the module needs one of ``options`` passed first.

    ``Module.prerequisites`` holds the "all of" ones; a module may have several "any
    of" groups. Set through ``services.set_any_of_prerequisites`` (refuses cycles).
    """

    module = models.ForeignKey(
        "catalogue.Module",
        on_delete=models.CASCADE,
        related_name="any_of_prerequisites",
        verbose_name=_("module"),
    )
    options = models.ManyToManyField(
        "catalogue.Module", related_name="any_of_option_for", verbose_name=_("options")
    )

    class Meta:
        verbose_name = _("any-of prerequisite")
        verbose_name_plural = _("any-of prerequisites")

    def __str__(self) -> str:
        return f"{self.module}: any of {self.pk}"


class StudyPlan(models.Model):
    """A learner's individual plan for one enrolment; its versions keep every change.

    ``version`` is the number of the current :class:`StudyPlanVersion` and is checked on
    every adjustment (optimistic locking, as development's plans).
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="study_plan", verbose_name=_("enrolment")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")

    def __str__(self) -> str:
        return f"{self.enrolment} v{self.version}"

    @property
    def current(self) -> StudyPlanVersion:
        return self.versions.get(number=self.version)


class PlanChange(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADJUSTED = "adjusted", _("Adjusted")
    RECALCULATED = "recalculated", _("Recalculated")


class StudyPlanVersion(models.Model):
    """One version of a plan: who made it, when, from which inputs, and the result."""

    plan = models.ForeignKey(
        StudyPlan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    change = models.CharField(_("change"), max_length=20, choices=PlanChange.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    start = models.CharField(_("start moment"), max_length=12)
    placements = models.JSONField(
        _("placements fixed by hand"), default=dict, blank=True
    )  # module code → term key
    unavailable_terms = models.JSONField(
        _("terms the learner cannot attend"), default=list, blank=True
    )  # term numbers of the year
    result = models.JSONField(_("plan"), default=dict)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=60),
                name="plan_version_hours_1_60",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.number}"


# Persona at intake (issue #11, item 2) ---------------------------------------------------


class PersonaChange(models.TextChoices):
    INTAKE = "intake", _("Decided at intake")
    CORRECTION = "correction", _("Corrected by the coach")


class PersonaDecision(models.Model):
    """One decision on an enrolment's persona; append-only (the history is the audit).

    The current persona is the decision with the highest ``number``. At intake the
    persona follows the quicksheet (trajectories.persona.QUICKSHEET) from the two
    answers; a coach's correction may set another persona and must give a reason."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="persona_decisions",
        verbose_name=_("enrolment"),
    )
    number = models.PositiveIntegerField(_("number"))
    change = models.CharField(_("change"), max_length=20, choices=PersonaChange.choices)
    work_related = models.BooleanField(_("work related to the qualification"))
    own_organisation = models.BooleanField(_("workplace learning possible in the own organisation"))
    persona = models.CharField(_("persona"), max_length=20, choices=Persona.choices)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("persona decision")
        verbose_name_plural = _("persona decisions")
        ordering = ["enrolment", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "number"], name="persona_decision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} #{self.number}: {self.persona}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Persona decisions are append-only.")
        super().save(*args, **kwargs)


# Calendar: the provider's closing days and the learner's secret feed ------------------


class ClosingDay(models.Model):
    """A day the provider is closed (no classes); the learner's calendar skips it."""

    provider = models.ForeignKey(
        "catalogue.Provider",
        on_delete=models.CASCADE,
        related_name="closing_days",
        verbose_name=_("provider"),
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("closing day")
        verbose_name_plural = _("closing days")
        ordering = ["provider", "date"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "date"], name="closing_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.date}"


class CalendarFeed(models.Model):
    """A learner's secret calendar-feed URL: only the SHA-256 of its token is kept.

    A new link replaces the hash, so the old URL answers 404 from then on.
    """

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("learner"),
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.learner} feed"
