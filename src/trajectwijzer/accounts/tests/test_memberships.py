"""Ending a membership ends the learner links it carried (issue #9, finding 2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import (
    LearnerLink,
    LinkKind,
    Membership,
    MembershipStatus,
    OrganisationKind,
    Role,
)
from trajectwijzer.testing import link, make_member, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return make_organisation(OrganisationKind.PROVIDER, name="Hogeschool Einde")


def test_an_admin_ends_a_coach_membership_and_the_coach_links_end_with_it(client, school):
    admin = make_member(Role.PROVIDER_ADMIN, school)
    coach = make_member(Role.COACH, school)
    learner = make_member(Role.LEARNER, school)
    coach_link = link(learner, LinkKind.COACH, person=coach)
    today = timezone.localdate()
    LearnerLink.objects.filter(pk=coach_link.pk).update(started_on=today - timedelta(days=90))
    client.force_login(coach)
    assert client.get(reverse("caseload:learner", args=[learner.pk])).status_code == 200

    membership = Membership.objects.get(user=coach, role=Role.COACH)
    day = today - timedelta(days=30)  # the day the coach actually left
    services.end_membership(admin, membership, on=day)

    membership.refresh_from_db()
    coach_link.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    assert membership.decided_by is None  # still the validation's record, not the ending's
    assert coach_link.ended_on == day
    history = LogEntry.objects.filter(user=admin).order_by("object_repr")
    assert {(entry.object_id, entry.change_message) for entry in history} == {
        (str(membership.pk), '[{"changed": {"fields": ["status"]}}]'),
        (str(coach_link.pk), '[{"changed": {"fields": ["ended_on"]}}]'),
    }
    assert client.get(reverse("caseload:learner", args=[learner.pk])).status_code == 404


def test_links_through_another_organisation_or_role_stay(school):
    other_school = make_organisation(OrganisationKind.PROVIDER)
    coach = make_member(Role.COACH, school)
    Membership.objects.create(
        user=coach, organisation=other_school, role=Role.COACH, status=MembershipStatus.ACTIVE
    )
    Membership.objects.create(
        user=coach, organisation=school, role=Role.TEACHER, status=MembershipStatus.ACTIVE
    )
    learner = make_member(Role.LEARNER, school)
    here = LearnerLink.objects.create(
        learner=learner, kind=LinkKind.COACH, person=coach, organisation=school
    )
    there = LearnerLink.objects.create(
        learner=learner, kind=LinkKind.COACH, person=coach, organisation=other_school
    )
    anywhere = link(learner, LinkKind.COACH, person=coach)  # no organisation named
    as_teacher = link(learner, LinkKind.TEACHER, person=coach)

    services.end_membership(coach, Membership.objects.get(organisation=school, role=Role.COACH))

    ended = set(LearnerLink.objects.filter(ended_on__isnull=False).values_list("pk", flat=True))
    assert ended == {here.pk}  # still a coach at the other school, still a teacher here
    assert set(LearnerLink.objects.current().values_list("pk", flat=True)) == {
        there.pk,
        anywhere.pk,
        as_teacher.pk,
    }


def test_the_last_coach_membership_ends_links_that_name_no_organisation(school):
    coach = make_member(Role.COACH, school)
    learner = make_member(Role.LEARNER, school)
    anywhere = link(learner, LinkKind.COACH, person=coach)
    services.end_membership(coach, Membership.objects.get(user=coach))
    anywhere.refresh_from_db()
    assert anywhere.ended_on == timezone.localdate()
    assert not anywhere.is_current()


def test_only_the_organisation_admins_or_the_member_end_a_membership(school):
    coach = make_member(Role.COACH, school)
    colleague = make_member(Role.COACH, school)
    membership = Membership.objects.get(user=coach)
    with pytest.raises(PermissionDenied):
        services.end_membership(colleague, membership)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_only_an_active_membership_can_be_ended(school):
    admin = make_member(Role.PROVIDER_ADMIN, school)
    pending = Membership.objects.create(
        user=make_member(Role.LEARNER, school), organisation=school, role=Role.COACH
    )
    with pytest.raises(ValidationError) as refused:
        services.end_membership(admin, pending)
    assert "status" in refused.value.message_dict


def test_a_link_counts_only_at_the_organisation_it_names(school):
    """A coach link naming school A does not count for a coach who is one at school B."""
    other_school = make_organisation(OrganisationKind.PROVIDER)
    coach = make_member(Role.COACH, other_school)
    learner = make_member(Role.LEARNER, school)
    LearnerLink.objects.create(
        learner=learner, kind=LinkKind.COACH, person=coach, organisation=school
    )
    assert not LearnerLink.objects.current().exists()


def test_a_teacher_who_left_the_school_no_longer_teaches_its_groups(client, school):
    from trajectwijzer.testing import enrol, make_group, make_programme

    teacher = make_member(Role.TEACHER, school)
    group = make_group(make_programme(school), teachers=[teacher])
    learner = make_member(Role.LEARNER, school)
    enrol(learner, group=group)
    client.force_login(teacher)
    url = reverse("accounts:learner_detail", args=[learner.pk])
    assert client.get(url).status_code == 200
    services.end_membership(teacher, Membership.objects.get(user=teacher))
    assert client.get(url).status_code == 404


def test_the_admin_action_ends_memberships_through_the_use_case(client, school):
    operator = make_member(Role.PLATFORM_ADMIN, is_staff=True, is_superuser=True)
    coach = make_member(Role.COACH, school)
    coach_link = link(make_member(Role.LEARNER, school), LinkKind.COACH, person=coach)
    membership = Membership.objects.get(user=coach)
    client.force_login(operator)
    response = client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "end_memberships", "_selected_action": [membership.pk]},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    coach_link.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED
    assert coach_link.ended_on == timezone.localdate()
