"""API of competence assessments, mounted at /api/v1/competences/.

Reads and writes follow the same policy as the pages: the learner, a linked coach, a
mentor (workplace competences only), a teacher (their own scores; all with consent),
employer HR and referrers with consent. Writes go through ``services.record_assessments``
(all or nothing) in the role the caller is linked in. A learner the caller may not
see answers 404; a caller who sees but may not assess gets 403; bad input 400 with
the field named. Authentication: a bearer token or the browser session.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner, log_access
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import NOT_FOUND, CleanText, ErrorOut
from trajectwijzer.trajectories.models import Group

from . import queries, rules, services

router = Router(tags=["competences"], auth=[ApiTokenAuth(), django_auth])


class AssessmentOut(Schema):
    id: int
    indicator_id: int
    indicator_code: str
    competence_code: str
    role: str
    level: int  # rank on the framework's scale
    level_title: str
    step: int  # position on the scale, 1 = lowest
    scale_size: int
    observed_on: datetime.date
    comment: str
    evidence_url: str
    has_evidence_file: bool
    assessor: str | None


class AssessmentsOut(Schema):
    learner_id: int
    programme_id: int
    workplace_only: bool
    own_only: bool
    assessments: list[AssessmentOut]


# At most this many scores in one request (a framework has far fewer indicators).
MAX_ASSESSMENT_ENTRIES = 500


class AssessmentEntryIn(Schema):
    indicator_id: int | CleanText
    level: int | CleanText
    comment: CleanText = ""
    evidence_url: CleanText = ""


class RecordIn(Schema):
    role: CleanText
    observed_on: datetime.date | None = None
    entries: list[AssessmentEntryIn] = Field(
        max_length=MAX_ASSESSMENT_ENTRIES,
        description=f"One score per indicator, at most {MAX_ASSESSMENT_ENTRIES}.",
    )


class RecordedOut(Schema):
    ids: list[int]


class LearnerCoverageOut(Schema):
    learner_id: int
    name: str
    observed: int
    total: int
    unobserved_competences: int
    disagreement_indicator_codes: list[str]


class GroupCoverageOut(Schema):
    group_id: int
    hidden_learners: int
    learners: list[LearnerCoverageOut]


def _not_found() -> Status:
    return Status(404, NOT_FOUND)


def _visible(request: HttpRequest, learner_id: int, *, reading: bool):
    """The learner and what the caller sees of their assessments (else 404, through
    accounts.access); the read is logged unless ``reading`` is off (a write)."""
    learner = access_learner(request.auth, learner_id, rules.VIEW_ASSESSMENTS, log=reading)
    return learner, rules.assessment_visibility(request.auth, learner)


@router.get(
    "/learners/{learner_id}/assessments",
    response={200: AssessmentsOut, 404: ErrorOut},
    summary="A learner's assessments as the caller may see them (history, or latest only)",
)
def list_assessments(request: HttpRequest, learner_id: int, latest: bool = False):
    learner, visibility = _visible(request, learner_id, reading=True)
    overview = queries.learner_overview(request.auth, learner, visibility)
    if overview is None:
        return _not_found()
    structure = overview.structure
    rows = []
    for block in overview.blocks:
        for row in block.rows:
            chosen = row.latest.values() if latest else row.history
            for a in chosen:
                rows.append(
                    {
                        "id": a.pk,
                        "indicator_id": a.indicator_id,
                        "indicator_code": row.indicator.code,
                        "competence_code": block.competence.code,
                        "role": a.role,
                        "level": a.level_obj.rank,
                        "level_title": a.level_obj.display_title,
                        "step": a.step,
                        "scale_size": structure.scale_size,
                        "observed_on": a.observed_on,
                        "comment": a.comment,
                        "evidence_url": a.evidence_url,
                        "has_evidence_file": bool(a.evidence_file),
                        "assessor": a.assessor.full_name if a.assessor else None,
                    }
                )
    rows.sort(key=lambda r: (r["observed_on"], r["id"]))
    return {
        "learner_id": learner.pk,
        "programme_id": overview.enrolment.programme_id,
        "workplace_only": visibility.workplace_only,
        "own_only": visibility.own_only,
        "assessments": rows,
    }


@router.post(
    "/learners/{learner_id}/assessments",
    response={201: RecordedOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record scores for one or more indicators (all or nothing)",
)
def record(request: HttpRequest, learner_id: int, payload: RecordIn):
    learner, _visibility = _visible(request, learner_id, reading=False)
    entries = [
        services.Entry(
            indicator_id=entry.indicator_id,
            level=entry.level,
            comment=entry.comment,
            evidence_url=entry.evidence_url,
            field_prefix=f"entries[{index}].",
        )
        for index, entry in enumerate(payload.entries)
    ]
    try:
        records = services.record_assessments(
            request.auth, learner, payload.role, entries, observed_on=payload.observed_on
        )
    except PermissionDenied:
        return Status(403, {"detail": "You may not assess this learner."})
    except services.AssessmentInputError as error:
        errors = [{"field": e.field, "message": e.message} for e in error.errors]
        return Status(400, {"detail": "Invalid input; nothing was stored.", "errors": errors})
    return Status(201, {"ids": [record.pk for record in records]})


@router.get(
    "/groups/{group_id}/coverage",
    response={200: GroupCoverageOut, 403: ErrorOut},
    summary="Coverage and disagreement per learner of a group (coaches)",
)
def group_coverage(request: HttpRequest, group_id: int):
    group = get_object_or_404(Group.objects.select_related("programme__provider"), pk=group_id)
    if not policy.can(request.auth, rules.VIEW_GROUP_COMPETENCES, group):
        return Status(403, {"detail": "You may not see this group's competences."})
    overview = queries.group_overview(request.auth, group)
    log_access(request.auth, [s.learner for s in overview.learners], rules.VIEW_GROUP_COMPETENCES)
    return {
        "group_id": group.pk,
        "hidden_learners": overview.hidden_learners,
        "learners": [
            {
                "learner_id": s.learner.pk,
                "name": s.learner.full_name,
                "observed": s.observed,
                "total": s.total,
                "unobserved_competences": s.unobserved_competences,
                "disagreement_indicator_codes": s.disagreement_codes,
            }
            for s in overview.learners
        ],
    }
