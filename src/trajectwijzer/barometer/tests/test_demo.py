"""The demo: moments, a year of scores with a dip after the January exams, open signals."""

from __future__ import annotations

import pytest
from django.utils import timezone

from trajectwijzer.barometer import queries
from trajectwijzer.barometer.demo import FIRST_YEAR_GROUP
from trajectwijzer.barometer.models import Entry, Moment
from trajectwijzer.caseload import queries as caseload_queries
from trajectwijzer.caseload.models import CoachNote, FollowUp, Question, Signal
from trajectwijzer.demo.loader import load_demo
from trajectwijzer.trajectories.models import Group, academic_year_of

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Entry.objects.values_list("learner_id", "recorded_at", "score")),
        sorted(Moment.objects.values_list("group_id", "kind", "date")),
        sorted(Signal.objects.values_list("learner_id", "code", "key", "acknowledged_at")),
        CoachNote.objects.count(),
        FollowUp.objects.count(),
        Question.objects.count(),
    )


def test_the_demo_is_idempotent_and_shows_a_dip_after_the_january_exams():
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first

    current = Group.objects.get(academic_year=academic_year_of(timezone.localdate()))
    assert Moment.objects.filter(group=current).count() == 6
    last_year = Group.objects.get(name=FIRST_YEAR_GROUP)
    pattern = queries.cohort_pattern(last_year)
    assert pattern.available and pattern.size == 8
    moments = list(Moment.objects.filter(group=last_year).order_by("date"))
    mean = {(m.kind, m.date.month): b.mean for m, b in zip(moments, pattern.moments, strict=True)}
    assert all(b.shown for b in pattern.moments)
    # After the January exams (moment in early February) clearly below the semester start.
    assert mean[("after_exams", 2)] < mean[("semester_start", 9)] - 1
    # The scores of the 20th lie outside the moments' answer windows: they make the months.
    assert sum(b.shown for b in pattern.months) >= 10, [b.count for b in pattern.months]

    from trajectwijzer.accounts.models import User

    coach = User.objects.get(email="coach@demo.trajectwijzer.be")
    rows = caseload_queries.caseload_for(coach)
    assert rows[0].open_count >= 1
    lotte = next(r for r in rows if r.learner.email == "leerling@demo.trajectwijzer.be")
    assert {s.code for s in lotte.open_signals} == {"barometer.low_score", "barometer.drop"}
    assert FollowUp.objects.filter(learner=lotte.learner).exists()
    assert Question.objects.get().recipient == coach
