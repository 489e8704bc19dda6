import pytest
from django.conf import settings
from django.urls import reverse

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import Membership, MembershipStatus, Role
from trajectwijzer.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def test_profile_lists_memberships_with_their_status(client):
    user = make_member(Role.TEACHER, make_organisation(name="Syntra Midden"))
    Membership.objects.create(
        user=user,
        organisation=make_organisation(name="CVO Ledeberg"),
        role=Role.COACH,
        status=MembershipStatus.PENDING,
    )
    client.force_login(user)
    content = client.get(PROFILE).content.decode()
    assert "Syntra Midden" in content
    assert "CVO Ledeberg" in content
    assert "Waiting for validation" in content
    assert "Active" in content


def test_profile_change_saves_name_and_language_and_switches_the_interface(client):
    user = make_member(Role.LEARNER, preferred_language="nl")
    client.force_login(user)
    response = client.post(
        PROFILE, {"profile-full_name": "Lien Van Dam", "profile-preferred_language": "en"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Lien Van Dam", "en")


def test_profile_change_shows_errors(client):
    client.force_login(make_member(Role.LEARNER))
    response = client.post(PROFILE, {"profile-full_name": "", "profile-preferred_language": "de"})
    assert response.status_code == 200
    assert set(response.context["profile_form"].errors) == {"full_name", "preferred_language"}


def test_api_token_key_is_shown_once_and_works_until_revoked(client):
    user = make_member(Role.PROVIDER_ADMIN)
    client.force_login(user)
    response = client.post(reverse("accounts:create_token"), {"token-name": "HR import"})
    assert response.status_code == 200
    key = response.context["new_token_key"]
    assert key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert services.user_for_api_key(key) == user

    token = user.api_tokens.get()
    assert key not in client.get(PROFILE).content.decode()
    assert token.prefix in client.get(PROFILE).content.decode()

    response = client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert response.status_code == 302
    assert services.user_for_api_key(key) is None


def test_api_token_needs_a_name(client):
    client.force_login(make_member(Role.LEARNER))
    response = client.post(reverse("accounts:create_token"), {"token-name": ""})
    assert "name" in response.context["token_form"].errors
    assert not response.context["new_token_key"]


def test_nobody_revokes_someone_elses_token(client):
    owner = make_member(Role.PROVIDER_ADMIN)
    token, key = services.create_api_token(owner, name="Mine")
    client.force_login(make_member(Role.PROVIDER_ADMIN))
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    assert services.user_for_api_key(key) == owner
