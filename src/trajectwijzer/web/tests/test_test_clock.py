"""Issue #9 finding 12: the suite does not depend on today's date.

Every test starts at one fixed instant (root conftest.py, ``fixed_clock``; another one
with TRAJECTWIJZER_TEST_CLOCK), the builders' date defaults follow it, and code whose
answer depends on the date takes that date as an argument.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trajectwijzer.accounts.models import Role
from trajectwijzer.barometer.tests.builders import build_world
from trajectwijzer.caseload import services as caseload
from trajectwijzer.caseload.models import FollowUp
from trajectwijzer.instruments import services as instruments
from trajectwijzer.testing import make_group, make_member
from trajectwijzer.trajectories.models import academic_year_of

pytestmark = pytest.mark.django_db


def test_every_test_starts_at_the_suite_instant_and_time_ticks_on(test_clock_instant):
    first = timezone.now()
    assert first >= test_clock_instant
    assert timezone.localdate() == test_clock_instant.date()
    assert timezone.now() >= first


def test_builders_default_to_the_academic_year_of_the_suite_date(test_clock_instant):
    assert make_group().academic_year == academic_year_of(test_clock_instant.date())


def test_follow_up_dates_are_judged_against_the_day_given():
    world = build_world()
    coach = world.person("coach")
    day = datetime.date(2031, 3, 1)  # long after the suite's clock

    with pytest.raises(ValidationError) as error:
        caseload.plan_follow_up(coach, world.learner, due_on="2031-02-28", what="Bellen", today=day)
    assert list(error.value.message_dict) == ["due_on"]
    follow_up = caseload.plan_follow_up(
        coach, world.learner, due_on="2031-03-01", what="Bellen", today=day
    )
    assert follow_up.is_due_on(day) and follow_up.is_overdue_on(day + datetime.timedelta(days=1))
    assert FollowUp.objects.count() == 1


def test_a_note_may_be_dated_up_to_the_day_given():
    world = build_world()
    note = caseload.add_note(
        world.person("coach"),
        world.learner,
        text="Gesprek",
        written_on="2031-03-01",
        today=datetime.date(2031, 3, 1),
    )
    assert note.written_on == datetime.date(2031, 3, 1)


def test_a_response_outside_a_group_counts_in_the_academic_year_of_the_day_given():
    learner = make_member(Role.LEARNER)  # no enrolment, so no group
    response = instruments.start_response(learner, "intake", today=datetime.date(2031, 3, 1))
    assert response.group is None
    assert response.academic_year == "2030-2031"
