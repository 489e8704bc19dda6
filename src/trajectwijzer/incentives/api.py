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


def _inline_definitions(node: Any, definitions: dict[str, Any]) -> Any:
    """``node`` with every ``{"$ref": "#/$defs/X"}`` replaced by the definition itself."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            return _inline_definitions(definitions[ref.removeprefix("#/$defs/")], definitions)
        return {key: _inline_definitions(value, definitions) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_definitions(value, definitions) for value in node]
    return node


def situation_body_schema() -> dict[str, Any]:
    """The contract's JSON Schema made self-contained for the OpenAPI document: its
    ``$defs`` inlined and its ``$id`` and ``$schema`` left out (inside an OpenAPI
    document, a ``$ref`` would otherwise resolve against the contract's own ``$id``,
    which a client cannot fetch)."""
    schema = dict(json_schema())
    definitions = schema.pop("$defs", {})
    schema.pop("$id", None)
    schema.pop("$schema", None)
    return _inline_definitions(schema, definitions)


class SituationFieldErrorOut(Schema):
    field: str
    message: str
    allowed: str


class InvalidSituationOut(Schema):
    detail: str
    errors: list[SituationFieldErrorOut]


class ConditionOut(Schema):
    id: str
    met: bool | None  # true, false or null (unknown)
    text: str


class AmountOut(Schema):
    value: int | float | None
    unit: str


class ReviewOut(Schema):
    checked_on: str  # the day the incentive's sources were last checked (YYYY-MM-DD)
    review_by: str  # the last evaluation date those sources cover (YYYY-MM-DD)
    past_review_by: bool  # the evaluation date lies after review_by: latest known rules


class IncentiveResultOut(Schema):
    id: str
    eligible: Literal["yes", "no", "unknown"]
    conditions: list[ConditionOut]
    # One amount per output of the incentive, and "note": the entitlement in words.
    entitlement: dict[str, AmountOut | str] | None
    how_to_apply: str
    references: list[str]
    review: ReviewOut


class QuestionOptionOut(Schema):
    value: bool | str
    label: str


class NextQuestionOut(Schema):
    field: str
    question: str
    options: list[QuestionOptionOut]


class EvaluationOut(Schema):
    date: str
    results: list[IncentiveResultOut]
    next_question: NextQuestionOut | None
    warnings: list[str]


@router.post(
    "/evaluate",
    response={200: EvaluationOut, 422: InvalidSituationOut},
    summary="Which training incentives apply to a situation",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": situation_body_schema()}},
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
