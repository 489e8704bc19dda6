"""Instruments API, mounted at /api/v1/instruments/.

Definitions are public metadata. Responses are created, continued and submitted by
their respondent (bearer token or the logged-in session). Results follow the same
policy as the pages: a response you may not see is 404, as if it did not exist;
group results need at least five respondents.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.security import django_auth
from pydantic import Field

from trajectwijzer.accounts import policy
from trajectwijzer.accounts.access import access_learner_record
from trajectwijzer.accounts.models import Organisation
from trajectwijzer.api.auth import ApiTokenAuth
from trajectwijzer.api.schemas import CleanText, ErrorOut

from . import queries, rules, services
from .definition import Definition, shipped_definitions
from .models import Response, ResponseStatus

router = Router(tags=["instruments"])
AUTH = [ApiTokenAuth(), django_auth]


# At most this many answers in one request (no instrument has more items).
MAX_ANSWERS = 500


class StartIn(Schema):
    instrument: CleanText
    moment: CleanText = ""


class AnswersIn(Schema):
    answers: dict[CleanText, Any] = Field(
        max_length=MAX_ANSWERS,
        description="Answer per item id: a number, a text or a list of option values; "
        f"at most {MAX_ANSWERS}.",
    )
    section: int | None = None


class TextsOut(Schema):
    nl: str
    fr: str
    en: str


class DimensionMetaOut(Schema):
    id: str
    label: TextsOut
    scoring: str


class DefinitionSummaryOut(Schema):
    id: str
    version: int
    title: TextsOut
    intro: TextsOut
    minutes: int
    audience: str
    sections: int
    items: int
    dimensions: list[DimensionMetaOut]


class OptionOut(Schema):
    value: str | int
    label: TextsOut


class ShowIfOut(Schema):
    item: str
    # "in" is a Python keyword: the attribute is ``values``, the JSON key ``in``.
    values: list[str | int | float | bool] = Field(alias="in")


class ItemOut(Schema):
    id: str
    type: str
    text: TextsOut
    required: bool
    options: list[OptionOut]
    min: float | None
    max: float | None
    show_if: ShowIfOut | None
    origin: str


class SectionOut(Schema):
    id: str
    title: TextsOut
    items: list[ItemOut]


class DefinitionOut(Schema):
    id: str
    version: int
    title: TextsOut
    intro: TextsOut
    minutes: int
    audience: str
    sections: list[SectionOut]
    items: int
    dimensions: list[DimensionMetaOut]
    stored_version: int


class ResponseOut(Schema):
    id: int
    instrument: str
    version: int
    status: str
    section: int
    answers: dict[str, Any]
    started_at: datetime.datetime
    submitted_at: datetime.datetime | None
    scores: dict[str, float | None] | None


class ResultDimensionOut(Schema):
    id: str
    label: str
    score: float | None
    band: str | None


class FeedbackOut(Schema):
    id: str
    text: str
    signal: bool


class ResultOut(Schema):
    id: int
    instrument: str
    version: int
    submitted_at: datetime.datetime | None
    learner: int | None
    dimensions: list[ResultDimensionOut]
    feedback: list[FeedbackOut]


class BinOut(Schema):
    label: str
    count: int
    percent: int


class GroupDimensionOut(Schema):
    id: str
    label: str
    n: int
    mean: float | None
    sd: float | None
    min: float | None
    q1: float | None
    median: float | None
    q3: float | None
    max: float | None
    distribution: list[BinOut]


class GroupResultsOut(Schema):
    instrument: str
    version: int
    group: str
    respondents: int
    dimensions: list[GroupDimensionOut]


def _texts(text) -> dict[str, str]:
    return {"nl": text.nl, "fr": text.fr, "en": text.en}


def _metadata(d: Definition, full: bool = False) -> dict[str, Any]:
    data = {
        "id": d.id,
        "version": d.version,
        "title": _texts(d.title),
        "intro": _texts(d.intro),
        "minutes": d.minutes,
        "audience": d.audience,
        "sections": len(d.sections),
        "items": len(d.items),
        "dimensions": [
            {"id": dim.id, "label": _texts(dim.label), "scoring": dim.method}
            for dim in d.dimensions
        ],
    }
    if full:
        data["sections"] = [
            {
                "id": s.id,
                "title": _texts(s.title),
                "items": [
                    {
                        "id": item_id,
                        "type": d.items[item_id].type,
                        "text": _texts(d.items[item_id].text),
                        "required": d.items[item_id].required,
                        "options": [
                            {"value": o.value, "label": _texts(o.label)}
                            for o in d.items[item_id].options
                        ],
                        "min": d.items[item_id].minimum,
                        "max": d.items[item_id].maximum,
                        "show_if": (
                            {
                                "item": d.items[item_id].show_if.item,
                                "in": list(d.items[item_id].show_if.values),
                            }
                            if d.items[item_id].show_if
                            else None
                        ),
                        "origin": d.items[item_id].origin,
                    }
                    for item_id in s.items
                ],
            }
            for s in d.sections
        ]
    return data


@router.get(
    "/definitions",
    auth=None,
    response=list[DefinitionSummaryOut],
    summary="Shipped instruments (public metadata)",
)
def list_definitions(request: HttpRequest):
    return [_metadata(d) for d in sorted(shipped_definitions().values(), key=lambda d: d.id)]


@router.get(
    "/definitions/{instrument}",
    auth=None,
    response={200: DefinitionOut, 404: ErrorOut},
    summary="One instrument",
)
def get_definition(request: HttpRequest, instrument: CleanText):
    d = shipped_definitions().get(instrument)
    if d is None:
        return Status(404, {"detail": f"No instrument {instrument!r}."})
    version = services.current_version(instrument)
    data = _metadata(d, full=True)
    data["stored_version"] = version.version
    return data


def _response_out(response: Response) -> dict[str, Any]:
    return {
        "id": response.pk,
        "instrument": response.version.instrument,
        "version": response.version.version,
        "status": response.status,
        "section": response.section,
        "answers": response.answers,
        "started_at": response.started_at,
        "submitted_at": response.submitted_at,
        "scores": response.scores,
    }


@router.post("/responses", auth=AUTH, response={201: ResponseOut, 400: ErrorOut, 403: ErrorOut})
def start_response(request: HttpRequest, payload: StartIn):
    """Start a response to an instrument, or continue the unfinished one."""
    if payload.instrument not in shipped_definitions():
        allowed = ", ".join(sorted(shipped_definitions()))
        return Status(
            400,
            {
                "detail": "Invalid input.",
                "errors": [{"field": "instrument", "message": f"unknown; allowed: {allowed}"}],
            },
        )
    try:
        response = services.start_response(request.user, payload.instrument, moment=payload.moment)
    except PermissionDenied:
        return Status(403, {"detail": "Your role does not answer this instrument."})
    return Status(201, _response_out(response))


@router.get("/responses", auth=AUTH, response=list[ResponseOut])
def my_responses(request: HttpRequest):
    return [_response_out(r) for r in queries.responses_of(request.user)]


def _own(request: HttpRequest, pk: int) -> Response:
    response = get_object_or_404(Response.objects.select_related("version"), pk=pk)
    if response.respondent_id != request.user.pk:
        from django.http import Http404

        raise Http404
    return response


@router.get("/responses/{pk}", auth=AUTH, response={200: ResponseOut, 404: ErrorOut})
def get_response(request: HttpRequest, pk: int):
    return _response_out(_own(request, pk))


@router.patch(
    "/responses/{pk}", auth=AUTH, response={200: ResponseOut, 400: ErrorOut, 404: ErrorOut}
)
def save_answers(request: HttpRequest, pk: int, payload: AnswersIn):
    """Save answers (all checked before anything is stored); ``section`` (1-based) limits
    them to one page and moves the resume point past it."""
    response = _own(request, pk)
    d = services.definition_of(response.version)
    section = None
    if payload.section is not None:
        if not 1 <= payload.section <= len(d.sections):
            return Status(
                400,
                {
                    "detail": "Invalid input.",
                    "errors": [
                        {
                            "field": "section",
                            "message": f"a page number from 1 to {len(d.sections)}",
                        }
                    ],
                },
            )
        section = payload.section - 1
    try:
        response = services.save_answers(response, request.user, payload.answers, section=section)
    except services.ResponseError as error:
        return Status(
            400,
            {
                "detail": "Invalid input.",
                "errors": [
                    {"field": f"answers.{k}", "message": v} for k, v in error.errors.items()
                ],
            },
        )
    return _response_out(response)


@router.post(
    "/responses/{pk}/submit", auth=AUTH, response={200: ResultOut, 400: ErrorOut, 404: ErrorOut}
)
def submit_response(request: HttpRequest, pk: int):
    """Score the response; refused (400, naming the missing items) while incomplete."""
    response = _own(request, pk)
    try:
        response = services.submit(response, request.user)
    except services.Incomplete as incomplete:
        return Status(
            400,
            {
                "detail": "The questionnaire is not complete; it is not scored.",
                "errors": [
                    {"field": f"answers.{k}", "message": services.answer_required()}
                    for k in incomplete.missing
                ],
            },
        )
    return _result_out(response)


def _result_out(response: Response) -> dict[str, Any]:
    report = queries.report(response)
    return {
        "id": response.pk,
        "instrument": response.version.instrument,
        "version": response.version.version,
        "submitted_at": response.submitted_at,
        "learner": response.subject_id,
        "dimensions": [
            {"id": d["id"], "label": d["label"], "score": d["score"], "band": d["band"] or None}
            for d in report["dimensions"]
        ],
        "feedback": [
            {"id": f["id"], "text": f["text"], "signal": f["signal"]} for f in report["feedback"]
        ],
    }


@router.get("/results/{pk}", auth=AUTH, response={200: ResultOut, 404: ErrorOut})
def get_result(request: HttpRequest, pk: int):
    response = (
        Response.objects.select_related("version", "subject")
        .filter(pk=pk, status=ResponseStatus.SUBMITTED)  # an unfinished one has no result
        .first()
    )
    access_learner_record(
        request.user,
        response,
        rules.VIEW_INSTRUMENT_RESPONSE,
        learner=response and response.subject_id,
        read="instruments.api_result",
    )
    return _result_out(response)


@router.get(
    "/learners/{learner_id}/results", auth=AUTH, response={200: list[ResultOut], 404: ErrorOut}
)
def learner_results(request: HttpRequest, learner_id: int):
    _learner, responses = queries.results_about(
        request.user, learner_id, read="instruments.api_results"
    )
    return [_result_out(r) for r in responses]


@router.get(
    "/groups/{kind}/{pk}/results",
    auth=AUTH,
    response={200: GroupResultsOut, 400: ErrorOut, 404: ErrorOut},
)
def group_results(
    request: HttpRequest, kind: CleanText, pk: int, instrument: CleanText, moment: CleanText = ""
):
    """Mean, spread and distribution per dimension for a class group (kind=group) or an
    organisation's staff, workplaces or learners (kind=organisation); at least five
    respondents. Only cells (organisation × group × moment) of five or more count, and
    the figures move only once five responses in a cell changed
    (docs/privacy-group-figures.md)."""
    from trajectwijzer.trajectories.models import Group

    if instrument not in shipped_definitions():
        return Status(
            400,
            {"detail": "Invalid input.", "errors": [{"field": "instrument", "message": "unknown"}]},
        )
    version = services.current_version(instrument)
    if kind == "group":
        target = Group.objects.select_related("programme__provider").filter(pk=pk).first()
        rg = target and queries.result_group(version, group=target, moment=moment[:40])
    elif kind == "organisation":
        target = Organisation.objects.filter(pk=pk).first()
        rg = target and queries.result_group(version, organisation=target, moment=moment[:40])
    else:
        return Status(
            400,
            {
                "detail": "Invalid input.",
                "errors": [{"field": "kind", "message": "group or organisation"}],
            },
        )
    if not rg or not policy.can(request.user, rules.VIEW_INSTRUMENT_GROUP_RESULTS, rg):
        return Status(404, {"detail": "Not found (or fewer than five respondents)."})
    results = queries.group_results(rg)
    return {
        "instrument": instrument,
        "version": version.version,
        "group": rg.label,
        "respondents": results["respondents"],
        "dimensions": [
            {
                key: d[key]
                for key in (
                    "id",
                    "label",
                    "n",
                    "mean",
                    "sd",
                    "min",
                    "q1",
                    "median",
                    "q3",
                    "max",
                    "distribution",
                )
            }
            for d in results["dimensions"]
        ],
    }
