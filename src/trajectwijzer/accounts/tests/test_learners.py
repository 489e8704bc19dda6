from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import policy, services
from trajectwijzer.accounts.models import (
    AccessLogEntry,
    ConsentScope,
    LinkKind,
    Membership,
    MembershipStatus,
    OrganisationKind,
    Role,
)
from trajectwijzer.testing import link, make_member, make_organisation

pytestmark = pytest.mark.django_db

MY_LEARNERS = reverse("accounts:my_learners")


def detail_url(learner) -> str:
    return reverse("accounts:learner_detail", args=[learner.pk])


def listed(client, viewer):
    client.force_login(viewer)
    return {item.learner: item for item in client.get(MY_LEARNERS).context["linked_learners"]}


def test_coach_sees_the_learner_and_all_personal_data(client, world):
    item = listed(client, world.user(Role.COACH))[world.learner]
    assert item.link_kinds == (LinkKind.COACH,)
    assert set(item.visible_scopes) == set(ConsentScope.values)


def test_teacher_sees_the_learner_but_personal_data_only_with_consent(client, world):
    teacher = world.user(Role.TEACHER)
    assert listed(client, teacher)[world.learner].visible_scopes == ()
    services.give_consent_through_link(
        world.learner,
        world.learner.learner_links.get(kind=LinkKind.TEACHER),
        scope=ConsentScope.ASSESSMENTS,
    )
    assert listed(client, teacher)[world.learner].visible_scopes == (ConsentScope.ASSESSMENTS,)


def test_employer_hr_sees_learners_linked_to_their_organisation(client, world):
    assert set(listed(client, world.user(Role.EMPLOYER_HR))) == {world.learner}
    other_hr = make_member(Role.EMPLOYER_HR, make_organisation(OrganisationKind.EMPLOYER))
    assert listed(client, other_hr) == {}


def test_ended_links_are_not_listed(client, world):
    world.learner.learner_links.filter(kind=LinkKind.MENTOR).update(
        ended_on=timezone.localdate() - timedelta(days=1)
    )
    assert listed(client, world.user(Role.MENTOR)) == {}
    client.force_login(world.user(Role.MENTOR))
    assert client.get(detail_url(world.learner)).status_code == 404


def test_list_shows_only_the_viewers_own_learners(client, world):
    someone_else = make_member(Role.LEARNER)
    link(someone_else, LinkKind.COACH, person=make_member(Role.COACH))
    assert set(listed(client, world.user(Role.COACH))) == {world.learner}


def test_learner_page_shows_links_and_consents_to_the_viewer_and_is_logged(client, world):
    teacher = world.user(Role.TEACHER)
    consent = services.give_consent_through_link(
        world.learner,
        world.learner.learner_links.get(kind=LinkKind.TEACHER),
        scope=ConsentScope.PLANS,
    )
    services.give_consent_through_link(
        world.learner,
        world.learner.learner_links.get(kind=LinkKind.REFERRER),
        scope=ConsentScope.PROFILE,
    )
    client.force_login(teacher)
    response = client.get(detail_url(world.learner))
    assert response.status_code == 200
    assert list(response.context["consents"]) == [consent]
    assert len(response.context["links"]) == len(LinkKind.values)
    entry = AccessLogEntry.objects.get()
    assert (entry.actor, entry.learner, entry.action) == (
        teacher,
        world.learner,
        policy.VIEW_LEARNER,
    )


def test_learner_page_lists_employer_consents_only_to_its_hr(client, world):
    teacher = world.user(Role.TEACHER)
    Membership.objects.create(
        user=teacher, organisation=world.employer, role=Role.MENTOR, status=MembershipStatus.ACTIVE
    )
    consent = services.give_consent_through_link(
        world.learner,
        world.learner.learner_links.get(kind=LinkKind.EMPLOYER),
        scope=ConsentScope.PLANS,
    )
    client.force_login(teacher)
    assert list(client.get(detail_url(world.learner)).context["consents"]) == []
    client.force_login(world.user(Role.EMPLOYER_HR))
    assert list(client.get(detail_url(world.learner)).context["consents"]) == [consent]


def test_learner_viewing_their_own_page_is_not_logged(client, world):
    client.force_login(world.learner)
    assert client.get(detail_url(world.learner)).status_code == 200
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("role", [Role.COACH, Role.PROVIDER_ADMIN, Role.PLATFORM_ADMIN])
def test_unlinked_people_get_not_found_and_nothing_is_logged(client, world, role):
    client.force_login(make_member(role))
    assert client.get(detail_url(world.learner)).status_code == 404
    assert client.get(reverse("accounts:learner_detail", args=[999_999])).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_linked_learners_overview_stays_at_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    coach = world.user(Role.COACH)
    for _number in range(5):
        link(make_member(Role.LEARNER), LinkKind.COACH, person=coach)
    client.force_login(coach)
    # Two policy queries per learner plus a fixed number for the page.
    with django_assert_max_num_queries(6 * 2 + 8):
        client.get(MY_LEARNERS)
