"""Enrolments and groups: validation, and how a group puts a teacher beside its learners."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.models import ConsentScope, OrganisationKind, Role
from trajectwijzer.accounts.services import give_consent
from trajectwijzer.testing import (
    enrol,
    make_group,
    make_member,
    make_organisation,
    make_programme,
)
from trajectwijzer.trajectories import rules as trajectories_rules
from trajectwijzer.trajectories.models import Enrolment, Group, academic_year_of
from trajectwijzer.trajectories.services import end_enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Test")


@pytest.fixture
def teacher(school):
    return make_member(Role.TEACHER, school)


@pytest.fixture
def group(school, teacher):
    return make_group(make_programme(school), teachers=[teacher])


@pytest.fixture
def learner(school):
    return make_member(Role.LEARNER, school)


def test_academic_year_runs_from_september():
    assert academic_year_of(datetime.date(2026, 8, 31)) == "2025-2026"
    assert academic_year_of(datetime.date(2026, 9, 1)) == "2026-2027"


@pytest.mark.parametrize("value", ["2026", "2026-2028", "26-27", "2027-2026"])
def test_academic_year_must_be_two_consecutive_years(group, value):
    group.academic_year = value
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "academic_year" in error.value.message_dict


def test_enrolment_in_a_group_of_another_programme_is_refused_and_nothing_stored(
    group, learner, school
):
    other_programme = make_programme(school)
    with pytest.raises(ValidationError) as error:
        enrol(learner, other_programme, group=group)
    assert "group" in error.value.message_dict
    assert not Enrolment.objects.exists()


def test_enrolling_again_with_the_same_start_updates_instead_of_duplicating(group, learner):
    start = datetime.date(2026, 9, 15)
    enrol(learner, group=group, started_on=start)
    enrol(learner, group.programme, group=None, started_on=start)
    assert Enrolment.objects.get().group is None


def test_end_before_start_is_refused(group, learner):
    enrolment = enrol(learner, group=group, started_on=datetime.date(2026, 9, 15))
    with pytest.raises(ValidationError) as error:
        end_enrolment(enrolment, datetime.date(2026, 9, 1))
    assert "ended_on" in error.value.message_dict
    assert Enrolment.objects.get().ended_on is None


def test_teacher_of_the_group_stands_beside_its_current_learners(group, learner, teacher):
    assert not policy.can(teacher, policy.VIEW_LEARNER, learner)
    enrol(learner, group=group)
    teacher = type(teacher).objects.get(pk=teacher.pk)  # fresh policy cache
    assert policy.can(teacher, policy.VIEW_LEARNER, learner)
    assert policy.link_kinds_between(teacher, learner) == {"teacher"}


def test_ended_enrolment_no_longer_links_the_teacher(group, learner, teacher):
    enrol(learner, group=group, started_on=datetime.date(2025, 9, 15))
    Enrolment.objects.update(ended_on=datetime.date(2026, 1, 31))
    assert not policy.can(teacher, policy.VIEW_LEARNER, learner)


def test_group_teacher_needs_consent_for_personal_data_like_a_linked_teacher(
    group, learner, teacher
):
    enrol(learner, group=group)
    data = policy.PersonalData(learner, ConsentScope.ASSESSMENTS)
    assert not policy.can(teacher, policy.VIEW_PERSONAL_DATA, data)
    give_consent(learner, scope=ConsentScope.ASSESSMENTS, recipient_user=teacher)
    assert policy.can(type(teacher).objects.get(pk=teacher.pk), policy.VIEW_PERSONAL_DATA, data)


def test_teacher_of_another_group_does_not_see_the_learner(group, learner, school):
    enrol(learner, group=group)
    other_teacher = make_member(Role.TEACHER, school)
    make_group(group.programme, teachers=[other_teacher])
    assert not policy.can(other_teacher, policy.VIEW_LEARNER, learner)


@pytest.mark.parametrize(
    ("role", "same_school", "allowed"),
    [
        (Role.TEACHER, True, False),  # a teacher of the school who does not teach it
        (Role.COACH, True, True),
        (Role.PROVIDER_ADMIN, True, True),
        (Role.COACH, False, False),
        (Role.PROVIDER_ADMIN, False, False),
        (Role.LEARNER, True, False),
        (Role.EMPLOYER_HR, False, False),
        (Role.MENTOR, False, False),
        (Role.SECTOR_ADMIN, False, False),
        (Role.REFERRER, False, False),
        (Role.PLATFORM_ADMIN, False, True),
    ],
)
def test_who_may_view_a_group(group, school, role, same_school, allowed):
    user = make_member(role, school) if same_school else make_member(role)
    assert policy.can(user, trajectories_rules.VIEW_GROUP, group) is allowed


def test_the_groups_own_teacher_may_view_it(group, teacher):
    assert policy.can(teacher, trajectories_rules.VIEW_GROUP, group)


def test_anonymous_may_not_view_a_group(group):
    from django.contrib.auth.models import AnonymousUser

    assert not policy.can(AnonymousUser(), trajectories_rules.VIEW_GROUP, group)


def test_demo_puts_the_demo_learner_in_a_group_of_eight_taught_by_the_demo_teacher():
    from trajectwijzer.demo.loader import load_demo

    load_demo()
    load_demo()  # idempotent
    # The current year's group (the barometer demo adds last year's first-year group).
    group = Group.objects.get(academic_year=academic_year_of(timezone.localdate()))
    assert group.enrolments.count() == 8
    assert [t.email for t in group.teachers.all()] == ["docent@demo.trajectwijzer.be"]
    assert group.enrolments.filter(learner__email="leerling@demo.trajectwijzer.be").exists()
