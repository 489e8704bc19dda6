"""The development demo: the meat-processing employer's matrix and the framework file."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from trajectwijzer.accounts import services as account_services
from trajectwijzer.accounts.models import AccessLogEntry, Consent, ConsentScope, User
from trajectwijzer.catalogue import frameworks_io, importing
from trajectwijzer.catalogue.models import CompetenceFramework
from trajectwijzer.competences.models import AssessorRole
from trajectwijzer.demo import loader

from .. import demo, queries
from ..models import CompetenceMatrix, DevelopmentPlan, MatrixRow

pytestmark = pytest.mark.django_db


def test_the_demo_employer_has_a_twelve_employee_matrix_a_plan_and_the_framework_file():
    loader.load_demo()
    matrix = CompetenceMatrix.objects.get(title=demo.MATRIX_TITLE)
    views = queries.row_views(matrix)
    assert len(views) == 12 and matrix.job_roles.count() == 3
    teams = {team.name: team for team in queries.team_views(views)}
    assert teams["Uitsnijderij"].shows_figures and not teams["Logistiek"].shows_figures
    plan = DevelopmentPlan.objects.get(title=demo.PLAN_TITLE)
    assert plan.row.employee.email == demo.email_of(demo.PLAN_EMPLOYEE)
    assert {a.kind for g in plan.goals.all() for a in g.actions.all()} >= {"buddy"}

    childcare = CompetenceFramework.objects.get(code=demo.CHILDCARE_FRAMEWORK)
    assert childcare.competences.get(code="COM").translations["fr"]["title"]
    text = importing.decode(demo.CHILDCARE_FILE.read_bytes(), "file")
    result = frameworks_io.import_frameworks(frameworks_io.read_json(text, "file"))
    assert (result.created, result.updated, result.unchanged) == ([], [], [childcare.code])


def _cells_by_code(response, email):
    view = next(v for v in response.context["rows"] if v.row.employee.email == email)
    return {cell.competence.code: cell for cell in view.cells}


def test_the_demo_hr_matrix_shows_micoon_scores_by_role_only_with_the_learners_consent(client):
    loader.load_demo()
    hr = User.objects.get(email="hr@demo.trajectwijzer.be")
    learner = User.objects.get(email=demo.CARE_HOME_LEARNER)
    matrix = CompetenceMatrix.objects.get(title=demo.CARE_HOME_MATRIX)
    client.force_login(hr)

    index = client.get(reverse("development:index")).content.decode()
    assert demo.CARE_HOME_MATRIX in index  # the HR's main page is no longer empty

    with translation.override("nl"):
        mentor, teacher = str(AssessorRole.MENTOR.label), str(AssessorRole.TEACHER.label)
    response = client.get(reverse("development:matrix", args=[matrix.pk]))
    page = response.content.decode()
    cells = _cells_by_code(response, learner.email)
    scored = {code for code, cell in cells.items() if cell.source is not None}
    assert scored, "the learner's MICOON scores fill her row"
    assert all(cells[code].current == cells[code].source.rank > 0 for code in scored)
    assert {c.source.role for c in cells.values() if c.source} <= {"mentor", "teacher"}
    assert f"MICOON: {mentor}" in page or f"MICOON: {teacher}" in page
    assert AccessLogEntry.objects.filter(
        actor=hr, learner=learner, action="development.view_matrix_micoon"
    ).exists()
    row = MatrixRow.objects.get(matrix=matrix, employee=learner)
    row_page = client.get(reverse("development:row", args=[row.pk])).content.decode()
    assert "MICOON:" in row_page
    colleague = _cells_by_code(response, demo.email_of("els.wouters"))
    assert colleague["A"].source is None and colleague["A"].current == 3  # HR's own
    api = client.get(f"/api/v1/development/rows/{row.pk}").json()
    assert {c["competence"]: c["source"] for c in api["cells"] if c["source"]} == {
        code: cells[code].source.role for code in scored
    }

    consent = Consent.objects.active().get(
        learner=learner, scope=ConsentScope.ASSESSMENTS, recipient_organisation=matrix.organisation
    )
    account_services.withdraw_consent(learner, consent)
    AccessLogEntry.objects.filter(action="development.view_matrix_micoon").delete()

    response = client.get(reverse("development:matrix", args=[matrix.pk]))
    assert "MICOON:" not in response.content.decode()
    cells = _cells_by_code(response, learner.email)
    assert all(cell.source is None and cell.current == 0 for cell in cells.values())
    row_page = client.get(reverse("development:row", args=[row.pk])).content.decode()
    assert "MICOON:" not in row_page
    api = client.get(f"/api/v1/development/rows/{row.pk}").json()
    assert all(c["source"] is None and c["current"] == 0 for c in api["cells"])
    assert not AccessLogEntry.objects.filter(action="development.view_matrix_micoon").exists()
