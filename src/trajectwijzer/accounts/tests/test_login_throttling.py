"""Login throttling (django-axes): five failures lock one (account, client address) pair.

The right password from another address still logs in, so nobody can lock a person
out by naming their account; the client address comes from REMOTE_ADDR unless
TRUSTED_PROXY_COUNT says which X-Forwarded-For hop our own proxy wrote.
"""

import io
import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.testing import PASSWORD, make_member, make_organisation
from trajectwijzer.web.tests.test_configuration import PRODUCTION_ENV, run_django

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "not-the-password-1"
ATTACKER = "198.51.100.7"
OWNER = "203.0.113.9"
PROXY = "10.0.0.1"


def log_in(client, email, password, **extra):
    return client.post(LOGIN, {"username": email, "password": password}, **extra)


def fail(client, email, times, **extra):
    return [log_in(client, email, WRONG, **extra).status_code for _ in range(times)]


@pytest.fixture
def lien():
    return make_member(Role.LEARNER, email="lien@example.org")


def test_five_failures_lock_that_account_from_that_address(client, lien):
    assert fail(client, "lien@example.org", 4, REMOTE_ADDR=ATTACKER) == [200] * 4
    fifth = log_in(client, "lien@example.org", WRONG, REMOTE_ADDR=ATTACKER)
    assert fifth.status_code == 429
    # Now even the right password from that address is refused, and nobody is logged in.
    response = log_in(client, "Lien@Example.org", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Too many login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_right_password_from_another_address_logs_in_while_one_address_is_locked(lien):
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    fail(attacker, "lien@example.org", 5, REMOTE_ADDR=ATTACKER)
    assert log_in(attacker, "lien@example.org", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 429

    owner = Client()
    assert log_in(owner, "lien@example.org", PASSWORD, REMOTE_ADDR=OWNER).status_code == 302
    assert owner.session["_auth_user_id"] == str(lien.pk)


def test_a_locked_address_can_still_log_in_to_another_account(client, lien):
    colleague = make_member(Role.COACH, email="carla@example.org")
    fail(client, "lien@example.org", 5, REMOTE_ADDR=ATTACKER)
    response = log_in(client, "carla@example.org", PASSWORD, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_lockout_says_nothing_about_whether_the_account_exists(lien):
    pages = []
    for email in ("lien@example.org", "nobody@example.org"):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        statuses = fail(client, email, 5, REMOTE_ADDR=ATTACKER)
        locked = log_in(client, email, PASSWORD, REMOTE_ADDR=ATTACKER)
        # The page is the same but for the language form's per-request CSRF token.
        content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", locked.content)
        pages.append((statuses, locked.status_code, content))
    assert pages[0] == pages[1]
    assert pages[0][1] == 429
    assert b"lien@example.org" not in pages[0][2]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "Te veel inlogpogingen"),
        ("fr", "Trop de tentatives de connexion"),
        ("en", "Too many login attempts"),
    ],
)
def test_the_lockout_page_speaks_the_visitors_language(client, lien, language, text):
    fail(client, "lien@example.org", 5, REMOTE_ADDR=ATTACKER)
    response = log_in(
        client, "lien@example.org", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 429
    assert response["Content-Language"] == language
    assert text in response.content.decode()


def test_a_successful_login_clears_the_failures_of_that_pair(client, lien):
    assert fail(client, "lien@example.org", 4, REMOTE_ADDR=OWNER) == [200] * 4
    assert log_in(client, "lien@example.org", PASSWORD, REMOTE_ADDR=OWNER).status_code == 302
    client.post(reverse("accounts:logout"))
    # Counting starts again: four more failures do not lock.
    assert fail(client, "lien@example.org", 4, REMOTE_ADDR=OWNER) == [200] * 4
    assert log_in(client, "lien@example.org", PASSWORD, REMOTE_ADDR=OWNER).status_code == 302


def test_the_lock_ends_after_fifteen_minutes(client, lien):
    fail(client, "lien@example.org", 5, REMOTE_ADDR=ATTACKER)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )
    assert log_in(client, "lien@example.org", PASSWORD, REMOTE_ADDR=ATTACKER).status_code == 302


def test_a_new_password_lifts_the_lock_at_once(client, lien):
    fail(client, "lien@example.org", 5, REMOTE_ADDR=OWNER)
    lien.set_password("A-Brand-New-Phrase-77")
    lien.save()  # as the reset link's form does
    response = log_in(client, "lien@example.org", "A-Brand-New-Phrase-77", REMOTE_ADDR=OWNER)
    assert response.status_code == 302


def test_waiting_for_validation_with_the_right_password_never_locks(client):
    services.register(
        email="wait@example.org",
        full_name="Wait",
        password=PASSWORD,
        organisation=make_organisation(OrganisationKind.PROVIDER),
        role=Role.LEARNER,
    )
    for _attempt in range(7):
        response = log_in(client, "wait@example.org", PASSWORD, REMOTE_ADDR=OWNER)
        assert response.status_code == 200
        assert "waiting for validation" in str(response.context["form"].non_field_errors())


def test_the_api_token_of_a_locked_account_keeps_working(client, lien):
    key = services.create_api_token(lien, name="hr")[1]
    fail(client, "lien@example.org", 5, REMOTE_ADDR=ATTACKER)
    response = client.get(
        "/api/v1/barometer/entries", HTTP_AUTHORIZATION=f"Bearer {key}", REMOTE_ADDR=ATTACKER
    )
    assert response.status_code == 200


def test_the_admin_login_is_throttled_too(client):
    make_member(Role.PLATFORM_ADMIN, email="root@example.org", is_staff=True)
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "root@example.org", "password": WRONG}).status_code
        for _ in range(5)
    ]
    assert statuses == [200] * 4 + [429]
    response = client.post(url, {"username": "root@example.org", "password": PASSWORD})
    assert response.status_code == 429


# The client address ------------------------------------------------------------


def test_without_a_trusted_proxy_a_spoofed_forwarded_for_changes_nothing(client, lien, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # Each guess claims another address; all count for the connection's own address.
    for number in range(5):
        log_in(
            client,
            "lien@example.org",
            WRONG,
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    spoofed = log_in(
        client, "lien@example.org", PASSWORD, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OWNER
    )
    assert spoofed.status_code == 429
    # Nor can an attacker lock the owner out by claiming the owner's address.
    for _attempt in range(5):
        log_in(client, "lien@example.org", WRONG, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=OWNER)
    assert log_in(Client(), "lien@example.org", PASSWORD, REMOTE_ADDR=OWNER).status_code == 302


def test_behind_one_trusted_proxy_the_hop_it_wrote_is_the_client(client, lien, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The proxy appends the address it was reached from; anything left of it is the
    # client's own invention and changes from guess to guess.
    for number in range(5):
        log_in(
            client,
            "lien@example.org",
            WRONG,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    attacker = log_in(
        client,
        "lien@example.org",
        PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{OWNER}, {ATTACKER}",
    )
    assert attacker.status_code == 429
    # The owner comes through the same proxy from their own address and logs in.
    owner = log_in(
        Client(), "lien@example.org", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER
    )
    assert owner.status_code == 302


@pytest.mark.parametrize(
    ("trusted", "forwarded_for", "expected"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.9", "10.0.0.1"),
        (1, "", "10.0.0.1"),  # reached us without the proxy (e.g. a health check)
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (2, "203.0.113.9", "203.0.113.9"),  # came through the inner proxy only
        (1, "6.6.6.6, not-an-address", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_with_trusted_proxies(rf, settings, trusted, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = trusted
    request = rf.post(LOGIN, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded_for)
    assert services.client_ip(request) == expected


def test_behind_a_tls_proxy_without_trusted_proxy_count_the_deploy_check_warns(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 0
    out = _run_check()
    assert "TRUSTED_PROXY_COUNT" in out
    settings.TRUSTED_PROXY_COUNT = 1
    assert "TRUSTED_PROXY_COUNT" not in _run_check()


def _run_check() -> str:
    output = io.StringIO()
    try:
        call_command("check", "--deploy", "--tag", "security", stdout=output, stderr=output)
    except SystemCheckError as error:
        return str(error)
    return output.getvalue()


@pytest.mark.parametrize("value", ["one", "-1", "1.5"])
def test_a_trusted_proxy_count_that_is_no_count_is_refused_naming_the_variable(value):
    environment = {**PRODUCTION_ENV, "TRUSTED_PROXY_COUNT": value}
    result = run_django("check", **environment)
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in result.stderr
