from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts import policy, services
from trajectwijzer.accounts.models import Consent, ConsentScope, LearnerLink, LinkKind, Role
from trajectwijzer.testing import link, make_member

pytestmark = pytest.mark.django_db

CONSENTS = reverse("accounts:consents")


def link_of(world, kind: str) -> LearnerLink:
    return world.learner.learner_links.get(kind=kind)


def test_consent_form_offers_each_current_link(client, world):
    client.force_login(world.learner)
    form = client.get(CONSENTS).context["form"]
    assert {link.kind for link in form.fields["link"].queryset} == set(LinkKind.values)


def test_learner_gives_consent_to_the_teacher(client, world):
    teacher = world.user(Role.TEACHER)
    client.force_login(world.learner)
    response = client.post(
        CONSENTS,
        {
            "link": link_of(world, LinkKind.TEACHER).pk,
            "scope": ConsentScope.ASSESSMENTS,
            "purpose": "Follow-up of my competences",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.learner, consent.recipient_user, consent.scope) == (
        world.learner,
        teacher,
        ConsentScope.ASSESSMENTS,
    )
    assert consent.purpose == "Follow-up of my competences"
    page = client.get(CONSENTS).content.decode()
    assert "Tom Teacher" in page
    assert "Follow-up of my competences" in page


def test_consent_through_the_employer_link_goes_to_the_organisation(client, world):
    client.force_login(world.learner)
    client.post(
        CONSENTS, {"link": link_of(world, LinkKind.EMPLOYER).pk, "scope": ConsentScope.PLANS}
    )
    consent = Consent.objects.get()
    assert consent.recipient_organisation == world.employer
    assert consent.recipient_user is None


def test_giving_the_same_consent_twice_keeps_one(client, world):
    client.force_login(world.learner)
    data = {"link": link_of(world, LinkKind.TEACHER).pk, "scope": ConsentScope.PROFILE}
    client.post(CONSENTS, data)
    client.post(CONSENTS, data)
    assert Consent.objects.count() == 1


def test_consent_cannot_name_someone_elses_or_an_ended_link(client, world):
    other_learner = make_member(Role.LEARNER)
    foreign = link(other_learner, LinkKind.COACH, person=make_member(Role.COACH))
    ended = link_of(world, LinkKind.REFERRER)
    ended.ended_on = timezone.localdate() - timedelta(days=1)
    ended.save()
    client.force_login(world.learner)
    for link_id in (foreign.pk, ended.pk):
        response = client.post(CONSENTS, {"link": link_id, "scope": ConsentScope.PROFILE})
        assert response.status_code == 200
        assert "link" in response.context["form"].errors
    assert not Consent.objects.exists()


def test_learner_withdraws_consent_and_the_history_stays(client, world):
    teacher = world.user(Role.TEACHER)
    consent = services.give_consent_through_link(
        world.learner, link_of(world, LinkKind.TEACHER), scope=ConsentScope.PROFILE
    )
    data = policy.PersonalData(world.learner, ConsentScope.PROFILE)
    assert policy.can(teacher, policy.VIEW_PERSONAL_DATA, data)
    client.force_login(world.learner)
    response = client.post(reverse("accounts:withdraw_consent", args=[consent.pk]))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    teacher = type(teacher).objects.get(pk=teacher.pk)  # fresh policy cache
    assert not policy.can(teacher, policy.VIEW_PERSONAL_DATA, data)
    page = client.get(CONSENTS)
    assert consent in page.context["consents"]
    assert f'action="{reverse("accounts:withdraw_consent", args=[consent.pk])}"' not in (
        page.content.decode()
    )


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.PLATFORM_ADMIN])
def test_only_the_learner_withdraws_their_consent(client, world, role):
    consent = services.give_consent_through_link(
        world.learner, link_of(world, LinkKind.TEACHER), scope=ConsentScope.PROFILE
    )
    client.force_login(world.user(role))
    response = client.post(reverse("accounts:withdraw_consent", args=[consent.pk]))
    assert response.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_others_cannot_give_consent_for_the_learner(world):
    with pytest.raises(PermissionDenied):
        services.give_consent_through_link(
            world.user(Role.COACH), link_of(world, LinkKind.TEACHER), scope=ConsentScope.PROFILE
        )


def test_consent_page_shows_only_ones_own_consents(client, world):
    services.give_consent_through_link(
        world.learner, link_of(world, LinkKind.TEACHER), scope=ConsentScope.PROFILE
    )
    client.force_login(world.user(Role.TEACHER))
    response = client.get(CONSENTS)
    assert response.status_code == 200
    assert list(response.context["consents"]) == []


def test_person_without_links_is_told_there_is_nobody_to_consent_to(client):
    client.force_login(make_member(Role.LEARNER))
    assert b"nobody to give consent to" in client.get(CONSENTS).content
