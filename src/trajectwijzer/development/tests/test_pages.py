"""What the matrix, row and re-orientation pages do with good and bad input."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trajectwijzer.accounts.models import LinkKind, OrganisationKind, Role
from trajectwijzer.catalogue.models import Module, Qualification
from trajectwijzer.testing import link, make_member, make_organisation, make_programme

from ..models import CompetenceMatrix, LevelObservation, MatrixRow, RequiredLevel
from .builders import make_framework, make_setup

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def setup():
    return make_setup()


def test_hr_creates_a_matrix(client, setup):
    client.force_login(setup.hr)
    response = client.post(
        reverse("development:index"),
        {"organisation": setup.employer.pk, "title": "Logistiek", "framework": setup.framework.pk},
    )
    matrix = CompetenceMatrix.objects.get(title="Logistiek")
    assert response.status_code == 302 and matrix.organisation == setup.employer


def test_a_matrix_for_another_organisation_is_refused(client, setup):
    other = make_organisation(OrganisationKind.EMPLOYER)
    client.force_login(setup.hr)
    response = client.post(
        reverse("development:index"),
        {"organisation": other.pk, "title": "X", "framework": setup.framework.pk},
    )
    assert response.status_code == 403 and not CompetenceMatrix.objects.filter(title="X").exists()


def test_only_employees_of_the_organisation_can_be_added(client, setup):
    url = reverse("development:matrix", args=[setup.matrix.pk])
    outsider = make_member(Role.LEARNER, full_name="Olaf Outsider")
    linked = make_member(Role.LEARNER, full_name="Lina Linked")
    link(linked, LinkKind.EMPLOYER, organisation=setup.employer)
    client.force_login(setup.hr)
    page = client.get(url).content.decode()
    assert "Lina Linked" in page and "Olaf Outsider" not in page  # not offered
    response = client.post(url, {"form": "row", "row-employee": outsider.pk}, headers=EN)
    assert response.status_code == 200
    assert not MatrixRow.objects.filter(employee=outsider).exists()
    response = client.post(
        url,
        {"form": "row", "row-employee": linked.pk, "row-job_role": setup.job_role.pk},
        headers=EN,
    )
    assert response.status_code == 302
    assert MatrixRow.objects.get(employee=linked).job_role == setup.job_role


def test_a_job_role_is_saved_with_its_levels(client, setup):
    client.force_login(setup.hr)
    a, b, c = setup.framework.competences.order_by("position")
    response = client.post(
        reverse("development:matrix", args=[setup.matrix.pk]),
        {
            "form": "role",
            "role-title": "Magazijnier",
            f"role-level_{a.pk}": 2,
            f"role-level_{b.pk}": 0,
            f"role-level_{c.pk}": 4,
        },
    )
    assert response.status_code == 302
    levels = RequiredLevel.objects.filter(job_role__title="Magazijnier")
    assert {(r.competence.code, r.level) for r in levels} == {("A", 2), ("C", 4)}


def test_an_observation_in_the_future_is_refused_and_a_good_one_kept(client, setup):
    client.force_login(setup.team_leader)
    url = reverse("development:row", args=[setup.row_anna.pk])
    before = LevelObservation.objects.count()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {"form": "observation", "competence": setup.competence("C").pk, "level": 3}
    response = client.post(url, {**data, "observed_on": tomorrow}, headers=EN)
    assert "cannot be dated in the future" in response.content.decode()
    assert LevelObservation.objects.count() == before
    response = client.post(url, {**data, "observed_on": "2026-02-02", "note": "Goed"})
    assert response.status_code == 302
    observation = LevelObservation.objects.latest("pk")
    assert (observation.level, observation.observed_by) == (3, setup.team_leader)


def test_the_employee_sees_their_levels_and_history_but_no_observation_form(client, setup):
    client.force_login(setup.anna)
    page = client.get(
        reverse("development:row", args=[setup.row_anna.pk]), headers=EN
    ).content.decode()
    assert "History of observations" in page and "Tom Teamleider" in page
    assert "Record an observation" not in page


def test_the_matrix_page_ranks_gaps_and_logs_the_read_per_employee(client, setup):
    from trajectwijzer.accounts.models import AccessLogEntry

    client.force_login(setup.hr)
    page = client.get(
        reverse("development:matrix", args=[setup.matrix.pk]), headers=EN
    ).content.decode()
    logged = AccessLogEntry.objects.filter(actor=setup.hr, action="development.view_matrix")
    assert set(logged.values_list("learner_id", flat=True)) == {setup.anna.pk, setup.bert.pk}
    ranking = page[page.index("Gaps per employee") :]
    assert ranking.index("Bert Buur") < ranking.index("Anna Arbeider")
    assert "Team figures are shown for teams of 5 employees or more" in page


def test_self_assessment_results_with_exemptions_and_checklist(client):
    qualification = Qualification.objects.create(
        code="bk-y", title="Beroep Y", vks_level=4, kind="beroepskwalificatie",
        shortage_occupation=True,
    )  # fmt: skip
    framework = make_framework("y", competences=("Y1", "Y2"), qualification=qualification)
    programme = make_programme(framework=framework, title="Opleiding Y")
    y1, y2 = framework.competences.order_by("position")
    module = Module.objects.create(programme=programme, code="MY1", title="Module Y1")
    module.competences.set([y1])
    client.force_login(make_member(Role.LEARNER))
    url = reverse("development:reorientation")
    query = f"?source=self&framework={framework.pk}&assessed=1&c{y1.pk}=4&c{y2.pk}=abc"
    page = client.get(url + query, headers=EN).content.decode()
    assert "Beroep Y" in page and "50% covered" in page and "Shortage occupation" in page
    assert "MY1 Module Y1" in page
    assert "I am motivated to start the retraining and to see it through." in page
    assert page.count('type="checkbox"') == 5


def test_the_assessments_source_ranks_the_learners_own_programme_first(client):
    from trajectwijzer.competences import services as assessment_services
    from trajectwijzer.competences.tests.builders import make_cast

    cast = make_cast()
    top = cast.programme.framework.levels.order_by("rank").last().rank
    entries = [
        assessment_services.Entry(indicator.pk, top)
        for position in (0, 1)
        for indicator in cast.indicators(position)
    ]
    assessment_services.record_assessments(cast.learner, cast.learner, "self", entries)
    client.force_login(cast.learner)
    response = client.get(reverse("development:reorientation") + "?source=assessments", headers=EN)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your competence assessments" in page
    assert cast.programme.title in page and "100% covered" in page


def test_the_matrix_page_asks_the_same_number_of_queries_for_more_employees(client, setup):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("development:matrix", args=[setup.matrix.pk])
    client.force_login(setup.hr)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(10):
        employee = make_member(Role.LEARNER, setup.employer, full_name=f"Extra {number}")
        row = MatrixRow.objects.create(
            matrix=setup.matrix, employee=employee, job_role=setup.job_role, team=setup.team
        )
        LevelObservation.objects.create(
            row=row,
            competence=setup.competence("A"),
            level=2,
            observed_on=datetime.date(2026, 1, 5),
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
