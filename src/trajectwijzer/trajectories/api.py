"""API for study plans, mounted at /api/v1/trajectories/.

Bearer token or the browser session. What a person may not see answers 404, a change
they may not make 403, bad input 400 naming the field, and an adjustment based on an
outdated ``version`` 409 with the current version (nothing of it is stored).
"""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field, StringConstraints

from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import CleanText, FieldErrorOut, invalid_body

from . import queries, services

router = Router(tags=["trajectories"], auth=[ApiTokenAuth(), django_auth])

TermKey = Annotated[CleanText, StringConstraints(max_length=12)]
ModuleCode = Annotated[CleanText, StringConstraints(max_length=50)]


class StudyPlanErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut] = []
    current_version: int | None = None


class StudyPlanModuleOut(Schema):
    code: str
    title: str
    hours: int
    exempted_hours: int
    workplace_learning: bool
    fixed: bool


class StudyPlanTermOut(Schema):
    key: str
    academic_year: str
    number: int
    starts_on: str
    ends_on: str
    weeks: int
    capacity_hours: int
    load_hours: int
    modules: list[StudyPlanModuleOut]


class StudyPlanModelOut(Schema):
    completion_date: str | None
    terms: list[StudyPlanTermOut]


class StudyPlanWarningOut(Schema):
    code: str
    module: str
    term: str
    detail: str
    message: str


class StudyPlanOut(Schema):
    enrolment_id: int
    plan_id: int | None = None
    version: int | None = None
    change: str | None = None
    made_by: str | None = None
    made_at: str | None = None
    hours_per_week: int
    start: str
    placements: dict[str, str] = {}
    unavailable_terms: list[int] = []
    completion_date: str | None
    terms: list[StudyPlanTermOut]
    model: StudyPlanModelOut
    exempted: list[str]
    unplanned: list[str]
    warnings: list[StudyPlanWarningOut]


class StudyPlanPutIn(Schema):
    version: int = Field(ge=1)
    hours_per_week: int | None = Field(default=None, ge=0, le=1000)
    placements: dict[ModuleCode, TermKey] = Field(
        default_factory=dict, max_length=services.MAX_PLACEMENTS
    )
    unavailable_terms: list[int] | None = Field(default=None, max_length=6)


class StudyPlanPostIn(Schema):
    hours_per_week: int | None = Field(default=None, ge=0, le=1000)
    start: TermKey | None = None
    unavailable_terms: list[int] | None = Field(default=None, max_length=6)


class StudyPlanWhatIfIn(Schema):
    hours_per_week: int = Field(ge=0, le=1000)
    start: TermKey | None = None
    unavailable_terms: list[int] | None = Field(default=None, max_length=6)


def _out(enrolment_id: int, document: dict) -> dict:
    return {
        "enrolment_id": enrolment_id,
        **document,
        "warnings": [{**w, "message": services.warning_text(w)} for w in document["warnings"]],
    }


def _bad(error: ValidationError):
    return Status(400, invalid_body(error))


@router.get(
    "/enrolments/{enrolment_id}/plan",
    response={200: StudyPlanOut, 404: StudyPlanErrorOut},
    summary="The current version of an enrolment's study plan",
)
def get_plan(request: HttpRequest, enrolment_id: int):
    view = queries.plan_of(request.auth, enrolment_id, read="trajectories.api.plan")
    if view.version is None:
        return Status(404, {"detail": "No plan has been made for this enrolment yet."})
    return _out(enrolment_id, services.plan_document(view.version))


@router.post(
    "/enrolments/{enrolment_id}/plan",
    response={
        201: StudyPlanOut,
        400: StudyPlanErrorOut,
        403: StudyPlanErrorOut,
        404: StudyPlanErrorOut,
    },
    summary="Propose a plan (a new version) from the hours a week and the start moment",
)
def post_plan(request: HttpRequest, enrolment_id: int, payload: StudyPlanPostIn):
    enrolment = queries.enrolment_for_plan(request.auth, enrolment_id, log=False)
    try:
        version = services.propose_plan(
            request.auth,
            enrolment,
            hours_per_week=payload.hours_per_week,
            start=payload.start,
            unavailable_terms=payload.unavailable_terms,
        )
    except PermissionDenied:
        return Status(403, {"detail": "You may read this plan but not change it."})
    except ValidationError as error:
        return _bad(error)
    return Status(201, _out(enrolment_id, services.plan_document(version)))


@router.put(
    "/enrolments/{enrolment_id}/plan",
    response={
        200: StudyPlanOut,
        400: StudyPlanErrorOut,
        403: StudyPlanErrorOut,
        404: StudyPlanErrorOut,
        409: StudyPlanErrorOut,
    },
    summary="Save an adjusted plan; refused with 409 when it changed since `version`",
)
def put_plan(request: HttpRequest, enrolment_id: int, payload: StudyPlanPutIn):
    view = queries.plan_of(request.auth, enrolment_id, log=False)
    if view.plan is None:
        return Status(404, {"detail": "No plan has been made for this enrolment yet."})
    try:
        version = services.adjust_plan(
            request.auth,
            view.plan,
            version=payload.version,
            placements=dict(payload.placements),
            hours_per_week=payload.hours_per_week,
            unavailable_terms=payload.unavailable_terms,
        )
    except PermissionDenied:
        return Status(403, {"detail": "You may read this plan but not change it."})
    except services.PlanConflict as conflict:
        return Status(
            409,
            {
                "detail": "The plan changed since the version you adjusted; nothing was saved. "
                "Fetch the plan again and reapply your change.",
                "current_version": conflict.current_version,
            },
        )
    except ValidationError as error:
        return _bad(error)
    return _out(enrolment_id, services.plan_document(version))


@router.post(
    "/enrolments/{enrolment_id}/what-if",
    response={200: StudyPlanOut, 400: StudyPlanErrorOut, 404: StudyPlanErrorOut},
    summary="The plan with other hours a week or another start moment (nothing saved)",
)
def post_what_if(request: HttpRequest, enrolment_id: int, payload: StudyPlanWhatIfIn):
    enrolment = queries.enrolment_for_plan(
        request.auth, enrolment_id, read="trajectories.api.what_if"
    )
    try:
        document = services.what_if(
            request.auth,
            enrolment,
            hours_per_week=payload.hours_per_week,
            start=payload.start,
            unavailable_terms=payload.unavailable_terms,
        )
    except ValidationError as error:
        return _bad(error)
    return _out(enrolment_id, document)


# Persona at intake (issue #11, item 2) ---------------------------------------------------


class PersonaDecisionOut(Schema):
    number: int
    change: str
    persona: str
    persona_label: str
    work_related: bool
    own_organisation: bool
    quicksheet_persona: str
    quicksheet_explanation: str
    reason: str
    decided_by: str | None
    decided_at: str
    reduction_allowed: bool


class PersonaOut(Schema):
    enrolment_id: int
    persona: str | None
    reduction_allowed: bool
    current: PersonaDecisionOut | None
    history: list[PersonaDecisionOut]


class PersonaPutIn(Schema):
    work_related: bool
    own_organisation: bool
    persona: Annotated[CleanText, StringConstraints(max_length=20)] | None = None
    reason: Annotated[CleanText, StringConstraints(max_length=services.MAX_PERSONA_REASON)] = ""


def _persona_out(view: queries.PersonaView) -> dict:
    history = [queries.persona_document(d) for d in view.decisions]
    current = history[-1] if history else None
    return {
        "enrolment_id": view.enrolment.pk,
        "persona": current["persona"] if current else None,
        "reduction_allowed": bool(current and current["reduction_allowed"]),
        "current": current,
        "history": history,
    }


@router.get(
    "/enrolments/{enrolment_id}/persona",
    response={200: PersonaOut, 404: StudyPlanErrorOut},
    summary="An enrolment's persona, why, and every decision on it",
)
def get_persona(request: HttpRequest, enrolment_id: int):
    return _persona_out(
        queries.persona_of(request.auth, enrolment_id, read="trajectories.api.persona")
    )


@router.put(
    "/enrolments/{enrolment_id}/persona",
    response={200: PersonaOut, 400: StudyPlanErrorOut, 403: StudyPlanErrorOut,
              404: StudyPlanErrorOut},
    summary="Decide the persona at intake, or correct it (coach, with a reason)",
)  # fmt: skip
def put_persona(request: HttpRequest, enrolment_id: int, payload: PersonaPutIn):
    view = queries.persona_of(request.auth, enrolment_id, log=False)
    try:
        services.decide_persona(
            request.auth,
            view.enrolment,
            work_related=payload.work_related,
            own_organisation=payload.own_organisation,
            reason=payload.reason,
            persona=payload.persona,
        )
    except PermissionDenied:
        return Status(403, {"detail": "You may read this persona but not decide it."})
    except ValidationError as error:
        return _bad(error)
    return _persona_out(queries.persona_of(request.auth, enrolment_id, log=False))
