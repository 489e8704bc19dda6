"""Barometer API, mounted at /api/v1/barometer/ (bearer token).

A learner writes and reads their own entries; their coach (or someone they consented
to, scope "instruments") reads them; staff of a group read its anonymous cohort
pattern (only for groups of at least MIN_GROUP_SIZE learners) and manage its moments.
Denied reads of a learner answer 404, whether the learner exists or not.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema, Status

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import NOT_FOUND, CleanText, ErrorOut
from trajectwijzer.trajectories.models import Group

from . import queries, rules, services
from .models import Entry, Moment

router = Router(tags=["barometer"], auth=ApiTokenAuth())


class BarometerEntryIn(Schema):
    # Any JSON value: the service validates it, so every bad score gets the same message.
    score: int | CleanText | None = None
    note: CleanText | None = ""


class EntryOut(Schema):
    id: int
    score: int
    note: str
    recorded_at: datetime.datetime


class BucketOut(Schema):
    label: str
    learners: int
    shown: bool
    mean: float | None = None
    distribution: list[int] = []


class PatternOut(Schema):
    group: int
    academic_year: str
    learners: int
    min_group_size: int
    available: bool
    moments: list[BucketOut]
    months: list[BucketOut]


class MomentIn(Schema):
    kind: CleanText
    date: CleanText
    label: CleanText = ""


class MomentOut(Schema):
    id: int
    kind: str
    label: str
    date: datetime.date


def _entry(entry: Entry) -> dict:
    return {
        "id": entry.pk,
        "score": entry.score,
        "note": entry.note,
        "recorded_at": entry.recorded_at,
    }


@router.get("/entries", response=list[EntryOut], summary="Your own entries, newest first")
def my_entries(request: HttpRequest):
    return [_entry(e) for e in Entry.objects.filter(learner=request.auth)]


@router.post(
    "/entries",
    response={201: EntryOut, 400: ErrorOut, 403: ErrorOut},
    summary="Record your motivation (score 1–5, optional note)",
)
def record_entry(request: HttpRequest, payload: BarometerEntryIn):
    try:
        entry = services.record_entry(request.auth, payload.score, payload.note)
    except PermissionDenied:
        return Status(403, {"detail": "Only learners record their motivation."})
    return Status(201, _entry(entry))


@router.get(
    "/learners/{learner_id}/entries",
    response={200: list[EntryOut], 404: ErrorOut},
    summary="A learner's entries (their coach, or with the learner's consent)",
)
def learner_entries(request: HttpRequest, learner_id: int):
    learner = access_learner(request.auth, learner_id, rules.VIEW_BAROMETER_ENTRIES)
    return [_entry(e) for e in Entry.objects.filter(learner=learner)]


def _group(request, group_id: int, action: str) -> Group | Status:
    group = Group.objects.select_related("programme__provider").filter(pk=group_id).first()
    if group is None:
        return Status(404, NOT_FOUND)
    if not policy.can(request.auth, action, group):
        return Status(403, {"detail": "You may not see this group's barometer."})
    return group


def _bucket(bucket) -> dict:
    return {
        "label": bucket.label,
        "learners": bucket.count,
        "shown": bucket.shown,
        "mean": bucket.mean,
        "distribution": bucket.distribution,
    }


@router.get(
    "/groups/{group_id}/pattern",
    response={200: PatternOut, 403: ErrorOut, 404: ErrorOut},
    summary="Anonymous cohort pattern (empty for groups under the minimum size)",
)
def group_pattern(request: HttpRequest, group_id: int):
    group = _group(request, group_id, rules.VIEW_BAROMETER_COHORT)
    if isinstance(group, Status):
        return group
    pattern = queries.cohort_pattern(group)
    return {
        "group": group.pk,
        "academic_year": group.academic_year,
        "learners": pattern.size,
        "min_group_size": queries.MIN_GROUP_SIZE,
        "available": pattern.available,
        "moments": [_bucket(b) for b in pattern.moments],
        "months": [_bucket(b) for b in pattern.months],
    }


@router.get(
    "/groups/{group_id}/moments",
    response={200: list[MomentOut], 403: ErrorOut, 404: ErrorOut},
    summary="A group's scheduled moments",
)
def group_moments(request: HttpRequest, group_id: int):
    group = _group(request, group_id, rules.VIEW_BAROMETER_COHORT)
    if isinstance(group, Status):
        return group
    return list(Moment.objects.filter(group=group).order_by("date"))


@router.post(
    "/groups/{group_id}/moments",
    response={201: MomentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Schedule a moment (coaches and provider admins of the group's provider)",
)
def add_moment(request: HttpRequest, group_id: int, payload: MomentIn):
    group = _group(request, group_id, rules.MANAGE_BAROMETER_MOMENTS)
    if isinstance(group, Status):
        return group
    moment = services.add_moment(
        request.auth, group, kind=payload.kind, date=payload.date, label=payload.label
    )
    return Status(201, moment)
