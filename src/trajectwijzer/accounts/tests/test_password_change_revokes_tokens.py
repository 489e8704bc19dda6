"""A new password revokes every API token of the account, whichever way it was set.

Whoever knew the old password may have made a token with it; the token must not
outlive the password. Each flow is checked through the API: the old token gets 401.
"""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import ApiToken, Role
from trajectwijzer.testing import PASSWORD, make_member, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Fresh-Start-Lantern-2026"
API_READ = "/api/v1/barometer/entries"  # a learner's own entries: needs a bearer token


def api_status(key: str) -> int:
    return Client().get(API_READ, HTTP_AUTHORIZATION=f"Bearer {key}").status_code


@pytest.fixture
def learner_with_tokens():
    learner = make_member(Role.LEARNER, email="lien@example.org")
    keys = [services.create_api_token(learner, name=name)[1] for name in ("hr", "phone")]
    assert [api_status(key) for key in keys] == [200, 200]
    return learner, keys


def test_changing_the_password_on_the_page_revokes_the_tokens_and_says_so(
    client, learner_with_tokens
):
    learner, keys = learner_with_tokens
    client.force_login(learner)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert [api_status(key) for key in keys] == [401, 401]
    page = response.content.decode()
    assert "Your password has been changed." in page
    assert "2 API tokens of your account have been revoked" in page
    # The session survives, and a new token works again.
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert api_status(services.create_api_token(learner, name="new")[1]) == 200


def test_changing_the_password_without_tokens_says_nothing_about_tokens(client):
    user = make_member(Role.COACH)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Your password has been changed."
    ]


def test_a_refused_password_change_keeps_the_tokens(client, learner_with_tokens):
    learner, keys = learner_with_tokens
    client.force_login(learner)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert [api_status(key) for key in keys] == [200, 200]


def test_a_password_reset_revokes_the_tokens_and_the_page_says_so(client, learner_with_tokens):
    learner, keys = learner_with_tokens
    client.post(reverse("accounts:password_reset"), {"email": learner.email})
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    response = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:password_reset_complete")
    assert [api_status(key) for key in keys] == [401, 401]
    assert "2 API tokens of your account have been revoked" in response.content.decode()


def test_an_administrator_setting_a_password_revokes_the_tokens(learner_with_tokens):
    learner, keys = learner_with_tokens
    admin = Client()
    admin.force_login(make_user("root@example.org", is_staff=True, is_superuser=True))
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[learner.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert [api_status(key) for key in keys] == [401, 401]
    assert "2 API tokens of this account have been revoked" in response.content.decode()


def test_set_password_and_save_anywhere_revokes_the_tokens(learner_with_tokens):
    # The path of management commands (changepassword), the shell and any service.
    learner, keys = learner_with_tokens
    learner.set_password(NEW_PASSWORD)
    learner.save()
    assert [api_status(key) for key in keys] == [401, 401]
    assert ApiToken.objects.filter(user=learner, revoked_at__isnull=True).count() == 0


def test_the_changepassword_command_revokes_the_tokens(learner_with_tokens, monkeypatch):
    learner, keys = learner_with_tokens
    monkeypatch.setattr("getpass.getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", learner.email, stdout=io.StringIO())
    assert [api_status(key) for key in keys] == [401, 401]


def test_saving_other_fields_or_upgrading_the_hash_keeps_the_tokens(learner_with_tokens):
    learner, keys = learner_with_tokens
    learner.full_name = "Lien Van Dam"
    learner.save()
    learner.check_password(PASSWORD)  # may rehash with a newer hasher: not a password change
    assert [api_status(key) for key in keys] == [200, 200]


def test_other_peoples_tokens_stay(learner_with_tokens):
    learner, _keys = learner_with_tokens
    colleague = make_member(Role.LEARNER)
    colleague_key = services.create_api_token(colleague, name="own")[1]
    learner.set_password(NEW_PASSWORD)
    learner.save()
    assert api_status(colleague_key) == 200
