"""Finding 5 of issue #9 for the registration e-mails: with the mail server down, the
admin's validation is saved once and answered with a redirect, and the e-mail to the
person is retried by the background task (before, the request failed with a 500
after the membership was already validated)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from trajectwijzer.accounts import services
from trajectwijzer.accounts.models import Membership, MembershipStatus, OrganisationKind, Role
from trajectwijzer.testing import make_member, make_organisation
from trajectwijzer.testing_tasks import (
    REFUSING_EMAIL_BACKEND,
    database_tasks,
    make_retries_due,
    run_worker_once,
    task_log,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_validating_while_the_mail_server_is_down_saves_once_and_retries_the_mail(settings):
    provider = make_organisation(OrganisationKind.PROVIDER)
    admin = make_member(Role.PROVIDER_ADMIN, provider)
    membership = services.register(
        email="nora@example.org",
        full_name="Nora Nieuw",
        password="Spring-Meadow-Lantern-42",
        organisation=provider,
        role=Role.LEARNER,
    )
    mail.outbox.clear()
    settings.EMAIL_BACKEND = REFUSING_EMAIL_BACKEND
    admin_client = Client()
    admin_client.force_login(admin)
    decide = reverse("accounts:decide", args=[membership.pk])
    with database_tasks():
        assert admin_client.post(decide, {"decision": "approve"}).status_code == 302
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.ACTIVE and membership.user.is_active
        run_worker_once()
        assert task_log() == [
            ("deliver_membership_decided", "FAILED", 1),
            ("deliver_membership_decided", "READY", 2),
        ]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        make_retries_due()
        run_worker_once()
    assert [message.to for message in mail.outbox] == [["nora@example.org"]]
    assert Membership.objects.filter(user__email="nora@example.org").count() == 1
