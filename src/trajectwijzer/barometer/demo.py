"""Demo barometer: the default moments and a year of scores for the demo group of eight.

The demo group (trajectories.demo) runs in the current academic year; its learners
also followed the programme's first year together last academic year, in a group
of the same programme. Last year's scores show the pattern a programme looks for: a
dip after the January exams. This year's scores run up to today. Lotte (the demo
learner) recently fell from 4 to 2, a classmate scored 1 and another let a moment
pass without an entry, so coach@ finds open signals in the caseload.

Scores are fixed per month (the cohort's mood) plus a fixed offset per learner, and
each entry has a fixed time, so loading twice on the same day changes nothing.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from trajectwijzer.demo import catalogue_data
from trajectwijzer.demo.loader import DemoContext, upsert
from trajectwijzer.trajectories import demo as trajectories_demo
from trajectwijzer.trajectories.models import Group, academic_year_of
from trajectwijzer.trajectories.services import end_enrolment, enrol

from . import services
from .models import SCORE_MAX, SCORE_MIN, Entry, Moment

# The cohort's mood per month (1–5): a small dip after the partial exams in November
# and a clear one after the January exams (February), recovering in spring.
MOOD_BY_MONTH = {9: 4, 10: 4, 11: 3, 12: 3, 1: 3, 2: 2, 3: 3, 4: 3, 5: 4, 6: 3, 7: 4, 8: 4}
# Offsets per learner (Lotte first, then the classmates in trajectories.demo order).
OFFSETS = (1, 0, 1, -1, 0, 1, 0, -1)
FIRST_YEAR_GROUP = "HR-support afstandsleren — jaar 1"
LOW_CLASSMATE = "ruben.vandamme@demo.trajectwijzer.be"
SILENT_CLASSMATE = "dries.wouters@demo.trajectwijzer.be"


def _learners(context: DemoContext):
    from trajectwijzer.accounts.models import User

    emails = [trajectories_demo.LEARNER] + [email for email, _n, _w in trajectories_demo.CLASSMATES]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    return [users[email] for email in emails]


def _score(day: datetime.date, index: int) -> int:
    return max(SCORE_MIN, min(SCORE_MAX, MOOD_BY_MONTH[day.month] + OFFSETS[index]))


def _at(day: datetime.date, index: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + index, 15)))


def _entry(learner, day: datetime.date, index: int, score: int | None = None) -> Entry:
    return upsert(
        Entry,
        {"learner": learner, "recorded_at": _at(day, index)},
        {"score": score if score is not None else _score(day, index), "note": ""},
    )


def _fill(group: Group, learners, until: datetime.date, *, skip=frozenset()) -> list[Entry]:
    """Each learner answers each moment one to three days after it, and records a score
    on the 20th of each month; nothing after ``until``."""
    entries = []
    for moment in Moment.objects.filter(group=group).order_by("date"):
        for index, learner in enumerate(learners):
            day = moment.date + datetime.timedelta(days=1 + index % 3)
            if day < until and learner.email not in skip:
                entries.append(_entry(learner, day, index))
    first = datetime.date(int(group.academic_year[:4]), 9, 20)
    day = first
    while day < until and day <= first.replace(year=first.year + 1, month=8):
        for index, learner in enumerate(learners):
            if learner.email not in skip:
                entries.append(_entry(learner, day, index))
        day = day.replace(year=day.year + (day.month == 12), month=day.month % 12 + 1)
    return entries


def load(context: DemoContext) -> None:
    today = timezone.localdate()
    year = academic_year_of(today)
    programme = context.programmes[catalogue_data.HR_SUPPORT]
    learners = _learners(context)
    group = Group.objects.get(
        programme=programme, academic_year=year, name=trajectories_demo.group_name()
    )
    services.add_default_moments(None, group)

    # Last academic year: the same eight in the programme's first year.
    first = int(year[:4]) - 1
    last_year = upsert(
        Group,
        {"programme": programme, "academic_year": f"{first}-{first + 1}", "name": FIRST_YEAR_GROUP},
        {},
    )
    for learner in learners:
        enrolment = enrol(
            learner, programme, group=last_year, started_on=datetime.date(first, 9, 15)
        )
        if enrolment.ended_on != datetime.date(first + 1, 6, 30):
            end_enrolment(enrolment, datetime.date(first + 1, 6, 30))
    services.add_default_moments(None, last_year)
    _fill(last_year, learners, datetime.date(first + 1, 8, 31))

    # This year, up to yesterday; the silent classmate records nothing.
    _fill(group, learners, today, skip={SILENT_CLASSMATE})
    _signals(group, learners, today)


def _signals(group: Group, learners, today: datetime.date) -> None:
    """Open signals for coach@: Lotte's drop to a low score, a classmate's low score and
    the silent classmate's missed moment."""
    lotte = learners[0]
    recent = today - datetime.timedelta(days=2)
    earlier = today - datetime.timedelta(days=12)
    # Lotte's two latest entries, at fixed times of the day, so the signals stay the same.
    previous = _entry(lotte, earlier, 0, score=4)
    low = _entry(lotte, recent, 0, score=2)
    services.detect_entry_signals(low, previous)
    by_email = {learner.email: (index, learner) for index, learner in enumerate(learners)}
    index, ruben = by_email[LOW_CLASSMATE]
    before = Entry.objects.filter(learner=ruben, recorded_at__lt=_at(recent, index)).first()
    services.detect_entry_signals(_entry(ruben, recent, index, score=1), before)
    index, dries = by_email[SILENT_CLASSMATE]
    closed = today - datetime.timedelta(days=services.ANSWER_WINDOW_DAYS)
    moment = Moment.objects.filter(group=group, date__lt=closed).order_by("-date").first()
    if moment is not None:
        services.signal_missed_moment(dries, moment)
