"""API writes for matrices: job roles and employees, with field errors on bad input."""

from __future__ import annotations

import json

import pytest

from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import make_member

from ..models import JobRole, MatrixRow
from .builders import make_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client):
    setup = make_setup()
    client.force_login(setup.hr)
    return client, setup


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_a_job_role_is_created_and_changed_by_title(hr_client):
    client, setup = hr_client
    url = f"/api/v1/development/matrices/{setup.matrix.pk}/job-roles/Magazijnier"
    response = send(client, "put", url, {"levels": {"A": 2, "C": 3}})
    assert response.status_code == 200 and response.json()["levels"] == {"A": 2, "C": 3}
    response = send(client, "put", url, {"levels": {"A": 0, "B": 4}})
    assert response.json()["levels"] == {"B": 4}
    assert JobRole.objects.filter(title="Magazijnier").count() == 1


def test_bad_levels_are_field_errors_and_nothing_changes(hr_client):
    client, setup = hr_client
    url = f"/api/v1/development/matrices/{setup.matrix.pk}/job-roles/Operator"
    response = send(client, "put", url, {"levels": {"A": 9, "Z": 1}})
    assert response.status_code == 400
    fields = [error["field"] for error in response.json()["errors"]]
    assert fields == ["levels.A", "levels.Z"]
    assert {r.competence.code: r.level for r in setup.job_role.requirements.all()} == {
        "A": 3,
        "B": 2,
        "C": 4,
    }
    response = send(client, "put", url, {"levels": {"A": "drie"}})
    assert response.status_code == 400  # schema validation, a field error too


def test_an_employee_is_added_by_email_and_others_are_refused(hr_client):
    client, setup = hr_client
    url = f"/api/v1/development/matrices/{setup.matrix.pk}/rows"
    newcomer = make_member(Role.LEARNER, setup.employer, full_name="Nieuw")
    response = send(client, "post", url, {"employee_email": newcomer.email, "job_role": "Operator"})
    assert response.status_code == 201 and response.json()["job_role"] == "Operator"
    response = send(client, "post", url, {"employee_email": newcomer.email, "team": "Ploeg 1"})
    assert response.status_code == 200 and response.json()["team"] == "Ploeg 1"
    stranger = make_member(Role.LEARNER)
    response = send(
        client,
        "post",
        url,
        {"employee_email": stranger.email, "job_role": "Chef", "team": "Nacht"},
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"employee_email", "job_role", "team"}
    assert "allowed: Operator" in errors["job_role"] and "allowed: Ploeg 1" in errors["team"]
    assert not MatrixRow.objects.filter(employee=stranger).exists()
