"""API for competence matrices and development plans, mounted at /api/v1/development/.

Bearer token (``ApiTokenAuth``) or the browser session. The policy decides as on the
pages: what a person may not see answers 404, a change they may not make 403, bad
input 400 with the field and the problem, and a plan saved from an outdated
``version`` 409 with the current version (nothing of that change is stored).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field, StringConstraints

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner_record, log_access
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import NOT_FOUND, CleanText, FieldErrorOut

from . import matching, queries, rules, services
from .models import CompetenceMatrix, JobRole, MatrixRow

router = Router(tags=["development"], auth=[ApiTokenAuth(), django_auth])


# The most a request may carry; over it is a 400 naming the field (docs/development.md).
MAX_PLAN_GOALS = 200
MAX_GOAL_ACTIONS = 20
MAX_JOB_ROLE_LEVELS = 500
JOB_ROLE_TITLE_MAX_LENGTH = JobRole._meta.get_field("title").max_length
# The title in the URL: longer than the stored column is a 400, never a database error.
JobRoleTitle = Annotated[CleanText, StringConstraints(max_length=JOB_ROLE_TITLE_MAX_LENGTH)]


class DevelopmentErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []
    current_version: int | None = None


ErrorOut = DevelopmentErrorOut


class MatrixOut(Schema):
    id: int
    title: str
    organisation: str
    framework: str


class CellOut(Schema):
    competence: str
    current: int
    desired: int
    gap: int
    observed_on: dt.date | None
    observed_by: str | None
    source: str | None = Field(
        None,
        description=(
            "Where the current level comes from: null for the matrix's own observation, "
            "'mentor' or 'teacher' for the employee's MICOON score by that role (shown "
            "only with her consent for assessments to the employer)"
        ),
    )


class RowOut(Schema):
    id: int
    employee: str
    job_role: str | None
    team: str | None
    total_gap: int
    cells: list[CellOut]


class MatrixDetailOut(MatrixOut):
    rows: list[RowOut]


class RowIn(Schema):
    employee_email: CleanText
    job_role: CleanText | None = None
    team: CleanText | None = None


class JobRoleIn(Schema):
    levels: dict[CleanText, int] = Field(
        max_length=MAX_JOB_ROLE_LEVELS,
        description="Desired level per competence code (0 = none), "
        f"at most {MAX_JOB_ROLE_LEVELS} competences.",
    )
    description: CleanText = ""


class JobRoleOut(Schema):
    id: int
    title: str
    levels: dict[str, int]


class ObservationIn(Schema):
    competence: CleanText
    level: int
    observed_on: dt.date | None = None
    note: CleanText = ""


class ObservationOut(Schema):
    id: int
    competence: str
    level: int
    observed_on: dt.date


class ActionIn(Schema):
    kind: CleanText
    programme_id: int | None = None
    module_id: int | None = None
    description: CleanText | None = None
    target_date: dt.date | None = None
    status: CleanText | None = None


class GoalIn(Schema):
    competence: CleanText
    target_level: int
    target_date: dt.date | None = None
    status: CleanText | None = None
    description: CleanText | None = None
    actions: list[ActionIn] = Field(
        default=[], max_length=MAX_GOAL_ACTIONS, description=f"At most {MAX_GOAL_ACTIONS}."
    )


class PlanIn(Schema):
    title: CleanText
    status: CleanText | None = None
    note: CleanText | None = None
    goals: list[GoalIn] = Field(
        default=[], max_length=MAX_PLAN_GOALS, description=f"At most {MAX_PLAN_GOALS}."
    )


class PlanPutIn(PlanIn):
    version: int


class ActionOut(Schema):
    kind: str
    programme_id: int | None
    module_id: int | None
    description: str
    target_date: str | None
    status: str


class GoalOut(Schema):
    competence: str
    target_level: int
    target_date: str | None
    status: str
    description: str
    actions: list[ActionOut]


class PlanOut(Schema):
    id: int
    version: int
    employee: str
    matrix_id: int
    title: str
    status: str
    note: str
    drafted_by_employee: bool
    goals: list[GoalOut]


class MatchOut(Schema):
    kind: str
    id: int
    title: str
    coverage: float
    shortage_occupation: bool
    proposed_exemptions: list[str]


def _errors(error: services.InputError) -> Status:
    return Status(
        400,
        {
            "detail": "Invalid input.",
            "errors": [{"field": f, "message": m} for f, m in error.errors],
        },
    )


def _matrix_out(matrix: CompetenceMatrix) -> dict:
    return {
        "id": matrix.pk,
        "title": matrix.title,
        "organisation": matrix.organisation.name,
        "framework": matrix.framework.code,
    }


def _row_out(view: queries.RowView) -> dict:
    return {
        "id": view.row.pk,
        "employee": view.row.employee.full_name,
        "job_role": view.row.job_role.title if view.row.job_role else None,
        "team": view.row.team.name if view.row.team else None,
        "total_gap": view.total_gap,
        "cells": [
            {
                "competence": cell.competence.code,
                "current": cell.current,
                "desired": cell.desired,
                "gap": cell.gap,
                "observed_on": cell.observed_on,
                "observed_by": (
                    cell.observation.observed_by.full_name
                    if cell.source is None and cell.observation and cell.observation.observed_by
                    else None
                ),
                "source": cell.source.role if cell.source else None,
            }
            for cell in view.cells
        ],
    }


def _visible_row(request: HttpRequest, pk: int, *, reading: bool) -> MatrixRow:
    """The row if the caller may see it, else 404 (accounts.access); a read is logged."""
    row = (
        MatrixRow.objects.select_related("matrix__organisation", "matrix__framework", "employee")
        .filter(pk=pk)
        .first()
    )
    return access_learner_record(
        request.auth,
        row,
        rules.VIEW_MATRIX_ROW,
        learner=row and row.employee_id,
        read="development.api.view_row",
        log=reading,
    )


@router.get("/matrices", response=list[MatrixOut], summary="The matrices you manage")
def list_matrices(request: HttpRequest):
    return [_matrix_out(m) for m in queries.managed_matrices(request.auth)]


@router.get(
    "/matrices/{matrix_id}",
    response={200: MatrixDetailOut, 404: ErrorOut},
    summary="A matrix with every employee's current and desired levels",
)
def get_matrix(request: HttpRequest, matrix_id: int):
    matrix = _managed(request, matrix_id)
    if matrix is None:
        return Status(404, NOT_FOUND)
    views = queries.row_views(matrix, viewer=request.auth)
    log_access(
        request.auth, [view.row.employee_id for view in views], "development.api.view_matrix"
    )
    log_access(request.auth, queries.shared_learner_ids(views), "development.view_matrix_micoon")
    return {**_matrix_out(matrix), "rows": [_row_out(v) for v in views]}


def _managed(request: HttpRequest, matrix_id: int) -> CompetenceMatrix | None:
    matrix = (
        CompetenceMatrix.objects.select_related("organisation", "framework")
        .filter(pk=matrix_id)
        .first()
    )
    if matrix is None or not policy.can(request.auth, rules.MANAGE_MATRIX, matrix):
        return None
    return matrix


@router.put(
    "/matrices/{matrix_id}/job-roles/{title}",
    response={200: JobRoleOut, 400: ErrorOut, 404: ErrorOut},
    summary="Create or change a job role with its desired level per competence code",
)
def put_job_role(request: HttpRequest, matrix_id: int, title: JobRoleTitle, payload: JobRoleIn):
    matrix = _managed(request, matrix_id)
    if matrix is None:
        return Status(404, NOT_FOUND)
    try:
        job_role = services.save_job_role(
            request.auth, matrix, title, payload.levels, description=payload.description
        )
    except services.InputError as error:
        return _errors(error)
    levels = {
        r.competence.code: r.level for r in job_role.requirements.select_related("competence")
    }
    return {"id": job_role.pk, "title": job_role.title, "levels": levels}


@router.post(
    "/matrices/{matrix_id}/rows",
    response={200: RowOut, 201: RowOut, 400: ErrorOut, 404: ErrorOut},
    summary="Put an employee (an existing account) in the matrix (201), or change their "
    "job role and team (200)",
)
def post_row(request: HttpRequest, matrix_id: int, payload: RowIn):
    from trajectwijzer.accounts.models import User

    matrix = _managed(request, matrix_id)
    if matrix is None:
        return Status(404, NOT_FOUND)
    errors = []
    employee = User.objects.filter(email__iexact=payload.employee_email.strip()).first()
    if employee is None or not services.is_employee_of(employee, matrix.organisation):
        errors.append(("employee_email", "not an employee of this organisation on the platform"))
    job_role = team = None
    if payload.job_role:
        job_role = matrix.job_roles.filter(title=payload.job_role).first()
        if job_role is None:
            allowed = ", ".join(matrix.job_roles.values_list("title", flat=True))
            errors.append(("job_role", f"unknown job role (allowed: {allowed})"))
    if payload.team:
        team = matrix.teams.filter(name=payload.team).first()
        if team is None:
            allowed = ", ".join(matrix.teams.values_list("name", flat=True))
            errors.append(("team", f"unknown team (allowed: {allowed})"))
    if errors:
        return _errors(services.InputError(errors))
    existed = MatrixRow.objects.filter(matrix=matrix, employee=employee).exists()
    try:
        row = services.add_row(request.auth, matrix, employee, job_role=job_role, team=team)
    except services.InputError as error:
        return _errors(error)
    return Status(200 if existed else 201, _row_out(queries.row_views(matrix, [row])[0]))


@router.get("/rows/{row_id}", response={200: RowOut, 404: ErrorOut}, summary="One employee's row")
def get_row(request: HttpRequest, row_id: int):
    row = _visible_row(request, row_id, reading=True)
    view = queries.row_views(row.matrix, [row], viewer=request.auth)[0]
    log_access(request.auth, queries.shared_learner_ids([view]), "development.view_matrix_micoon")
    return _row_out(view)


@router.post(
    "/rows/{row_id}/observations",
    response={201: ObservationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record an observed level (earlier observations stay as history)",
)
def post_observation(request: HttpRequest, row_id: int, payload: ObservationIn):
    row = _visible_row(request, row_id, reading=False)
    try:
        observation = services.record_observation(
            request.auth,
            row,
            payload.competence,
            payload.level,
            observed_on=payload.observed_on,
            note=payload.note,
        )
    except PermissionDenied:
        return Status(403, {"detail": "Only the matrix's managers record observations."})
    except services.InputError as error:
        return _errors(error)
    return Status(
        201,
        {
            "id": observation.pk,
            "competence": observation.competence.code,
            "level": observation.level,
            "observed_on": observation.observed_on,
        },
    )


@router.get(
    "/rows/{row_id}/plans",
    response={200: list[PlanOut], 404: ErrorOut},
    summary="The development plans of a row you may see",
)
def list_plans(request: HttpRequest, row_id: int):
    row = _visible_row(request, row_id, reading=True)
    return [services.plan_document(p) for p in queries.visible_plans(request.auth, row)]


@router.post(
    "/rows/{row_id}/plans",
    response={201: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Draft a development plan for a row",
)
def post_plan(request: HttpRequest, row_id: int, payload: PlanIn):
    row = _visible_row(request, row_id, reading=False)
    try:
        plan = services.create_plan(request.auth, row, payload.model_dump(mode="json"))
    except PermissionDenied:
        return Status(403, {"detail": "You may not draft plans for this row."})
    except services.InputError as error:
        return _errors(error)
    return Status(201, services.plan_document(queries.plan_detail(plan.pk)))


def _visible_plan(request: HttpRequest, plan_id: int, *, reading: bool):
    """The plan if the caller may see it, else 404 (accounts.access); a read is logged."""
    plan = queries.plan_detail(plan_id)
    return access_learner_record(
        request.auth,
        plan,
        rules.VIEW_PLAN,
        learner=plan and plan.row.employee_id,
        read="development.api.plan",
        log=reading,
    )


@router.get("/plans/{plan_id}", response={200: PlanOut, 404: ErrorOut}, summary="One plan")
def get_plan(request: HttpRequest, plan_id: int):
    plan = _visible_plan(request, plan_id, reading=True)
    return services.plan_document(plan)


@router.put(
    "/plans/{plan_id}",
    response={200: PlanOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Replace a plan's content; refused with 409 when it changed since `version`",
)
def put_plan(request: HttpRequest, plan_id: int, payload: PlanPutIn):
    plan = _visible_plan(request, plan_id, reading=False)
    data = payload.model_dump(mode="json")
    version = data.pop("version")
    try:
        services.save_plan(request.auth, plan, data, version)
    except PermissionDenied:
        return Status(403, {"detail": "You may read this plan but not change it."})
    except services.PlanConflict as conflict:
        return Status(
            409,
            {
                "detail": "The plan changed since the version you edited; nothing was saved. "
                "Fetch the plan again and reapply your change.",
                "current_version": conflict.current_version,
            },
        )
    except services.InputError as error:
        return _errors(error)
    return services.plan_document(queries.plan_detail(plan_id))


@router.get(
    "/rows/{row_id}/reorientation",
    response={200: list[MatchOut], 404: ErrorOut},
    summary="Qualifications and programmes ranked by how much of them the row's levels cover",
)
def reorientation(request: HttpRequest, row_id: int):
    row = _visible_row(request, row_id, reading=True)
    results = matching.match(matching.profile_from_row(row))
    return [
        {
            "kind": m.kind,
            "id": m.target.pk,
            "title": m.target.title,
            "coverage": round(m.coverage, 4),
            "shortage_occupation": m.shortage_occupation,
            "proposed_exemptions": [e.module.code for e in m.exemptions],
        }
        for kind in ("qualification", "programme")
        for m in results[kind]
    ]
