"""Reads of the barometer: a learner's curve, a group's anonymous cohort pattern.

Cohort figures are shown only for groups of at least ``MIN_GROUP_SIZE`` distinct
learners, and each figure (a moment, a month) only when at least that many distinct
learners answered in it, so no figure can be traced back to one person. Each entry
counts in one figure only (the moment whose answer window holds it, else its month),
so no figure contains another and none can be subtracted from another; and each
figure comes from a release (instruments.releases) that moves only when at least
five learners' entries in it changed, so one new entry never moves a published
mean (docs/privacy-group-figures.md).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner
from trajectwijzer.accounts.models import Role, User
from trajectwijzer.trajectories.models import Enrolment, Group

from . import rules
from .models import SCORE_MAX, SCORE_MIN, Entry, Moment, academic_year_bounds
from .services import answer_window

MIN_GROUP_SIZE = 5

MONTH_NAMES = (
    _("January"), _("February"), _("March"), _("April"), _("May"), _("June"),
    _("July"), _("August"), _("September"), _("October"), _("November"), _("December"),
)  # fmt: skip


# A learner's own curve --------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 250
CHART_LEFT = 36
CHART_RIGHT = 12
CHART_TOP = 14
CHART_BOTTOM = 40


@dataclass
class Point:
    x: float
    y: float
    entry: Entry


@dataclass
class Curve:
    entries: list[Entry]
    points: list[Point]
    polyline: str
    y_ticks: list[tuple[int, float]]
    x_labels: list[tuple[str, float]]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = CHART_LEFT
    right_edge: int = CHART_WIDTH - CHART_RIGHT


def _y(score: float) -> float:
    inner = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    return round(CHART_TOP + inner * (SCORE_MAX - score) / (SCORE_MAX - SCORE_MIN), 1)


def curve_for(
    viewer: User,
    learner_id: int,
    *,
    since: datetime.date | None = None,
    today: datetime.date | None = None,
) -> tuple[User, Curve]:
    """The learner and their entries of the last year (oldest first) laid out as an SVG
    line, as ``viewer`` may read them (accounts.access: 404 unless
    ``rules.VIEW_BAROMETER_ENTRIES``; a read of someone else's curve is logged)."""
    learner = access_learner(viewer, learner_id, rules.VIEW_BAROMETER_ENTRIES)
    return learner, _curve_of(learner, since=since, today=today)


def _curve_of(
    learner: User, *, since: datetime.date | None = None, today: datetime.date | None = None
) -> Curve:
    since = since or (today or timezone.localdate()) - datetime.timedelta(days=365)
    entries = list(
        Entry.objects.filter(learner=learner, recorded_at__date__gte=since).order_by(
            "recorded_at", "pk"
        )
    )
    y_ticks = [(score, _y(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)]
    if not entries:
        return Curve(entries, [], "", y_ticks, [])
    first, last = entries[0].recorded_at, entries[-1].recorded_at
    span = max((last - first).total_seconds(), 1.0)
    inner = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    points = []
    for entry in entries:
        offset = (entry.recorded_at - first).total_seconds() / span if len(entries) > 1 else 0.5
        points.append(Point(round(CHART_LEFT + inner * offset, 1), _y(entry.score), entry))
    labels = [(entries[0].recorded_on.strftime("%d-%m-%Y"), CHART_LEFT)]
    if len(entries) > 1:
        labels.append((entries[-1].recorded_on.strftime("%d-%m-%Y"), CHART_WIDTH - CHART_RIGHT))
    polyline = " ".join(f"{p.x},{p.y}" for p in points)
    return Curve(list(reversed(entries)), points, polyline, y_ticks, labels)


# Cohort pattern ---------------------------------------------------------------------


@dataclass
class Bucket:
    label: str
    count: int  # distinct learners who answered
    short: str = ""  # the label under its column in the chart
    mean: float | None = None
    distribution: list[int] = field(default_factory=list)  # learners per score 1..5
    shown: bool = False
    bar_height: float = 0.0

    @property
    def distribution_pairs(self) -> list[tuple[int, int]]:
        return list(zip(range(SCORE_MIN, SCORE_MAX + 1), self.distribution, strict=True))


@dataclass
class CohortPattern:
    group: Group
    size: int
    available: bool
    moments: list[Bucket] = field(default_factory=list)
    months: list[Bucket] = field(default_factory=list)
    min_size: int = MIN_GROUP_SIZE

    @property
    def moment_chart(self) -> ColumnChart:
        return column_chart(self.moments)

    @property
    def month_chart(self) -> ColumnChart:
        return column_chart(self.months)


COLUMN_WIDTH = 40
COLUMN_CHART_HEIGHT = 170
COLUMN_TOP = 10
COLUMN_BOTTOM = 26
COLUMN_LEFT = 26


@dataclass
class Column:
    x: float
    y: float
    width: float
    height: float
    label_x: float
    bucket: Bucket


@dataclass
class ColumnChart:
    width: int
    height: int
    columns: list[Column]
    y_ticks: list[tuple[int, float]]
    left: int = COLUMN_LEFT
    baseline: float = COLUMN_CHART_HEIGHT - COLUMN_BOTTOM
    label_y: float = COLUMN_CHART_HEIGHT - 8


def _column_y(score: float) -> float:
    inner = COLUMN_CHART_HEIGHT - COLUMN_TOP - COLUMN_BOTTOM
    # Columns rise from 0 so that a mean of 1 still shows a column.
    return round(COLUMN_TOP + inner * (SCORE_MAX - score) / SCORE_MAX, 1)


def column_chart(buckets: list[Bucket]) -> ColumnChart:
    """Mean per bucket as columns (0–5 scale); buckets not shown get no column."""
    baseline = COLUMN_CHART_HEIGHT - COLUMN_BOTTOM
    columns = []
    for index, bucket in enumerate(buckets):
        x = COLUMN_LEFT + index * COLUMN_WIDTH + 6
        y = _column_y(bucket.mean) if bucket.shown else baseline
        columns.append(
            Column(
                x, y, COLUMN_WIDTH - 12, round(baseline - y, 1), x + (COLUMN_WIDTH - 12) / 2, bucket
            )
        )
    return ColumnChart(
        COLUMN_LEFT + COLUMN_WIDTH * max(len(buckets), 1) + 4,
        COLUMN_CHART_HEIGHT,
        columns,
        [(score, _column_y(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)],
    )


def group_learner_ids(group: Group) -> set[int]:
    """Everyone enrolled in the group at some time in its academic year."""
    return set(Enrolment.objects.filter(group=group).values_list("learner_id", flat=True))


def _bucket(label: str, answered: int, released: list[int] | None) -> Bucket:
    """A figure of ``answered`` learners (now), showing the scores of its release
    (``released``: one score per learner; None when it may not be shown)."""
    if released is None or len(released) < MIN_GROUP_SIZE:
        return Bucket(str(label), answered)
    count = len(released)
    bucket = Bucket(str(label), count, shown=True)
    bucket.mean = round(sum(released) / count, 2)
    bucket.distribution = [released.count(s) for s in range(SCORE_MIN, SCORE_MAX + 1)]
    bucket.bar_height = round(bucket.mean / SCORE_MAX * 100, 1)
    return bucket


def cohort_pattern(group: Group, *, today: datetime.date | None = None) -> CohortPattern:
    """Mean and distribution per scheduled moment and per month of the academic year.

    Each learner counts once per figure (their latest entry in it). An entry inside
    a moment's answer window counts for that moment (the first, when windows
    overlap), any other entry for its month. A figure shows its release: it changes
    only once at least MIN_GROUP_SIZE learners have a new latest entry in it (or
    none any more), and it is withheld when an entry it was released with is gone.
    Months after ``today`` (default: today's date) are left out.
    """
    today = today or timezone.localdate()
    from trajectwijzer.instruments.releases import members_of, settle_many

    learners = group_learner_ids(group)
    pattern = CohortPattern(group, len(learners), len(learners) >= MIN_GROUP_SIZE)
    if not pattern.available:
        return pattern
    first, last = academic_year_bounds(group.academic_year)
    entries = list(
        Entry.objects.filter(
            learner_id__in=learners,
            recorded_at__date__gte=first,
            recorded_at__date__lte=last,
        )
        .order_by("recorded_at", "pk")
        .values("pk", "learner_id", "score", "recorded_at")
    )
    score_of = {e["pk"]: e["score"] for e in entries}
    windows = [(moment, *answer_window(moment)) for moment in group_moments(group)]
    by_moment: dict[int, dict[int, int]] = {moment.pk: {} for moment, _s, _e in windows}
    by_month: dict[tuple[int, int], dict[int, int]] = {}
    for e in entries:  # oldest first: a learner's latest entry in a figure wins
        moment = next((m for m, start, end in windows if start <= e["recorded_at"] < end), None)
        if moment is not None:
            by_moment[moment.pk][e["learner_id"]] = e["pk"]
        else:
            local = timezone.localtime(e["recorded_at"])
            by_month.setdefault((local.year, local.month), {})[e["learner_id"]] = e["pk"]
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month) and (year, month) <= (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    keys = {
        f"barometer:{group.pk}:moment:{moment.pk}": by_moment[moment.pk] for moment, *_ in windows
    }
    keys |= {f"barometer:{group.pk}:month:{y}-{m:02d}": by_month.get((y, m), {}) for y, m in months}
    releases = settle_many(keys)

    def released_scores(key: str) -> list[int] | None:
        ids = list(members_of(releases[key]).values())
        if not all(pk in score_of for pk in ids):
            return None  # an entry it was released with is gone: withhold, never shrink
        return [score_of[pk] for pk in ids]

    for index, (moment, _start, _end) in enumerate(windows, start=1):
        key = f"barometer:{group.pk}:moment:{moment.pk}"
        label = f"{index}. {moment.title} ({moment.date:%d-%m-%Y})"
        bucket = _bucket(label, len(by_moment[moment.pk]), released_scores(key))
        bucket.short = str(index)
        pattern.moments.append(bucket)
    for y, m in months:
        key = f"barometer:{group.pk}:month:{y}-{m:02d}"
        label = f"{MONTH_NAMES[m - 1]} {y}"
        bucket = _bucket(label, len(by_month.get((y, m), {})), released_scores(key))
        bucket.short = str(MONTH_NAMES[m - 1])[:3]
        pattern.months.append(bucket)
    return pattern


def group_moments(group: Group) -> list[Moment]:
    return list(Moment.objects.filter(group=group).order_by("date", "pk"))


def groups_for(user: User):
    """Groups whose barometer ``user`` may see (as VIEW_GROUP decides), newest first."""
    groups = Group.objects.select_related("programme__provider")
    if policy.is_platform_admin(user):
        return groups
    organisations = policy.organisations_with_role(user, Role.COACH, *policy.OFFER_MAINTAINER_ROLES)
    return groups.filter(
        Q(teachers=user) | Q(programme__provider__organisation_id__in=organisations)
    ).distinct()
