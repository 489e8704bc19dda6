"""The admin lists matrices, rows, job roles, teams and plans; observations stay read-only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.testing import make_user

from .builders import make_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "model",
    ["competencematrix", "jobrole", "team", "matrixrow", "levelobservation", "developmentplan"],
)
def test_changelists_load(staff_client, model):
    make_setup()
    assert staff_client.get(reverse(f"admin:development_{model}_changelist")).status_code == 200


def test_observations_cannot_be_added_changed_or_deleted_in_the_admin(staff_client):
    setup = make_setup()
    observation = setup.row_anna.observations.first()
    assert staff_client.get(reverse("admin:development_levelobservation_add")).status_code == 403
    response = staff_client.post(
        reverse("admin:development_levelobservation_delete", args=[observation.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 403
    assert setup.row_anna.observations.filter(pk=observation.pk).exists()
