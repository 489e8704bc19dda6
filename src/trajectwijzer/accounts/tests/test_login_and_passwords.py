import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core import mail
from django.urls import reverse
from django.utils import translation

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.testing import PASSWORD, make_member, make_organisation

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def log_in(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def form_errors(response) -> str:
    return str(response.context["form"].non_field_errors())


def test_login_page_links_to_registration_and_password_reset(client):
    content = client.get(LOGIN).content.decode()
    assert reverse("accounts:register") in content
    assert reverse("accounts:password_reset") in content


def test_login_with_email_in_any_case(client):
    user = make_member(Role.LEARNER, email="lien@example.org")
    response = log_in(client, "LIEN@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_pending_registration_gets_the_waiting_message(client):
    services.register(
        email="wait@example.org",
        full_name="Wait",
        password=PASSWORD,
        organisation=make_organisation(OrganisationKind.PROVIDER),
        role=Role.LEARNER,
    )
    response = log_in(client, "wait@example.org", PASSWORD)
    assert response.status_code == 200
    assert "waiting for validation" in form_errors(response)
    assert "_auth_user_id" not in client.session


def test_pending_registration_with_wrong_password_gets_the_generic_message(client):
    services.register(
        email="wait@example.org",
        full_name="Wait",
        password=PASSWORD,
        organisation=make_organisation(OrganisationKind.PROVIDER),
        role=Role.LEARNER,
    )
    response = log_in(client, "wait@example.org", "wrong-password-123")
    assert "not correct" in form_errors(response)
    assert "waiting" not in form_errors(response)


def test_interface_follows_the_preferred_language_after_login(client):
    make_member(Role.LEARNER, email="claire@example.org", preferred_language="fr")
    assert client.get(reverse("web:home"))["Content-Language"] == "en"  # the browser's
    response = log_in(client, "claire@example.org", PASSWORD)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get(reverse("web:home"))["Content-Language"] == "fr"


def test_logged_in_person_visiting_login_goes_on(client):
    client.force_login(make_member(Role.LEARNER))
    assert client.get(LOGIN).status_code == 302


def test_logout_needs_post(client):
    client.force_login(make_member(Role.LEARNER))
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


# Password reset and change ---------------------------------------------------------


def test_password_reset_by_mail(client):
    user = make_member(Role.LEARNER, email="reset@example.org")
    response = client.post(reverse("accounts:password_reset"), {"email": "Reset@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert client.get(response["Location"]).status_code == 200

    assert [m.to for m in mail.outbox] == [["reset@example.org"]]
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body)
    response = client.get(link.group(1))  # redirects to the form without the token in the URL
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.context["validlink"]
    response = client.post(
        form_url, {"new_password1": "Fresh-Start-2025!", "new_password2": "Fresh-Start-2025!"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert client.get(response["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password("Fresh-Start-2025!")
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_password_reset_mail_is_written_in_the_account_holders_language(client):
    make_member(Role.LEARNER, email="fr@example.org", preferred_language="fr")
    languages = []

    def record_language(*args, **kwargs):
        languages.append(translation.get_language())

    with mock.patch.object(PasswordResetForm, "send_mail", side_effect=record_language):
        client.post(
            reverse("accounts:password_reset"),
            {"email": "fr@example.org"},
            HTTP_ACCEPT_LANGUAGE="nl",
        )
    assert languages == ["fr"]


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_change_for_logged_in_person(client):
    user = make_member(Role.COACH)
    client.force_login(user)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": PASSWORD,
            "new_password1": "Another-Good-Phrase-7",
            "new_password2": "Another-Good-Phrase-7",
        },
    )
    assert response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password("Another-Good-Phrase-7")
    # The session survives the change.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_change_refuses_a_wrong_old_password(client):
    user = make_member(Role.COACH)
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "Another-Good-Phrase-7",
            "new_password2": "Another-Good-Phrase-7",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    assert b'href="#id_old_password"' in response.content
