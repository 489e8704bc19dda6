"""The e-mailed incentives report: sent by a background task, limited per recipient
and per client address (counted in the database, so every web process shares the
counts), and never a relay for the sender's own text (finding 5 of issue #9)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from trajectwijzer.incentives import report_mail
from trajectwijzer.incentives.models import ReportMail
from trajectwijzer.testing_tasks import (
    DUMMY_TASKS,
    REFUSING_EMAIL_BACKEND,
    database_tasks,
    make_retries_due,
    run_worker_once,
    task_log,
)

EMAIL = reverse("incentives:email")


def visitor(address: str) -> Client:
    """A new browser (its own session) from the client address ``address``."""
    return Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="nl")


@pytest.fixture
def queued_only(settings):
    """Enqueue without running: these tests are about the limits, not the PDF."""
    settings.TASKS = DUMMY_TASKS


@pytest.mark.django_db
def test_one_address_gets_at_most_three_reports_a_day_whoever_sends_them(
    queued_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(report_mail.PER_RECIPIENT_PER_DAY):
            response = visitor(f"192.0.2.{number}").post(EMAIL, {"email": "lien@example.org"})
            assert response.status_code == 302
        refused = visitor("192.0.2.99").post(EMAIL, {"email": "LIEN@example.org"})
    assert refused.status_code == 429
    assert "Dit adres heeft vandaag al 3 rapporten ontvangen" in refused.content.decode()
    assert ReportMail.objects.count() == 3
    assert visitor("192.0.2.99").post(EMAIL, {"email": "an@example.org"}).status_code == 302


@pytest.mark.django_db
def test_one_client_address_sends_at_most_ten_reports_an_hour(
    queued_only, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(report_mail.PER_CLIENT_PER_HOUR):
            # a new session each time: the per-session limit does not apply
            response = visitor("198.51.100.7").post(EMAIL, {"email": f"p{number}@example.org"})
            assert response.status_code == 302
        refused = visitor("198.51.100.7").post(EMAIL, {"email": "new@example.org"})
        french = Client(REMOTE_ADDR="198.51.100.7", HTTP_ACCEPT_LANGUAGE="fr").post(
            EMAIL, {"email": "new@example.org"}
        )
    assert refused.status_code == 429
    assert "Vanaf je netwerk zijn het voorbije uur te veel rapporten verstuurd" in (
        refused.content.decode()
    )
    assert french.status_code == 429
    assert "Trop de rapports ont été envoyés depuis votre réseau" in french.content.decode()
    other_network = visitor("203.0.113.1").post(EMAIL, {"email": "new@example.org"})
    assert other_network.status_code == 302


@pytest.mark.django_db
def test_the_limits_store_no_address_in_clear(queued_only, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        visitor("192.0.2.1").post(EMAIL, {"email": "lien@example.org"})
    (row,) = ReportMail.objects.values("recipient_key", "client_key")
    assert "lien" not in row["recipient_key"] and "192.0.2.1" not in row["client_key"]


@pytest.mark.django_db
def test_the_sender_cannot_put_their_own_text_in_the_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor("192.0.2.1").post(
            EMAIL,
            {
                "email": "lien@example.org",
                "subject": "You won a prize",
                "message": "Call 0900 123 456",
                "body": "Call 0900 123 456",
            },
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.subject == "Je Trajectwijzer-rapport over opleidingsincentives"
    assert "prize" not in message.body and "0900" not in message.body
    assert message.to == ["lien@example.org"] and not message.cc and not message.bcc


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_down_the_request_redirects_and_the_task_retries(settings):
    settings.EMAIL_BACKEND = REFUSING_EMAIL_BACKEND
    with database_tasks():
        response = visitor("192.0.2.1").post(EMAIL, {"email": "lien@example.org"})
        assert response.status_code == 302
        run_worker_once()
        assert task_log() == [("deliver_report", "FAILED", 1), ("deliver_report", "READY", 2)]
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        make_retries_due()
        run_worker_once()
    (message,) = mail.outbox
    ((_name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert ReportMail.objects.count() == 1
