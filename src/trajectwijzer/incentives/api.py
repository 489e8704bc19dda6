"""``POST /api/v1/incentives/evaluate``: the finder as a public JSON endpoint.

The body is the input contract. It is validated here by the same function as the CLI
(``contract.validate_situation``) rather than by a ninja schema, because the issue asks
for 422 with field errors and the project's global handler turns ninja's own schema
errors into 400.
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from trajectwijzer.api.parser import read_json_body

from .contract import json_schema
from .services import SituationInvalid, evaluate
from .texts import DEFAULT_LANGUAGE

router = Router(tags=["incentives"])


class FieldErrorOut(Schema):
    field: str
    message: str
    allowed: str


class InvalidSituationOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


@router.post(
    "/evaluate",
    response={200: dict[str, Any], 422: InvalidSituationOut},
    summary="Which training incentives apply to a situation",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": json_schema()}},
        }
    },
)
def evaluate_situation(request: HttpRequest, lang: Literal["nl", "fr", "en"] = DEFAULT_LANGUAGE):
    """Every incentive with its conditions met, not met or unknown, the entitlement, how to
    apply and the official references; ``next_question`` is the answer that would settle
    the most undecided incentives. Public: no login needed."""
    try:
        # The API's guarded parser: size, depth and text limits as for every other body.
        body = read_json_body(request)
    except ValueError:  # not JSON at all (UnsafeInput is not caught: it answers 400/413)
        body = None
    try:
        return evaluate(body, lang)
    except SituationInvalid as invalid:
        return Status(422, {"detail": "Invalid situation.", "errors": invalid.errors})
