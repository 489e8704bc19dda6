"""Competence matrices, development plans, re-orientation (issue #4).

Registered with accounts.policy at start-up. An employer's competence matrix is the
employer's own record of its employees' observed levels (seed 001 lines 987–1021: the
team leader observes). Its managers are the employer organisation's HR members and its
members with organisation-admin rights (e.g. a mentor acting as team leader). An
employee sees their own row and plans, never a colleague's. A development plan drafted
by a manager is a shared work document of employer and employee; a plan the employee
drafts is theirs: the managers see and change it only while the employee gives the
employer (or that manager) consent for ``plans``. Coaches and mentors linked to the
employee read plans like any personal data of scope ``plans`` (PersonalData), but only
the employee and the managers change them. Platform admins have no access through the
product. See docs/development.md.
"""

from __future__ import annotations

from typing import Any

from trajectwijzer.accounts.models import ConsentScope, Role, User
from trajectwijzer.accounts.policy import (
    active_memberships,
    consents_to,
    is_signed_in,
    register_rules,
    visible_personal_data_scopes,
)

MANAGE_MATRICES = "development.manage_matrices"  # obj: Organisation, or None (any)
MANAGE_MATRIX = "development.manage_matrix"  # obj: CompetenceMatrix
VIEW_MATRIX_ROW = "development.view_matrix_row"  # obj: MatrixRow
CREATE_PLAN = "development.create_plan"  # obj: MatrixRow
VIEW_PLAN = "development.view_plan"  # obj: DevelopmentPlan
CHANGE_PLAN = "development.change_plan"  # obj: DevelopmentPlan
USE_REORIENTATION = "development.use_reorientation"  # obj: None


def matrix_manager_organisations(user: User) -> set[int]:
    """Employer organisations whose competence matrices ``user`` manages."""
    return {
        m.organisation_id
        for m in active_memberships(user)
        if m.organisation.kind == "employer" and (m.role == Role.EMPLOYER_HR or m.is_admin)
    }


def _rule_manage_matrices(user: User, organisation: Any) -> bool:
    managed = matrix_manager_organisations(user)
    if organisation is None:
        return bool(managed)
    return organisation.pk in managed


def _rule_manage_matrix(user: User, matrix: Any) -> bool:
    return matrix.organisation_id in matrix_manager_organisations(user)


def _rule_view_matrix_row(user: User, row: Any) -> bool:
    if not is_signed_in(user):
        return False
    return row.employee_id == user.pk or _rule_manage_matrix(user, row.matrix)


def _rule_create_plan(user: User, row: Any) -> bool:
    return _rule_view_matrix_row(user, row)


def _manager_may_use_plan(user: User, plan: Any) -> bool:
    row = plan.row
    if not _rule_manage_matrix(user, row.matrix):
        return False
    if not plan.drafted_by_employee:
        return True
    return (
        consents_to(user, {row.matrix.organisation_id})
        .filter(learner_id=row.employee_id, scope=ConsentScope.PLANS)
        .exists()
    )


def _rule_change_plan(user: User, plan: Any) -> bool:
    if not is_signed_in(user):
        return False
    return plan.row.employee_id == user.pk or _manager_may_use_plan(user, plan)


def _rule_view_plan(user: User, plan: Any) -> bool:
    if _rule_change_plan(user, plan):
        return True
    employee = plan.row.employee
    return ConsentScope.PLANS in visible_personal_data_scopes(user, employee)


def _rule_use_reorientation(user: User, obj: Any) -> bool:
    return is_signed_in(user)


register_rules(
    {
        MANAGE_MATRICES: _rule_manage_matrices,
        MANAGE_MATRIX: _rule_manage_matrix,
        VIEW_MATRIX_ROW: _rule_view_matrix_row,
        CREATE_PLAN: _rule_create_plan,
        VIEW_PLAN: _rule_view_plan,
        CHANGE_PLAN: _rule_change_plan,
        USE_REORIENTATION: _rule_use_reorientation,
    }
)
