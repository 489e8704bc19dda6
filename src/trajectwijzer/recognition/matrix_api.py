"""API for exemption proposals and the exemption matrix, mounted at
/api/v1/recognition/exemptions/ (bearer token or the browser session).

- ``GET proposals``: the caller's own proposals; ``GET learners/{id}/proposals``: a
  learner's, for the learner and their coach (read through ``accounts.access``,
  logged; anyone else gets the one 404 body);
- ``POST proposals/{rule_code}/request``: a proposal turned into an EVK request;
- ``GET rules``: the rules of the providers the caller maintains, in the import format;
  ``POST rules``: import them (all or nothing, 400 with row, field and message).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field, StringConstraints

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import CleanText, ErrorOut

from . import matrix, proposals, rules

router = Router(tags=["recognition"], auth=[ApiTokenAuth(), django_auth])

MAX_RULES = 1000


def _text(limit: int):
    return Annotated[CleanText, StringConstraints(max_length=limit)]


class SourceOut(Schema):
    kind: str
    label: str
    dated_on: dt.date
    ids: list[int]


class ProposalOut(Schema):
    rule: str
    rule_kind: str
    grant: str
    hours: int | None
    automatic: bool
    valid_until: dt.date | None
    provider: str
    provider_name: str
    programme: str
    programme_title: str
    module: str
    module_title: str
    module_hours: int | None
    source: SourceOut
    open_request: str | None
    note: str


class RequestStartedOut(Schema):
    public_id: str
    status: str
    procedure: str


class RuleIn(Schema):
    """One exemption rule in the import format (see docs/recognition.md)."""

    code: _text(80)
    source_kind: _text(20)
    source_qualification: _text(50) = ""
    source_module: _text(500) = ""
    source_credential_type: _text(100) = ""
    source_competences: _text(2000) = ""
    target_module: _text(500)
    grant: _text(10)
    hours: int | None = None
    valid_from: _text(10)
    valid_until: _text(10) = ""
    automatic: bool = False
    note: _text(5000) = ""
    maintained_by: _text(200)


class RulesIn(Schema):
    rules: list[RuleIn] = Field(max_length=MAX_RULES)
    dry_run: bool = False


class RuleOut(Schema):
    code: str
    source_kind: str
    source_qualification: str
    source_module: str
    source_credential_type: str
    source_competences: str
    target_module: str
    grant: str
    hours: int | None
    valid_from: str
    valid_until: str
    automatic: bool
    note: str
    maintained_by: str


class RowErrorOut(Schema):
    """A refused row of the import (``row``), or a field of the request body itself (the
    shared error shape: no ``row``)."""

    row: int | None = None
    field: str | None
    message: str


class ImportOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    written: bool


class ImportErrorOut(Schema):
    detail: str
    errors: list[RowErrorOut]


def _proposals(learner) -> list[dict[str, Any]]:
    return [p.as_json() for p in proposals.proposals_for(learner)]


@router.get("/proposals", response=list[ProposalOut], summary="My exemption proposals")
def my_proposals(request: HttpRequest):
    learner = access_learner(request.user, request.user.pk, rules.VIEW_PROPOSALS)
    return _proposals(learner)


@router.get(
    "/learners/{learner_id}/proposals",
    response={200: list[ProposalOut], 404: ErrorOut},
    summary="A learner's exemption proposals (the learner, their coach)",
)
def learner_proposals(request: HttpRequest, learner_id: int):
    learner = access_learner(request.user, learner_id, rules.VIEW_PROPOSALS)
    return _proposals(learner)


@router.post(
    "/proposals/{rule_code}/request",
    response={201: RequestStartedOut, 400: ErrorOut, 404: ErrorOut},
    summary="Turn a proposal into an EVK request (the source attached as evidence)",
)
def request_from_proposal(
    request: HttpRequest, rule_code: _text(80), learner_id: int | None = None
):
    learner = access_learner(
        request.user, learner_id or request.user.pk, rules.START_REQUEST, log=False
    )
    started = proposals.request_from_proposal(request.user, learner, rule_code)
    return Status(
        201,
        {
            "public_id": str(started.public_id),
            "status": started.status,
            "procedure": started.procedure_version.procedure,
        },
    )


FORBIDDEN = {"detail": "You do not maintain the exemption rules of any provider."}


def _may_maintain_some(user) -> bool:
    return policy.can(user, rules.MANAGE_EXEMPTION_RULES, None)


@router.get(
    "/rules",
    response={200: list[RuleOut], 403: ErrorOut},
    summary="The exemption rules of the providers you maintain (the import format)",
)
def export_rules(request: HttpRequest):
    if not _may_maintain_some(request.user):
        return Status(403, FORBIDDEN)
    return matrix.export_records(matrix.maintained_by_viewer(request.user))


@router.post(
    "/rules",
    response={200: ImportOut, 400: ImportErrorOut, 403: ErrorOut},
    summary="Create or update exemption rules by code: all or nothing",
)
def import_rules(request: HttpRequest, payload: RulesIn):
    if not _may_maintain_some(request.user):
        return Status(403, FORBIDDEN)
    records = [(row, rule.dict()) for row, rule in enumerate(payload.rules, start=1)]
    result = matrix.import_rules(records, actor=request.user, dry_run=payload.dry_run)
    if result.errors:
        return Status(
            400,
            {
                "detail": f"{result.failed_rows} of {len(records)} rules have errors; "
                "nothing was imported.",
                "errors": [error.as_json() for error in result.errors],
            },
        )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "written": result.written,
    }
