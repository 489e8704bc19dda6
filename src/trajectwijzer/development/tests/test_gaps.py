"""Gap computation and ranking per employee and per team."""

from __future__ import annotations

import datetime

import pytest

from trajectwijzer.accounts.models import Role
from trajectwijzer.testing import make_member

from .. import queries
from ..models import MatrixRow
from .builders import make_setup, observe

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return make_setup()


def test_the_current_level_is_the_latest_observation_and_history_stays(setup):
    view = queries.row_views(setup.matrix, [setup.row_anna])[0]
    cells = {cell.competence.code: cell for cell in view.cells}
    assert cells["A"].current == 2  # the later of 1 and 2
    assert setup.row_anna.observations.filter(competence__code="A").count() == 2


def test_gaps_are_desired_minus_current_with_unobserved_as_zero(setup):
    view = queries.row_views(setup.matrix, [setup.row_anna])[0]
    gaps = {cell.competence.code: cell.gap for cell in view.cells}
    # desired A3 B2 C4; current A2 B2 C- → gaps 1, 0, 4
    assert gaps == {"A": 1, "B": 0, "C": 4}
    assert view.total_gap == 5
    assert [cell.competence.code for cell in view.ranked_gaps()] == ["C", "A"]


def test_a_level_above_the_desired_one_is_no_negative_gap(setup):
    observe(setup.row_bert, setup.competence("B"), 4, datetime.date(2026, 2, 1))
    view = queries.row_views(setup.matrix, [setup.row_bert])[0]
    assert {c.competence.code: c.gap for c in view.cells}["B"] == 0


def test_employees_are_ranked_by_total_gap(setup):
    # Bert: A3 (gap 0), B- (gap 2), C- (gap 4) → 6; Anna → 5.
    ranked = queries.rank_employees(queries.row_views(setup.matrix))
    assert [v.row.employee.full_name for v in ranked] == ["Bert Buur", "Anna Arbeider"]
    assert [v.total_gap for v in ranked] == [6, 5]


def test_team_figures_only_from_the_minimum_team_size(setup):
    assert queries.MIN_TEAM_SIZE_FOR_FIGURES == 5
    teams = queries.team_views(queries.row_views(setup.matrix))
    assert teams[0].size == 2 and not teams[0].shows_figures and teams[0].gaps == []
    for number in range(3):
        employee = make_member(Role.LEARNER, setup.employer, full_name=f"Extra {number}")
        MatrixRow.objects.create(
            matrix=setup.matrix, employee=employee, job_role=setup.job_role, team=setup.team
        )
    teams = queries.team_views(queries.row_views(setup.matrix))
    team = teams[0]
    assert team.size == 5 and team.shows_figures
    by_code = {gap.competence.code: gap for gap in team.gaps}
    # C: nobody observed, desired 4 → mean 4.0 for all five; A: Anna 1, Bert 0, extras 3.
    assert by_code["C"].mean_gap == 4.0 and by_code["C"].employees_with_gap == 5
    assert by_code["A"].mean_gap == pytest.approx((1 + 0 + 3 * 3) / 5)
    assert team.gaps[0].competence.code == "C"


def test_a_row_without_job_role_has_no_gaps(setup):
    setup.row_anna.job_role = None
    setup.row_anna.save()
    view = queries.row_views(setup.matrix, [setup.row_anna])[0]
    assert view.total_gap == 0 and view.ranked_gaps() == []
