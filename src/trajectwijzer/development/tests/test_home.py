"""Home-page tasks of this part for employer HR, team leaders and learners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from trajectwijzer.accounts.models import OrganisationKind, Role
from trajectwijzer.testing import make_member, make_organisation

pytestmark = pytest.mark.django_db

MATRICES = reverse("development:index")
REORIENTATION = reverse("development:reorientation")


@pytest.mark.parametrize(
    ("role", "is_admin", "sees_matrices"),
    [
        (Role.EMPLOYER_HR, False, True),
        (Role.MENTOR, True, True),  # a team leader with organisation-admin rights
        (Role.MENTOR, False, False),
    ],
)
def test_the_matrices_task_for_employer_staff(client, role, is_admin, sees_matrices):
    employer = make_organisation(OrganisationKind.EMPLOYER)
    client.force_login(make_member(role, employer, is_admin=is_admin))
    page = client.get(reverse("web:home"), headers={"accept-language": "en"}).content.decode()
    assert ("Competence matrices" in page) is sees_matrices
    assert (f'href="{MATRICES}"' in page) is sees_matrices


def test_the_learner_tasks(client):
    client.force_login(make_member(Role.LEARNER))
    page = client.get(reverse("web:home"), headers={"accept-language": "en"}).content.decode()
    assert "My competences and development plan" in page and f'href="{MATRICES}"' in page
    assert "Re-orientation" in page and f'href="{REORIENTATION}"' in page


def test_the_tasks_are_translated(client):
    client.force_login(make_member(Role.LEARNER))
    page = client.get(reverse("web:home"), headers={"accept-language": "nl"}).content.decode()
    assert "Mijn competenties en ontwikkelingsplan" in page and "Heroriëntatie" in page
