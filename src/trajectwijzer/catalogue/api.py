"""Public read API of the catalogue, mounted at /api/v1/catalogue/.

The search takes the same query parameters as the search page and is validated by
the same function (``search.parse_search_params``), so both answer alike.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import translation
from ninja import Router, Schema, Status
from pydantic import Field

from trajectwijzer.accounts import policy
from trajectwijzer.api.schemas import ErrorOut

from . import queries, rules
from .models import Module, Programme, Provider, Qualification
from .search import (
    DEFAULT_PER_PAGE,
    FACETS,
    MAX_PER_PAGE,
    MAX_QUERY_LENGTH,
    InvalidSearchParams,
    Sort,
    parse_search_params,
    search_programmes,
)

router = Router(tags=["catalogue"])


# Schemas --------------------------------------------------------------------------


class ProviderRefOut(Schema):
    slug: str
    name: str
    url: str


class QualificationOut(Schema):
    code: str
    title: str
    vks_level: int
    kind: str
    kind_label: str
    shortage_occupation: bool


class ProgrammeRefOut(Schema):
    id: int
    title: str
    url: str


class ProgrammeSummaryOut(Schema):
    id: int
    url: str
    title: str
    summary: str
    kind: str
    kind_label: str
    is_microdegree: bool
    vks_level: int | None
    study_area: str
    provider: ProviderRefOut
    qualification: QualificationOut | None
    delivery_modes: list[str]
    regions: list[str]
    start_months: list[int]
    duration_months: int | None
    study_credits: float | None
    contact_hours: int | None
    language: str
    leave_recognised_regions: list[str]


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    multiple: bool
    options: list[FacetOptionOut]


class SearchOut(Schema):
    total: int
    page: int
    per_page: int
    num_pages: int
    results: list[ProgrammeSummaryOut]
    facets: list[FacetOut]
    did_you_mean: str | None = Field(
        None,
        description="When the words matched nothing: the query one letter away whose "
        "results these are; null otherwise.",
    )


class CompetenceOut(Schema):
    code: str
    title: str
    framework: str
    esco_uri: str


class ModuleOut(Schema):
    id: int
    code: str
    title: str
    description: str
    study_credits: float | None
    hours: int | None
    term: int | None
    is_workplace_learning: bool
    is_exemptable: bool
    is_elective: bool
    elective_group: str
    learning_outcomes: list[str]
    prerequisites: list[str]  # codes of modules of the same programme
    competences: list[CompetenceOut]


class ProgrammeDetailOut(ProgrammeSummaryOut):
    description: str
    locations: list[str]
    classroom_hours: int | None
    workplace_learning_share: int | None
    price_eur: float | None
    web_page: str
    parent: ProgrammeRefOut | None
    microdegrees: list[ProgrammeRefOut]
    # The learning ladder (leerladder): where a graduate goes on, and where one comes from.
    next_step: ProgrammeRefOut | None
    previous_steps: list[ProgrammeRefOut]
    modules: list[ModuleOut]


class ProviderOut(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    description: str
    city: str
    region: str
    website: str
    url: str
    programme_count: int
    page: int
    num_pages: int
    programmes: list[ProgrammeSummaryOut]


# Serialisation ----------------------------------------------------------------------


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _qualification(qualification: Qualification | None) -> dict[str, Any] | None:
    if qualification is None:
        return None
    return {
        "code": qualification.code,
        "title": qualification.display_title,
        "vks_level": qualification.vks_level,
        "kind": qualification.kind,
        "kind_label": str(qualification.get_kind_display()),
        "shortage_occupation": qualification.shortage_occupation,
    }


def _programme_ref(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "title": programme.display_title,
        "url": programme.get_absolute_url(),
    }


def _programme_summary(programme: Programme) -> dict[str, Any]:
    provider = programme.provider
    return {
        **_programme_ref(programme),
        "summary": programme.localized("summary"),
        "kind": programme.kind,
        "kind_label": str(programme.get_kind_display()),
        "is_microdegree": programme.is_microdegree,
        "vks_level": programme.vks_level,
        "study_area": programme.study_area,
        "provider": {
            "slug": provider.slug,
            "name": provider.localized("name"),
            "url": provider.get_absolute_url(),
        },
        "qualification": _qualification(programme.qualification),
        "delivery_modes": list(programme.delivery_modes or []),
        "regions": list(programme.regions or []),
        "start_months": list(programme.start_months or []),
        "duration_months": programme.duration_months,
        "study_credits": _number(programme.study_credits),
        "contact_hours": programme.contact_hours,
        "language": programme.language,
        "leave_recognised_regions": list(programme.leave_recognised_regions or []),
    }


def _module(module: Module) -> dict[str, Any]:
    return {
        "id": module.pk,
        "code": module.code,
        "title": module.display_title,
        "description": module.localized("description"),
        "study_credits": _number(module.study_credits),
        "hours": module.hours,
        "term": module.term,
        "is_workplace_learning": module.is_workplace_learning,
        "is_exemptable": module.is_exemptable,
        "is_elective": module.is_elective,
        "elective_group": module.elective_group,
        "learning_outcomes": module.learning_outcome_list,
        "prerequisites": [required.code for required in module.prerequisites.all()],
        "competences": [
            {
                "code": competence.code,
                "title": competence.display_title,
                "framework": competence.framework.code,
                "esco_uri": competence.esco_uri,
            }
            for competence in module.competences.all()
        ],
    }


def _require_catalogue_access(request: HttpRequest) -> None:
    if not policy.can(request.user, rules.VIEW_CATALOGUE):
        raise PermissionDenied(rules.VIEW_CATALOGUE)


# Endpoints ---------------------------------------------------------------------------


def _search_parameters_documentation() -> list[dict[str, Any]]:
    """OpenAPI descriptions of the query parameters, derived from the facet list."""

    def parameter(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
        return {"in": "query", "name": name, "required": False, "schema": schema,
                "description": description}  # fmt: skip

    documented = [
        parameter("q", {"type": "string", "maxLength": MAX_QUERY_LENGTH},
                  "Words to search for (Dutch, French or English); each word matches as a prefix "
                  "or through its stem, synonyms and the kind, delivery or region it names."),
    ]  # fmt: skip
    for facet in FACETS:
        item: dict[str, Any] = {"type": "string"}
        if facet.choices is not None:
            item["enum"] = facet.allowed_values()
        schema = {"type": "array", "items": item} if facet.multiple else item
        repeat = " Repeat the parameter for several values (any of them)." if facet.multiple else ""
        documented.append(parameter(facet.name, schema, f"Facet: {facet.label}.{repeat}"))
    documented += [
        parameter("credits_min", {"type": "number", "minimum": 0}, "Minimum study credits."),
        parameter("credits_max", {"type": "number", "minimum": 0}, "Maximum study credits."),
        parameter("sort", {"type": "string", "enum": list(Sort.LABELS)}, "Order of the results."),
        parameter("page", {"type": "integer", "minimum": 1}, "Page number, from 1."),
        parameter("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                               "default": DEFAULT_PER_PAGE}, "Results per page."),
    ]  # fmt: skip
    return documented


with translation.override(None):  # the API description is written in the English source
    SEARCH_PARAMETERS_DOCUMENTATION = _search_parameters_documentation()


@router.get(
    "/programmes",
    response={200: SearchOut, 400: ErrorOut},
    summary="Search published programmes with facet counts",
    openapi_extra={"parameters": SEARCH_PARAMETERS_DOCUMENTATION},
)
def search(request: HttpRequest):
    _require_catalogue_access(request)
    try:
        params = parse_search_params(request.GET)
    except InvalidSearchParams as error:
        errors = [{"field": e.field, "message": str(e.message)} for e in error.errors]
        return Status(400, {"detail": str(error), "errors": errors})
    result = search_programmes(params)
    return {
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "num_pages": result.num_pages,
        "results": [_programme_summary(p) for p in result.programmes],
        "did_you_mean": result.did_you_mean,
        "facets": [
            {
                "name": facet.name,
                "label": facet.label,
                "multiple": facet.multiple,
                "options": [option.__dict__ for option in facet.options],
            }
            for facet in result.facets
        ],
    }


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 404: ErrorOut},
    summary="A published programme with its modules and competences",
)
def programme_detail(request: HttpRequest, programme_id: int):
    _require_catalogue_access(request)
    try:
        programme = queries.get_programme(programme_id)
    except Http404:
        return Status(404, {"detail": "No published programme with this id."})
    parent = queries.visible_parent(programme)
    next_step = queries.visible_next_step(programme)
    return {
        **_programme_summary(programme),
        "description": programme.localized("description"),
        "locations": list(programme.locations or []),
        "classroom_hours": programme.classroom_hours,
        "workplace_learning_share": programme.workplace_learning_share,
        "price_eur": _number(programme.price_eur),
        "web_page": programme.url,
        "parent": _programme_ref(parent) if parent else None,
        "microdegrees": [_programme_ref(child) for child in programme.published_children],
        "next_step": _programme_ref(next_step) if next_step else None,
        "previous_steps": [_programme_ref(step) for step in programme.published_previous_steps],
        "modules": [_module(module) for module in programme.modules.all()],
    }


@router.get(
    "/providers/{slug}",
    response={200: ProviderOut, 404: ErrorOut},
    summary="A provider with a page of its published programmes",
)
def provider_detail(request: HttpRequest, slug: str, page: int = 1):
    _require_catalogue_access(request)
    try:
        provider: Provider = queries.get_provider(slug)
    except Http404:
        return Status(404, {"detail": "No provider with this slug."})
    programmes = queries.provider_programmes(provider, page)
    return {
        "slug": provider.slug,
        "name": provider.localized("name"),
        "kind": provider.kind,
        "kind_label": str(provider.get_kind_display()),
        "description": provider.localized("description"),
        "city": provider.city,
        "region": provider.region,
        "website": provider.website,
        "url": provider.get_absolute_url(),
        "programme_count": programmes.paginator.count,
        "page": programmes.number,
        "num_pages": programmes.paginator.num_pages,
        "programmes": [_programme_summary(p) for p in programmes.object_list],
    }
