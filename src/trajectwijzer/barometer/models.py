"""The motivation barometer: a learner's quick score, the moments a group is asked.

A learner records their motivation whenever they like (a score from 1 to 5 and an
optional note). A group (a programme's cohort in one academic year) has scheduled
moments — by default the start of each semester, after the partial exams and after
the exams (seed 000, Motivatiebarometer) — at which its learners are asked by e-mail
and on their start page. ``Reminder`` records each reminder sent so that the
reminder command never asks a learner twice for the same moment.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCORE_MIN = 1
SCORE_MAX = 5
NOTE_MAX_LENGTH = 500


class Score(models.IntegerChoices):
    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    NEUTRAL = 3, _("So-so")
    HIGH = 4, _("Good")
    VERY_HIGH = 5, _("Very good")


class MomentKind(models.TextChoices):
    SEMESTER_START = "semester_start", _("Start of the semester")
    AFTER_PARTIAL_EXAMS = "after_partial_exams", _("After the partial exams")
    AFTER_EXAMS = "after_exams", _("After the exams")
    OTHER = "other", _("Other moment")


def academic_year_bounds(academic_year: str) -> tuple[datetime.date, datetime.date]:
    """First and last day (1 September – 31 August) of ``academic_year`` ("2026-2027")."""
    start = int(academic_year[:4])
    return datetime.date(start, 9, 1), datetime.date(start + 1, 8, 31)


class Moment(models.Model):
    """A date on which the learners of a group are asked to record their motivation."""

    group = models.ForeignKey(
        "trajectories.Group",
        on_delete=models.CASCADE,
        related_name="barometer_moments",
        verbose_name=_("group"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MomentKind.choices)
    label = models.CharField(
        _("label"),
        max_length=120,
        blank=True,
        help_text=_("Optional, e.g. 'Semester 2'. Shown with the kind."),
    )
    date = models.DateField(_("date"))

    class Meta:
        verbose_name = _("barometer moment")
        verbose_name_plural = _("barometer moments")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "kind", "date"], name="moment_unique_date")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"

    @property
    def title(self) -> str:
        kind = str(self.get_kind_display())
        return f"{kind} — {self.label}" if self.label else kind

    def clean(self) -> None:
        if self.date and self.group_id:
            first, last = academic_year_bounds(self.group.academic_year)
            if not first <= self.date <= last:
                raise ValidationError(
                    {
                        "date": _(
                            "The date must lie in the group's academic year %(year)s "
                            "(%(first)s to %(last)s)."
                        )
                        % {
                            "year": self.group.academic_year,
                            "first": first.strftime("%d-%m-%Y"),
                            "last": last.strftime("%d-%m-%Y"),
                        }
                    }
                )


class Entry(models.Model):
    """One motivation score of a learner, with an optional note."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="barometer_entries",
        verbose_name=_("learner"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=Score.choices,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("barometer entry")
        verbose_name_plural = _("barometer entries")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=SCORE_MIN) & Q(score__lte=SCORE_MAX),
                name="entry_score_1_to_5",
            )
        ]
        indexes = [models.Index(fields=["learner", "recorded_at"])]

    def __str__(self) -> str:
        return f"{self.learner}: {self.score} ({self.recorded_at:%Y-%m-%d})"

    @property
    def recorded_on(self) -> datetime.date:
        return timezone.localtime(self.recorded_at).date()


class Reminder(models.Model):
    """A reminder e-mail sent to a learner for a moment (at most one per pair)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    moment = models.ForeignKey(Moment, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learner", "moment"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.learner} — {self.moment}"
