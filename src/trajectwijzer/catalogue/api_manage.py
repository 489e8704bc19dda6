"""API writes for the catalogue, mounted at /api/v1/catalogue/manage/ (bearer token).

A PUT takes the same record as one element of a JSON import file and goes through
the same service, so the API accepts and refuses exactly what the import does.
Fields left out of the body keep their stored value (see docs/catalogue-import.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from trajectwijzer.accounts import policy
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import CleanText

from . import rules, services
from .forms import MAX_MODULES
from .models import Programme

router = Router(tags=["catalogue: manage"], auth=ApiTokenAuth())


class ManageFieldErrorOut(Schema):
    field: str | None
    message: str


class ManageErrorOut(Schema):
    detail: str
    errors: list[ManageFieldErrorOut] = []


# The most one programme may carry in a request; over it is a 400 naming the field
# (docs/catalogue-import.md).
MAX_MODULE_COMPETENCES = 200
MAX_MODULE_PREREQUISITES = 100
MAX_LOCATIONS = 100
MAX_KEYWORDS = 50
MAX_CHOICE_VALUES = 20
MAX_START_MONTHS = 12


class ModuleWriteIn(Schema):
    code: CleanText
    title: CleanText | None = None
    title_fr: CleanText | None = None
    title_en: CleanText | None = None
    description: CleanText | None = None
    study_credits: Decimal | None = None
    hours: int | None = None
    term: int | None = None
    learning_outcomes: CleanText | None = None
    is_workplace_learning: bool | None = None
    is_exemptable: bool | None = None
    is_elective: bool | None = None
    elective_group: CleanText | None = None
    position: int | None = None
    competences: list[CleanText] | None = Field(
        None, max_length=MAX_MODULE_COMPETENCES, description=f"At most {MAX_MODULE_COMPETENCES}."
    )
    prerequisites: list[CleanText] | None = Field(
        None,
        max_length=MAX_MODULE_PREREQUISITES,
        description=f"At most {MAX_MODULE_PREREQUISITES}.",
    )


class ProgrammeWriteIn(Schema):
    provider: CleanText
    parent: CleanText | None = None
    next_step: CleanText | None = None
    qualification: CleanText | None = None
    framework: CleanText | None = None
    title: CleanText | None = None
    title_fr: CleanText | None = None
    title_en: CleanText | None = None
    summary: CleanText | None = None
    summary_fr: CleanText | None = None
    summary_en: CleanText | None = None
    description: CleanText | None = None
    kind: CleanText | None = None
    vks_level: int | None = None
    study_area: CleanText | None = None
    delivery_modes: list[CleanText] | None = Field(
        None, max_length=MAX_CHOICE_VALUES, description=f"At most {MAX_CHOICE_VALUES}."
    )
    locations: list[CleanText] | None = Field(
        None, max_length=MAX_LOCATIONS, description=f"At most {MAX_LOCATIONS}."
    )
    keywords: list[CleanText] | None = Field(
        None,
        max_length=MAX_KEYWORDS,
        description=f"The provider's own search words; at most {MAX_KEYWORDS}.",
    )
    regions: list[CleanText] | None = Field(
        None, max_length=MAX_CHOICE_VALUES, description=f"At most {MAX_CHOICE_VALUES}."
    )
    start_months: list[int] | None = Field(
        None, max_length=MAX_START_MONTHS, description=f"At most {MAX_START_MONTHS}."
    )
    duration_months: int | None = None
    study_credits: Decimal | None = None
    contact_hours: int | None = None
    classroom_hours: int | None = None
    workplace_learning_share: int | None = None
    language: CleanText | None = None
    price_eur: Decimal | None = None
    leave_recognised_regions: list[CleanText] | None = Field(
        None, max_length=MAX_CHOICE_VALUES, description=f"At most {MAX_CHOICE_VALUES}."
    )
    url: CleanText | None = None
    is_published: bool | None = None
    modules: list[ModuleWriteIn] | None = Field(
        None, max_length=MAX_MODULES, description=f"At most {MAX_MODULES}."
    )


class ProgrammeWriteOut(Schema):
    id: int
    external_id: str
    result: str  # created, updated or unchanged
    is_published: bool


def _forbidden() -> Status:
    return Status(403, {"detail": "You may not change programmes of this provider."})


@router.put(
    "/programmes/{external_id}",
    response={200: ProgrammeWriteOut, 400: ManageErrorOut, 403: ManageErrorOut},
    summary="Create or update a programme by its external id",
)
def put_programme(request: HttpRequest, external_id: str, payload: ProgrammeWriteIn):
    # Only what the client sent: an absent field keeps its stored value.
    data = payload.model_dump(exclude_unset=True)
    try:
        result = services.upsert_programme(request.auth, external_id, data)
    except PermissionDenied:
        return _forbidden()
    if result.errors:
        errors = [{"field": error.field, "message": error.message} for error in result.errors]
        return Status(400, {"detail": "Invalid input.", "errors": errors})
    programme = Programme.objects.get(external_id=external_id)
    outcome = "created" if result.created else "updated" if result.updated else "unchanged"
    return {
        "id": programme.pk,
        "external_id": programme.external_id,
        "result": outcome,
        "is_published": programme.is_published,
    }


@router.delete(
    "/programmes/{external_id}",
    response={200: ProgrammeWriteOut, 403: ManageErrorOut, 404: ManageErrorOut},
    summary="Unpublish a programme (it stays stored, so imports and links keep working)",
)
def unpublish_programme(request: HttpRequest, external_id: str):
    if "\x00" in external_id:  # no stored id has one, and PostgreSQL refuses it in a query
        raise Http404("No programme with this external id.")
    programme = get_object_or_404(
        Programme.objects.select_related("provider"), external_id=external_id
    )
    if not policy.can(request.auth, rules.CHANGE_PROGRAMME, programme):
        return _forbidden()
    was_published = programme.is_published
    services.set_published(request.auth, programme, False)
    return {
        "id": programme.pk,
        "external_id": programme.external_id,
        "result": "updated" if was_published else "unchanged",
        "is_published": False,
    }
