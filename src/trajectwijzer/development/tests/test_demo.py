"""The development demo: the meat-processing employer's matrix and the framework file."""

from __future__ import annotations

import pytest

from trajectwijzer.catalogue import frameworks_io, importing
from trajectwijzer.catalogue.models import CompetenceFramework
from trajectwijzer.demo import loader

from .. import demo, queries
from ..models import CompetenceMatrix, DevelopmentPlan

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
