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
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
