"""The access log is read-only in the admin for everyone, superusers included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import AccessLogEntry
from trajectwijzer.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    superuser = make_user(full_name="Super User", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    return client


@pytest.fixture
def entry(db):
    coach = make_user(full_name="Cas Coach")
    learner = make_user(full_name="Lien Learner")
    return AccessLogEntry.objects.create(actor=coach, learner=learner, action="caseload.view")


def test_the_delete_view_is_forbidden_even_for_a_superuser(superuser_client, entry):
    url = reverse("admin:accounts_accesslogentry_delete", args=[entry.pk])
    assert superuser_client.get(url).status_code == 403
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_list_offers_no_bulk_delete_and_refuses_it(superuser_client, entry):
    url = reverse("admin:accounts_accesslogentry_changelist")
    page = superuser_client.get(url)
    assert page.status_code == 200
    assert "caseload.view" in page.content.decode()
    assert "delete_selected" not in page.content.decode()
    superuser_client.post(
        url, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_change_form_is_read_only(superuser_client, entry):
    url = reverse("admin:accounts_accesslogentry_change", args=[entry.pk])
    page = superuser_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "caseload.view" in text
    assert 'name="action"' not in text  # shown, not an input
    assert 'name="_save"' not in text
    response = superuser_client.post(url, {"action": "changed", "actor": "", "learner": ""})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.action == "caseload.view"


def test_nobody_adds_entries_by_hand(superuser_client, db):
    assert superuser_client.get(reverse("admin:accounts_accesslogentry_add")).status_code == 403


def test_deleting_the_person_in_the_admin_cannot_take_the_log_with_it(superuser_client, entry):
    """Entries cascade with their learner: the admin refuses because it may not delete them."""
    url = reverse("admin:accounts_user_delete", args=[entry.learner.pk])
    page = superuser_client.get(url)
    assert "access log entry" in page.content.decode()
    assert superuser_client.post(url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:accounts_user_changelist")
    superuser_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [entry.learner.pk], "post": "yes"},
    )
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
