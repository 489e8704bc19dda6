"""Recognition API, mounted at /api/v1/recognition/ (bearer token or the browser session).

The same permissions as the pages (``rules.py``): a request the caller may not see —
or its evidence and judgements, for those who see only its status — answers the one
404 body (``accounts.access``), whether it exists or not; a change the caller may not
make on a request they see answers 403; bad input 400 naming the field and what is
allowed (a service's ValidationError, through ``api/urls.py``). Every staff read of a
request, its evidence or judgements is logged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.security import django_auth
from pydantic import Field, StringConstraints

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import LearnerNotAccessible, log_access
from trajectwijzer.accounts.models import User
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import NOT_FOUND, CleanText, ErrorOut

from . import queries, rules, services
from .models import (
    AssessorRole,
    CompetenceCertificate,
    Decision,
    Evidence,
    EvidenceMapping,
    ProcedureVersion,
    Request,
)

router = Router(tags=["recognition"], auth=[ApiTokenAuth(), django_auth])

MAX_MODULES = 50
MAX_GROUNDS = 3
MAX_OUTCOMES = 100
MAX_JUDGEMENTS = 100
MAX_CRITERIA = 20
MAX_DECISIONS = 50
StepKey = Annotated[CleanText, StringConstraints(max_length=60)]


# Schemas --------------------------------------------------------------------------------


class StepDefinitionOut(Schema):
    key: str
    type: str
    title: str
    assessor_role: str
    assesses: list[str]
    max_duration_days: int
    waits_on: str
    needed: str


class ProcedureOut(Schema):
    slug: str
    version: int
    provider: str
    title: str
    description: str
    grounds: list[str]
    target_programme: str
    target_modules: list[str]
    deciding_role: str
    appeal_allowed: bool
    deadline: str | None


class ProcedureDetailOut(ProcedureOut):
    steps: list[StepDefinitionOut]


class RequestIn(Schema):
    procedure: CleanText = Field(max_length=80)
    learner_id: int | None = Field(None, description="Default: yourself.")
    modules: list[int] = Field(default=[], max_length=MAX_MODULES)
    grounds: list[CleanText] = Field(max_length=MAX_GROUNDS)
    motivation: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)
    started_as: CleanText | None = Field(None, max_length=20)
    submit: bool = False


class RequestOut(Schema):
    id: str
    learner_id: int
    learner: str
    procedure: str
    version: int
    provider: str
    status: str
    started_as: str
    modules: list[str]
    grounds: list[str]
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    closed_at: dt.datetime | None


class StepOut(Schema):
    key: str
    title: str
    status: str
    waits_on: str
    due_on: dt.date | None
    overdue: bool
    minutes_spent: int


class DecisionOut(Schema):
    id: int
    module: str
    outcome: str
    hours_exempted: int | None
    credits_exempted: Decimal | None
    internship_weeks_reduced: int | None
    remaining_part: str
    reasoning: str
    decided_as: str
    communicated: bool
    valid_from: dt.date
    valid_until: dt.date | None
    supersedes: int | None
    in_force: bool


class AssignmentOut(Schema):
    assessor_id: int
    assessor: str
    role: str


class RequestDetailOut(RequestOut):
    motivation: str
    not_admissible_reason: str
    steps: list[StepOut]
    decisions: list[DecisionOut]
    assignments: list[AssignmentOut]
    certificate: str | None


class ReasonIn(Schema):
    reason: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class AdmissibilityIn(ReasonIn):
    admissible: bool


class AssessorIn(Schema):
    assessor_id: int
    role: CleanText = Field(AssessorRole.ASSESSOR, max_length=20)


class MappingOut(Schema):
    id: int
    competence: str
    indicator: str | None
    judgement: str
    comment: str


class EvidenceOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    dated_on: dt.date
    url: str
    content_type: str
    size: int
    download_url: str | None = Field(
        description="The file, for those who may read it (a page: attachment, no-store)"
    )
    mappings: list[MappingOut]


class EvidenceIn(Schema):
    kind: CleanText = Field(max_length=10)
    title: CleanText = Field(max_length=200)
    dated_on: CleanText = Field(max_length=10, description="YYYY-MM-DD")
    description: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)
    url: CleanText = Field("", max_length=500)


class OutcomeIn(Schema):
    competence_id: int
    indicator_id: int | None = None


class MappingsIn(Schema):
    outcomes: list[OutcomeIn] = Field(max_length=MAX_OUTCOMES)


class MappingJudgementIn(Schema):
    judgement: CleanText = Field(max_length=20)
    comment: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class JudgementIn(Schema):
    competence: CleanText = Field(max_length=50, description="Competence code")
    value: CleanText = Field(max_length=40)
    criteria: dict[Annotated[CleanText, StringConstraints(max_length=60)], CleanText] = Field(
        default={}, max_length=MAX_CRITERIA
    )
    comment: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class JudgementsIn(Schema):
    judgements: list[JudgementIn] = Field(max_length=MAX_JUDGEMENTS)
    minutes_spent: int = Field(0, ge=0, le=100000)


class JudgementOut(Schema):
    id: int
    step: str
    competence: str
    value: str
    criteria: dict[str, str]
    comment: str
    assessor: str | None
    recorded_at: dt.datetime


class CompleteStepIn(Schema):
    passed: bool | None = None
    minutes_spent: int = Field(0, ge=0, le=100000)
    note: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class DecisionIn(Schema):
    module: int
    outcome: CleanText = Field(max_length=20)
    hours_exempted: int | None = Field(None, ge=0, le=100000)
    credits_exempted: Decimal | None = Field(None, ge=0, le=1000)
    internship_weeks_reduced: int | None = Field(None, ge=0, le=520)
    remaining_part: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)
    reasoning: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class DecisionsIn(Schema):
    decisions: list[DecisionIn] = Field(max_length=MAX_DECISIONS)
    valid_from: dt.date | None = None


class SupersedeIn(Schema):
    outcome: CleanText = Field(max_length=20)
    hours_exempted: int | None = Field(None, ge=0, le=100000)
    credits_exempted: Decimal | None = Field(None, ge=0, le=1000)
    internship_weeks_reduced: int | None = Field(None, ge=0, le=520)
    remaining_part: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)
    reasoning: CleanText = Field("", max_length=services.MAX_TEXT_LENGTH)


class ProposedOut(Schema):
    module_id: int
    module: str
    outcome: str
    hours_exempted: int | None
    credits_exempted: Decimal | None
    internship_weeks_reduced: int | None
    reason: str


# Helpers ------------------------------------------------------------------------------------


def _procedure_out(version: ProcedureVersion, *, steps: bool = False) -> dict:
    proc = queries.procedure_of(version)
    out = {
        "slug": proc.slug,
        "version": version.version,
        "provider": proc.provider,
        "title": str(proc.title),
        "description": str(proc.description),
        "grounds": list(proc.grounds),
        "target_programme": proc.target.programme,
        "target_modules": list(proc.target.modules),
        "deciding_role": proc.deciding_role,
        "appeal_allowed": proc.appeal_allowed,
        "deadline": (
            f"{proc.deadline.month:02d}-{proc.deadline.day:02d}" if proc.deadline else None
        ),
    }
    if steps:
        out["steps"] = [
            {
                "key": s.key,
                "type": s.type,
                "title": str(s.title),
                "assessor_role": s.assessor_role,
                "assesses": list(s.assesses),
                "max_duration_days": s.max_duration_days,
                "waits_on": s.waits_on,
                "needed": "always" if not s.needed_when.step_keys() else "if needed",
            }
            for s in proc.steps
        ]
    return out


def _request_out(rec: Request) -> dict:
    return {
        "id": str(rec.public_id),
        "learner_id": rec.learner_id,
        "learner": rec.learner.full_name,
        "procedure": rec.procedure_version.procedure,
        "version": rec.procedure_version.version,
        "provider": rec.provider.name,
        "status": rec.status,
        "started_as": rec.started_as,
        "modules": [m.code for m in rec.modules.order_by("position", "code")],
        "grounds": list(rec.grounds),
        "created_at": rec.created_at,
        "submitted_at": rec.submitted_at,
        "decided_at": rec.decided_at,
        "closed_at": rec.closed_at,
    }


def _decision_out(decision: Decision, on: dt.date) -> dict:
    in_force = (
        decision.communicated_at is not None
        and not _superseded(decision)
        and decision.valid_from <= on
        and (decision.valid_until is None or decision.valid_until >= on)
    )
    return {
        "id": decision.pk,
        "module": decision.module.code,
        "outcome": decision.outcome,
        "hours_exempted": decision.hours_exempted,
        "credits_exempted": decision.credits_exempted,
        "internship_weeks_reduced": decision.internship_weeks_reduced,
        "remaining_part": decision.remaining_part,
        "reasoning": decision.reasoning,
        "decided_as": decision.decided_as,
        "communicated": decision.communicated_at is not None,
        "valid_from": decision.valid_from,
        "valid_until": decision.valid_until,
        "supersedes": decision.supersedes_id,
        "in_force": in_force,
    }


def _superseded(decision: Decision) -> bool:
    return Decision.objects.filter(supersedes=decision).exists()


def _detail_out(rec: Request) -> dict:
    from django.utils import timezone

    today = timezone.localdate()
    certificate = CompetenceCertificate.objects.filter(request=rec).first()
    return {
        **_request_out(rec),
        "motivation": rec.motivation,
        "not_admissible_reason": rec.not_admissible_reason,
        "steps": [
            {
                "key": v.record.step_key,
                "title": v.title,
                "status": v.record.status,
                "waits_on": v.waits_on,
                "due_on": v.record.due_on,
                "overdue": v.overdue,
                "minutes_spent": v.record.minutes_spent,
            }
            for v in queries.steps_of(rec, on=today)
        ],
        "decisions": [_decision_out(d, today) for d in queries.decisions_of(rec)],
        "assignments": [
            {"assessor_id": a.assessor_id, "assessor": a.assessor.full_name, "role": a.role}
            for a in rec.assignments.filter(ended_at__isnull=True).select_related("assessor")
        ],
        "certificate": certificate.number if certificate else None,
    }


def _evidence_out(evidence: Evidence) -> dict:
    return {
        "id": evidence.pk,
        "kind": evidence.kind,
        "title": evidence.title,
        "description": evidence.description,
        "dated_on": evidence.dated_on,
        "url": evidence.url,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "download_url": (
            reverse("recognition:evidence", args=[evidence.pk]) if evidence.file else None
        ),
        "mappings": [
            {
                "id": m.pk,
                "competence": m.competence.code,
                "indicator": m.indicator.code if m.indicator else None,
                "judgement": m.judgement,
                "comment": m.comment,
            }
            for m in evidence.mappings.all()
        ],
    }


def _visible(request: HttpRequest, public_id: str, *, log: bool = False) -> Request:
    """The request if the caller may see it (its status), else the one 404."""
    return queries.request_detail(request.auth, public_id, log=log, read="recognition.api.request")


FORBIDDEN = {"detail": "You may not do this on this request."}


def _forbidden() -> Status:
    return Status(403, FORBIDDEN)


# Procedures -------------------------------------------------------------------------------


@router.get("/procedures", response=list[ProcedureOut], summary="The current procedures")
def list_procedures(request: HttpRequest):
    policy.require(request.auth, rules.VIEW_PROCEDURES)
    return [
        _procedure_out(v)
        for v in ProcedureVersion.objects.filter(is_current=True).order_by("procedure")
    ]


@router.get(
    "/procedures/{slug}",
    response={200: ProcedureDetailOut, 404: ErrorOut},
    summary="A procedure with its steps",
)
def get_procedure(
    request: HttpRequest, slug: Annotated[CleanText, StringConstraints(max_length=80)]
):
    version = ProcedureVersion.objects.filter(procedure=slug, is_current=True).first()
    if version is None:
        return Status(404, NOT_FOUND)
    return _procedure_out(version, steps=True)


# Requests --------------------------------------------------------------------------------------


@router.get("/requests", response=list[RequestOut], summary="The requests you may see")
def list_requests(request: HttpRequest):
    return [_request_out(r) for r in queries.requests_for(request.auth)]


@router.post(
    "/requests",
    response={201: RequestDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Start a request (for yourself, or for a learner you stand beside)",
)
def create_request(request: HttpRequest, payload: RequestIn):
    learner = request.auth
    if payload.learner_id is not None and payload.learner_id != request.auth.pk:
        learner = User.objects.filter(pk=payload.learner_id, is_active=True).first()
        if learner is None or not policy.can(request.auth, policy.VIEW_LEARNER, learner):
            return Status(404, NOT_FOUND)
    try:
        rec = services.start_request(
            request.auth,
            learner,
            procedure=payload.procedure,
            modules=payload.modules,
            grounds=payload.grounds,
            motivation=payload.motivation,
            started_as=payload.started_as,
            submit=payload.submit,
        )
    except PermissionDenied:
        return _forbidden()
    return Status(201, _detail_out(rec))


@router.get(
    "/requests/{public_id}",
    response={200: RequestDetailOut, 404: ErrorOut},
    summary="A request: status, steps, assessors, decisions",
)
def get_request(request: HttpRequest, public_id: str):
    return _detail_out(_visible(request, public_id, log=True))


def _act(request: HttpRequest, public_id: str, action, **kwargs):
    rec = _visible(request, public_id)
    try:
        action(request.auth, rec, **kwargs)
    except PermissionDenied:
        return _forbidden()
    rec.refresh_from_db()
    return _detail_out(rec)


ACTION_RESPONSES = {200: RequestDetailOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


@router.post("/requests/{public_id}/submit", response=ACTION_RESPONSES, summary="Submit a draft")
def submit_request(request: HttpRequest, public_id: str):
    return _act(request, public_id, services.submit_request)


@router.post(
    "/requests/{public_id}/withdraw", response=ACTION_RESPONSES, summary="Withdraw (learner)"
)
def withdraw_request(request: HttpRequest, public_id: str, payload: ReasonIn):
    return _act(request, public_id, services.withdraw_request, reason=payload.reason)


@router.post(
    "/requests/{public_id}/admissibility",
    response=ACTION_RESPONSES,
    summary="Admissible or not, with the reason (provider admin)",
)
def decide_admissibility(request: HttpRequest, public_id: str, payload: AdmissibilityIn):
    return _act(
        request,
        public_id,
        services.decide_admissibility,
        admissible=payload.admissible,
        reason=payload.reason,
    )


@router.post(
    "/requests/{public_id}/assessors",
    response=ACTION_RESPONSES,
    summary="Assign an assessor (provider admin)",
)
def assign_assessor(request: HttpRequest, public_id: str, payload: AssessorIn):
    rec = _visible(request, public_id)
    if not policy.can(request.auth, rules.MANAGE_REQUEST, rec):
        return _forbidden()
    assessor = User.objects.filter(pk=payload.assessor_id).first()
    services.assign_assessor(request.auth, rec, assessor, role=payload.role)
    rec.refresh_from_db()
    return _detail_out(rec)


@router.post("/requests/{public_id}/appeal", response=ACTION_RESPONSES, summary="Appeal")
def appeal(request: HttpRequest, public_id: str, payload: ReasonIn):
    return _act(request, public_id, services.appeal, reason=payload.reason)


@router.post(
    "/requests/{public_id}/close", response=ACTION_RESPONSES, summary="Close (provider admin)"
)
def close_request(request: HttpRequest, public_id: str, payload: ReasonIn):
    return _act(request, public_id, services.close_request, reason=payload.reason)


# Evidence ------------------------------------------------------------------------------------


@router.get(
    "/requests/{public_id}/evidence",
    response={200: list[EvidenceOut], 404: ErrorOut},
    summary="The request's evidence and its mappings (learner, assessors, with consent)",
)
def list_evidence(request: HttpRequest, public_id: str):
    rec = _visible(request, public_id)
    return [_evidence_out(e) for e in queries.evidence_of(request.auth, rec)]


@router.post(
    "/requests/{public_id}/evidence",
    response={201: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add a file (multipart: PDF, JPEG, PNG, ODT or DOCX) or a link",
)
def add_evidence(
    request: HttpRequest,
    public_id: str,
    payload: Form[EvidenceIn],
    upload: File[UploadedFile] = None,
):
    rec = _visible(request, public_id)
    try:
        evidence = services.add_evidence(
            request.auth,
            rec,
            kind=payload.kind,
            title=payload.title,
            dated_on=payload.dated_on,
            description=payload.description,
            upload=upload,
            url=payload.url,
        )
    except PermissionDenied:
        return _forbidden()
    return Status(201, _evidence_out(evidence))


@router.post(
    "/requests/{public_id}/evidence/micoon",
    response={201: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add your current MICOON scores for the target competences as evidence",
)
def add_micoon_evidence(request: HttpRequest, public_id: str):
    rec = _visible(request, public_id)
    try:
        evidence = services.add_micoon_evidence(request.auth, rec)
    except PermissionDenied:
        return _forbidden()
    return Status(201, _evidence_out(evidence))


def _evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    evidence = Evidence.objects.select_related("request").filter(pk=evidence_id).first()
    if evidence is None:
        raise LearnerNotAccessible
    queries.request_detail(request.auth, evidence.request.public_id, log=False)
    return evidence


@router.post(
    "/evidence/{evidence_id}/mappings",
    response={200: EvidenceOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Map evidence to learning outcomes (competences or their indicators)",
)
def map_evidence(request: HttpRequest, evidence_id: int, payload: MappingsIn):
    evidence = _evidence(request, evidence_id)
    try:
        services.map_evidence(
            request.auth,
            evidence,
            outcomes=[(o.competence_id, o.indicator_id) for o in payload.outcomes],
        )
    except PermissionDenied:
        return _forbidden()
    return _evidence_out(evidence)


@router.post(
    "/mappings/{mapping_id}/judgement",
    response={200: MappingOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Judge a mapping: sufficient, insufficient or needs more (assessor)",
)
def judge_mapping(request: HttpRequest, mapping_id: int, payload: MappingJudgementIn):
    mapping = (
        EvidenceMapping.objects.select_related("request", "competence", "indicator")
        .filter(pk=mapping_id)
        .first()
    )
    if mapping is None:
        raise LearnerNotAccessible
    queries.request_detail(request.auth, mapping.request.public_id, log=False)
    try:
        services.judge_mapping(
            request.auth, mapping, judgement=payload.judgement, comment=payload.comment
        )
    except PermissionDenied:
        return _forbidden()
    return {
        "id": mapping.pk,
        "competence": mapping.competence.code,
        "indicator": mapping.indicator.code if mapping.indicator else None,
        "judgement": mapping.judgement,
        "comment": mapping.comment,
    }


# Assessment ---------------------------------------------------------------------------------


@router.get(
    "/requests/{public_id}/judgements",
    response={200: list[JudgementOut], 404: ErrorOut},
    summary="The assessors' judgements per step and competence",
)
def list_judgements(request: HttpRequest, public_id: str):
    rec = _visible(request, public_id)
    return [
        {
            "id": j.pk,
            "step": j.step_key,
            "competence": j.competence.code,
            "value": j.value,
            "criteria": {str(k): str(v) for k, v in (j.criteria or {}).items()},
            "comment": j.comment,
            "assessor": j.assessor.full_name if j.assessor else None,
            "recorded_at": j.recorded_at,
        }
        for j in queries.judgements_of(request.auth, rec)
    ]


@router.post(
    "/requests/{public_id}/steps/{step_key}/judgements",
    response={201: list[JudgementOut], 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record judgements per competence in a step (assessor)",
)
def record_judgements(
    request: HttpRequest, public_id: str, step_key: StepKey, payload: JudgementsIn
):
    rec = _visible(request, public_id)
    try:
        created = services.record_judgements(
            request.auth,
            rec,
            step_key,
            judgements=[j.dict() for j in payload.judgements],
            minutes_spent=payload.minutes_spent,
        )
    except PermissionDenied:
        return _forbidden()
    return Status(
        201,
        [
            {
                "id": j.pk,
                "step": j.step_key,
                "competence": j.competence.code,
                "value": j.value,
                "criteria": j.criteria,
                "comment": j.comment,
                "assessor": request.auth.full_name,
                "recorded_at": j.recorded_at,
            }
            for j in created
        ],
    )


@router.post(
    "/requests/{public_id}/steps/{step_key}/hand-in",
    response=ACTION_RESPONSES,
    summary="Say your part of a step is done (learner)",
)
def hand_in_step(request: HttpRequest, public_id: str, step_key: StepKey):
    return _act(request, public_id, lambda actor, r: services.hand_in_step(actor, r, step_key))


@router.post(
    "/requests/{public_id}/steps/{step_key}/complete",
    response=ACTION_RESPONSES,
    summary="Complete a step by its pass rule; the next needed step starts (assessor)",
)
def complete_step(request: HttpRequest, public_id: str, step_key: StepKey, payload: CompleteStepIn):
    return _act(
        request,
        public_id,
        lambda actor, r: services.complete_step(
            actor,
            r,
            step_key,
            passed=payload.passed,
            minutes_spent=payload.minutes_spent,
            note=payload.note,
        ),
    )


# Decisions ------------------------------------------------------------------------------------


@router.get(
    "/requests/{public_id}/proposed-outcomes",
    response={200: list[ProposedOut], 403: ErrorOut, 404: ErrorOut},
    summary="What the definition proposes per module from the step results (the decider)",
)
def proposed_outcomes(request: HttpRequest, public_id: str):
    rec = _visible(request, public_id)
    if not policy.can(request.auth, rules.DECIDE_REQUEST, rec):
        return _forbidden()
    log_access(request.auth, [rec.learner_id], "recognition.api.proposed_outcomes")
    return [
        {
            "module_id": p.module.pk,
            "module": p.module.code,
            "outcome": p.outcome,
            "hours_exempted": p.hours_exempted,
            "credits_exempted": p.credits_exempted,
            "internship_weeks_reduced": p.internship_weeks_reduced,
            "reason": p.reason,
        }
        for p in services.proposed_outcomes(rec)
    ]


@router.post(
    "/requests/{public_id}/decisions",
    response=ACTION_RESPONSES,
    summary="Decide per module (the procedure's deciding role; not communicated yet)",
)
def decide(request: HttpRequest, public_id: str, payload: DecisionsIn):
    return _act(
        request,
        public_id,
        services.decide,
        decisions=[d.dict() for d in payload.decisions],
        valid_from=payload.valid_from,
    )


@router.post(
    "/requests/{public_id}/communicate",
    response=ACTION_RESPONSES,
    summary="Communicate the decisions (they become immutable)",
)
def communicate(request: HttpRequest, public_id: str):
    return _act(request, public_id, services.communicate)


@router.post(
    "/decisions/{decision_id}/supersede",
    response={201: DecisionOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Correct a communicated decision with a new one that supersedes it",
)
def supersede(request: HttpRequest, decision_id: int, payload: SupersedeIn):
    decision = Decision.objects.select_related("request", "module").filter(pk=decision_id).first()
    if decision is None or decision.request is None:
        raise LearnerNotAccessible
    queries.request_detail(request.auth, decision.request.public_id, log=False)
    try:
        new = services.supersede(request.auth, decision, **payload.dict())
    except PermissionDenied:
        return _forbidden()
    from django.utils import timezone

    return Status(201, _decision_out(new, timezone.localdate()))
