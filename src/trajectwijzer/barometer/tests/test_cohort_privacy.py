"""The cohort pattern cannot be subtracted (issue #9, finding 1;
docs/privacy-group-figures.md): one new entry never moves a published mean, and
a month's figure minus a moment's figure is never one learner. Read through the API
and the page a teacher or coach gets; both tests fail on the code before the fix,
which recomputed every figure on each read and counted a moment's entries in their
month as well."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from trajectwijzer.accounts import services as account_services
from trajectwijzer.barometer import services
from trajectwijzer.barometer.models import Moment, MomentKind, academic_year_bounds

from .builders import build_world

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _pattern(client, world) -> dict:
    _token, key = account_services.create_api_token(world.person("coach"), name="t")
    reply = client.get(
        f"/api/v1/barometer/groups/{world.group.pk}/pattern", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert reply.status_code == 200
    return reply.json()


@pytest.fixture
def cohort():
    """A group of ten; the first five answered 1, 2, 3, 4, 5 at a moment on
    10 September (the first month of the group's academic year, always past)."""
    world = build_world(classmates=9)
    first, _last = academic_year_bounds(world.group.academic_year)
    day = first.replace(day=10)
    Moment.objects.create(group=world.group, kind=MomentKind.SEMESTER_START, date=day)
    learners = [e.learner for e in world.group.enrolments.order_by("pk")]
    for index, learner in enumerate(learners[:5]):
        services.record_entry(learner, 1 + index, at=at(day, 8))
    return world, learners, day


def test_one_new_entry_does_not_move_a_published_cohort_mean(client, cohort):
    world, learners, day = cohort
    before = _pattern(client, world)
    (moment,) = before["moments"]
    assert moment["shown"] and moment["mean"] == 3.0 and moment["learners"] == 5
    client.force_login(world.person("coach"))
    page_before = client.get(f"/barometer/groups/{world.group.pk}/").context["pattern"]

    services.record_entry(learners[5], 5, at=at(day, 9))  # one more learner
    services.record_entry(learners[0], 5, at=at(day, 10))  # one learner changes their score
    assert _pattern(client, world) == before
    page_after = client.get(f"/barometer/groups/{world.group.pk}/").context["pattern"]
    assert page_after.moments == page_before.moments

    for learner in learners[6:9]:  # five learners changed since the figure was published
        services.record_entry(learner, 5, at=at(day, 11))
    (moment,) = _pattern(client, world)["moments"]
    assert moment["shown"] and moment["learners"] == 9
    assert moment["mean"] == round((5 + 2 + 3 + 4 + 5 + 5 + 5 + 5 + 5) / 9, 2)


def test_a_month_minus_its_moment_is_never_one_learner(client, cohort):
    """Six answered in September, five of them at the moment: September's figure
    used to hold all six, so six × its mean − five × the moment's mean was the
    sixth learner's score."""
    world, learners, day = cohort
    services.record_entry(learners[5], 5, at=at(day.replace(day=25)))
    pattern = _pattern(client, world)
    (moment,) = pattern["moments"]
    september = pattern["months"][0]
    assert moment["shown"] and moment["learners"] == 5
    assert september["learners"] == 1 and not september["shown"]
    assert september["mean"] is None and september["distribution"] == []
